// `npx github:acme/functions-access-key migrate [path]`: the same scan as the action, for a laptop. Findings one
// per line, a short summary and how to fix each rule that fired; `--format json|sarif` for tools. Exit codes:
// 0 nothing at or above --fail-on, 1 findings at or above it, 2 a usage error (or, from src/cli.ts, any other error).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describe } from '../../errors.js';
import { fixFindings } from './fix/index.js';
import { DEFAULT_ACTION } from './mint-step.js';
import { FAIL_ON, isInside } from './options.js';
import { buildReport, fixReport } from './report.js';
import { RULES, RULE_IDS, SEVERITY_RANK, type FailOn } from './rules.js';
import { toSarif } from './sarif.js';
import { scan } from './scan.js';
import { VERSION, findingLine, totals } from './text.js';

export interface CliIo {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  now?: () => number;
}

export const USAGE = `Usage: functions-access-key migrate [path] [options]

Finds every use of the legacy DigitalOcean Functions credential (stopped authenticating after 3 June 2026)
and every hard-coded key under path (default: the current directory).

Options:
  --format <text|json|sarif>               output format (default: text)
  --fail-on <error|warning|notice|never>   exit 1 when a finding is at or above this (default: error)
  --ignore <glob>                          leave out matching paths (repeatable), e.g. --ignore 'docs/**'
  --fix                                    rewrite the workflows' legacy connects in place (mint steps)
  -h, --help                               show this help
  -v, --version                            show the version

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 bad usage or an error.`;

class UsageError extends Error {}

function parse(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      ignore: { type: 'string', multiple: true, default: [] },
      fix: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  const choice = <T extends string>(name: string, value: string, choices: readonly T[]): T => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new UsageError(`--${name}: \`${value}\` is not one of ${choices.join(', ')}`);
  };
  return {
    ...values,
    positionals,
    format: choice('format', values.format, ['text', 'json', 'sarif'] as const),
    failOn: choice<FailOn>('fail-on', values['fail-on'], FAIL_ON),
  };
}

export async function runCli(args: string[], io: CliIo): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(args);
    if (options.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (options.version) {
      io.out(`functions-access-key ${VERSION}\n`);
      return 0;
    }
    const [command, path, ...extra] = options.positionals;
    if (command !== 'migrate') throw new UsageError(command === undefined ? 'no command given' : `unknown command \`${command}\``);
    if (extra.length > 0) throw new UsageError(`one path at most (got ${extra.length + 1})`);
    if (!existsSync(resolve(io.cwd, path ?? '.'))) throw new UsageError(`\`${path}\` does not exist`);
  } catch (error) {
    io.err(`functions-access-key: ${describe(error)}\n\n${USAGE}\n`);
    return 2;
  }
  const now = io.now ?? Date.now;
  const started = now();
  const root = resolve(io.cwd, options.positionals[1] ?? '.');
  const base = isInside(root, io.cwd) ? io.cwd : root;
  const result = await scan({ root, base, ignore: options.ignore });
  const report = buildReport(result, relative(base, root) || '.', now());
  let left = result.findings.map((finding) => finding.severity);
  if (options.fix) {
    const fix = fixFindings(result.findings, (path) => readFileSync(join(base, path), 'utf8'), DEFAULT_ACTION);
    for (const change of fix.changes) writeFileSync(join(base, change.path), change.after);
    report.fix = fixReport('files', fix);
    left = fix.tasks.map((task) => RULES[task.rule].severity);
    if (options.format === 'text') {
      for (const connect of report.fix.connects) io.out(`${connect.file}:${connect.line} ${connect.fixed ? 'fixed' : 'not fixed'}: ${connect.what}\n`);
      io.out(`Rewrote ${fix.changes.length} files; ${fix.tasks.length} findings left for a person.\n\n`);
    }
  }
  if (options.format === 'json') io.out(`${JSON.stringify(report, null, 2)}\n`);
  else if (options.format === 'sarif') io.out(`${JSON.stringify(toSarif(result.findings, VERSION), null, 2)}\n`);
  else {
    for (const finding of result.findings) io.out(`${findingLine(finding)}\n`);
    if (result.findings.length > 0) io.out('\n');
    io.out(`${totals(report, now() - started)}\n`);
    const fired = RULE_IDS.filter((id) => result.findings.some((finding) => finding.rule === id));
    if (fired.length > 0) io.out(`\nHow to fix:\n${fired.map((id) => `  ${id}: ${RULES[id].fix}`).join('\n')}\n`);
  }
  // With --fix, what it fixed no longer counts: only what it left.
  return left.some((severity) => SEVERITY_RANK[severity] >= SEVERITY_RANK[options.failOn]) ? 1 : 0;
}
