// The job summaries, whole: what a user sees in the run's summary page for representative estates, pinned as
// Markdown files under __snapshots__/ (review a change to them as you would review the page). Every ID and time
// is derived from the fixture, so each test gives the same page alone or in any order.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AccessKey, Namespace } from '../../src/api/digitalocean.js';
import { type AuditRules, type Finding, findingsFor } from '../../src/audit/findings.js';
import { type AuditReport, type CleanupReport, reportNamespaces } from '../../src/audit/report.js';
import { auditSummary, cleanupSummary, plural } from '../../src/audit/summary.js';
import type { NamespaceKeys } from '../../src/audit/survey.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const RULES: AuditRules = { maxAgeHours: 90 * 24, expiryWarningHours: 7 * 24, keyPrefix: 'gha-' };

const hash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function key(name: string, age: number, expiresIn: number | null): AccessKey {
  return { id: `dof_v1_${hash(name, 32)}`, name, created_at: iso(NOW - age), expires_at: expiresIn === null ? null : iso(NOW + expiresIn) };
}

function namespace(label: string, region = 'nyc1', legacy = false): Namespace {
  const h = hash(label, 32);
  const id = `fn-${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return { namespace: id, label, region, api_host: `https://faas-${region}.example`, uuid: legacy ? 'u' : '', key: legacy ? 'k' : '' };
}

function audit(surveyed: NamespaceKeys[], missing: string[] = []): AuditReport {
  const findings: Finding[] = surveyed.flatMap((entry) => findingsFor(entry, RULES, NOW));
  for (const name of missing) findings.push({ severity: 'error', rule: 'namespace-unavailable', namespace: name, message: `No namespace ${name} in the token's account.` });
  return { generated_at: iso(NOW), namespaces: reportNamespaces(surveyed), findings };
}

const golden = (name: string) => `./__snapshots__/summary/${name}.md`;

describe('audit summary, whole', () => {
  it('an estate with every kind of finding', async () => {
    const report = audit(
      [
        {
          namespace: namespace('prod'),
          keys: [
            key('ci-forever', 10 * DAY, null),
            key('ancient', 100 * DAY, 30 * DAY),
            key('rotating-soon', 20 * DAY, 2 * DAY),
            key('expires-this-minute', 20 * DAY, 30_000),
            key('retired', 40 * DAY, -5 * DAY),
            key('expired-this-instant', 3 * DAY, 0),
            key('blink', 3 * DAY, -3 * DAY + 20_000),
            key('healthy-prod', 5 * DAY, 60 * DAY),
            key('ops | `prod`\nkey: #1; <b>', 6 * DAY, 50 * DAY),
          ],
        },
        {
          namespace: namespace('staging', 'ams3'),
          keys: [key('gha-acme-app-7-1-deploy-abc123', 13 * HOUR, 11 * HOUR), key('gha-acme-app-8-1-deploy-def456', HOUR, 5 * HOUR), key('healthy-staging', 2 * DAY, 80 * DAY)],
        },
        { namespace: namespace('legacy', 'sfo3', true), keys: [key('healthy-legacy', DAY, 50 * DAY)] },
        { namespace: namespace('archive'), keys: [], error: 'GET /v2/functions/namespaces/x/keys failed: 404 not_found: namespace not found' },
        { namespace: namespace('empty-legacy', 'nyc1', true), keys: [] },
        { namespace: namespace('quiet'), keys: [key('healthy-quiet', 3 * DAY, 60 * DAY), key('older-quiet', 30 * DAY, 40 * DAY)] },
        { namespace: namespace('bare'), keys: [] },
        { namespace: namespace('forever-fine'), keys: [] },
      ],
      ['nowhere'],
    );
    await expect(auditSummary(report, NOW)).toMatchFileSnapshot(golden('audit-estate'));
  });

  it('no findings at all', async () => {
    const report = audit([
      { namespace: namespace('zeta'), keys: [key('z-1', DAY, 50 * DAY), key('z-2', 2 * DAY, 20 * DAY)] },
      { namespace: namespace('alpha', 'fra1'), keys: [key('a-1', 5 * HOUR, 9 * DAY)] },
      { namespace: namespace('empty'), keys: [] },
    ]);
    await expect(auditSummary(report, NOW)).toMatchFileSnapshot(golden('audit-clean'));
  });

  it('a namespace with more keys than a table or the chart shows', async () => {
    const keys = Array.from({ length: 34 }, (_, i) => key(`k${String(i).padStart(2, '0')}`, (i + 1) * DAY, i < 3 ? null : i < 6 ? -DAY : (60 - i) * DAY));
    const report = audit([{ namespace: namespace('big'), keys }, { namespace: namespace('small'), keys: [key('s', DAY, null)] }]);
    await expect(auditSummary(report, NOW)).toMatchFileSnapshot(golden('audit-capped'));
  });

  it('orders namespaces by errors, then warnings, then notices, then label', async () => {
    const report = audit([
      { namespace: namespace('d-notice'), keys: [key('n1', DAY, -DAY)] },
      { namespace: namespace('c-warning', 'nyc1', true), keys: [] },
      { namespace: namespace('b-two-errors'), keys: [key('e1', DAY, null), key('e2', DAY, null)] },
      { namespace: namespace('a-error'), keys: [key('e3', DAY, null)] },
      { namespace: namespace('e-warning-and-notice', 'nyc1', true), keys: [key('n2', DAY, -DAY)] },
      { namespace: namespace('f-two-notices'), keys: [key('n3', DAY, -DAY), key('n4', DAY, -2 * DAY)] },
      { namespace: namespace('a-two-warnings', 'nyc1', true), keys: [key('w1', DAY, DAY)] },
    ]);
    const headings = auditSummary(report, NOW)
      .split('\n')
      .filter((line) => line.startsWith('#### '))
      .map((line) => line.split(' ')[2]);
    expect(headings).toEqual(['b-two-errors', 'a-error', 'a-two-warnings', 'e-warning-and-notice', 'c-warning', 'f-two-notices', 'd-notice']);
  });

  it('orders keys by severity, then number of findings, then age', () => {
    const report = audit([
      {
        namespace: namespace('order'),
        keys: [
          key('fine-young', DAY, 50 * DAY),
          key('fine-old', 3 * DAY, 50 * DAY),
          key('notice', DAY, -DAY),
          key('error-one', 2 * DAY, null),
          key('error-two', 100 * DAY, null),
          key('error-one-older', 5 * DAY, null),
          key('warning', DAY, DAY),
        ],
      },
    ]);
    const rows = auditSummary(report, NOW)
      .split('\n')
      .filter((line) => /^\| (🔴|🟡|⚪|🟢) \| /.test(line))
      .map((line) => line.split(' | ')[1]);
    expect(rows).toEqual(['error-two', 'error-one-older', 'error-one', 'warning', 'notice', 'fine-old', 'fine-young']);
  });
});

describe('audit summary past its byte budget', () => {
  it('lists the namespaces it has no room for in a table with their counts', () => {
    const surveyed: NamespaceKeys[] = Array.from({ length: 220 }, (_, n) => ({
      namespace: namespace(`team-${String(n).padStart(3, '0')}-with-a-long-label-to-fill-the-budget`, 'nyc1', n % 2 === 0),
      keys: Array.from({ length: 20 }, (_, i) => key(`team-${n}-pipeline-${i}-deploy-key-with-a-long-name`, (100 + i) * DAY, i % 3 ? null : -DAY)),
    }));
    const md = auditSummary(audit(surveyed), NOW);
    const heading = md.split('\n').find((line) => line.startsWith('#### … and '))!;
    const shown = md.split('\n').filter((line) => /^#### 🔴 team-/.test(line)).length;
    expect(heading).toBe(`#### … and ${plural(220 - shown, 'more namespace')} with findings (key tables in the report)`);
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(220);
    const condensed = md.slice(md.indexOf(heading)).split('\n');
    expect(condensed.slice(2, 4)).toEqual(['| | Namespace | ID | Region | Keys | Findings |', '|:-:|---|---|---|--:|---|']);
    const last = surveyed[219]!.namespace;
    expect(condensed).toContain(`| 🔴 | ${last.label} | \`${last.namespace}\` | nyc1 | 20 | 33 errors · 7 notices |`);
    const legacy = surveyed[218]!.namespace;
    expect(condensed).toContain(`| 🔴 | ${legacy.label} | \`${legacy.namespace}\` | nyc1 | 20 | 33 errors · 1 warning · 7 notices |`);
    // The detail tables fill their 300 kB budget as far as whole sections go.
    const details = Buffer.byteLength(md.slice(md.indexOf('### Namespaces with findings'), md.indexOf(heading)));
    expect(details).toBeLessThanOrEqual(300_000 + 100);
    expect(details).toBeGreaterThan(300_000 - 4_000);
  });
});

describe('cleanup summary, whole', () => {
  const prod = namespace('prod');
  type Entry = CleanupReport['keys'][number];
  const entry = (key_name: string, action: Entry['action'], reason_code: Entry['reason_code'], reason: string, ns = prod): Entry => ({
    namespace: ns.namespace,
    key_id: `dof_v1_${hash(key_name, 32)}`,
    key_name,
    action,
    reason_code,
    reason,
  });

  it('deleted, failed, kept, and namespaces skipped', async () => {
    const report: CleanupReport = {
      schema_version: 2,
      generated_at: iso(NOW),
      dry_run: false,
      namespaces: reportNamespaces([
        { namespace: prod, keys: [] },
        { namespace: namespace('gone'), keys: [], error: 'GET /v2/functions/namespaces/x/keys failed: 404 not_found' },
        { namespace: namespace('denied'), keys: [], error: 'GET /v2/functions/namespaces/y/keys failed: 403 forbidden' },
      ]),
      keys: [
        entry('gha-expired', 'deleted', 'expired', 'expired (created 5h ago)'),
        entry('gha-old', 'deleted', 'older-than-max-mint', 'older than 12h (created 13h ago)'),
        entry('gha-older', 'deleted', 'older-than-max-mint', 'older than 12h (created 2d ago)'),
        entry('gha-stuck', 'failed', 'delete-failed', 'could not delete: DELETE /v2/… failed: 500 server_error: Unexpected server-side error'),
        entry('manual | `x`', 'kept', 'not-made-by-action', 'not made by this action (name does not start with gha-)'),
        entry('gha-fresh', 'kept', 'may-be-running', 'created 1h ago: may belong to a job still running'),
        { ...entry('elsewhere', 'kept', 'not-made-by-action', 'not made by this action (name does not start with gha-)'), namespace: 'fn-not-in-the-list' },
      ],
    };
    await expect(cleanupSummary(report, NOW)).toMatchFileSnapshot(golden('cleanup'));
  });

  it('a dry run', async () => {
    const report: CleanupReport = {
      schema_version: 2,
      generated_at: iso(NOW),
      dry_run: true,
      namespaces: reportNamespaces([{ namespace: prod, keys: [] }]),
      keys: [entry('gha-expired', 'would-delete', 'expired', 'expired (created 5h ago)'), entry('ok', 'kept', 'not-made-by-action', 'not made by this action (name does not start with gha-)')],
    };
    await expect(cleanupSummary(report, NOW)).toMatchFileSnapshot(golden('cleanup-dry-run'));
  });

  it('no keys at all', async () => {
    const report: CleanupReport = { schema_version: 2, generated_at: iso(NOW), dry_run: false, namespaces: reportNamespaces([{ namespace: prod, keys: [] }]), keys: [] };
    await expect(cleanupSummary(report, NOW)).toMatchFileSnapshot(golden('cleanup-empty'));
  });

  it('caps the namespaces skipped and the keys of a group, pointing to the report', () => {
    const skipped = Array.from({ length: 203 }, (_, n) => ({ namespace: namespace(`gone-${n}`), keys: [], error: '404' }));
    const keys = Array.from({ length: 201 }, (_, n) => entry(`gha-${n}`, 'deleted', 'expired', `expired (created ${n + 1}h ago)`));
    const md = cleanupSummary({ schema_version: 2, generated_at: iso(NOW), dry_run: false, namespaces: reportNamespaces(skipped), keys }, NOW);
    expect(md).toContain('### ⚠️ Namespaces skipped (203)');
    expect(md.split('\n').filter((line) => line.startsWith('- gone-'))).toHaveLength(200);
    expect(md).toContain('- … and 3 more, see the report');
    expect(md).toContain('#### Expired: 201 keys');
    expect(md).toContain('… and 1 more key, see the report.');
    const exactly = cleanupSummary({ schema_version: 2, generated_at: iso(NOW), dry_run: false, namespaces: reportNamespaces(skipped.slice(0, 200)), keys: keys.slice(0, 200) }, NOW);
    expect(exactly).not.toContain('more, see the report');
    expect(exactly).not.toContain('more key');
  });
});
