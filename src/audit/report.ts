import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { hasLegacyCredentials, type Finding } from './findings.js';
import type { NamespaceKeys } from './survey.js';

export interface ReportNamespace {
  id: string;
  label: string;
  region: string;
  legacy_credentials: boolean;
  keys: { id: string; name: string; created_at: string; expires_at: string | null }[];
  /** Why the keys could not be listed; `keys` is then empty. */
  error?: string;
}

export interface AuditReport {
  generated_at: string;
  namespaces: ReportNamespace[];
  findings: Finding[];
}

export type CleanupAction = 'deleted' | 'would-delete' | 'kept' | 'failed';

/**
 * Why cleanup did what it did with a key, for machines (`reason` says it for people, with the key's age or the
 * error): deleted or would-delete: `expired`, `older-than-max-mint`; kept: `may-be-running`,
 * `not-made-by-action`; failed: `delete-failed`.
 */
export type CleanupReason = 'expired' | 'older-than-max-mint' | 'delete-failed' | 'may-be-running' | 'not-made-by-action';

/** Bumped when the cleanup report changes shape; the schema's `$id` carries the same number. */
export const CLEANUP_SCHEMA_VERSION = 2;

export interface CleanupReport {
  schema_version: typeof CLEANUP_SCHEMA_VERSION;
  generated_at: string;
  dry_run: boolean;
  namespaces: ReportNamespace[];
  keys: { namespace: string; key_id: string; key_name: string; action: CleanupAction; reason_code: CleanupReason; reason: string }[];
}

/** The report's view of a surveyed namespace: never a secret, never the legacy key itself. */
export function reportNamespaces(surveyed: NamespaceKeys[]): ReportNamespace[] {
  return surveyed.map(({ namespace, keys, error }) => ({
    id: namespace.namespace,
    label: namespace.label,
    region: namespace.region,
    legacy_credentials: hasLegacyCredentials(namespace),
    keys: keys.map(({ id, name, created_at, expires_at }) => ({ id, name, created_at, expires_at })),
    ...(error ? { error } : {}),
  }));
}

/** Writes the report as JSON under the runner's temp directory and returns its path. */
export function writeReport(directory: string, mode: string, report: AuditReport | CleanupReport): string {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `functions-access-key-${mode}-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
