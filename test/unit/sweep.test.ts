// Audit and cleanup through runMain, as the runner starts them: a recording core, the fake DigitalOcean over
// loopback, and a virtual clock shared by both, so key ages are exact and pacing costs no real time.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/api/clock.js';
import { runMain } from '../../src/run-main.js';
import { mapConcurrently } from '../../src/audit/survey.js';
import { virtualClock } from '../fake/clock.js';
import { openConnections } from '../fake/sockets.js';
import { FakeDigitalOcean, type NamespaceInfo } from '../fake/server.js';
import { type Recorded, recordingCore } from './core.js';

const T0 = Date.parse('2026-06-01T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const temp = mkdtempSync(join(tmpdir(), 'fak-sweep-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface CleanupReport {
  dry_run: boolean;
  namespaces: { id: string; error?: string }[];
  keys: { namespace: string; key_id: string; key_name: string; action: string; reason: string }[];
}

describe('audit and cleanup', () => {
  let fake: FakeDigitalOcean;
  let prod: NamespaceInfo;
  let staging: NamespaceInfo;
  let clock: Clock;

  beforeEach(async () => {
    clock = virtualClock(T0).clock;
    fake = await FakeDigitalOcean.start({ rateLimit: false, now: clock.now });
    prod = fake.addNamespace({ label: 'prod', region: 'nyc1', legacy: false });
    staging = fake.addNamespace({ label: 'staging', region: 'ams3', legacy: true });
  });
  afterEach(() => fake.close());

  const add = (ns: NamespaceInfo, name: string, age: number, expiresIn: number | null) =>
    fake.addKey(ns.namespace, { name, createdAt: new Date(T0 - age).toISOString(), expiresAt: expiresIn === null ? null : new Date(T0 + expiresIn).toISOString() });

  async function run(mode: 'audit' | 'cleanup', inputs: Record<string, string> = {}, env: Record<string, string> = { RUNNER_TEMP: temp }): Promise<Recorded> {
    const record = recordingCore({ mode, token: fake.token, 'api-url': fake.url, ...inputs });
    await runMain({ core: record.core, env, clock });
    return record;
  }
  const report = <R>(record: Recorded): R => JSON.parse(readFileSync(record.outputs.report!, 'utf8')) as R;
  const remaining = () => [prod, staging].flatMap((ns) => fake.keys(ns.namespace)).map((key) => key.name).sort();

  describe('cleanup', () => {
    function seed() {
      return {
        doomed: [
          add(prod, 'gha-expired', 5 * HOUR, -HOUR),
          add(prod, 'gha-old', 12 * HOUR + MIN, 11 * HOUR),
          add(staging, 'gha-old-and-expired', 13 * HOUR, -MIN),
          add(staging, 'gha-expired-this-instant', HOUR, 0),
        ],
        kept: [
          add(prod, 'gha-fresh', HOUR, 5 * HOUR),
          add(prod, 'gha-under-12h', 12 * HOUR - MIN, HOUR),
          add(prod, 'manual-expired', 40 * DAY, -5 * DAY),
          add(staging, 'deploy-gha-old', 30 * DAY, -DAY),
        ],
      };
    }

    it('deletes only prefixed keys that expired or are older than 12h, and says why for each key', async () => {
      const { doomed, kept } = seed();
      const record = await run('cleanup');
      expect(record.failed).toEqual([]);
      expect(remaining()).toEqual(kept.map((key) => key.name).sort());
      expect(record.outputs.deleted).toBe('4');
      const entries = Object.fromEntries(report<CleanupReport>(record).keys.map((entry) => [entry.key_name, `${entry.action}: ${entry.reason}`]));
      expect(entries).toEqual({
        'gha-expired': 'deleted: expired (created 5h ago)',
        'gha-old': 'deleted: older than 12h (created 12h 1m ago)',
        'gha-old-and-expired': 'deleted: expired (created 13h ago)',
        'gha-expired-this-instant': 'deleted: expired (created 1h ago)',
        'gha-fresh': 'kept: created 1h ago: may belong to a job still running',
        'gha-under-12h': 'kept: created 11h 59m ago: may belong to a job still running',
        'manual-expired': 'kept: not made by this action (name does not start with gha-)',
        'deploy-gha-old': 'kept: not made by this action (name does not start with gha-)',
      });
      expect(record.log('info')).toContain(`Deleted ${doomed[0]!.name} (${doomed[0]!.id}) from ${prod.namespace}: expired (created 5h ago).`);
      expect(record.log('info').at(-1)).toBe(`Deleted 4 keys, kept 4. Report: ${record.outputs.report}`);
      expect(record.summary).toContain('## 🧹 Functions access key cleanup');
      expect(record.outputs.report).toMatch(new RegExp(`^${temp}/functions-access-key-cleanup-[0-9a-f]{8}\\.json$`));
      expect(record.log('warning')).toEqual([]);
      expect(await openConnections(fake, 500)).toBe(0);
    });

    it('in a dry run deletes nothing and says what it would delete', async () => {
      seed();
      const record = await run('cleanup', { 'dry-run': 'true' });
      expect(fake.requests.every((r) => r.method === 'GET')).toBe(true);
      expect(remaining()).toHaveLength(8);
      expect(record.outputs.deleted).toBe('0');
      const written = report<CleanupReport>(record);
      expect(written.dry_run).toBe(true);
      expect(written.keys.filter((entry) => entry.action === 'would-delete')).toHaveLength(4);
      expect(record.log('info').at(-1)).toBe(`Dry run: would delete 4 keys, keeps 4. Report: ${record.outputs.report}`);
    });

    it('uses the key prefix given', async () => {
      add(prod, 'ci-old', DAY, null);
      add(prod, 'gha-old', DAY, null);
      const record = await run('cleanup', { 'key-prefix': 'ci-' });
      expect(remaining()).toEqual(['gha-old']);
      expect(record.log('info').at(-1)).toMatch(/^Deleted 1 key, kept 1\./);
    });

    it('a key that cannot be deleted fails the run after the others are done; one already gone does not', async () => {
      const stuck = add(prod, 'gha-stuck', DAY, null);
      const gone = add(prod, 'gha-gone', DAY, null);
      add(staging, 'gha-fine', DAY, null);
      fake.inject({ method: 'DELETE', path: `/v2/functions/namespaces/${prod.namespace}/keys/${stuck.id}`, status: 403 });
      fake.inject({ method: 'DELETE', path: `/v2/functions/namespaces/${prod.namespace}/keys/${gone.id}`, status: 404 });
      const record = await run('cleanup');
      expect(record.failed).toEqual(['functions-access-key: 1 keys could not be deleted (see the errors above); run cleanup again.']);
      expect(record.log('error')).toEqual([expect.stringMatching(new RegExp(`^Could not delete gha-stuck \\(${stuck.id}\\) from ${prod.namespace}: DELETE .*403 forbidden`))]);
      expect(record.log('info')).toContain(`Deleted gha-gone (${gone.id}) from ${prod.namespace}: older than 12h (created 24h ago) (it was already gone).`);
      const entries = report<CleanupReport>(record).keys;
      expect(entries.find((entry) => entry.key_name === 'gha-stuck')).toMatchObject({ action: 'failed', reason: expect.stringMatching(/^could not delete: 403 forbidden/) });
      expect(record.outputs.deleted).toBe('2');
      // (The injected 404 stands for a key deleted between the list and the delete; the fake still holds it.)
      expect(remaining()).toEqual(['gha-gone', 'gha-stuck']);
    });

    it('warns about requested namespaces it cannot find or list, and goes on with the rest', async () => {
      add(staging, 'gha-old', DAY, null);
      fake.inject({ method: 'GET', path: `/v2/functions/namespaces/${prod.namespace}/keys`, status: 404 });
      const record = await run('cleanup', { namespace: `prod, staging, nowhere` });
      expect(record.log('warning')).toEqual([
        "No such namespace in the token's account: nowhere",
        expect.stringMatching(new RegExp(`^Namespace prod \\(${prod.namespace}\\) skipped: GET .*404`)),
      ]);
      expect(record.failed).toEqual([]);
      expect(remaining()).toEqual([]);
      expect(report<CleanupReport>(record).namespaces.find((ns) => ns.id === prod.namespace)!.error).toMatch(/404/);
    });

    it('finds requested namespaces by ID, and names a missing one by its ID', async () => {
      add(prod, 'gha-old', DAY, null);
      add(staging, 'gha-old-too', DAY, null);
      const unknown = 'fn-00000000-0000-4000-8000-000000000000';
      const record = await run('cleanup', { namespace: `${prod.namespace}, ${unknown}` });
      expect(record.log('warning')).toEqual([`No such namespace in the token's account: ${unknown}`]);
      expect(remaining()).toEqual(['gha-old-too']);
    });

    it('pauses every request when DigitalOcean says the rate limit is spent, and says so', async () => {
      add(prod, 'gha-old', DAY, null);
      fake.inject({ method: 'GET', path: '/v2/functions/namespaces', status: 429, headers: { 'retry-after': '2' } });
      const record = await run('cleanup');
      expect(record.log('info')).toContain('Rate limited (another client may share the token): pausing all requests for 2s.');
      expect(remaining()).toEqual([]);
    });

    it('surveys a namespace named twice (by label and by ID) once', async () => {
      add(prod, 'gha-old', DAY, null);
      const record = await run('cleanup', { namespace: `prod\n${prod.namespace}` });
      expect(report<CleanupReport>(record).namespaces.map((ns) => ns.id)).toEqual([prod.namespace]);
      expect(record.outputs.deleted).toBe('1');
      expect(fake.requests.filter((r) => r.path.endsWith('/keys'))).toHaveLength(1);
    });

    it('writes its report to the system temp directory without RUNNER_TEMP', async () => {
      const record = await run('cleanup', {}, {});
      expect(record.outputs.report!.startsWith(tmpdir())).toBe(true);
      rmSync(record.outputs.report!);
    });
  });

  describe('audit', () => {
    it('reports each finding as an annotation of its severity, writes the report and summary, and fails on errors', async () => {
      add(prod, 'forever', 10 * DAY, null);
      add(prod, 'healthy', DAY, 60 * DAY);
      add(staging, 'retired', 40 * DAY, -5 * DAY);
      const record = await run('audit', { namespace: 'prod, staging, nowhere' });
      const written = report<{ findings: { rule: string; severity: string }[] }>(record);
      expect(written.findings.map((finding) => `${finding.severity} ${finding.rule}`)).toEqual([
        'error never-expires',
        'warning legacy-credentials',
        'notice expired',
        'error namespace-unavailable',
      ]);
      expect(record.outputs.findings).toBe('4');
      expect(record.lines.filter((line) => line.level !== 'info').map((line) => `${line.level} ${line.title}`)).toEqual([
        'error never-expires',
        'warning legacy-credentials',
        'notice expired',
        'error namespace-unavailable',
      ]);
      expect(record.lines.find((line) => line.title === 'namespace-unavailable')!.message).toBe("No namespace nowhere in the token's account.");
      expect(record.log('info')).toEqual([`Audited 3 keys in 2 namespaces: 4 findings. Report: ${record.outputs.report}`]);
      expect(record.summary).toContain('## 🔑 Functions access key audit');
      expect(record.outputs.report).toMatch(new RegExp(`^${temp}/functions-access-key-audit-[0-9a-f]{8}\\.json$`));
      expect(await openConnections(fake, 500)).toBe(0);
      expect(record.failed).toEqual(['functions-access-key: 2 findings at or above fail-on `error` (see the annotations and the job summary).']);
      expect(fake.requests.every((r) => r.method === 'GET')).toBe(true);
    });

    it.each([
      ['error', 0],
      ['warning', 1],
      ['never', 0],
    ])('with fail-on %s fails only at or above it', async (failOn, expected) => {
      add(staging, 'fine', DAY, 60 * DAY);
      add(prod, 'retired', DAY, -DAY);
      const record = await run('audit', { 'fail-on': failOn });
      // staging's legacy credential is a warning, the expired key a notice.
      expect(record.failed).toHaveLength(expected);
      if (expected) expect(record.failed[0]).toContain(`1 findings at or above fail-on \`${failOn}\``);
    });

    it('a notice is below fail-on warning', async () => {
      add(prod, 'retired', DAY, -DAY);
      const record = await run('audit', { namespace: 'prod', 'fail-on': 'warning' });
      expect(record.failed).toEqual([]);
      expect(record.outputs.findings).toBe('1');
    });
  });
});

describe('mapConcurrently', () => {
  it('runs at most `limit` calls at once and keeps the input order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3, 0, 6, 2, 1, 3], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60, 20, 10, 30]);
    expect(most).toBe(3);
    expect(await mapConcurrently([], 3, async () => 1)).toEqual([]);
  });
});
