import type { Clock } from '../api/clock.js';
import type { DigitalOceanClient } from '../api/digitalocean.js';
import { SEVERITY_RANK, finding, findingsFor } from '../audit/findings.js';
import { type AuditReport, reportNamespaces, writeReport } from '../audit/report.js';
import { auditSummary } from '../audit/summary.js';
import { surveyKeys } from '../audit/survey.js';
import { ActionError } from '../errors.js';
import type { SweepOptions } from '../inputs.js';
import type { Core } from '../runner.js';

export interface SweepDeps {
  core: Core;
  client: DigitalOceanClient;
  clock: Clock;
  /** Where the JSON report goes (the runner's temp directory). */
  reportDir: string;
}

/** Reports risky keys across namespaces. Read-only: it sends GET requests only. */
export async function audit(options: SweepOptions, { core, client, clock, reportDir }: SweepDeps): Promise<void> {
  const survey = await surveyKeys(options.namespaces, client);
  const now = clock.now();
  const findings = survey.namespaces.flatMap((surveyed) => findingsFor(surveyed, options, now));
  for (const name of survey.missing) {
    findings.push(finding('namespace-unavailable', name, `No namespace ${name} in the token's account.`));
  }
  const report: AuditReport = { generated_at: new Date(now).toISOString(), namespaces: reportNamespaces(survey.namespaces), findings };
  const path = writeReport(reportDir, 'audit', report);
  core.setOutput('report', path);
  core.setOutput('findings', String(findings.length));

  for (const finding of findings) core[finding.severity](finding.message, { title: finding.rule });
  const keyCount = report.namespaces.reduce((sum, namespace) => sum + namespace.keys.length, 0);
  core.info(`Audited ${keyCount} keys in ${report.namespaces.length} namespaces: ${findings.length} findings. Report: ${path}`);
  await core.summary.addRaw(auditSummary(report, now)).write();

  const failing = findings.filter((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[options.failOn]);
  if (failing.length > 0) {
    throw new ActionError(`${failing.length} findings at or above fail-on \`${options.failOn}\` (see the annotations and the job summary).`);
  }
}
