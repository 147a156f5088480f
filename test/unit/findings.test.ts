import { describe, expect, it } from 'vitest';
import type { AccessKey, Namespace } from '../../src/api/digitalocean.js';
import { type AuditRules, RULES as RULE_BOOK, SEVERITY_RANK, findingsFor, hasLegacyCredentials, isOrphaned } from '../../src/audit/findings.js';
import type { NamespaceKeys } from '../../src/audit/survey.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RULES: AuditRules = { maxAgeHours: 90 * 24, expiryWarningHours: 7 * 24, keyPrefix: 'gha-' };
const NS_ID = 'fn-00000000-0000-4000-8000-000000000001';

const iso = (ms: number) => new Date(ms).toISOString();

function namespace(extra: Partial<Namespace> = {}): Namespace {
  return {
    namespace: NS_ID,
    label: 'prod',
    region: 'nyc1',
    api_host: 'https://faas-nyc1.doserverless.co',
    created_at: iso(NOW - 400 * DAY),
    updated_at: iso(NOW - 400 * DAY),
    uuid: '',
    key: '',
    ...extra,
  } as Namespace;
}

let counter = 0;
/** A key created `ageMs` before NOW that expires `expiresInMs` after NOW (negative: in the past; null: never). */
function key(name: string, ageMs: number, expiresInMs: number | null): AccessKey {
  const created = iso(NOW - ageMs);
  return {
    id: `dof_v1_${String(++counter).padStart(32, '0')}`,
    name,
    created_at: created,
    updated_at: created,
    expires_at: expiresInMs === null ? null : iso(NOW + expiresInMs),
  } as AccessKey;
}

function rulesOf(keys: AccessKey[], ns: Partial<Namespace> = {}, rules = RULES, error?: string): string[] {
  const surveyed: NamespaceKeys = { namespace: namespace(ns), keys, ...(error ? { error } : {}) };
  return findingsFor(surveyed, rules, NOW).map((finding) => finding.rule);
}

describe('audit findings', () => {
  it('finds nothing on a healthy key', () => {
    expect(rulesOf([key('deploy', 10 * DAY, 60 * DAY)])).toEqual([]);
  });

  it('never-expires: an error for a key with expires_at null, whatever its age', () => {
    const k = key('forever', HOUR, null);
    const findings = findingsFor({ namespace: namespace(), keys: [k] }, RULES, NOW);
    expect(findings).toEqual([
      { severity: 'error', rule: 'never-expires', namespace: NS_ID, key_id: k.id, key_name: 'forever', message: expect.stringContaining('never expires') },
    ]);
  });

  describe('older-than-max-age', () => {
    it('is not raised for a key exactly max-age old', () => {
      expect(rulesOf([key('edge', 90 * DAY, 30 * DAY)])).toEqual([]);
    });

    it('is an error one millisecond past max-age', () => {
      const findings = findingsFor({ namespace: namespace(), keys: [key('old', 90 * DAY + 1, 30 * DAY)] }, RULES, NOW);
      expect(findings.map(({ severity, rule }) => ({ severity, rule }))).toEqual([{ severity: 'error', rule: 'older-than-max-age' }]);
      expect(findings[0]?.message).toContain('max-age 90d');
    });

    it('follows the max-age input', () => {
      expect(rulesOf([key('k', 37 * HOUR, 30 * DAY)], {}, { ...RULES, maxAgeHours: 36 })).toEqual(['older-than-max-age']);
      expect(rulesOf([key('k', 36 * HOUR, 30 * DAY)], {}, { ...RULES, maxAgeHours: 36 })).toEqual([]);
    });
  });

  describe('expired', () => {
    it('is a notice for a key expiring exactly now (not expires-soon)', () => {
      const findings = findingsFor({ namespace: namespace(), keys: [key('now', 30 * DAY, 0)] }, RULES, NOW);
      expect(findings.map(({ severity, rule }) => ({ severity, rule }))).toEqual([{ severity: 'notice', rule: 'expired' }]);
    });

    it('is not raised one millisecond before expiry (expires-soon is)', () => {
      expect(rulesOf([key('almost', 30 * DAY, 1)])).toEqual(['expires-soon']);
    });

    it('is raised for a key that expired long ago', () => {
      expect(rulesOf([key('retired', 40 * DAY, -5 * DAY)])).toEqual(['expired']);
    });
  });

  describe('expires-soon', () => {
    it('is a warning for a key expiring exactly at the edge of expiry-warning', () => {
      const findings = findingsFor({ namespace: namespace(), keys: [key('soon', 10 * DAY, 7 * DAY)] }, RULES, NOW);
      expect(findings.map(({ severity, rule }) => ({ severity, rule }))).toEqual([{ severity: 'warning', rule: 'expires-soon' }]);
    });

    it('is not raised for a key expiring just after the window', () => {
      expect(rulesOf([key('later', 10 * DAY, 7 * DAY + 1)])).toEqual([]);
    });

    it('skips keys named with key-prefix: minted keys expire within hours by design', () => {
      expect(rulesOf([key('gha-acme-app-1-1-deploy-a1b2c3', HOUR, 2 * HOUR)])).toEqual([]);
      // The same key under another prefix is not skipped; a key that merely contains the prefix is not either.
      expect(rulesOf([key('gha-acme-app-1-1-deploy-a1b2c3', HOUR, 2 * HOUR)], {}, { ...RULES, keyPrefix: 'ci-' })).toEqual(['expires-soon']);
      expect(rulesOf([key('deploy-gha-x', HOUR, 2 * HOUR)])).toEqual(['expires-soon']);
    });

    it('follows the expiry-warning input', () => {
      expect(rulesOf([key('k', DAY, 30 * HOUR)], {}, { ...RULES, expiryWarningHours: 24 })).toEqual([]);
      expect(rulesOf([key('k', DAY, 24 * HOUR)], {}, { ...RULES, expiryWarningHours: 24 })).toEqual(['expires-soon']);
    });
  });

  describe('orphaned-ephemeral', () => {
    it('is a warning for a prefixed key older than 12h', () => {
      const findings = findingsFor({ namespace: namespace(), keys: [key('gha-left', 12 * HOUR + 1, 11 * HOUR)] }, RULES, NOW);
      expect(findings.map(({ severity, rule }) => ({ severity, rule }))).toEqual([{ severity: 'warning', rule: 'orphaned-ephemeral' }]);
    });

    it('is not raised for a prefixed key exactly 12h old that has not expired', () => {
      expect(rulesOf([key('gha-edge', 12 * HOUR, HOUR)])).toEqual([]);
      expect(isOrphaned(key('gha-edge', 12 * HOUR, HOUR), 'gha-', NOW)).toBe(false);
    });

    it('is raised with expired for a prefixed key that expired, however young', () => {
      expect(rulesOf([key('gha-short', 2 * HOUR, -HOUR)])).toEqual(['expired', 'orphaned-ephemeral']);
      expect(rulesOf([key('gha-exactly', HOUR, 0)])).toEqual(['expired', 'orphaned-ephemeral']);
    });

    it('is never raised for keys without the prefix, however old or expired', () => {
      expect(rulesOf([key('manual', 30 * DAY, -DAY)])).toEqual(['expired']);
      expect(isOrphaned(key('manual', 300 * DAY, -DAY), 'gha-', NOW)).toBe(false);
      expect(isOrphaned(key('xgha-old', 300 * DAY, -DAY), 'gha-', NOW)).toBe(false);
    });
  });

  it('reports several findings on one key, in a stable order', () => {
    // Never expires, older than max-age, and a left-behind minted key.
    const k = key('gha-ancient', 100 * DAY, null);
    const findings = findingsFor({ namespace: namespace(), keys: [k] }, RULES, NOW);
    expect(findings.map(({ severity, rule }) => `${severity}:${rule}`)).toEqual(['error:never-expires', 'error:older-than-max-age', 'warning:orphaned-ephemeral']);
    expect(findings.every((finding) => finding.key_id === k.id && finding.key_name === 'gha-ancient')).toBe(true);
    // Old and expired.
    expect(rulesOf([key('both', 100 * DAY, -DAY)])).toEqual(['older-than-max-age', 'expired']);
  });

  describe('legacy-credentials', () => {
    it('is a namespace-level warning when the namespace still shows uuid and key', () => {
      const findings = findingsFor({ namespace: namespace({ uuid: 'c0ffee00-0000-4000-8000-000000000000', key: 'legacy-secret' }), keys: [] }, RULES, NOW);
      expect(findings).toEqual([{ severity: 'warning', rule: 'legacy-credentials', namespace: NS_ID, message: expect.stringContaining('legacy') }]);
      expect(findings[0]).not.toHaveProperty('key_id');
      // The legacy key itself never goes into a message.
      expect(findings[0]?.message).not.toContain('legacy-secret');
    });

    it('is not raised when they are empty or absent', () => {
      expect(rulesOf([], { uuid: '', key: '' })).toEqual([]);
      expect(hasLegacyCredentials({ ...namespace(), uuid: undefined, key: undefined } as unknown as Namespace)).toBe(false);
      expect(hasLegacyCredentials(namespace({ uuid: 'u', key: '' }))).toBe(false);
    });
  });

  it('namespace-unavailable: an error for a namespace whose keys could not be listed, before any other finding', () => {
    const findings = findingsFor({ namespace: namespace({ uuid: 'u', key: 'k' }), keys: [], error: 'GET … failed: 404 not_found' }, RULES, NOW);
    expect(findings.map(({ severity, rule }) => `${severity}:${rule}`)).toEqual(['error:namespace-unavailable', 'warning:legacy-credentials']);
    expect(findings[0]?.message).toContain('404 not_found');
    expect(findings[0]).not.toHaveProperty('key_id');
  });

  it('lists namespace-level findings first, then keys in the listed order', () => {
    const keys = [key('a-forever', DAY, null), key('b-soon', DAY, DAY), key('c-fine', DAY, 60 * DAY), key('d-gone', 20 * DAY, -DAY)];
    const findings = findingsFor({ namespace: namespace({ uuid: 'u', key: 'k' }), keys }, RULES, NOW);
    expect(findings.map((finding) => `${finding.rule}${finding.key_name ? `@${finding.key_name}` : ''}`)).toEqual([
      'legacy-credentials',
      'never-expires@a-forever',
      'expires-soon@b-soon',
      'expired@d-gone',
    ]);
  });

  it('ranks severities for fail-on: notice < warning < error < never', () => {
    expect(SEVERITY_RANK.notice).toBeLessThan(SEVERITY_RANK.warning);
    expect(SEVERITY_RANK.warning).toBeLessThan(SEVERITY_RANK.error);
    expect(SEVERITY_RANK.error).toBeLessThan(SEVERITY_RANK.never);
  });
});

describe('finding messages', () => {
  it('say which key, where, what is wrong and what to do, with its ages', () => {
    const keys = [key('forever', 100 * DAY, null), key('retired', 40 * DAY, -(5 * DAY + 3 * HOUR)), key('soon', DAY, 36 * HOUR), key('gha-left', 13 * HOUR, 11 * HOUR)];
    const findings = findingsFor({ namespace: namespace({ uuid: 'u', key: 'k' }), keys, error: 'boom' }, RULES, NOW);
    const [forever, retired, soon, left] = keys.map((k) => `Key ${k.name} (${k.id}) in prod:`);
    expect(findings.map((finding) => finding.message)).toEqual([
      `Namespace prod (${NS_ID}): its keys could not be listed: boom`,
      `Namespace prod (${NS_ID}) still shows a legacy uuid:key credential, which no longer authenticates; move its pipelines to access keys.`,
      `${forever} never expires; replace it with a key that has an expiry.`,
      `${forever} created 100d ago, more than max-age 90d; rotate it.`,
      `${retired} expired 5d ago and no longer works; delete it.`,
      `${soon} expires in 36h; replace it before then.`,
      `${left} looks left behind by a job that ended without its post step; the cleanup mode deletes it.`,
    ]);
  });

  it('every rule says in a sentence what it means and how to fix it', () => {
    for (const [rule, { means, fix }] of Object.entries(RULE_BOOK)) {
      expect(means, rule).toMatch(/^[A-Z].{10,}\.$/);
      expect(fix, rule).toMatch(/^[A-Z].{10,}\.$/);
    }
  });
});
