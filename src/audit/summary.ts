import type { AuditReport, CleanupReport } from './report.js';

// Placeholder: being written. Markdown for the job summary.
export function auditSummary(report: AuditReport, now: number): string {
  return `## Access key audit\n\n${report.findings.length} findings (${new Date(now).toISOString()})\n`;
}

export function cleanupSummary(report: CleanupReport, now: number): string {
  return `## Access key cleanup\n\n${report.keys.length} keys (${new Date(now).toISOString()})\n`;
}
