import type { AccessKey, Namespace } from '../api/digitalocean.js';
import { HOUR_MS, formatHours, formatSpan } from '../duration.js';
import { MAX_MINT_HOURS } from '../inputs.js';
import type { NamespaceKeys } from './survey.js';

export type Severity = 'error' | 'warning' | 'notice';
export const SEVERITY_RANK: Record<Severity | 'never', number> = { notice: 1, warning: 2, error: 3, never: 4 };

export type Rule =
  | 'never-expires'
  | 'older-than-max-age'
  | 'expires-soon'
  | 'expired'
  | 'orphaned-ephemeral'
  | 'legacy-credentials'
  | 'namespace-unavailable';

/** Every rule: its severity (here only), and for the summary what it means and what to do about it. */
export const RULES: Record<Rule, { severity: Severity; means: string; fix: string }> = {
  'never-expires': {
    severity: 'error',
    means: 'The key has no expiry: a leaked copy works forever.',
    fix: 'Create a replacement with `expires_in`, switch to it, delete this key.',
  },
  'older-than-max-age': {
    severity: 'error',
    means: 'The key was created longer ago than `max-age`.',
    fix: 'Rotate it: create a new key, switch to it, delete the old one.',
  },
  'namespace-unavailable': {
    severity: 'error',
    means: "The namespace's keys could not be listed (deleted mid-run, or not in the token's account).",
    fix: 'Check the `namespace` input and the token; run the audit again.',
  },
  'expires-soon': {
    severity: 'warning',
    means: 'The key expires within `expiry-warning`.',
    fix: 'Replace it before it expires so nothing breaks.',
  },
  'orphaned-ephemeral': {
    severity: 'warning',
    means: 'A key this action minted outlived its job (expired or older than 12h): its post step never ran.',
    fix: 'Run the action with `mode: cleanup`.',
  },
  'legacy-credentials': {
    severity: 'warning',
    means: 'The namespace still shows the legacy shared `uuid:key` credential.',
    fix: 'Move its pipelines to access keys (`mode: mint`).',
  },
  expired: {
    severity: 'notice',
    means: 'The key has expired and no longer works.',
    fix: 'Delete it to keep the list clean.',
  },
};

export interface Finding {
  severity: Severity;
  rule: Rule;
  namespace: string;
  key_id?: string;
  key_name?: string;
  message: string;
}

export interface AuditRules {
  maxAgeHours: number;
  expiryWarningHours: number;
  keyPrefix: string;
}

/** The namespace still has the legacy shared `uuid:key` credential. */
export function hasLegacyCredentials(namespace: Namespace): boolean {
  return Boolean(namespace.uuid && namespace.key);
}

export function isExpired(key: AccessKey, now: number): boolean {
  return key.expires_at !== null && Date.parse(key.expires_at) <= now;
}

/** A key mint mode made (by prefix) that has outlived any job: expired, or older than the 12h maximum. */
export function isOrphaned(key: AccessKey, prefix: string, now: number): boolean {
  if (!key.name.startsWith(prefix)) return false;
  return isExpired(key, now) || now - Date.parse(key.created_at) > MAX_MINT_HOURS * HOUR_MS;
}

/** Every finding for one namespace, in a stable order: namespace-level first, then per key. */
export function findingsFor({ namespace, keys, error }: NamespaceKeys, rules: AuditRules, now: number): Finding[] {
  const id = namespace.namespace;
  const findings: Finding[] = [];
  if (error) {
    findings.push(finding('namespace-unavailable', id, `Namespace ${namespace.label} (${id}): its keys could not be listed: ${error}`));
  }
  if (hasLegacyCredentials(namespace)) {
    findings.push(
      finding('legacy-credentials', id, `Namespace ${namespace.label} (${id}) still shows a legacy uuid:key credential, which no longer authenticates; move its pipelines to access keys.`),
    );
  }
  for (const key of keys) {
    const add = (rule: Rule, what: string) =>
      findings.push({ ...finding(rule, id, `Key ${key.name} (${key.id}) in ${namespace.label}: ${what}`), key_id: key.id, key_name: key.name });
    const age = now - Date.parse(key.created_at);
    const expiresAt = key.expires_at === null ? null : Date.parse(key.expires_at);
    if (expiresAt === null) add('never-expires', 'never expires; replace it with a key that has an expiry.');
    if (age > rules.maxAgeHours * HOUR_MS) add('older-than-max-age', `created ${formatSpan(age)} ago, more than max-age ${formatHours(rules.maxAgeHours)}; rotate it.`);
    if (expiresAt !== null && expiresAt <= now) add('expired', `expired ${formatSpan(now - expiresAt)} ago and no longer works; delete it.`);
    // Keys this action mints expire within hours by design: warning about them would be noise.
    const ephemeral = key.name.startsWith(rules.keyPrefix);
    if (!ephemeral && expiresAt !== null && expiresAt > now && expiresAt - now <= rules.expiryWarningHours * HOUR_MS) {
      add('expires-soon', `expires in ${formatSpan(expiresAt - now)}; replace it before then.`);
    }
    if (isOrphaned(key, rules.keyPrefix, now)) {
      add('orphaned-ephemeral', `looks left behind by a job that ended without its post step; the cleanup mode deletes it.`);
    }
  }
  return findings;
}

/** A finding of `rule`, with the rule's severity. */
export function finding(rule: Rule, namespace: string, message: string): Finding {
  return { severity: RULES[rule].severity, rule, namespace, message };
}
