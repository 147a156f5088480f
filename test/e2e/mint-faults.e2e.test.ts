// End to end, mint mode, when DigitalOcean misbehaves: rate limits, 5xx, lost answers, a server that stretches
// or drops the expiry, refused tokens, unknown namespaces, and a doctl that fails after the key exists.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROXY_ERROR_PAGE } from '../fake/server.js';
import { e2eWorlds, tokenSecret, type World } from './leak.js';
import type { StepResult } from './runner.js';

const world = e2eWorlds();
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

const keysPath = (w: World) => `/v2/functions/namespaces/${w.ns.namespace}/keys`;
const count = (w: World, method: string, path: string | RegExp) => w.fake.count({ method, path });
const log = (step: StepResult) => step.maskedLog;
const errors = (step: StepResult) => step.annotations.filter((a) => a.level === 'error').map((a) => a.message);

function expectSucceeded(step: StepResult | undefined): void {
  expect(step, 'step missing').toBeDefined();
  expect(step!.exitCode, `${step!.name} failed:\n${step!.stdout}\n${step!.stderr}`).toBe(0);
  expect(errors(step!)).toEqual([]);
}

describe('retries', () => {
  it('waits out a 429 on create as retry-after says, then succeeds', async () => {
    const w = await world();
    w.fake.inject({ method: 'POST', path: keysPath(w), status: 429, headers: { 'retry-after': '1' } });
    const job = w.job();
    const started = Date.now();
    const main = await job.uses({ with: w.inputs() });
    expectSucceeded(main);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(w.fake.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([429, 201]);
    expect(log(main)).toMatch(/POST \/v2\/functions\/namespaces\/fn-[^ ]+\/keys: 429 too_many_requests: API rate limit exceeded\..*retrying in 1\.\ds \(attempt 2 of \d\)/);
    // A 429 never created anything: no stray look-up.
    expect(count(w, 'GET', keysPath(w))).toBe(0);
    expect(w.fake.keys(w.ns.namespace)).toHaveLength(1);
    expectSucceeded((await job.end())[0]);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it('retries a 503 on create after checking that it made no key', async () => {
    const w = await world();
    w.fake.inject({ method: 'POST', path: keysPath(w), status: 503 });
    const job = w.job();
    const main = await job.uses({ with: w.inputs() });
    expectSucceeded(main);
    expect(w.fake.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([503, 201]);
    expect(count(w, 'GET', keysPath(w))).toBe(1);
    expect(log(main)).toMatch(/keys: 503 server_error: Unexpected server-side error \(request id [^)]+\); retrying in \d\.\ds/);
    expect(w.fake.keys(w.ns.namespace)).toHaveLength(1);
    expectSucceeded((await job.end())[0]);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it.each([
    [429, { 'retry-after': '1' }],
    [500, undefined],
    [502, undefined],
  ])('retries a %i on delete in post', async (status, headers) => {
    const w = await world();
    const job = w.job();
    const main = await job.uses({ with: w.inputs() });
    expectSucceeded(main);
    const keyId = main.outputs['key-id']!;
    w.fake.inject({ method: 'DELETE', status, headers });
    const [post] = await job.end();
    expectSucceeded(post);
    expect(w.fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([status, 200]);
    expect(log(post!)).toContain(`DELETE ${keysPath(w)}/${keyId}: ${status}`);
    expect(log(post!)).toMatch(/retrying in \d\.\ds \(attempt 2 of \d\)/);
    expect(log(post!)).toContain(`Deleted access key`);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it('deletes the key a lost create answer made, so one key is live after main and none after post', async () => {
    const w = await world();
    w.fake.inject({ method: 'POST', path: keysPath(w), drop: 'after' });
    const job = w.job();
    const main = await job.uses({ with: w.inputs() });
    expectSucceeded(main);
    const posts = w.fake.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.dropped ?? r.status)).toEqual(['after', 201]);
    const deleted = w.fake.requests.filter((r) => r.method === 'DELETE');
    expect(deleted).toHaveLength(1);
    const strayId = deleted[0]!.path.split('/').at(-1)!;
    const live = w.fake.keys(w.ns.namespace);
    expect(live).toHaveLength(1);
    expect(live[0]!.id).toBe(main.outputs['key-id']);
    expect(strayId).not.toBe(live[0]!.id);
    expect(w.createdKeys().map((k) => k.id)).toEqual([strayId, live[0]!.id]);
    expect(log(main)).toContain(`Deleted key ${strayId} (${live[0]!.name}), made by a create request whose answer was lost`);
    expectSucceeded((await job.end())[0]);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });
});

describe('answers that are not JSON (a proxy\'s HTML page)', () => {
  it('a create answered with an HTML page after the key was made: that key is deleted before the retry', async () => {
    const w = await world();
    w.fake.inject({ method: 'POST', path: keysPath(w), rawBody: PROXY_ERROR_PAGE });
    const job = w.job();
    const main = await job.uses({ with: w.inputs() });
    expectSucceeded(main);
    const [stray, kept] = w.createdKeys();
    expect(w.fake.keys(w.ns.namespace).map((k) => k.id)).toEqual([kept!.id]);
    expect(main.outputs['key-id']).toBe(kept!.id);
    expect(log(main)).toMatch(/POST \/v2\/functions\/namespaces\/fn-[^ ]+\/keys: 502: the answer was not JSON; retrying in \d\.\ds/);
    expect(log(main)).toContain(`Deleted key ${stray!.id} (${kept!.name}), made by a create request whose answer was lost (502: the answer was not JSON)`);
    expectSucceeded((await job.end())[0]);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it('every create answered with an HTML page (a 2xx, after the key was made): main gives up with a clear error and leaves no key', async () => {
    const w = await world();
    w.fake.inject({ method: 'POST', path: keysPath(w), rawBody: PROXY_ERROR_PAGE, times: Infinity });
    const job = w.job();
    const main = await job.uses({ with: w.inputs() });
    expect(main.exitCode).toBe(1);
    expect(errors(main)).toEqual([expect.stringMatching(/^functions-access-key: POST \/v2\/functions\/namespaces\/fn-[^ ]+\/keys failed: 502: the answer was not JSON \(gave up after 6 attempts\)$/)]);
    // Six attempts made six keys on the server; each was found by its name and deleted.
    expect(w.createdKeys()).toHaveLength(6);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
    expect(main.outputs).toEqual({});
    expectSucceeded((await job.end())[0]);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it('the namespace answered with an HTML page (502) every time: the key made meanwhile is deleted, the error names the request', async () => {
    const w = await world();
    w.fake.inject({ method: 'GET', path: `/v2/functions/namespaces/${w.ns.namespace}`, status: 502, rawBody: PROXY_ERROR_PAGE, times: Infinity });
    const job = w.job();
    const main = await job.uses({ with: w.inputs() });
    expect(main.exitCode).toBe(1);
    expect(errors(main)).toEqual([
      expect.stringMatching(new RegExp(`^functions-access-key: GET /v2/functions/namespaces/${w.ns.namespace} failed: 502: the answer was not JSON \\(request id ${UUID.source}\\) \\(gave up after 6 attempts\\)$`)),
    ]);
    expect(w.createdKeys()).toHaveLength(1);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
    expect(main.state).toMatchObject({ revoked: 'true' });
    expectSucceeded((await job.end())[0]);
  });

  it.each([
    ['200', 200],
    ['502', 502],
  ])('a delete in post answered with an HTML page (%s) is retried until the key is gone', async (_status, status) => {
    const w = await world();
    const job = w.job();
    const main = await job.uses({ with: w.inputs() });
    expectSucceeded(main);
    const keyId = main.outputs['key-id']!;
    w.fake.inject({ method: 'DELETE', status, rawBody: PROXY_ERROR_PAGE });
    const [post] = await job.end();
    expectSucceeded(post);
    expect(w.fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([status, 200]);
    expect(log(post!)).toMatch(new RegExp(`DELETE ${keysPath(w)}/${keyId}: 502: the answer was not JSON.*; retrying in \\d\\.\\ds`));
    expect(log(post!)).toContain(`Deleted access key`);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });
});

describe('fail closed on expiry', () => {
  it.each([
    ['ignores expires_in', { ignoreExpiresIn: true }, '1h', /with no expiry, although 1h was asked for/],
    ['stretches expiry to 30d', { expiryOverride: () => '30d' }, '1h', /with expiry \S+, although 1h was asked for/],
    ['adds an hour', { expiryOverride: () => '13h' }, '12h', /with expiry \S+, although 12h was asked for/],
  ])('a server that %s: main deletes the key and fails, post has nothing left', async (_what, options, expiration, message) => {
    const w = await world(options);
    const job = w.job();
    const main = await job.uses({ with: w.inputs({ expiration }) });
    expect(main.exitCode).toBe(1);
    expect(errors(main)).toHaveLength(1);
    expect(errors(main)[0]).toMatch(message);
    const [created] = w.createdKeys();
    expect(created).toBeDefined();
    expect(errors(main)[0]).toContain(created!.id);
    // Not handed out, and gone before main ended.
    expect(main.outputs).toEqual({});
    expect(main.exportedEnv).toEqual({});
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
    expect(count(w, 'DELETE', `${keysPath(w)}/${created!.id}`)).toBe(1);
    expect(main.state).toMatchObject({ 'key-id': created!.id, revoked: 'true' });

    const from = w.fake.requests.length;
    const [post] = await job.end();
    expectSucceeded(post);
    expect(log(post!)).toContain(`Nothing to delete: the main step already deleted ${created!.id}`);
    expect(w.fake.requests.length).toBe(from);
  });
});

describe('refusals', () => {
  it('a token DigitalOcean refuses (401): its message, the request id and a hint; no retry, no key', async () => {
    const w = await world();
    const bad = `dop_v1_${'0123456789abcdef'.repeat(4)}`;
    w.extraSecrets.push(tokenSecret(bad, 'the refused token'));
    const job = w.job();
    const main = await job.uses({ with: w.inputs({ token: bad }) });
    expect(main.exitCode).toBe(1);
    expect(errors(main)).toHaveLength(1);
    const [message] = errors(main);
    expect(message).toContain('401');
    expect(message).toContain('Unable to authenticate you.');
    expect(message).toMatch(new RegExp(`request id ${UUID.source}`));
    expect(message).toContain('Check that `token` is a current DigitalOcean API token');
    expect(main.masks[0]).toBe(bad);
    // Each of the two first requests went out once: a 401 is not retried.
    expect(count(w, 'POST', keysPath(w))).toBe(1);
    expect(count(w, 'GET', `/v2/functions/namespaces/${w.ns.namespace}`)).toBe(1);
    expect(w.fake.requests.every((r) => r.status === 401)).toBe(true);
    expect(w.createdKeys()).toEqual([]);
    // The create was refused outright, so no key can exist: no alarm about one that "stays usable".
    expect(log(main)).not.toMatch(/stays usable/);

    const [post] = await job.end();
    // No key was ever made: post must not fail claiming one "stays usable".
    expect(w.fake.requests.every((r) => r.status === 401)).toBe(true);
    expectSucceeded(post);
  });

  it('an unknown namespace ID (404): the API says so, with a hint; no key, post quiet', async () => {
    const w = await world();
    const unknown = 'fn-00000000-0000-4000-8000-000000000000';
    const job = w.job();
    const main = await job.uses({ with: w.inputs({ namespace: unknown }) });
    expect(main.exitCode).toBe(1);
    expect(errors(main)).toHaveLength(1);
    expect(errors(main)[0]).toContain(`/v2/functions/namespaces/${unknown}`);
    expect(errors(main)[0]).toContain('404');
    expect(errors(main)[0]).toContain('Check `namespace`');
    expect(count(w, 'POST', /\/keys$/)).toBeLessThanOrEqual(1);
    expect(w.createdKeys()).toEqual([]);
    expect(log(main)).not.toMatch(/stays usable/);

    const [post] = await job.end();
    expectSucceeded(post);
    expect(log(post!)).not.toMatch(/stays usable/);
  });

  it('an unknown namespace label: lists the account\'s namespaces and sends no create', async () => {
    const w = await world({ namespace: { label: 'prod' } });
    const job = w.job();
    const main = await job.uses({ with: w.inputs({ namespace: 'prdo' }) });
    expect(main.exitCode).toBe(1);
    expect(errors(main)).toEqual([expect.stringContaining(`No namespace is labelled "prdo". The token's account has: "prod" (${w.ns.namespace})`)]);
    expect(w.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/functions/namespaces']);
    const [post] = await job.end();
    expectSucceeded(post);
    expect(w.fake.requests).toHaveLength(1);
  });
});

describe('connect-doctl', () => {
  const bin = mkdtempSync(join(tmpdir(), 'fak-e2e-doctl-'));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  /** A doctl that records its argv and token (to files, never to its output) and exits 1. */
  function fakeDoctl(name: string): { dir: string; argsFile: string; tokenFile: string } {
    const dir = join(bin, name);
    mkdirSync(dir);
    const argsFile = join(dir, 'args');
    const tokenFile = join(dir, 'token');
    writeFileSync(
      join(dir, 'doctl'),
      [
        '#!/bin/sh',
        `for a in "$@"; do printf '%s\\n' "$a"; done > '${argsFile}'`,
        `printf '%s' "$DIGITALOCEAN_ACCESS_TOKEN" > '${tokenFile}'`,
        'echo "Error: unable to reach the Functions API" >&2',
        'exit 1',
        '',
      ].join('\n'),
    );
    chmodSync(join(dir, 'doctl'), 0o755);
    return { dir, argsFile, tokenFile };
  }

  it('a doctl that fails after the key exists: main deletes the key and fails; doctl got it in argv, the token in env', async () => {
    const w = await world();
    const doctl = fakeDoctl('failing');
    const job = w.job({ path: `${doctl.dir}:/usr/bin:/bin` });
    const main = await job.uses({ with: w.inputs({ 'connect-doctl': 'true' }) });
    expect(main.exitCode).toBe(1);
    expect(errors(main)).toEqual([expect.stringContaining('doctl serverless connect exited with 1')]);
    expect(log(main)).toContain('doctl: Error: unable to reach the Functions API');

    const [key] = w.createdKeys();
    expect(key).toBeDefined();
    const args = readFileSync(doctl.argsFile, 'utf8').split('\n').slice(0, -1);
    expect(args).toEqual(['serverless', 'connect', w.ns.namespace, '--access-key', `${key!.id}:${key!.secret}`, '--api-url', w.fake.url]);
    expect(readFileSync(doctl.tokenFile, 'utf8')).toBe(w.fake.token);
    expect(args.join(' ')).not.toContain(w.fake.token);
    // The key doctl got is gone before main ended; post has nothing left.
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
    expect(main.state).toMatchObject({ 'key-id': key!.id, revoked: 'true' });
    // doctl runs before any output, so no later step is handed the dead key.
    expect(main.outputs).toEqual({});
    expect(main.exportedEnv).toEqual({});
    const from = w.fake.requests.length;
    const [post] = await job.end();
    expectSucceeded(post);
    expect(log(post!)).toContain('Nothing to delete: the main step already deleted');
    expect(w.fake.requests.length).toBe(from);
  });

  it('no doctl on PATH: a clear error before any request', async () => {
    const w = await world();
    const empty = join(bin, 'empty');
    mkdirSync(empty);
    const job = w.job({ path: empty });
    const main = await job.uses({ with: w.inputs({ 'connect-doctl': 'true' }) });
    expect(main.exitCode).toBe(1);
    expect(errors(main)).toEqual([expect.stringContaining('`connect-doctl` is true but doctl is not on PATH')]);
    const [post] = await job.end();
    expectSucceeded(post);
    expect(w.fake.requests).toEqual([]);
  });
});
