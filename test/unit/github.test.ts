// The action's one GitHub client (rotate and migrate both use it), against the fake GitHub on loopback with a
// virtual clock: Octokit over the action's retrying fetch, its warnings in the log, a create that is never sent
// twice blindly, and sockets closed on dispose.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHub, apiErrorOf, connectGitHub } from '../../src/api/github.js';
import { ApiError } from '../../src/api/transport.js';
import { virtualClock } from '../fake/clock.js';
import { FakeGitHub } from '../fake/github/server.js';
import { openConnections } from '../fake/sockets.js';

let fake: FakeGitHub;
let github: GitHub;
let logs: string[];
let sleeps: number[];
let made: number[];

beforeEach(async () => {
  fake = await FakeGitHub.start();
  fake.addToken('t', { permissions: {} });
  made = [];
  fake.route('POST', /^\/things$/, () => {
    made.push(made.length + 1);
    return { status: 201, body: { id: made.length } };
  });
  fake.route('GET', /^\/things$/, () => ({ status: 200, body: made.map((id) => ({ id })) }));
  logs = [];
  const virtual = virtualClock();
  sleeps = virtual.sleeps;
  github = connectGitHub({ token: 't', baseUrl: fake.url, clock: virtual.clock, log: (m) => logs.push(m) });
});
afterEach(async () => {
  github.dispose();
  await fake.close();
});

const create = () =>
  github.createOnce(
    'POST',
    '/things',
    async (once) => (await once.request('POST /things')).data as { id: number },
    async () => ((await github.octokit.request('GET /things')).data as { id: number }[])[0],
  );

describe('the GitHub client', () => {
  it('sends the token and http-client’s user agent, retries a 5xx with a logged line, and closes its sockets on dispose', async () => {
    fake.inject({ method: 'GET', status: 502 });
    expect((await github.octokit.request('GET /things')).data).toEqual([]);
    expect(await create()).toEqual({ id: 1 });
    expect(fake.requests.map((r) => [r.token, r.headers['user-agent']])).toEqual(Array(3).fill(['t', 'functions-access-key']));
    expect(logs).toEqual([expect.stringMatching(/^GET \/things: 502: Server Error \(request id [\w-]+\); retrying in 0\.4s \(attempt 2 of 6\)$/)]);
    github.dispose();
    expect(await openConnections(fake)).toBe(0);
  });

  it('sends Octokit’s warnings to the log', async () => {
    fake.inject({ headers: { deprecation: 'true', sunset: 'Tue, 01 Dec 2026 00:00:00 GMT' } });
    await github.octokit.request('GET /things');
    expect(logs).toEqual([expect.stringContaining('is deprecated. It is scheduled to be removed on Tue, 01 Dec 2026')]);
  });
});

describe('a create sent once', () => {
  it('is not looked for before the first attempt', async () => {
    made.push(1);
    expect(await create()).toEqual({ id: 2 });
    expect(fake.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('after a lost answer, is looked for and not sent again when it was carried out', async () => {
    fake.inject({ method: 'POST', drop: 'after' });
    expect(await create()).toEqual({ id: 1 });
    expect(made).toEqual([1]);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(logs).toEqual([expect.stringMatching(/^POST \/things: no answer \(.+\); retrying in 0\.4s \(attempt 2 of 6\)$/)]);
  });

  it('after a 5xx that carried nothing out, is looked for and sent again', async () => {
    fake.inject({ method: 'POST', status: 500 });
    expect(await create()).toEqual({ id: 1 });
    expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 500', 'GET 200', 'POST 201']);
  });

  it('when rate-limited, waits and sends it again without looking', async () => {
    fake.inject({ method: 'POST', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 10) } });
    expect(await create()).toEqual({ id: 1 });
    expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 403', 'POST 201']);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(8_000);
  });

  it('ends by one deadline, the look-up for a lost create included', async () => {
    const start = Math.floor(Date.now() / 1000) * 1000;
    const timed = connectGitHub({ token: 't', baseUrl: fake.url, clock: virtualClock(start).clock, log: (m) => logs.push(m) });
    fake.inject({ method: 'POST', drop: 'after' });
    // The hourly quota is spent until 60 s after the create began: the look-up would have to wait past its deadline.
    fake.inject({ method: 'GET', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(start / 1000 + 60) } });
    const error = await timed
      .createOnce('POST', '/things', async (once) => (await once.request('POST /things')).data as { id: number }, async () => ((await timed.octokit.request('GET /things')).data as { id: number }[])[0])
      .catch((e: unknown) => e);
    timed.dispose();
    expect(apiErrorOf(error)?.message).toMatch(/^GET \/things failed: 403: Injected error \(request id [\w-]+\) \(the next attempt would start at .+, past the 60s retry budget\)$/);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(made).toEqual([1]);
  });

  it('hands back a refusal as Octokit threw it, and any other error as it was', async () => {
    fake.inject({ method: 'POST', status: 422 });
    const refused = await create().catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'HttpError', status: 422, response: { data: { message: 'Injected error' } } });
    const broken = new TypeError('broken');
    await expect(github.createOnce('POST', '/x', () => Promise.reject(broken), async () => undefined)).rejects.toBe(broken);
    expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 422']);
    expect(logs).toEqual([]);
  });
});

describe('apiErrorOf', () => {
  it('reads our own ApiError from the cause, and an answer Octokit rejected from its fields', async () => {
    const ours = new ApiError('GET', '/x', { kind: 'network', error: new Error('reset') });
    expect(apiErrorOf(Object.assign(new Error('wrapped'), { cause: ours }))).toBe(ours);
    // Octokit calls a fetch that threw a 500; GitHub never said so.
    expect(apiErrorOf(Object.assign(new Error('wrapped'), { cause: new Error('not ours'), status: 500, request: { url: 'http://h/p' } }))).toBeUndefined();
    fake.inject({ status: 404, headers: { 'x-github-request-id': 'R1' } });
    const error = await github.octokit.request('GET /things?page=2').catch((e: unknown) => e);
    const read = apiErrorOf(error);
    expect(read).toBeInstanceOf(ApiError);
    expect(read?.message).toBe('GET /things failed: 404: Injected error (request id R1)');
    expect(read?.failure).toMatchObject({ kind: 'status', status: 404, headers: { 'x-github-request-id': 'R1' } });
    expect(apiErrorOf({ status: 500, request: { url: 'http://h/p' } })?.message).toBe('GET /p failed: 500');
    expect(apiErrorOf({ status: 502, request: { method: 'POST', url: 'http://h/p' }, response: { headers: {} } })?.message).toBe('POST /p failed: 502');
    expect(apiErrorOf({ status: 500, request: {} })).toBeUndefined();
    expect(apiErrorOf({ status: 500 })).toBeUndefined();
    expect(apiErrorOf({ status: '500', request: { url: 'http://h/p' } })).toBeUndefined();
    expect(apiErrorOf(undefined)).toBeUndefined();
  });
});
