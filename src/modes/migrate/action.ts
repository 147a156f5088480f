// mode: migrate in the action: scan the workspace, mask what was found, then annotations, outputs, the report,
// the SARIF file and the job summary; with `fix`, rewrite the workflows in the workspace or propose them as a pull
// request. Fail at or above fail-on (with a fix: on what it left). Loaded with a dynamic import: mint never pays.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ActionError } from '../../errors.js';
import type { Deps } from '../../runner.js';
import { type FixResult, fixFindings } from './fix/index.js';
import { actionUses } from './mint-step.js';
import { type MigrateOptions, readMigrateOptions } from './options.js';
import { type FixReport, buildReport, fixReport, writeOutput } from './report.js';
import { RULES, SEVERITY_RANK, type Severity } from './rules.js';
import { toSarif } from './sarif.js';
import { type ScanOptions, scan } from './scan.js';
import { fixSummary, migrateSummary } from './summary.js';
import { VERSION, findingLine, totals } from './text.js';

/** Annotations per run: GitHub shows only the first few per step anyway; the summary and SARIF have them all. */
export const MAX_ANNOTATIONS = 50;

/** Opens or updates the pull request; its code and Octokit are loaded only in this mode. */
async function proposeFix(fix: FixResult, options: MigrateOptions, { env, core, clock }: Required<Deps>): Promise<FixReport['pull_request']> {
  const [{ connectGitHub }, { propose }, { pullRequestBody }] = await Promise.all([import('../../api/github.js'), import('./pull-request.js'), import('./pr-body.js')]);
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || !env.GITHUB_SHA) throw new ActionError('fix: pull-request needs GITHUB_REPOSITORY and GITHUB_SHA, which the runner sets: run it in a workflow, or use `fix: files`.');
  const github = connectGitHub({ token: options.githubToken, baseUrl: env.GITHUB_API_URL || 'https://api.github.com', clock, log: (message) => core.info(message) });
  const proposed = await propose(github, {
    owner,
    repo,
    parent: env.GITHUB_SHA,
    base: env.GITHUB_REF?.startsWith('refs/heads/') ? env.GITHUB_REF_NAME : undefined,
    files: fix.changes.map((change) => ({ path: change.path, content: change.after })),
    message: `Move CI off the legacy DigitalOcean Functions credential\n\nMint a short-lived access key per job instead (functions-access-key migrate).\nChanged: ${fix.changes.map((c) => c.path).join(', ')}`,
    body: (base) => pullRequestBody(fix, { repositoryUrl: `${env.GITHUB_SERVER_URL || 'https://github.com'}/${owner}/${repo}`, ref: base }),
  }).finally(() => github.dispose());
  core.info(`Pull request ${proposed.action}: ${proposed.url}`);
  return proposed;
}

/** `reading` is for tests that run this from src/, where the built worker is not beside the code. */
export async function runMigrate(deps: Required<Deps>, reading: Pick<ScanOptions, 'threads' | 'worker'> = {}): Promise<void> {
  const { core, env, clock } = deps;
  const options = readMigrateOptions(core.getInput, env);
  const started = clock.now();
  const uses = actionUses(env);
  const result = await scan({ root: options.path, base: options.base, ignore: options.ignore, uses, ...reading });
  // The secrets found are masked before anything about them is printed, for this step and every later one.
  for (const secret of result.secrets) core.setSecret(secret);

  const report = buildReport(result, relative(options.base, options.path) || '.', clock.now());
  let fix: FixResult | undefined;
  if (options.fix !== 'none') {
    fix = fixFindings(result.findings, (path) => readFileSync(join(options.base, path), 'utf8'), uses);
    let pullRequest: FixReport['pull_request'];
    if (options.fix === 'files') {
      for (const change of fix.changes) writeFileSync(join(options.base, change.path), change.after);
    } else if (fix.changes.length > 0) {
      pullRequest = await proposeFix(fix, options, deps);
      core.setOutput('pull-request-url', pullRequest?.url ?? '');
    }
    report.fix = fixReport(options.fix, fix, pullRequest);
    core.setOutput('changed-files', fix.changes.map((change) => change.path).join('\n'));
    for (const change of fix.changes) core.info(`${options.fix === 'files' ? 'Rewrote' : 'Proposed'} ${change.path}`);
  }

  const directory = env.RUNNER_TEMP || tmpdir();
  core.setOutput('findings', String(result.findings.length));
  core.setOutput('report', writeOutput(directory, 'json', report));
  core.setOutput('sarif', writeOutput(directory, 'sarif', toSarif(result.findings, VERSION)));

  result.findings.forEach((finding, n) => {
    core.info(findingLine(finding));
    if (n < MAX_ANNOTATIONS) {
      core[finding.severity](`${finding.message} Fix: ${finding.fix}`, { title: finding.rule, file: finding.file, startLine: finding.line, startColumn: finding.column });
    }
  });
  if (result.findings.length > MAX_ANNOTATIONS) core.info(`${result.findings.length - MAX_ANNOTATIONS} more findings are not annotated; the job summary, the report and the SARIF file have them all.`);
  core.info(totals(report, clock.now() - started));
  await core.summary.addRaw(migrateSummary(report) + (report.fix ? fixSummary(report.fix) : '')).write();

  // With a fix, what it took care of no longer fails the step: only what it left for a person does.
  const severities: Severity[] = fix ? fix.tasks.map((task) => RULES[task.rule].severity) : result.findings.map((finding) => finding.severity);
  const failing = severities.filter((severity) => SEVERITY_RANK[severity] >= SEVERITY_RANK[options.failOn]).length;
  if (failing > 0) {
    throw new ActionError(
      `${failing} findings ${fix ? 'that the fix left ' : ''}at or above fail-on \`${options.failOn}\`: pipelines still use the legacy credential or hard-coded keys (see the annotations and the job summary).`,
    );
  }
}
