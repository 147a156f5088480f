// The action's side of the broker: inputs, the client (fresh OIDC token per request, masking, errors), and main
// and post with `broker-url`, with a stand-in for @actions/core, the fake issuer, the committed broker bundle on
// loopback, and the DigitalOcean fake behind it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/api/clock.js';
import { systemClock } from '../../src/api/clock.js';
import { ActionError, InputError } from '../../src/errors.js';
import { readBroker, readMintOptions } from '../../src/inputs.js';
import { BrokerClient } from '../../src/modes/broker/client.js';
import { runMain } from '../../src/run-main.js';
import { runPost } from '../../src/run-post.js';
import type { Core } from '../../src/runner.js';
import { BrokerHost } from '../fake/broker.js';
import { FakeOidcIssuer } from '../fake/oidc.js';
import { FakeDigitalOcean, type NamespaceInfo } from '../fake/server.js';

const clock: Clock = { ...systemClock, sleep: async () => undefined };

interface Recorded {
  core: Core;
  secrets: string[];
  outputs: Record<string, string>;
  state: Record<string, string>;
  lines: string[];
  failed: string[];
}

/** @actions/core as main and post use it; getIDToken asks the fake issuer as the real one asks the runner. */
function fakeCore(inputs: Record<string, string>, issuer: FakeOidcIssuer | undefined, state: Record<string, string> = {}): Recorded {
  const r: Recorded = { secrets: [], outputs: {}, state: { ...state }, lines: [], failed: [] } as unknown as Recorded;
  const line = (text: string) => void r.lines.push(text);
  r.core = {
    getInput: (name: string) => inputs[name] ?? '',
    setSecret: (value: string) => void r.secrets.push(value),
    setOutput: (name: string, value: unknown) => void (r.outputs[name] = String(value)),
    exportVariable: () => undefined,
    saveState: (name: string, value: unknown) => void (r.state[name] = String(value)),
    getState: (name: string) => r.state[name] ?? '',
    debug: line,
    info: line,
    notice: line,
    warning: line,
    error: line,
    setFailed: (message: string | Error) => void r.failed.push(String(message)),
    getIDToken: async (audience?: string) => {
      if (!issuer) throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
      return issuer.sign(issuer.claims(audience));
    },
  } as unknown as Core;
  return r;
}

describe('readBroker', () => {
  const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

  it('is undefined without broker-url', () => {
    expect(readBroker(read({ token: 'x' }))).toBeUndefined();
  });

  it('takes an https URL without its trailing slash, and the default audience', () => {
    expect(readBroker(read({ 'broker-url': 'https://faas.example/api/v1/web/fn-1/functions-access-key/broker/' }))).toEqual({
      url: 'https://faas.example/api/v1/web/fn-1/functions-access-key/broker',
      audience: 'functions-access-key',
    });
    expect(readBroker(read({ 'broker-url': 'http://127.0.0.1:8080', audience: 'my-broker' }))).toEqual({ url: 'http://127.0.0.1:8080', audience: 'my-broker' });
  });

  it.each<[string, Record<string, string>, string]>([
    ['token', { token: 'dop_v1_x' }, 'input `token`: it cannot be combined with `broker-url`'],
    ['key-name', { 'key-name': 'mine' }, 'input `key-name`: the broker names the keys it mints'],
    ['audience', { audience: 'https://github.com/acme' }, "input `audience`: `https://github.com/acme` is not an audience the broker can require. Expected the broker's audience (default `functions-access-key`), not GitHub's default"],
    ['audience', { audience: 'two words' }, 'input `audience`: `two words` is not an audience'],
    ['audience', { audience: 'a'.repeat(256) }, 'input `audience`:'],
    ['broker-url', { 'broker-url': 'http://broker.example' }, 'input `broker-url`: `http://broker.example` would send credentials in clear text'],
  ])('refuses %s: %j', (input, extra, message) => {
    const error = (() => {
      try {
        readBroker(read({ 'broker-url': 'https://broker.example', ...extra }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as Error).message).toContain(message);
  });

  it('with mint: no token needed, and connect-doctl refused', () => {
    const options = readMintOptions(read({ 'broker-url': 'https://broker.example', namespace: 'widgets-prod' }), {});
    expect(options).toMatchObject({ token: '', broker: { url: 'https://broker.example' }, namespace: { label: 'widgets-prod' }, expiresIn: '1h' });
    expect(() => readMintOptions(read({ 'broker-url': 'https://broker.example', namespace: 'a', 'connect-doctl': 'true' }), {})).toThrow(
      'input `connect-doctl`: `doctl serverless connect` needs a DigitalOcean API token, and minting through `broker-url` has none',
    );
  });
});

describe('with a broker', () => {
  let fake: FakeDigitalOcean;
  let issuer: FakeOidcIssuer;
  let host: BrokerHost;
  let ns: NamespaceInfo;
  let env: Record<string, string>;

  beforeEach(async () => {
    fake = await FakeDigitalOcean.start({ rateLimit: false });
    ns = fake.addNamespace({ label: 'widgets-prod' });
    issuer = await FakeOidcIssuer.start();
    const policy = { rules: [{ namespaces: ['widgets-prod'], repository_id: '100200300', max_expiration: '2h' }] };
    host = await BrokerHost.start({ env: { DIGITALOCEAN_TOKEN: fake.token, BROKER_POLICY: JSON.stringify(policy), OIDC_ISSUER: issuer.url, API_URL: fake.url } });
    env = issuer.runnerEnv;
  });
  afterEach(async () => {
    await host.close();
    await issuer.close();
    await fake.close();
  });

  const client = (r: Recorded, environment = env, audience = 'functions-access-key') => new BrokerClient({ url: host.url, audience }, r.core, environment, clock);

  describe('BrokerClient', () => {
    it('mints with a fresh, masked token and masks the key in all three forms before returning it', async () => {
      const r = fakeCore({}, issuer);
      const { key, namespace } = await client(r).mint('widgets-prod', '2h');
      const [stored] = fake.keys(ns.namespace);
      expect(key).toEqual({ id: stored!.id, secret: stored!.secret, name: stored!.name, expires_at: stored!.expires_at, created_at: stored!.created_at });
      expect(namespace).toEqual({ namespace: ns.namespace, label: 'widgets-prod', region: 'nyc1', api_host: fake.url });
      const pair = `${stored!.id}:${stored!.secret}`;
      expect(r.secrets).toEqual([issuer.issued[0], stored!.secret, pair, Buffer.from(pair).toString('base64')]);
      expect(r.lines).toEqual([`Asking the broker ${host.url} for a 2h key in namespace widgets-prod with the job's OIDC token (audience functions-access-key).`]);
    });

    it("says how to grant id-token: write when the job has no OIDC token, before any request", async () => {
      const r = fakeCore({}, issuer);
      for (const partial of [{}, { ACTIONS_ID_TOKEN_REQUEST_URL: 'x' }, { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' }] as Record<string, string>[]) {
        const error = await client(r, partial).mint('widgets-prod', '1h').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ActionError);
        expect((error as Error).message).toBe(
          "Minting through `broker-url` needs the job's OIDC token, and this job cannot request one: add `permissions: id-token: write` to the job or the workflow (pull requests from forks never get one).",
        );
      }
      expect(host.events).toEqual([]);
      expect(issuer.issued).toEqual([]);
    });

    it('reports a token the runner would not give', async () => {
      await expect(client(fakeCore({}, undefined)).mint('widgets-prod', '1h')).rejects.toThrow("Could not get the job's OIDC token: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable");
    });

    it("passes on the broker's reason, without DigitalOcean's hints, and does not retry a mint", async () => {
      const error = await client(fakeCore({}, issuer), env, 'someone-else').mint('widgets-prod', '1h').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActionError);
      expect((error as Error).message).toMatch(/^The broker could not mint a key: 401 unauthorized: The OIDC token was refused: the token's audience is not `functions-access-key`.* \(request id [0-9a-f-]+\)$/);
      expect(host.events).toHaveLength(1);
    });

    // A broker that answers what a test says, played by the DigitalOcean fake's fault injection.
    const scripted = (r: Recorded) => new BrokerClient({ url: fake.url, audience: 'functions-access-key' }, r.core, env, clock);
    const KEY = { id: 'dof_v1_k', name: 'gha-k', secret: 'fn_secret_k', expires_at: null, created_at: '2026-01-01T00:00:00Z', namespace: 'fn-1', label: 'l', region: 'r', api_host: 'https://h' };

    it.each<[string, object | null, string[]]>([
      ['no body', null, []],
      ['another answer', { hello: 'world' }, []],
      ['no id', { ...KEY, id: undefined }, []],
      ['no secret', { ...KEY, secret: '' }, []],
      // Whatever else is wrong, a key and secret that came back are masked.
      ['no namespace', { ...KEY, namespace: 7 }, ['fn_secret_k', 'dof_v1_k:fn_secret_k', Buffer.from('dof_v1_k:fn_secret_k').toString('base64')]],
      ['no api_host', { ...KEY, api_host: undefined }, ['fn_secret_k', 'dof_v1_k:fn_secret_k', Buffer.from('dof_v1_k:fn_secret_k').toString('base64')]],
    ])('refuses an answer without a key: %s', async (_, body, masked) => {
      const r = fakeCore({}, issuer);
      fake.inject({ method: 'POST', path: '/keys', status: 201, body: body as object });
      await expect(scripted(r).mint('widgets-prod', '1h')).rejects.toThrow('The broker answered without a key (id, secret, namespace, api_host): is `broker-url` the broker?');
      expect(r.secrets).toEqual([issuer.issued[0], ...masked]);
    });

    it('passes on a key without expiry as such (main then refuses it)', async () => {
      fake.inject({ method: 'POST', path: '/keys', status: 201, body: KEY });
      const { key } = await scripted(fakeCore({}, issuer)).mint('widgets-prod', '1h');
      expect(key).toEqual({ id: 'dof_v1_k', name: 'gha-k', secret: 'fn_secret_k', expires_at: null, created_at: '2026-01-01T00:00:00Z' });
    });

    it('sends a mint once, whatever the answer; retries a delete, logged', async () => {
      const r = fakeCore({}, issuer);
      fake.inject({ method: 'POST', path: '/keys', status: 503, times: 3 });
      await expect(scripted(r).mint('widgets-prod', '1h')).rejects.toThrow(/^The broker could not mint a key: 503 server_error/);
      expect(fake.count({ method: 'POST', path: '/keys' })).toBe(1);
      fake.inject({ method: 'DELETE', path: '/keys/dof_v1_k', status: 503 });
      fake.inject({ method: 'DELETE', path: '/keys/dof_v1_k', status: 200, body: {} });
      expect(await scripted(r).deleteKey('fn-1', 'dof_v1_k')).toBe(true);
      expect(fake.count({ method: 'DELETE', path: '/keys/dof_v1_k' })).toBe(2);
      expect(r.lines.at(-1)).toMatch(/^DELETE \/keys\/dof_v1_k\?namespace=fn-1: 503 server_error: .*; retrying in \d\.\ds \(attempt 2 of 6\)$/);
    });

    it('deletes a key of this run; false once it is gone; an error for one of another run', async () => {
      const r = fakeCore({}, issuer);
      const { key } = await client(r).mint('widgets-prod', '1h');
      expect(await client(r).deleteKey(ns.namespace, key.id)).toBe(true);
      expect(fake.keys(ns.namespace)).toEqual([]);
      expect(await client(r).deleteKey(ns.namespace, key.id)).toBe(false);
      const other = fake.addKey(ns.namespace, { name: 'gha-other-1-1-deploy-abc123' });
      await expect(client(r).deleteKey(ns.namespace, other.id)).rejects.toThrow(/^The broker could not delete the key: 403 forbidden: Key dof_v1_\w+ was not minted by this broker/);
      expect(issuer.issued).toHaveLength(4);
    });

    it('never looks keys up by name', async () => {
      await expect(client(fakeCore({}, issuer)).deleteKeysNamed()).rejects.toThrow('The broker deletes keys by ID only.');
    });
  });

  describe('main and post', () => {
    const inputs = () => ({ 'broker-url': host.url, namespace: 'widgets-prod', expiration: '1h', 'export-env': 'true' });

    it('main mints and records only what post needs; post deletes through the broker', async () => {
      const main = fakeCore(inputs(), issuer);
      await runMain({ core: main.core, env, clock });
      expect(main.failed).toEqual([]);
      const [key] = fake.keys(ns.namespace);
      expect(main.state).toEqual({ broker: 'true', 'key-id': key!.id, namespace: ns.namespace, 'key-name': key!.name, 'expires-at': key!.expires_at });
      expect(main.outputs['access-key']).toBe(`${key!.id}:${key!.secret}`);

      const post = fakeCore(inputs(), issuer, main.state);
      await runPost({ core: post.core, env, clock });
      expect(post.failed).toEqual([]);
      expect(post.lines).toContain(`Deleted access key ${key!.name} (${key!.id}) from namespace ${ns.namespace}.`);
      expect(fake.keys(ns.namespace)).toEqual([]);
    });

    it('main checks the expiry itself, and has a broker that got it wrong delete the key at once', async () => {
      // A broker that answers a key living a day, played by the fake's fault injection.
      const key = { id: 'dof_v1_long', name: 'gha-x', secret: 'fn_secret_long', expires_at: new Date(Date.now() + 86_400_000).toISOString(), namespace: ns.namespace, label: 'widgets-prod', region: 'nyc1', api_host: fake.url };
      fake.inject({ method: 'POST', path: '/keys', status: 201, body: key });
      fake.inject({ method: 'DELETE', path: '/keys/dof_v1_long', status: 200, body: {} });
      const main = fakeCore({ ...inputs(), 'broker-url': fake.url }, issuer);
      await runMain({ core: main.core, env, clock });
      expect(main.failed[0]).toMatch(/^functions-access-key: DigitalOcean created key dof_v1_long with expiry \S+, although 1h was asked for\./);
      expect(main.outputs).toEqual({});
      expect(main.state).toMatchObject({ broker: 'true', 'key-id': 'dof_v1_long', revoked: 'true' });
      expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.query.namespace ?? ''}`)).toEqual(['POST /keys ', `DELETE /keys/dof_v1_long ${ns.namespace}`]);
      expect(fake.requests[1]!.headers.authorization).toBe(`Bearer ${issuer.issued[1]}`);
    });

    it('asks for the namespace by ID when given one', async () => {
      const main = fakeCore({ ...inputs(), namespace: ns.namespace.toUpperCase() }, issuer);
      await runMain({ core: main.core, env, clock });
      expect(main.failed).toEqual([]);
      expect(main.outputs.namespace).toBe(ns.namespace);
      expect(JSON.parse(String((host.events[0] as { http: { body: string } }).http.body))).toEqual({ namespace: ns.namespace, expiration: '1h' });
    });

    it('the broker refusing: main fails with its reason and there is nothing to delete', async () => {
      const main = fakeCore({ ...inputs(), expiration: '3h' }, issuer);
      await runMain({ core: main.core, env, clock });
      expect(main.failed).toEqual([expect.stringMatching(/^functions-access-key: The broker could not mint a key: 403 forbidden: Rule rule 1 grants namespace widgets-prod to this workflow for at most 2h, not 3h: ask for 2h or less\./)]);
      expect(main.state).toEqual({});
      const post = fakeCore(inputs(), issuer, main.state);
      await runPost({ core: post.core, env, clock });
      expect(post.lines).toEqual(['Nothing to delete: the main step did not start creating a key.']);
    });

    it('post fails with the key and its expiry when the broker cannot delete it', async () => {
      const main = fakeCore(inputs(), issuer);
      await runMain({ core: main.core, env, clock });
      const post = fakeCore(inputs(), issuer, main.state);
      await runPost({ core: post.core, env: {}, clock });
      expect(post.failed[0]).toMatch(/^functions-access-key: Could not delete access key dof_v1_\w+ in namespace fn-[\w-]+: Minting through `broker-url` needs the job's OIDC token.* It stays usable until \S+: delete it now/);
      expect(fake.keys(ns.namespace)).toHaveLength(1);
    });
  });
});
