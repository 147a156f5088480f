// mode: migrate in the action: scan the workspace, mask what was found, then annotations, outputs, the report,
// the SARIF file and the job summary; fail at or above fail-on. Loaded with a dynamic import, so mint never pays.
import { tmpdir } from 'node:os';
import { relative } from 'node:path';
import { ActionError } from '../../errors.js';
import type { Deps } from '../../runner.js';
import { actionUses } from './mint-step.js';
import { readMigrateOptions } from './options.js';
import { buildReport, writeOutput } from './report.js';
import { SEVERITY_RANK, type Finding } from './rules.js';
import { toSarif } from './sarif.js';
import { scan } from './scan.js';
import { migrateSummary } from './summary.js';
import { VERSION, findingLine, totals } from './text.js';

/** Annotations per run: GitHub shows only the first few per step anyway; the summary and SARIF have them all. */
export const MAX_ANNOTATIONS = 50;

export async function runMigrate({ core, env, clock }: Required<Deps>): Promise<void> {
  const options = readMigrateOptions(core.getInput, env);
  const started = clock.now();
  const result = scan({ root: options.path, base: options.base, ignore: options.ignore, uses: actionUses(env) });
  // The secrets found are masked before anything about them is printed, for this step and every later one.
  for (const secret of result.secrets) core.setSecret(secret);

  const report = buildReport(result, relative(options.base, options.path) || '.', clock.now());
  const directory = env.RUNNER_TEMP || tmpdir();
  core.setOutput('findings', String(result.findings.length));
  core.setOutput('report', writeOutput(directory, 'json', report));
  core.setOutput('sarif', writeOutput(directory, 'sarif', toSarif(result.findings, VERSION)));

  result.findings.forEach((finding: Finding, n: number) => {
    core.info(findingLine(finding));
    if (n < MAX_ANNOTATIONS) {
      core[finding.severity](`${finding.message} Fix: ${finding.fix}`, { title: finding.rule, file: finding.file, startLine: finding.line, startColumn: finding.column });
    }
  });
  if (result.findings.length > MAX_ANNOTATIONS) core.info(`${result.findings.length - MAX_ANNOTATIONS} more findings are not annotated; the job summary, the report and the SARIF file have them all.`);
  core.info(totals(report, clock.now() - started));
  await core.summary.addRaw(migrateSummary(report)).write();

  const failing = result.findings.filter((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[options.failOn]);
  if (failing.length > 0) {
    throw new ActionError(`${failing.length} findings at or above fail-on \`${options.failOn}\`: pipelines still use the legacy credential or hard-coded keys (see the annotations and the job summary).`);
  }
}
