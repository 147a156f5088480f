// The fetch Octokit is given: http-client underneath, the action's retry loop around it, answers handed back
// as they came. Against the fake GitHub on loopback, with a virtual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryingFetch } from '../../src/api/fetch.js';
import { ApiError } from '../../src/api/transport.js';
import { virtualClock } from '../fake/clock.js';
import { FakeGitHub } from '../fake/github/server.js';
import { openConnections } from '../fake/sockets.js';

let github: FakeGitHub;
let logs: string[];
let sleeps: number[];
let client: ReturnType<typeof retryingFetch>;

beforeEach(async () => {
  github = await FakeGitHub.start();
  github.addToken('t', { permissions: {} });
  github.route('GET', /^\/ok$/, () => ({ status: 200, body: { ok: true }, headers: { 'set-cookie': 'a=1' } }));
  github.route('PUT', /^\/echo$/, (ctx) => ({ status: 201, body: { got: ctx.body, type: ctx.headers['content-type'] } }));
  github.route('DELETE', /^\/gone$/, () => ({ status: 204 }));
  logs = [];
  const virtual = virtualClock();
  sleeps = virtual.sleeps;
  client = retryingFetch({ clock: virtual.clock, log: (m) => logs.push(m) });
});
afterEach(async () => {
  client.dispose();
  await github.close();
});

const auth = { Authorization: 'token t' };

describe('retrying fetch', () => {
  it('hands back an answer with its status, headers, body and URL', async () => {
    const response = await client.fetch(`${github.url}/ok?x=1`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${github.url}/ok?x=1`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(response.headers.getSetCookie()).toEqual(['a=1']);
    expect(await response.json()).toEqual({ ok: true });
    expect(github.requests[0]?.headers.authorization).toBe('token t');
    expect(github.requests[0]?.headers['user-agent']).toBe('functions-access-key');
    expect(github.requests[0]?.method).toBe('GET');
    client.dispose();
    expect(await openConnections(github)).toBe(0);
  });

  it('sends the method, string body and headers, and reads a 204 without a body', async () => {
    const put = await client.fetch(new URL(`${github.url}/echo`), { method: 'put', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(await put.json()).toEqual({ got: { a: 1 }, type: 'application/json' });
    const gone = await client.fetch(`${github.url}/gone`, { method: 'DELETE', headers: auth });
    expect(gone.status).toBe(204);
    expect(await gone.text()).toBe('');
  });

  it('refuses a body that is not a string', async () => {
    await expect(client.fetch(`${github.url}/echo`, { method: 'PUT', body: new Uint8Array(1) })).rejects.toThrow('PUT /echo: only string bodies are supported');
    expect(github.requests).toEqual([]);
  });

  it('hands back a 4xx as it came, without retrying', async () => {
    const response = await client.fetch(`${github.url}/nothing`, { headers: auth });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: 'Not Found' });
    expect(logs).toEqual([]);
  });

  it('retries a 5xx with GitHub’s message and request id in the log line', async () => {
    github.inject({ path: '/ok', status: 503, times: 1 });
    const response = await client.fetch(`${github.url}/ok`, { headers: auth });
    expect(response.status).toBe(200);
    expect(sleeps).toEqual([375]);
    expect(logs).toEqual([expect.stringMatching(/^GET \/ok: 503: Server Error \(request id [\w-]+\); retrying in 0\.4s \(attempt 2 of 6\)$/)]);
  });

  it('logs an answer whose message is not text without one', async () => {
    github.inject({ path: '/ok', status: 503, body: { message: 42 } });
    await client.fetch(`${github.url}/ok`, { headers: auth });
    expect(logs).toEqual([expect.stringMatching(/^GET \/ok: 503 \(request id [\w-]+\); retrying/)]);
  });

  it('throws the ApiError that says it gave up', async () => {
    github.inject({ path: '/ok', status: 500, times: Infinity, body: { nope: true } });
    const error = await client.fetch(`${github.url}/ok`, { headers: auth }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/^GET \/ok failed: 500 \(request id [\w-]+\) \(gave up after 6 attempts\)$/);
  });
});
