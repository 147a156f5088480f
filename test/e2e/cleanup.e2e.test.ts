// mode: cleanup end to end: the committed dist/ bundles run as the runner runs them, against the stateful fake.
// Ages are seeded relative to Date.now() (the fake's and the action's clock), so nothing waits for time to pass.
import { describe, expect, it } from 'vitest';
import type { FakeKey, NamespaceInfo } from '../fake/server.js';
import { e2eWorlds, tokenSecret, type World } from './leak.js';
import { DAY, HOUR, expectNoSecretsIn, keySeeder, reportValidator, runSweep } from './sweep.js';

const world = e2eWorlds();
const expectValid = reportValidator('cleanup');

interface Report {
  schema_version: number;
  generated_at: string;
  dry_run: boolean;
  namespaces: { id: string; label: string; keys: { id: string; name: string }[]; error?: string }[];
  keys: { namespace: string; key_id: string; key_name: string; action: string; reason_code: string; reason: string }[];
}

interface Estate {
  prod: NamespaceInfo;
  staging: NamespaceInfo;
  /** Keys cleanup must delete: prefixed, and expired or older than 12h. */
  doomed: FakeKey[];
  /** Keys it must keep: fresh prefixed keys, and any key without the prefix, however old or expired. */
  kept: FakeKey[];
}

function seed(w: World): Estate {
  const { fake } = w;
  const add = keySeeder(w);
  const prod = w.ns;
  const staging = fake.addNamespace({ label: 'staging', region: 'ams3', legacy: true });
  w.extraSecrets.push(tokenSecret(staging.key as string, 'legacy key of namespace staging'));
  const doomed = [
    add(prod, 'gha-acme-app-1-1-deploy-aaaaaa', 5 * HOUR, -HOUR), // expired
    add(prod, 'gha-acme-app-2-1-deploy-bbbbbb', 13 * HOUR, 11 * HOUR), // older than 12h
    add(staging, 'gha-acme-app-3-1-deploy-cccccc', 2 * DAY, null), // older than 12h, never expires
    add(staging, 'gha-acme-app-4-1-deploy-dddddd', 12 * HOUR + 10 * 60_000, -10 * 60_000), // both
  ];
  const kept = [
    add(prod, 'gha-acme-app-5-1-deploy-eeeeee', HOUR, 5 * HOUR), // fresh: its job may still run
    add(staging, 'gha-acme-app-6-1-deploy-ffffff', 11 * HOUR, HOUR), // just under 12h
    add(prod, 'manual-expired', 40 * DAY, -5 * DAY),
    add(prod, 'manual-forever', 200 * DAY, null),
    add(prod, 'deploy-gha-old', 30 * DAY, -DAY), // holds the prefix, but not at the start
    add(staging, 'GHA-upper-old', 30 * DAY, -DAY), // the prefix is case-sensitive
  ];
  return { prod, staging, doomed, kept };
}

async function start(): Promise<{ w: World; estate: Estate }> {
  const w = await world({ namespace: { label: 'prod', region: 'nyc1', legacy: false } });
  return { w, estate: seed(w) };
}

const cleanup = (w: World, inputs: Record<string, string>) => runSweep<Report>(w, 'cleanup', inputs);

const remaining = (w: World, estate: Estate) => [estate.prod, estate.staging].flatMap((ns) => w.fake.keys(ns.namespace)).map((k) => k.name).sort();
const names = (keys: FakeKey[]) => keys.map((k) => k.name).sort();
const actions = (report: Report) => Object.fromEntries(report.keys.map((k) => [k.key_name, k.action]));
const codes = (report: Report) => Object.fromEntries(report.keys.map((k) => [k.key_name, k.reason_code]));

describe('mode: cleanup', () => {
  it('deletes only prefixed keys that expired or are older than 12h, and says why for every key', async () => {
    const { w, estate } = await start();
    const { main, post, report, reportText } = await cleanup(w, {});
    expect(main.exitCode).toBe(0);
    expect(post.exitCode).toBe(0);

    expect(remaining(w, estate)).toEqual(names(estate.kept));
    const deletes = w.fake.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path).sort()).toEqual(estate.doomed.map((k) => `/v2/functions/namespaces/${k.namespace}/keys/${k.id}`).sort());
    expect(deletes.every((r) => r.status === 200)).toBe(true);
    expect(w.fake.requests.filter((r) => r.method !== 'DELETE').every((r) => r.method === 'GET')).toBe(true);

    expect(main.outputs.deleted).toBe('4');
    expectValid(report);
    expect(report.dry_run).toBe(false);
    expect(actions(report)).toEqual({
      ...Object.fromEntries(estate.doomed.map((k) => [k.name, 'deleted'])),
      ...Object.fromEntries(estate.kept.map((k) => [k.name, 'kept'])),
    });
    const reason = (name: string) => report.keys.find((k) => k.key_name === name)?.reason;
    expect(reason('gha-acme-app-1-1-deploy-aaaaaa')).toMatch(/^expired \(created 5h ago\)$/);
    expect(reason('gha-acme-app-2-1-deploy-bbbbbb')).toMatch(/^older than 12h \(created 13h ago\)$/);
    expect(reason('gha-acme-app-5-1-deploy-eeeeee')).toMatch(/may belong to a job still running/);
    expect(reason('manual-forever')).toMatch(/not made by this action/);
    expect(report.schema_version).toBe(2);
    expect(codes(report)).toEqual({
      'gha-acme-app-1-1-deploy-aaaaaa': 'expired',
      'gha-acme-app-2-1-deploy-bbbbbb': 'older-than-max-mint',
      'gha-acme-app-3-1-deploy-cccccc': 'older-than-max-mint',
      'gha-acme-app-4-1-deploy-dddddd': 'expired',
      'gha-acme-app-5-1-deploy-eeeeee': 'may-be-running',
      'gha-acme-app-6-1-deploy-ffffff': 'may-be-running',
      'manual-expired': 'not-made-by-action',
      'manual-forever': 'not-made-by-action',
      'deploy-gha-old': 'not-made-by-action',
      'GHA-upper-old': 'not-made-by-action',
    });
    // The report lists the namespaces as they were before the cleanup.
    expect(report.namespaces.flatMap((ns) => ns.keys)).toHaveLength(10);

    for (const key of estate.doomed) expect(main.maskedLog).toContain(`Deleted ${key.name} (${key.id})`);
    expect(main.maskedLog).toMatch(/Deleted 4 keys, kept 6\./);

    const summary = main.summary;
    expect(summary).toContain('**🗑️ 4 deleted · ✋ 6 kept · ❌ 0 failed** of 10 keys in 2 namespaces');
    expect(summary).toContain('### 🗑️ Deleted (4)');
    expect(summary).toContain('#### Expired: 2 keys');
    expect(summary).toContain('#### Older than 12h: 2 keys');
    expect(summary).toContain('### ✋ Kept (6)');
    expect(summary).toContain('#### Not made by this action (name does not start with `key-prefix`): 4 keys');
    expect(summary).toContain('#### May belong to a job still running: 2 keys');
    for (const key of [...estate.doomed, ...estate.kept]) expect(summary).toContain(`| ${key.name} | \`${key.id}\` |`);

    expectNoSecretsIn(w, reportText, 'the report');
  });

  it('dry-run deletes nothing (no DELETE sent) and lists what it would delete', async () => {
    const { w, estate } = await start();
    const { main, report, reportText } = await cleanup(w, { 'dry-run': 'true' });
    expect(main.exitCode).toBe(0);
    expect(w.fake.count({ method: 'DELETE' })).toBe(0);
    expect(w.fake.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(remaining(w, estate)).toEqual(names([...estate.doomed, ...estate.kept]));

    expect(main.outputs.deleted).toBe('0');
    expectValid(report);
    expect(report.dry_run).toBe(true);
    expect(actions(report)).toEqual({
      ...Object.fromEntries(estate.doomed.map((k) => [k.name, 'would-delete'])),
      ...Object.fromEntries(estate.kept.map((k) => [k.name, 'kept'])),
    });
    expect(main.maskedLog).toMatch(/Dry run: would delete 4 keys, keeps 6\./);
    expect(main.maskedLog).not.toMatch(/^Deleted /m);

    const summary = main.summary;
    expect(summary.split('\n')[0]).toContain('(dry run)');
    expect(summary).toContain('**🔎 4 would be deleted · ✋ 6 kept**');
    expect(summary).toContain('### 🔎 Would delete (dry run) (4)');
    expect(summary).toContain('nothing was deleted');
    for (const key of estate.doomed) expect(summary).toContain(`| ${key.name} | \`${key.id}\` |`);
    expect(summary).not.toContain('### 🗑️ Deleted');
    expectNoSecretsIn(w, reportText, 'the report');
  });

  it('follows key-prefix and a namespace list', async () => {
    const { w, estate } = await start();
    const ci = w.fake.addKey(estate.prod.namespace, { name: 'ci-old', createdAt: new Date(Date.now() - 2 * DAY).toISOString(), expiresAt: null });
    const { main, report } = await cleanup(w, { namespace: 'prod', 'key-prefix': 'ci-' });
    expect(main.exitCode).toBe(0);
    expect(main.outputs.deleted).toBe('1');
    expect(w.fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/v2/functions/namespaces/${estate.prod.namespace}/keys/${ci.id}`]);
    // gha- keys are not this run's business now; staging was not even listed.
    expect(w.fake.keys(estate.prod.namespace).some((k) => k.name === 'gha-acme-app-1-1-deploy-aaaaaa')).toBe(true);
    expect(w.fake.count({ path: `/v2/functions/namespaces/${estate.staging.namespace}/keys` })).toBe(0);
    expect(report.namespaces.map((ns) => ns.label)).toEqual(['prod']);
    expectValid(report);
  });

  it('reports a key it could not delete and a namespace that 404s, fails the step, and deletes the rest', async () => {
    const { w, estate } = await start();
    const [stuck] = estate.doomed;
    w.fake.inject({ method: 'DELETE', path: `/v2/functions/namespaces/${stuck?.namespace}/keys/${stuck?.id}`, status: 403 });
    w.fake.inject({ method: 'GET', path: `/v2/functions/namespaces/${estate.staging.namespace}/keys`, status: 404 });
    const { main, report } = await cleanup(w, {});
    expect(main.exitCode).toBe(1);
    expectValid(report);
    // prod's other doomed key went; staging was skipped, so its keys all remain.
    expect(main.outputs.deleted).toBe('1');
    expect(w.fake.keys(estate.prod.namespace).map((k) => k.name)).toContain(stuck?.name);
    expect(w.fake.keys(estate.prod.namespace).map((k) => k.name)).not.toContain('gha-acme-app-2-1-deploy-bbbbbb');
    expect(w.fake.keys(estate.staging.namespace)).toHaveLength(4);
    expect(actions(report)[stuck?.name as string]).toBe('failed');
    expect(codes(report)[stuck?.name as string]).toBe('delete-failed');
    expect(report.keys.find((k) => k.key_name === stuck?.name)?.reason).toMatch(/^could not delete: 403 forbidden/);
    expect(report.namespaces.find((ns) => ns.id === estate.staging.namespace)?.error).toMatch(/404/);
    expect(main.annotations.some((a) => a.level === 'warning' && /staging.*skipped.*404/.test(a.message))).toBe(true);
    expect(main.annotations.some((a) => a.level === 'error' && a.message.includes(`Could not delete ${stuck?.name}`))).toBe(true);
    expect(main.annotations.some((a) => a.level === 'error' && /1 keys could not be deleted/.test(a.message))).toBe(true);
    expect(main.summary).toContain('### ❌ Could not delete (1)');
    expect(main.summary).toContain('#### Could not delete: 1 key');
    expect(main.summary).toContain('### ⚠️ Namespaces skipped (1)');
  });
});
