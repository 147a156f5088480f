// End to end, mint mode, the paths that work: the committed dist/ bundles run as the runner runs them
// (test/e2e/runner.ts) against the stateful fake over loopback. Every test ends with the leak check.
import openwhisk from 'openwhisk';
import { describe, expect, it } from 'vitest';
import { e2eWorlds, type World } from './leak.js';
import type { StepResult } from './runner.js';

const world = e2eWorlds();
const HOUR = 3_600_000;

const ENV_NAMES = ['DO_FUNCTIONS_ACCESS_KEY', 'DO_FUNCTIONS_KEY_ID', 'DO_FUNCTIONS_KEY_SECRET', 'DO_FUNCTIONS_API_HOST', 'DO_FUNCTIONS_NAMESPACE'];

/** Requests the fake got while `run` ran, as `METHOD path` strings. */
async function requestsDuring<T>(w: World, run: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const from = w.fake.requests.length;
  const result = await run();
  return { result, requests: w.fake.requests.slice(from).map((r) => `${r.method} ${r.path}`) };
}

function expectSucceeded(step: StepResult): void {
  expect(step.skipped, `${step.name} was skipped`).toBe(false);
  expect(step.exitCode, `${step.name} failed:\n${step.stdout}\n${step.stderr}`).toBe(0);
  expect(step.annotations.filter((a) => a.level === 'error')).toEqual([]);
}

/** Invokes `hello` through the openwhisk npm client with the key a mint step exported. */
async function invokeHello(env: Record<string, string>, name: string): Promise<unknown> {
  const ow = openwhisk({
    apihost: env.DO_FUNCTIONS_API_HOST,
    api_key: env.DO_FUNCTIONS_ACCESS_KEY,
    namespace: env.DO_FUNCTIONS_NAMESPACE,
    // The fake serves plain http on loopback; no certificate to check.
    ignore_certs: true,
  });
  return ow.actions.invoke({ name: 'hello', blocking: true, result: true, params: { name } });
}

describe.each([
  ['1h', 1],
  ['12h', 12],
])('mint with expiration %s', (expiration, hours) => {
  it('creates a key that lives as asked, hands it out, and post deletes it', async () => {
    const w = await world();
    const job = w.job();
    const before = Math.floor(Date.now() / 1000) * 1000;
    const main = await requestsDuring(w, () => job.uses({ with: w.inputs({ expiration }) }));
    const after = Date.now();
    const step = main.result;
    expectSucceeded(step);

    // Exactly one create and one namespace look-up; nothing else.
    expect(main.requests.sort()).toEqual([`GET /v2/functions/namespaces/${w.ns.namespace}`, `POST /v2/functions/namespaces/${w.ns.namespace}/keys`]);
    const create = w.fake.requests.find((r) => r.method === 'POST');
    expect(create?.body).toMatchObject({ expires_in: expiration });
    expect(create?.headers.authorization).toBe(`Bearer ${w.fake.token}`);

    const keys = w.fake.keys(w.ns.namespace);
    expect(keys).toHaveLength(1);
    const key = keys[0]!;
    expect(step.outputs).toEqual({
      'key-id': key.id,
      secret: key.secret,
      'access-key': `${key.id}:${key.secret}`,
      'expires-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/),
      'api-host': w.fake.url,
      namespace: w.ns.namespace,
    });
    const expiresAt = Date.parse(step.outputs['expires-at']!);
    expect(expiresAt).toBe(Date.parse(key.expires_at!));
    expect(expiresAt).toBeGreaterThanOrEqual(before + hours * HOUR);
    expect(expiresAt).toBeLessThanOrEqual(after + hours * HOUR);
    expect(Date.parse(key.expires_at!) - Date.parse(key.created_at)).toBe(hours * HOUR);
    expect(key.name).toMatch(/^gha-acme-app-4242-1-deploy-[0-9a-f]{6}$/);

    expect(step.exportedEnv).toEqual({
      DO_FUNCTIONS_ACCESS_KEY: `${key.id}:${key.secret}`,
      DO_FUNCTIONS_KEY_ID: key.id,
      DO_FUNCTIONS_KEY_SECRET: key.secret,
      DO_FUNCTIONS_API_HOST: w.fake.url,
      DO_FUNCTIONS_NAMESPACE: w.ns.namespace,
    });
    // The masks are registered before the log can show any of them.
    expect(step.masks).toEqual(expect.arrayContaining([w.fake.token, key.secret, `${key.id}:${key.secret}`]));
    expect(step.state).toMatchObject({ 'key-id': key.id, namespace: w.ns.namespace, 'key-name': key.name });

    const post = await requestsDuring(w, () => job.end());
    expect(post.result).toHaveLength(1);
    expectSucceeded(post.result[0]!);
    expect(post.requests).toEqual([`DELETE /v2/functions/namespaces/${w.ns.namespace}/keys/${key.id}`]);
    expect(post.result[0]!.maskedLog).toContain(`Deleted access key ${key.name} (${key.id})`);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });
});

describe('mint', () => {
  it('resolves a namespace label with one list request', async () => {
    const w = await world({ namespace: { label: 'prod-functions', region: 'ams3' } });
    w.fake.addNamespace({ label: 'staging-functions' });
    const job = w.job();
    const main = await requestsDuring(w, () => job.uses({ with: w.inputs({ namespace: 'prod-functions' }) }));
    expectSucceeded(main.result);
    expect(main.requests).toEqual(['GET /v2/functions/namespaces', `POST /v2/functions/namespaces/${w.ns.namespace}/keys`]);
    expect(main.result.outputs.namespace).toBe(w.ns.namespace);
    expect(main.result.exportedEnv.DO_FUNCTIONS_NAMESPACE).toBe(w.ns.namespace);
    expect(w.fake.keys(w.ns.namespace)).toHaveLength(1);
    const [post] = await job.end();
    expectSucceeded(post!);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it('takes the token from DIGITALOCEAN_ACCESS_TOKEN when the input is empty', async () => {
    const w = await world();
    const job = w.job({ env: { DIGITALOCEAN_ACCESS_TOKEN: w.fake.token } });
    const main = await job.uses({ with: w.inputs({ token: undefined }) });
    expectSucceeded(main);
    expect(w.fake.keys(w.ns.namespace)).toHaveLength(1);
    const [post] = await job.end();
    expectSucceeded(post!);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it('with export-env false sets the outputs but exports nothing', async () => {
    const w = await world();
    const job = w.job();
    const main = await job.uses({ with: w.inputs({ 'export-env': 'false' }) });
    expectSucceeded(main);
    expect(main.exportedEnv).toEqual({});
    expect(main.files.env).toBe('');
    const [key] = w.fake.keys(w.ns.namespace);
    expect(main.outputs['access-key']).toBe(`${key!.id}:${key!.secret}`);
    const seen = await job.run(({ env }) => ENV_NAMES.filter((name) => name in env));
    expect(seen.value).toEqual([]);
    const [post] = await job.end();
    expectSucceeded(post!);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it('twice in one job makes two keys, and each post deletes its own', async () => {
    const w = await world();
    const job = w.job();
    const first = await job.uses({ name: 'first', with: w.inputs({ 'key-name': 'first' }) });
    const second = await job.uses({ name: 'second', with: w.inputs({ 'key-name': 'second', expiration: '2h' }) });
    expectSucceeded(first);
    expectSucceeded(second);
    const firstId = first.outputs['key-id']!;
    const secondId = second.outputs['key-id']!;
    expect(firstId).not.toBe(secondId);
    expect(first.state['key-id']).toBe(firstId);
    expect(second.state['key-id']).toBe(secondId);
    // The later use's export wins for later steps.
    expect(job.stepEnv().DO_FUNCTIONS_KEY_ID).toBe(secondId);
    expect(w.fake.keys(w.ns.namespace).map((k) => k.id).sort()).toEqual([firstId, secondId].sort());

    const from = w.fake.requests.length;
    const posts = await job.end();
    // Posts run in reverse order, each with its own state.
    expect(posts.map((p) => p.name)).toEqual(['second (post)', 'first (post)']);
    posts.forEach(expectSucceeded);
    expect(w.fake.requests.slice(from).map((r) => `${r.method} ${r.path.split('/').at(-1)}`)).toEqual([`DELETE ${secondId}`, `DELETE ${firstId}`]);
    expect(posts[0]!.env.STATE_key_id ?? posts[0]!.env['STATE_key-id']).toBe(secondId);
    expect(posts[1]!.env['STATE_key-id']).toBe(firstId);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it('gives a later step a key that invokes a function, and that is refused once post ran', async () => {
    const w = await world();
    const job = w.job();
    expectSucceeded(await job.uses({ with: w.inputs() }));
    const consumer = await job.run(({ env }) => invokeHello(env, 'e2e'));
    expect(consumer.error).toBeUndefined();
    expect(consumer.value).toEqual({ body: 'Hello, e2e!' });
    const invoked = w.fake.requests.filter((r) => r.path.startsWith('/api/v1/'));
    expect(invoked.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`POST /api/v1/namespaces/${w.ns.namespace}/actions/hello 200`]);
    // The client asks for a blocking invoke and takes `response.result` out of the activation itself.
    expect(invoked[0]!.query).toMatchObject({ blocking: 'true' });
    expect(invoked[0]!.headers.authorization).toBe(`Basic ${Buffer.from(job.stepEnv().DO_FUNCTIONS_ACCESS_KEY!).toString('base64')}`);
    const env = job.stepEnv();

    const [post] = await job.end();
    expectSucceeded(post!);
    // The same credentials after post: the Functions API refuses them.
    const refused = await invokeHello(env, 'late').then(
      () => undefined,
      (error: { statusCode?: number }) => error,
    );
    expect(refused?.statusCode).toBe(401);
  });

  it('runs post after a later step failed the job (post-if: always())', async () => {
    const w = await world();
    const job = w.job();
    expectSucceeded(await job.uses({ with: w.inputs() }));
    const broken = await job.run(() => {
      throw new Error('deploy failed');
    });
    expect(broken.ok).toBe(false);
    expect(job.failed).toBe(true);
    const skipped = await job.run(() => 'never');
    expect(skipped.skipped).toBe(true);
    const [post] = await job.end();
    expectSucceeded(post!);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });
});
