// The rotation job summary: what it says for a rotation, a run that was not due, a dry run and a failure.
import { describe, expect, it } from 'vitest';
import type { AccessKey } from '../../../src/api/digitalocean.js';
import type { Plan } from '../../../src/modes/rotate/plan.js';
import { type Report, rotateSummary } from '../../../src/modes/rotate/summary.js';

const NOW = Date.UTC(2026, 10, 30, 12, 0);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const key = (id: string, name: string, age: number, expiresIn: number | null): AccessKey => ({
  id,
  name,
  created_at: iso(NOW - age),
  expires_at: expiresIn === null ? null : iso(NOW + expiresIn),
});

const OLD = key('dof_v1_old', 'partner-deploy-aaaaaa', 31 * DAY, 59 * DAY);
const NEW = key('dof_v1_new', 'partner-deploy-bbbbbb', 0, 90 * DAY);
const OLDER = key('dof_v1_older', 'partner-deploy-111111', 61 * DAY, 29 * DAY);
const NAMESPACE = { namespace: 'fn-1', label: 'widgets_prod', region: 'nyc1', api_host: 'https://faas.example' };

function report(overrides: Partial<Report> = {}, plan: Partial<Plan> = {}): Report {
  return {
    target: 'repository secret DO_FUNCTIONS_ACCESS_KEY of acme/app',
    dryRun: false,
    rotateAfterHours: 720,
    graceHours: 24,
    now: NOW,
    namespace: NAMESPACE,
    secretUpdatedAt: iso(NOW - 31 * DAY),
    plan: { due: `key ${OLD.id} is 31d old, older than rotate-after (30d)`, held: OLD, heldDueAt: NOW - DAY, remove: [], keep: [], ...plan },
    rotated: false,
    deleted: [],
    undeleted: [],
    ...overrides,
  };
}

describe('rotation summary', () => {
  it('after a rotation: old and new key, where it was stored, what was deleted and kept, when next due', () => {
    const text = rotateSummary(
      report(
        { rotated: true, newKey: NEW, storedAt: NOW, nextDueAt: NOW + 30 * DAY, deleted: [{ key: OLDER, reason: 'replaced 31d ago, past the 1d grace period' }] },
        { keep: [{ key: OLD, reason: 'replaced by this run; deleted after the 1d grace period', until: NOW + DAY }] },
      ),
    );
    expect(text).toBe(
      [
        '## 🔑 Functions access key rotation',
        '',
        '✅ **Rotated** (key dof_v1_old is 31d old, older than rotate-after (30d)). The repository secret DO_FUNCTIONS_ACCESS_KEY of acme/app now holds `dof_v1_new`.',
        '',
        '| | Key | Name | Created | Expires |',
        '| --- | --- | --- | --- | --- |',
        '| Old | `dof_v1_old` | `partner-deploy-aaaaaa` | 2026-10-30 12:00 UTC (31d ago) | 2027-01-28 12:00 UTC (in 59d) |',
        '| New | `dof_v1_new` | `partner-deploy-bbbbbb` | 2026-11-30 12:00 UTC (now) | 2027-02-28 12:00 UTC (in 90d) |',
        '',
        '- **Namespace:** widgets_prod (`fn-1`, nyc1)',
        '- **Stored:** in the repository secret DO_FUNCTIONS_ACCESS_KEY of acme/app, 2026-11-30 12:00 UTC (now)',
        '- **Next rotation due:** 2026-12-30 12:00 UTC (in 30d); the first scheduled run from then replaces the key',
        '- **Policy:** rotate after 30d, grace 1d',
        '',
        '### Deleted (1 key)',
        '',
        '| Key | Name | Why |',
        '| --- | --- | --- |',
        '| `dof_v1_older` | `partner-deploy-111111` | replaced 31d ago, past the 1d grace period |',
        '',
        '### Kept (1 key)',
        '',
        '| Key | Name | Why | Deleted from |',
        '| --- | --- | --- | --- |',
        '| `dof_v1_old` | `partner-deploy-aaaaaa` | replaced by this run; deleted after the 1d grace period | 2026-12-01 12:00 UTC (in 24h) |',
        '',
      ].join('\n'),
    );
  });

  it('not due: the current key, when the secret was updated, and no table of the held key under Kept', () => {
    const text = rotateSummary(report({ nextDueAt: NOW + 5 * DAY, graceHours: 0 }, { due: undefined, keep: [{ key: OLD, reason: 'held by the secret' }] }));
    expect(text).toContain('⏸️ **Not due.** The repository secret DO_FUNCTIONS_ACCESS_KEY of acme/app holds `dof_v1_old`.');
    expect(text).toContain('| Current | `dof_v1_old` |');
    expect(text).toContain('- **Secret last updated:** 2026-10-30 12:00 UTC (31d ago)');
    expect(text).toContain('- **Next rotation due:** 2026-12-05 12:00 UTC (in 5d)');
    expect(text).toContain('- **Policy:** rotate after 30d, grace 0');
    expect(text).not.toContain('### Kept');
    expect(text).not.toContain('### Deleted');
  });

  it('a dry run: what it would do, with would-delete and would-keep tables', () => {
    const text = rotateSummary(
      report({ dryRun: true, nextDueAt: NOW - DAY }, { remove: [{ key: OLDER, reason: 'replaced 31d ago' }], keep: [{ key: OLD, reason: 'replaced by this run', until: NOW + DAY }] }),
    );
    expect(text).toContain('🧪 **Dry run.** Would rotate: key dof_v1_old is 31d old, older than rotate-after (30d). Nothing was changed; the repository secret DO_FUNCTIONS_ACCESS_KEY of acme/app holds `dof_v1_old`.');
    expect(text).toContain('### Would delete (1 key)');
    expect(text).toContain('### Would keep (1 key)');
    expect(text).toContain('- **Rotation due since:** 2026-11-29 12:00 UTC (24h ago)\n');
    expect(rotateSummary(report({ dryRun: true }, { due: undefined }))).toContain('🧪 **Dry run.** Would not rotate.');
  });

  it('a failure: the error, escaped, and no plan tables or next due date', () => {
    const text = rotateSummary(
      report({ error: 'GitHub: PUT failed | <b>500</b>', nextDueAt: NOW }, { keep: [{ key: OLD, reason: 'replaced by this run', until: NOW + DAY }], remove: [{ key: OLDER, reason: 'x' }] }),
    );
    expect(text).toContain('❌ **Failed.** GitHub: PUT failed \\| &lt;b&gt;500&lt;/b&gt;\n\nThe repository secret DO_FUNCTIONS_ACCESS_KEY of acme/app was not changed.');
    expect(text).not.toContain('Next rotation due');
    expect(text).not.toContain('### Kept');
    expect(text).not.toContain('### Deleted');
    expect(rotateSummary(report({ error: 'old keys left', rotated: true, newKey: NEW }))).toContain('holds the new key.');
  });

  it('a failure before anything was read: just the error and the policy', () => {
    const text = rotateSummary({ target: 'organization secret K of acme', dryRun: false, rotateAfterHours: 36, graceHours: 48, now: NOW, rotated: false, deleted: [], undeleted: [], error: 'no' });
    expect(text).toBe('## 🔑 Functions access key rotation\n\n❌ **Failed.** no\n\nThe organization secret K of acme was not changed.\n\n- **Policy:** rotate after 36h, grace 2d\n');
  });

  it('keys that never expire, and a secret that holds no managed key', () => {
    const forever = key('dof_v1_f', 'partner-deploy', 2 * DAY, null);
    const text = rotateSummary(report({ rotated: true, newKey: forever }, { held: undefined }));
    expect(text).toContain('| New | `dof_v1_f` | `partner-deploy` | 2026-11-28 12:00 UTC (2d ago) | never |');
    expect(rotateSummary(report({}, { held: undefined, due: undefined }))).toContain('holds no key this action manages');
  });

  it('calls a time within a minute of now "now", and a due time reached "due since"', () => {
    expect(rotateSummary(report({ nextDueAt: NOW + 59_000 }, { due: undefined }))).toContain('- **Next rotation due:** 2026-11-30 12:00 UTC (now);');
    expect(rotateSummary(report({ nextDueAt: NOW + 60_000 }, { due: undefined }))).toContain('- **Next rotation due:** 2026-11-30 12:01 UTC (in 1m);');
    expect(rotateSummary(report({ nextDueAt: NOW }, { due: undefined }))).toContain('- **Rotation due since:** 2026-11-30 12:00 UTC (now)\n');
  });

  it('a dry run that would not rotate lists the keys it keeps, the held one without a deletion time', () => {
    const text = rotateSummary(report({ dryRun: true }, { due: undefined, keep: [{ key: OLD, reason: 'held by the secret' }] }));
    expect(text).toContain('### Would keep (1 key)');
    expect(text).toContain('| `dof_v1_old` | `partner-deploy-aaaaaa` | held by the secret |  |');
  });

  it('lists keys that could not be deleted', () => {
    const text = rotateSummary(report({ rotated: true, newKey: NEW, undeleted: [{ key: OLDER, reason: 'replaced 31d ago' }] }));
    expect(text).toContain('### Not deleted (1 key)\n\n| Key | Name | Why |\n| --- | --- | --- |\n| `dof_v1_older` |');
  });
});
