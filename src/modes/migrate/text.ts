// Plain-text lines shared by the CLI and the action's log: one finding per line, then the totals.
import packageJson from '../../../package.json' with { type: 'json' };
import { plural } from '../../audit/summary.js';
import type { MigrateReport } from './report.js';
import type { Finding } from './rules.js';

export const VERSION: string = packageJson.version;

/** `file:line:col severity rule message`, as compilers and linters print, so editors can jump to it. */
export function findingLine(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.rule} ${finding.message}`;
}

export function totals(report: MigrateReport, elapsedMs: number): string {
  const { counts, scanned, skipped } = report;
  const skippedParts = Object.entries(skipped.counts)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason}`);
  return (
    `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.notice, 'notice')} in ` +
    `${plural(scanned.files, 'file')} (${(scanned.bytes / 1024 / 1024).toFixed(1)} MB, ${(elapsedMs / 1000).toFixed(1)} s)` +
    (skippedParts.length ? `; skipped ${skippedParts.join(', ')}` : '')
  );
}
