// The rotation flow in-process over real HTTP to both fakes, on a virtual clock the fakes share: what is created,
// verified, stored and deleted; and what happens on each failure. Outputs and the summary are written however
// it ends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigitalOceanClient } from '../../../src/api/digitalocean.js';
import { verifyAccessKey } from '../../../src/api/functions.js';
import { Transport } from '../../../src/api/transport.js';
import { GitHubSecrets } from '../../../src/modes/rotate/github.js';
import { type RotateOptions, readRotateOptions } from '../../../src/modes/rotate/options.js';
import { type RotateDeps, type SecretStore, rotate } from '../../../src/modes/rotate/rotate.js';
import { virtualClock } from '../../fake/clock.js';
import { FakeSecrets } from '../../fake/github/secrets.js';
import { FakeGitHub } from '../../fake/github/server.js';
import { type FakeKey, FakeDigitalOcean, type NamespaceInfo } from '../../fake/server.js';
import { type Recorded, recordingCore } from './core.js';

const DAY = 86_400_000;
const NAME = 'DO_FUNCTIONS_ACCESS_KEY';
const REPO = { repo: 'acme/app' };

let clock: ReturnType<typeof virtualClock>;
let fake: FakeDigitalOcean;
let github: FakeGitHub;
let secrets: FakeSecrets;
let ns: NamespaceInfo;
let recorded: Recorded;
let transport: Transport;
let disposers: (() => void)[];

beforeEach(async () => {
  clock = virtualClock(Date.now());
  fake = await FakeDigitalOcean.start({ rateLimit: false, now: clock.clock.now });
  github = await FakeGitHub.start({ now: clock.clock.now });
  secrets = await FakeSecrets.attach(github);
  secrets.addRepository('acme/app');
  secrets.addOrganization('acme');
  github.addToken('ghs_t', { permissions: { secrets: 'write', organization_secrets: 'write' } });
  ns = fake.addNamespace({ label: 'widgets-prod', legacy: false });
  recorded = recordingCore();
  disposers = [];
});
afterEach(async () => {
  for (const dispose of disposers) dispose();
  await Promise.all([fake.close(), github.close()]);
});

function options(inputs: Record<string, string> = {}): RotateOptions {
  const all = { token: fake.token, 'api-url': fake.url, namespace: ns.namespace, 'key-name': 'partner-deploy', 'secret-name': NAME, 'github-token': 'ghs_t', ...inputs };
  return readRotateOptions((name) => all[name as keyof typeof all] ?? '', { GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: github.url });
}

function deps(o: RotateOptions, overrides: Partial<RotateDeps> = {}): RotateDeps {
  const log = (m: string) => recorded.core.info(m);
  transport = new Transport({ baseUrl: fake.url, token: fake.token, clock: clock.clock, log });
  disposers.push(() => transport.dispose());
  const connected = o.githubToken ? GitHubSecrets.connect({ token: o.githubToken, baseUrl: o.githubApiUrl, target: o.target, secretName: o.secretName, clock: clock.clock, log }) : undefined;
  if (connected) disposers.push(connected.dispose);
  return {
    core: recorded.core,
    client: new DigitalOceanClient(transport, log),
    secrets: connected?.secrets,
    clock: clock.clock,
    verify: (key, namespace) => verifyAccessKey({ apiHost: namespace.api_host, namespace: namespace.namespace, id: key.id, secret: key.secret, clock: clock.clock, log }),
    ...overrides,
  };
}

async function run(inputs: Record<string, string> = {}, overrides: Partial<RotateDeps> = {}): Promise<unknown> {
  const o = options(inputs);
  return rotate(o, deps(o, overrides)).then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** A key `age` old, stored in the secret a few seconds after it was made. */
function held(age: number, name = 'partner-deploy-aaaaaa'): FakeKey {
  const at = (offset: number) => new Date(clock.clock.now() + offset).toISOString();
  const key = fake.addKey(ns.namespace, { name, createdAt: at(-age), expiresAt: at(90 * DAY - age) });
  secrets.setSecret(REPO, NAME, `${key.id}:${key.secret}`, { createdAt: at(-age + 5000), updatedAt: at(-age + 5000) });
  return key;
}

const keys = () => fake.keys(ns.namespace);
const stored = () => secrets.secret(REPO, NAME)?.value;
const newKey = (old?: FakeKey) => keys().find((k) => k.id !== old?.id) as FakeKey;

describe('a rotation', () => {
  it('creates, masks, verifies, seals and stores the new key, then says so', async () => {
    expect(await run()).toBeUndefined();
    const [key] = keys();
    expect(stored()).toBe(`${key!.id}:${key!.secret}`);
    const pair = `${key!.id}:${key!.secret}`;
    expect(recorded.secrets).toEqual([key!.secret, pair, Buffer.from(pair).toString('base64')]);
    // Masked before anything printed the key.
    const firstMention = recorded.calls.findIndex((call) => !call.startsWith('setSecret') && call.includes(key!.id));
    expect(firstMention).toBeGreaterThan(recorded.calls.lastIndexOf(`setSecret: ${Buffer.from(pair).toString('base64')}`));
    expect(recorded.outputs).toEqual({ rotated: 'true', 'key-id': key!.id, deleted: '0' });
    expect(recorded.lines('info')).toEqual([
      `Namespace widgets-prod (${ns.namespace}, nyc1): 0 managed key(s) named partner-deploy[-<6 hex>].`,
      `The repository secret ${NAME} of acme/app does not exist yet.`,
      'Rotation is due: there is no managed key and no secret yet.',
      `Created key ${key!.id} (${key!.name}), expires ${key!.expires_at}.`,
      `The Functions API at ${fake.url} accepts the new key.`,
      `Stored the new key in repository secret ${NAME} of acme/app.`,
    ]);
    expect(recorded.summaries).toHaveLength(1);
    expect(recorded.summaries[0]).toContain('✅ **Rotated**');
    expect(recorded.summaries[0]).toMatch(/- \*\*Next rotation due:\*\* .* \(in 30d\)/);
  });

  it('finds the namespace by its label', async () => {
    expect(await run({ namespace: 'widgets-prod' })).toBeUndefined();
    expect(keys()).toHaveLength(1);
    expect(await run({ namespace: 'nope' })).toMatchObject({ message: expect.stringContaining('No namespace is labelled "nope"') });
  });

  it('does nothing when not due but report it', async () => {
    const key = held(2 * DAY);
    expect(await run()).toBeUndefined();
    expect(keys().map((k) => k.id)).toEqual([key.id]);
    expect(github.writes()).toEqual([]);
    expect(recorded.outputs).toEqual({ rotated: 'false', 'key-id': key.id, deleted: '0' });
    expect(recorded.lines('info')).toContain(`It holds key ${key.id} (partner-deploy-aaaaaa), created ${key.created_at}, expires ${key.expires_at}.`);
    expect(recorded.lines('info')).toContainEqual(expect.stringMatching(new RegExp(`^The repository secret ${NAME} of acme/app was last updated \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(2d ago\\)\\.$`)));
    expect(recorded.lines('info')).toContain(`Rotation is not due until ${new Date(Date.parse(key.created_at) + 30 * DAY).toISOString()}.`);
    expect(recorded.lines('info')).toContain(`Kept key ${key.id} (partner-deploy-aaaaaa): held by the secret.`);
  });

  it('deletes only after storing, and only what the plan says', async () => {
    const older = fake.addKey(ns.namespace, { name: 'partner-deploy-111111', createdAt: new Date(clock.clock.now() - 60 * DAY).toISOString() });
    const old = held(31 * DAY);
    expect(await run({ grace: '0' })).toBeUndefined();
    const fresh = newKey(old);
    expect(keys().map((k) => k.id)).toEqual([fresh.id]);
    expect(recorded.outputs).toEqual({ rotated: 'true', 'key-id': fresh.id, deleted: '2' });
    expect(recorded.lines('info')).toContain(`Deleted key ${older.id} (partner-deploy-111111): replaced 31d ago, past grace is 0.`);
    expect(recorded.lines('info')).toContain(`Deleted key ${old.id} (partner-deploy-aaaaaa): replaced by this run, and grace is 0.`);
  });

  it('says when a key it deletes was already gone', async () => {
    const old = held(31 * DAY);
    const client = new DigitalOceanClient(new Transport({ baseUrl: fake.url, token: fake.token, clock: clock.clock, log: () => undefined }), () => undefined);
    const racing = Object.create(client) as DigitalOceanClient;
    racing.deleteKey = async (namespace, id) => {
      await client.deleteKey(namespace, id);
      return client.deleteKey(namespace, id);
    };
    expect(await run({ grace: '0' }, { client: racing })).toBeUndefined();
    expect(recorded.lines('info')).toContain(`Deleted key ${old.id} (partner-deploy-aaaaaa): replaced by this run, and grace is 0 (it was already gone).`);
  });

  it('keeps an organization secret’s visibility', async () => {
    secrets.setSecret({ org: 'acme' }, NAME, 'old', { visibility: 'all' });
    expect(await run({ org: 'acme' })).toBeUndefined();
    expect(secrets.secret({ org: 'acme' }, NAME)).toMatchObject({ visibility: 'all', value: expect.stringMatching(/^dof_v1_/) });
  });

  it('makes keys that never expire with expiration: never', async () => {
    expect(await run({ expiration: 'never' })).toBeUndefined();
    expect(keys()[0]!.expires_at).toBeNull();
    expect(recorded.lines('info')).toContain(`Created key ${keys()[0]!.id} (${keys()[0]!.name}), never expires.`);
  });
});

describe('a dry run', () => {
  it('reads, writes nothing, and lists what it would delete and keep', async () => {
    const older = fake.addKey(ns.namespace, { name: 'partner-deploy-111111', createdAt: new Date(clock.clock.now() - 60 * DAY).toISOString() });
    const old = held(31 * DAY);
    expect(await run({ 'dry-run': 'true' })).toBeUndefined();
    expect(github.writes()).toEqual([]);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(recorded.outputs).toEqual({ rotated: 'false', 'key-id': old.id, deleted: '0' });
    expect(recorded.secrets).toEqual([]);
    expect(recorded.lines('info')[0]).toBe(`Namespace widgets-prod (${ns.namespace}, nyc1): 2 managed key(s) named partner-deploy[-<6 hex>].`);
    const message = recorded.lines('info').find((line) => line.startsWith('Dry run:'));
    expect(message).toBe(
      `Dry run: would create a key named partner-deploy-<6 hex>, verify it and store it in repository secret ${NAME} of acme/app; would delete 1 key(s)\n` +
        `  ${older.id} (partner-deploy-111111): replaced 31d ago, past the 1d grace period\n` +
        `would keep 1\n  ${old.id} (partner-deploy-aaaaaa): replaced by this run; deleted after the 1d grace period\nNothing was changed.`,
    );
  });

  it('says when it would not rotate', async () => {
    held(DAY);
    expect(await run({ 'dry-run': 'true' })).toBeUndefined();
    expect(recorded.lines('info').find((line) => line.startsWith('Dry run:'))).toMatch(/^Dry run: would not rotate; would delete 0 key\(s\)\nwould keep 1\n/);
  });

  it('without github-token assumes the secret holds the newest managed key', async () => {
    const a = held(10 * DAY);
    expect(await run({ 'dry-run': 'true', 'github-token': '' })).toBeUndefined();
    expect(github.requests).toEqual([]);
    expect(recorded.lines('notice')).toEqual(['Dry run without github-token: the secret cannot be read, so it is assumed to hold the newest managed key.']);
    expect(recorded.outputs['key-id']).toBe(a.id);
  });
});

describe('when the new key fails its checks', () => {
  it('the Functions API refuses it: deleted, nothing stored, outputs say the old key', async () => {
    const old = held(31 * DAY);
    fake.inject({ path: '/api/v1/namespaces', status: 401, times: Infinity });
    const error = (await run()) as Error;
    expect(error.message).toMatch(/^The new key dof_v1_\w+ did not pass its checks: GET \/api\/v1\/namespaces failed: 401: .*\(gave up after 5 attempts\)\. It was deleted; the secret and the old key are unchanged\.$/);
    expect(clock.sleeps).toHaveLength(4);
    expect(keys().map((k) => k.id)).toEqual([old.id]);
    expect(stored()).toBe(`${old.id}:${old.secret}`);
    expect(recorded.outputs).toEqual({ rotated: 'false', 'key-id': old.id, deleted: '0' });
    expect(recorded.lines('info')).toContain(`Deleted the new key ${error.message.match(/dof_v1_\w+/)![0]} again: it did not pass its checks.`);
    expect(recorded.summaries[0]).toContain('❌ **Failed.**');
  });

  it('a key that propagates after a few refusals passes', async () => {
    fake.inject({ path: '/api/v1/namespaces', status: 401, times: 2 });
    expect(await run()).toBeUndefined();
    expect(stored()).toMatch(/^dof_v1_/);
  });

  it('an answer that does not list the namespace fails', async () => {
    fake.inject({ path: '/api/v1/namespaces', body: { namespaces: [] } });
    const error = (await run()) as Error;
    expect(error.message).toContain(`which does not list namespace ${ns.namespace}. It was deleted`);
    expect(keys()).toEqual([]);
  });

  it('a key that lives longer than asked is not stored', async () => {
    fake.expiryOverride = () => null;
    const error = (await run()) as Error;
    expect(error.message).toMatch(/did not pass its checks: DigitalOcean created key dof_v1_\w+ with no expiry, although 90d was asked for\. .* It was deleted;/);
    fake.expiryOverride = () => '91d';
    expect(((await run()) as Error).message).toMatch(/DigitalOcean created key dof_v1_\w+ with expiry \S+, although 90d was asked for\./);
    // DigitalOcean's clock may run up to 5 minutes ahead.
    fake.expiryOverride = () => new Date(clock.clock.now() + 90 * DAY + 4 * 60_000).toISOString();
    expect(await run()).toBeUndefined();
  });

  it('warns when the refused key cannot be deleted either; the next run deletes it', async () => {
    fake.inject({ path: '/api/v1/namespaces', status: 401, times: Infinity });
    fake.inject({ method: 'DELETE', status: 403, times: Infinity });
    const error = (await run()) as Error;
    expect(error.message).toContain('did not pass its checks');
    expect(recorded.lines('warning')).toEqual([expect.stringMatching(/^Could not delete the new key dof_v1_\w+ \(DELETE .* 403 forbidden.*\); nobody holds it, and the next run deletes it\.$/)]);
  });
});

describe('when the store fails', () => {
  it('refused: the new key is deleted and the error says what the token needs', async () => {
    github.addToken('ghs_read', { permissions: { secrets: 'read' } });
    const old = held(31 * DAY);
    const error = (await run({ 'github-token': 'ghs_read' })) as Error;
    expect(error.message).toMatch(/^GitHub: PUT \/repos\/acme\/app\/actions\/secrets\/DO_FUNCTIONS_ACCESS_KEY failed: 403: Resource not accessible by integration \(request id [\w-]+\)\. `github-token` needs .*\. The new key dof_v1_\w+ was deleted; the secret and the old key are unchanged\.$/);
    expect(keys().map((k) => k.id)).toEqual([old.id]);
    expect(recorded.lines('info')).toContainEqual(expect.stringMatching(/^Deleted the new key dof_v1_\w+ again: it could not be stored\.$/));
    // A refusal is no ambiguity: the secret is not read back.
    expect(github.count({ method: 'GET', path: `/repos/acme/app/actions/secrets/${NAME}` })).toBe(1);
  });

  it('answers lost but the secret was updated: the new key is kept as stored', async () => {
    const old = held(31 * DAY);
    github.inject({ method: 'PUT', drop: 'after', times: Infinity });
    expect(await run()).toBeUndefined();
    const fresh = newKey(old);
    expect(stored()).toBe(`${fresh.id}:${fresh.secret}`);
    expect(recorded.lines('warning')).toEqual([`The answer to storing repository secret ${NAME} of acme/app was lost, but the secret was updated: it holds the new key.`]);
    expect(recorded.outputs).toEqual({ rotated: 'true', 'key-id': fresh.id, deleted: '0' });
  });

  it('a first store whose answers are lost, but the secret now exists: stored', async () => {
    github.inject({ method: 'PUT', drop: 'after', times: Infinity });
    expect(await run()).toBeUndefined();
    expect(stored()).toBe(`${keys()[0]!.id}:${keys()[0]!.secret}`);
    expect(recorded.outputs.rotated).toBe('true');
  });

  it('5xx until the retries run out and the secret unchanged: the new key is deleted', async () => {
    const old = held(31 * DAY);
    github.inject({ method: 'PUT', status: 502, times: Infinity });
    const error = (await run()) as Error;
    expect(error.message).toMatch(/gave up after 6 attempts\)\. The new key dof_v1_\w+ was deleted; the secret and the old key are unchanged\.$/);
    expect(keys().map((k) => k.id)).toEqual([old.id]);
  });

  it('a first store whose answers are lost and the secret still missing: the new key is deleted', async () => {
    github.inject({ method: 'PUT', status: 502, times: Infinity });
    await run();
    expect(keys()).toEqual([]);
  });

  it('5xx and the secret cannot be read back: both keys are kept, and the next run sorts it out', async () => {
    const old = held(31 * DAY);
    github.inject({ method: 'PUT', status: 500, times: Infinity });
    let failedPut = false;
    const o = options();
    const base = deps(o);
    const real = base.secrets as SecretStore;
    const flaky: SecretStore = {
      get: () => (failedPut ? Promise.reject(new Error('GitHub is down')) : real.get()),
      publicKey: () => real.publicKey(),
      put: (...args) => real.put(...args).catch((error: unknown) => ((failedPut = true), Promise.reject(error))),
    };
    const error = await rotate(o, { ...base, secrets: flaky }).catch((e: unknown) => e as Error);
    expect(error?.message).toMatch(
      new RegExp(`It is unclear whether repository secret ${NAME} of acme/app now holds the new key dof_v1_\\w+, so both keys are kept\\. Run again: the next run sees which key the secret holds and deletes the other\\.$`),
    );
    expect(keys()).toHaveLength(2);
    expect(keys().map((k) => k.id)).toContain(old.id);
  });
});

describe('when old keys cannot be deleted', () => {
  it('fails after rotating, saying the secret holds the new key', async () => {
    fake.addKey(ns.namespace, { name: 'partner-deploy-111111', createdAt: new Date(clock.clock.now() - 60 * DAY).toISOString() });
    held(31 * DAY);
    fake.inject({ method: 'DELETE', status: 403, times: Infinity });
    const error = (await run()) as Error;
    expect(error.message).toBe('The secret holds the new key, but 1 old key(s) could not be deleted (see the errors above). The next run deletes them, or delete them now with `doctl serverless key delete <id>`.');
    expect(recorded.outputs).toMatchObject({ rotated: 'true', deleted: '0' });
    expect(recorded.lines('error')).toEqual([expect.stringMatching(/^Could not delete key dof_v1_\w+ \(partner-deploy-111111\): DELETE .*403/)]);
    expect(recorded.summaries[0]).toContain('### Not deleted (1 key)');
  });

  it('fails in a run that was not due too', async () => {
    fake.addKey(ns.namespace, { name: 'partner-deploy-111111', createdAt: new Date(clock.clock.now() - 60 * DAY).toISOString() });
    held(3 * DAY);
    fake.inject({ method: 'DELETE', status: 403, times: Infinity });
    expect(((await run()) as Error).message).toMatch(/^1 old key\(s\) could not be deleted/);
  });
});

describe('when reading fails', () => {
  it('creates nothing and still writes outputs and a summary', async () => {
    fake.inject({ method: 'GET', status: 403, times: Infinity });
    const error = (await run()) as Error;
    expect(error.message).toMatch(/^GET \/v2\/functions\/namespaces\/fn-[\w-]+ failed: 403/);
    expect(recorded.outputs).toEqual({ rotated: 'false', 'key-id': '', deleted: '0' });
    expect(recorded.summaries[0]).toContain('❌ **Failed.**');
    expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('reports the GitHub failure even when DigitalOcean answered', async () => {
    github.inject({ method: 'GET', path: /public-key$/, status: 404 });
    expect(((await run()) as Error).message).toContain('public-key failed: 404: Injected error');
  });
});
