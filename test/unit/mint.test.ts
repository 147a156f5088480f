// Mint mode through runMain and post through runPost, as the runner calls them, with a recording core, the fake
// DigitalOcean over loopback and a virtual clock shared by both (the fake stamps expiry with it).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/api/clock.js';
import { runMain } from '../../src/run-main.js';
import { runPost } from '../../src/run-post.js';
import { virtualClock } from '../fake/clock.js';
import { openConnections } from '../fake/sockets.js';
import { FakeDigitalOcean, type FakeOptions, type NamespaceInfo } from '../fake/server.js';
import { type Recorded, recordingCore } from './core.js';

const T0 = Date.parse('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;

describe('mint and post', () => {
  let fake: FakeDigitalOcean;
  let ns: NamespaceInfo;
  let clock: Clock;

  async function start(options: FakeOptions = {}) {
    clock = virtualClock(T0).clock;
    fake = await FakeDigitalOcean.start({ rateLimit: false, now: clock.now, ...options });
    ns = fake.addNamespace({ label: 'prod', region: 'nyc1' });
  }
  beforeEach(() => start());
  afterEach(() => fake.close());

  const inputs = (extra: Record<string, string> = {}) => ({ token: fake.token, namespace: ns.namespace, 'api-url': fake.url, ...extra });
  async function main(extra: Record<string, string> = {}, env: Record<string, string> = {}): Promise<Recorded> {
    const record = recordingCore(inputs(extra));
    await runMain({ core: record.core, env, clock });
    return record;
  }
  async function post(mainRecord: Recorded, extra: Record<string, string> = {}): Promise<Recorded> {
    const record = recordingCore(inputs(extra), mainRecord.saved);
    await runPost({ core: record.core, env: {}, clock });
    return record;
  }
  const requests = () => fake.requests.map((r) => `${r.method} ${r.path.replace(ns.namespace, '{ns}').replace(/dof_v1_\w+/, '{key}')}`);

  it('hands out a one-hour key, masked before anything is printed, and post deletes it', async () => {
    const record = await main({ 'key-name': 'deploy' });
    expect(record.failed).toEqual([]);
    const [key] = fake.keys(ns.namespace);
    const pair = `${key!.id}:${key!.secret}`;
    expect(key!.name).toMatch(/^deploy-[0-9a-f]{6}$/);
    expect(key!.expires_at).toBe('2026-06-01T13:00:00Z');
    expect(record.outputs).toEqual({
      'key-id': key!.id,
      secret: key!.secret,
      'access-key': pair,
      'expires-at': '2026-06-01T13:00:00Z',
      'api-host': fake.url,
      namespace: ns.namespace,
    });
    expect(record.env).toEqual({
      DO_FUNCTIONS_ACCESS_KEY: pair,
      DO_FUNCTIONS_KEY_ID: key!.id,
      DO_FUNCTIONS_KEY_SECRET: key!.secret,
      DO_FUNCTIONS_API_HOST: fake.url,
      DO_FUNCTIONS_NAMESPACE: ns.namespace,
    });
    expect(record.saved).toEqual({ 'key-name': key!.name, namespace: ns.namespace, 'key-id': key!.id, 'expires-at': '2026-06-01T13:00:00Z' });
    // The token first, then the key's three forms, each before any line, output or export could show it.
    expect(record.secrets).toEqual([fake.token, key!.secret, pair, Buffer.from(pair).toString('base64')]);
    const firstShown = record.events.findIndex((event) => event.kind !== 'mask' && event.kind !== 'state');
    expect(record.events.slice(0, firstShown).filter((event) => event.kind === 'mask')).toHaveLength(4);
    expect(record.log('info')).toEqual([
      `Namespace prod (${ns.namespace}, nyc1), Functions API ${fake.url}`,
      `Created access key ${key!.name} (${key!.id}), expires 2026-06-01T13:00:00Z (in 1h).`,
      'Exported DO_FUNCTIONS_ACCESS_KEY, DO_FUNCTIONS_KEY_ID, DO_FUNCTIONS_KEY_SECRET, DO_FUNCTIONS_API_HOST, DO_FUNCTIONS_NAMESPACE to later steps.',
      'The post step deletes the key when the job ends.',
    ]);
    expect(requests().sort()).toEqual(['GET /v2/functions/namespaces/{ns}', 'POST /v2/functions/namespaces/{ns}/keys']);

    const after = await post(record);
    expect(after.failed).toEqual([]);
    expect(after.secrets).toEqual([fake.token]);
    expect(after.log()).toEqual([`Deleted access key ${key!.name} (${key!.id}) from namespace ${ns.namespace}.`]);
    expect(fake.keys(ns.namespace)).toEqual([]);
  });

  it('closes its connections when main and post end, so the runner need not wait for them', async () => {
    const record = await main();
    expect(await openConnections(fake, 500)).toBe(0);
    await post(record);
    expect(await openConnections(fake, 500)).toBe(0);
    expect(fake.keys(ns.namespace)).toEqual([]);
  });

  it('asks for the expiration given, and exports nothing with export-env false', async () => {
    const record = await main({ expiration: '12h', 'export-env': 'false' });
    const [key] = fake.keys(ns.namespace);
    expect(fake.requests.find((r) => r.method === 'POST')!.body).toMatchObject({ expires_in: '12h' });
    expect(record.outputs['expires-at']).toBe('2026-06-02T00:00:00Z');
    expect(record.outputs['key-id']).toBe(key!.id);
    expect(record.env).toEqual({});
    expect(record.log().some((line) => line.startsWith('Exported'))).toBe(false);
  });

  it('finds a namespace by its label with one list request, then creates the key there', async () => {
    fake.addNamespace({ label: 'staging' });
    const record = await main({ namespace: 'prod' });
    expect(record.failed).toEqual([]);
    expect(requests()).toEqual(['GET /v2/functions/namespaces', 'POST /v2/functions/namespaces/{ns}/keys']);
    expect(record.outputs.namespace).toBe(ns.namespace);
    expect(record.saved.namespace).toBe(ns.namespace);
  });

  it('refuses a label that several namespaces have, naming them, and makes no key', async () => {
    const twin = fake.addNamespace({ label: 'prod' });
    const record = await main({ namespace: 'prod' });
    expect(record.failed).toEqual([
      `functions-access-key: Several namespaces are labelled "prod" (${ns.namespace}, ${twin.namespace}): set \`namespace\` to the ID of the one you mean.`,
    ]);
    expect(requests()).toEqual(['GET /v2/functions/namespaces']);
  });

  it('refuses an unknown label, listing the labels the account has (or none)', async () => {
    fake.addNamespace({ label: 'staging' });
    const record = await main({ namespace: 'prdo' });
    expect(record.failed[0]).toContain(`No namespace is labelled "prdo". The token's account has: "prod" (${ns.namespace}), "staging" (`);
    const empty = await FakeDigitalOcean.start({ rateLimit: false });
    try {
      const record2 = recordingCore({ token: empty.token, namespace: 'prod', 'api-url': empty.url });
      await runMain({ core: record2.core, env: {}, clock });
      expect(record2.failed[0]).toContain("The token's account has: none.");
    } finally {
      await empty.close();
    }
  });

  it.each([
    ['ignores expires_in', { ignoreExpiresIn: true }, 'with no expiry, although 1h was asked for'],
    ['adds a second past the allowed skew', { expiryOverride: () => new Date(T0 + HOUR + 5 * 60_000 + 1000).toISOString() }, 'with expiry 2026-06-01T13:05:01Z, although 1h was asked for'],
  ])('fails closed when the server %s: the key is deleted at once and post has nothing left', async (_what, options, message) => {
    await fake.close();
    await start(options);
    const record = await main();
    const created = fake.requests.find((r) => r.method === 'POST');
    expect(created).toBeDefined();
    expect(record.failed).toHaveLength(1);
    expect(record.failed[0]).toContain(message);
    expect(record.failed[0]).toMatch(/the key is deleted\.$/);
    expect(record.outputs).toEqual({});
    expect(record.env).toEqual({});
    expect(fake.keys(ns.namespace)).toEqual([]);
    expect(record.saved.revoked).toBe('true');
    const from = fake.requests.length;
    const after = await post(record);
    expect(after.log()).toEqual([`Nothing to delete: the main step already deleted ${record.saved['key-id']} after it failed.`]);
    expect(fake.requests.length).toBe(from);
  });

  it('accepts an expiry up to five minutes past what was asked for (clock skew), to the second', async () => {
    await fake.close();
    await start({ expiryOverride: () => new Date(T0 + HOUR + 5 * 60_000).toISOString() });
    const record = await main();
    expect(record.failed).toEqual([]);
    expect(record.outputs['expires-at']).toBe('2026-06-01T13:05:00Z');
  });

  it('deletes the key when the namespace cannot be read, though the create went through', async () => {
    fake.inject({ method: 'GET', path: `/v2/functions/namespaces/${ns.namespace}`, status: 403 });
    const record = await main();
    expect(record.failed).toEqual([expect.stringMatching(/403 forbidden.*The token needs the `function:admin` scope/)]);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(fake.keys(ns.namespace)).toEqual([]);
    expect(record.saved.revoked).toBe('true');
  });

  it('a refused create leaves post nothing to look for', async () => {
    fake.inject({ method: 'POST', status: 422 });
    const record = await main();
    expect(record.failed[0]).toContain('422');
    expect(record.saved['key-name']).toBe('');
    expect(record.saved.revoked).toBeUndefined();
    expect(record.log('warning')).toEqual([]);
    const from = fake.requests.length;
    const after = await post(record);
    expect(after.log()).toEqual(['Nothing to delete: the main step did not start creating a key.']);
    expect(fake.requests.length).toBe(from);
  });

  it('a create that failed ambiguously is looked up by name and nothing is left', async () => {
    fake.inject({ method: 'POST', status: 503, times: Infinity });
    const record = await main();
    expect(record.failed[0]).toContain('gave up after 6 attempts');
    expect(record.log('info').filter((line) => line.includes('; retrying in '))).toHaveLength(5);
    expect(record.saved['key-name']).toMatch(/^gha-/);
    expect(record.saved.revoked).toBe('true');
    expect(record.log('info')).toContain(`No key named ${record.saved['key-name']} exists: nothing to delete.`);
  });

  it('when main cannot delete the key it made, it warns and leaves it to post', async () => {
    await fake.close();
    await start({ ignoreExpiresIn: true });
    fake.inject({ method: 'DELETE', status: 403, times: Infinity });
    const record = await main();
    expect(record.failed[0]).toContain('with no expiry');
    expect(record.log('warning')).toEqual([expect.stringMatching(/^Could not delete access key dof_v1_\w+ in namespace fn-.*403 forbidden.* The post step will try again\.$/)]);
    expect(record.saved.revoked).toBeUndefined();
    fake.clearFaults();
    const after = await post(record);
    expect(after.failed).toEqual([]);
    expect(fake.keys(ns.namespace)).toEqual([]);
  });

  it('fails on bad input before any request, and never throws', async () => {
    const record = await main({ expiration: '2d' });
    expect(record.failed).toEqual([expect.stringMatching(/^functions-access-key: input `expiration`: `2d` is outside 1h to 12h/)]);
    expect(fake.requests).toEqual([]);
    expect(record.secrets).toEqual([fake.token]);
  });

  it('masks DIGITALOCEAN_ACCESS_TOKEN first when it is the token', async () => {
    const record = recordingCore({ namespace: ns.namespace, 'api-url': fake.url });
    await runMain({ core: record.core, env: { DIGITALOCEAN_ACCESS_TOKEN: fake.token }, clock });
    expect(record.events[0]).toEqual({ kind: 'mask', value: fake.token });
    expect(record.failed).toEqual([]);
  });

  describe('connect-doctl', () => {
    // Made in a hook, not when the file is collected: a run that selects none of these tests (Stryker's, per
    // mutant) runs no afterAll either, and would leave the directory behind.
    let bin: string;
    beforeAll(() => {
      bin = mkdtempSync(join(tmpdir(), 'fak-mint-doctl-'));
    });
    afterAll(() => rmSync(bin, { recursive: true, force: true }));

    function doctl(code: number): { path: string; args: () => string[] } {
      const dir = mkdtempSync(join(bin, 'd-'));
      const args = join(dir, 'args');
      writeFileSync(join(dir, 'doctl'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${args}'\necho connected\nexit ${code}\n`);
      chmodSync(join(dir, 'doctl'), 0o755);
      return { path: dir, args: () => readFileSync(args, 'utf8').split('\n').slice(0, -1) };
    }

    it('connects doctl with the new key before any output', async () => {
      const fakeDoctl = doctl(0);
      const record = await main({ 'connect-doctl': 'true' }, { PATH: fakeDoctl.path });
      expect(record.failed).toEqual([]);
      const [key] = fake.keys(ns.namespace);
      expect(fakeDoctl.args()).toEqual(['serverless', 'connect', ns.namespace, '--access-key', `${key!.id}:${key!.secret}`, '--api-url', fake.url]);
      const connected = record.events.findIndex((event) => event.value === `doctl is connected to ${ns.namespace} with the new key.`);
      expect(record.events.findIndex((event) => event.value === 'doctl: connected')).toBeLessThan(connected);
      expect(record.events.findIndex((event) => event.kind === 'output')).toBeGreaterThan(connected);
    });

    it('deletes the key and hands out nothing when doctl fails', async () => {
      const record = await main({ 'connect-doctl': 'true' }, { PATH: doctl(2).path });
      expect(record.failed).toEqual(['functions-access-key: doctl serverless connect exited with 2; see its output above.']);
      expect(record.outputs).toEqual({});
      expect(fake.keys(ns.namespace)).toEqual([]);
    });

    it('fails before any request when doctl is missing', async () => {
      const record = await main({ 'connect-doctl': 'true' }, { PATH: bin });
      expect(record.failed[0]).toContain('doctl is not on PATH');
      expect(fake.requests).toEqual([]);
    });
  });

  describe('post', () => {
    const saved = (state: Record<string, string>) => ({ saved: state }) as unknown as Recorded;

    it('says why it does nothing: main never started a key, or the mode makes none', async () => {
      expect((await post(saved({}))).log()).toEqual(['Nothing to delete: the main step did not start creating a key.']);
      expect((await post(saved({}), { mode: 'audit' })).log()).toEqual(['Nothing to delete: mode audit creates no key.']);
      expect((await post(saved({ 'key-name': 'gha-x', namespace: ns.namespace, revoked: 'true' }))).log()).toEqual([
        'Nothing to delete: the main step already deleted gha-x after it failed.',
      ]);
      expect(fake.requests).toEqual([]);
    });

    it('a key already gone is a notice, not a failure', async () => {
      const after = await post(saved({ 'key-name': 'gha-x', namespace: ns.namespace, 'key-id': 'dof_v1_gone' }));
      expect(after.failed).toEqual([]);
      expect(after.log('notice')).toEqual([`Access key dof_v1_gone was already gone from namespace ${ns.namespace}.`]);
    });

    it('finds a key main created but never recorded by its unique name', async () => {
      const key = fake.addKey(ns.namespace, { name: 'gha-x-abc123' });
      fake.addKey(ns.namespace, { name: 'gha-x-abc1234' });
      const after = await post(saved({ 'key-name': 'gha-x-abc123', namespace: ns.namespace }));
      expect(after.log()).toEqual([`Deleted key ${key.id} (gha-x-abc123), which main had created but not recorded.`]);
      expect(fake.keys(ns.namespace).map((k) => k.name)).toEqual(['gha-x-abc1234']);
    });

    it('fails loudly, with the command that deletes the key by hand, when the key cannot be deleted', async () => {
      fake.inject({ method: 'DELETE', status: 403, times: Infinity });
      const after = await post(saved({ 'key-name': 'gha-x', namespace: ns.namespace, 'key-id': 'dof_v1_k', 'expires-at': '2026-06-01T13:00:00Z' }));
      expect(after.failed).toHaveLength(1);
      expect(after.failed[0]).toMatch(/^functions-access-key: Could not delete access key dof_v1_k in namespace fn-[^:]+: DELETE .* 403 forbidden/);
      expect(after.failed[0]).toContain(
        `It stays usable until 2026-06-01T13:00:00Z: delete it now in the control panel or with \`doctl serverless key delete dof_v1_k --namespace ${ns.namespace} --force\`.`,
      );
    });

    it('without the key ID, tells how to find the key by name', async () => {
      fake.inject({ method: 'GET', status: 403, times: Infinity });
      const after = await post(saved({ 'key-name': 'gha-x', namespace: ns.namespace }));
      expect(after.failed[0]).toContain('Could not delete access key gha-x in namespace');
      expect(after.failed[0]).toContain(
        `It stays usable until it is deleted: delete it now in the control panel or with \`doctl serverless key list --namespace ${ns.namespace}\` to find the key named gha-x, then \`doctl serverless key delete <id> --namespace ${ns.namespace} --force\`.`,
      );
    });

    it('only warns when a key it cannot delete has expired anyway, to the millisecond', async () => {
      // 403: not retried, so no virtual time passes before the check.
      fake.inject({ method: 'DELETE', status: 403 });
      const expiredNow = new Date(T0).toISOString();
      const after = await post(saved({ 'key-name': 'gha-x', namespace: ns.namespace, 'key-id': 'dof_v1_k', 'expires-at': expiredNow }));
      expect(after.failed).toEqual([]);
      expect(after.log('warning')).toEqual([expect.stringMatching(new RegExp(`^Could not delete access key dof_v1_k in namespace fn-\\S+, but it expired at ${expiredNow} and no longer works: DELETE`))]);
      fake.inject({ method: 'DELETE', status: 403 });
      const later = new Date(T0 + 1).toISOString();
      const failing = await post(saved({ 'key-name': 'gha-x', namespace: ns.namespace, 'key-id': 'dof_v1_k', 'expires-at': later }));
      expect(failing.failed).toHaveLength(1);
    });

    it('masks the token, from the environment too', async () => {
      const key = fake.addKey(ns.namespace, { name: 'gha-x' });
      const record = recordingCore({ 'api-url': fake.url }, { 'key-name': 'gha-x', namespace: ns.namespace, 'key-id': key.id });
      await runPost({ core: record.core, env: { DIGITALOCEAN_ACCESS_TOKEN: fake.token }, clock });
      expect(record.events[0]).toEqual({ kind: 'mask', value: fake.token });
      expect(record.failed).toEqual([]);
      expect(fake.keys(ns.namespace)).toEqual([]);
    });

    it('checks its inputs like main does', async () => {
      const record = recordingCore({ token: fake.token, 'api-url': 'http://example.test' }, { 'key-name': 'gha-x', namespace: ns.namespace, 'key-id': 'k' });
      await runPost({ core: record.core, env: {}, clock });
      expect(record.failed).toEqual([expect.stringContaining('input `api-url`: `http://example.test` would send credentials in clear text')]);
      expect(fake.requests).toEqual([]);
    });
  });
});
