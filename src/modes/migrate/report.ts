// The JSON report (`report` output, `--format json`): everything a scan found, schema in
// schema/migrate-report.schema.json. Built from findings whose messages are already redacted; never a secret.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FixResult } from './fix/index.js';
import type { ScanResult } from './scan.js';
import type { Finding, Severity } from './rules.js';
import type { SkipReason, Skipped } from './walk.js';

export interface MigrateReport {
  generated_at: string;
  /** The scanned directory, relative to the base the paths are relative to (`.` for the repository root). */
  root: string;
  scanned: { files: number; bytes: number };
  skipped: { counts: Record<SkipReason, number>; paths: Skipped[]; truncated: boolean };
  counts: Record<Severity, number>;
  findings: Finding[];
  /** With `fix: files` / `pull-request` (CLI `--fix`): what was rewritten, and what is left for a person. */
  fix?: FixReport;
}

export interface FixReport {
  mode: 'files' | 'pull-request';
  changed_files: string[];
  /** Every legacy connect in a workflow: fixed, or why not. */
  connects: { file: string; line: number; fixed: boolean; what: string }[];
  /** Findings no fix touched, and what to do. */
  tasks: { file: string; line: number; rule: Finding['rule']; what: string }[];
  pull_request?: { url: string; number: number; action: 'created' | 'updated' | 'unchanged' };
}

export function fixReport(mode: FixReport['mode'], fix: FixResult, pullRequest?: FixReport['pull_request']): FixReport {
  return {
    mode,
    changed_files: fix.changes.map((change) => change.path),
    connects: fix.changes.flatMap((change) => change.outcomes.map(({ line, fixed, what }) => ({ file: change.path, line, fixed, what }))),
    tasks: fix.tasks,
    ...(pullRequest ? { pull_request: pullRequest } : {}),
  };
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

export function buildReport(result: ScanResult, root: string, now: number): MigrateReport {
  const total = Object.values(result.skippedCounts).reduce((sum, n) => sum + n, 0);
  return {
    generated_at: new Date(now).toISOString(),
    root,
    scanned: { files: result.files, bytes: result.bytes },
    skipped: { counts: result.skippedCounts, paths: result.skipped, truncated: total > result.skipped.length },
    counts: countBySeverity(result.findings),
    findings: result.findings,
  };
}

/** Writes `content` as `functions-access-key-migrate.<extension>` under `directory`; returns the path. */
export function writeOutput(directory: string, extension: string, content: unknown): string {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `functions-access-key-migrate.${extension}`);
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
  return path;
}
