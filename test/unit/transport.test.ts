// The HTTP transport and DigitalOcean client against the fake over loopback, with a mocked clock: sleeps
// are recorded and advance virtual time instead of waiting.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/api/clock.js';
import { DigitalOceanClient } from '../../src/api/digitalocean.js';
import { ApiError, Transport, type TransportOptions } from '../../src/api/transport.js';
import { FakeDigitalOcean, PROXY_ERROR_PAGE } from '../fake/server.js';

function virtualClock(start = Date.now()) {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
  return { clock, sleeps };
}

describe('transport and client', () => {
  let fake: FakeDigitalOcean;
  let logs: string[];
  let transport: Transport;
  let sleeps: number[];
  let api: DigitalOceanClient;
  let ns: string;

  beforeEach(async () => {
    fake = await FakeDigitalOcean.start({ rateLimit: false });
    ns = fake.addNamespace({ label: 'unit' }).namespace;
    logs = [];
    const virtual = virtualClock();
    sleeps = virtual.sleeps;
    transport = new Transport({ baseUrl: fake.url, token: fake.token, clock: virtual.clock, log: (m) => logs.push(m) });
    api = new DigitalOceanClient(transport, (m) => logs.push(m));
  });
  afterEach(async () => {
    transport.dispose();
    await fake.close();
  });

  it('retries 5xx with growing, logged backoff and then succeeds', async () => {
    fake.inject({ method: 'GET', path: /\/keys$/, status: 503, times: 2 });
    expect(await api.listKeys(ns)).toEqual([]);
    expect(sleeps).toEqual([375, 750]);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^GET \/v2\/functions\/namespaces\/fn-[^ ]+\/keys: 503 server_error: .+\(request id [\w-]+\); retrying in 0\.4s \(attempt 2 of 6\)$/);
  });

  it('honours retry-after on a 429', async () => {
    fake.inject({ method: 'GET', status: 429, headers: { 'retry-after': '7' } });
    await api.listNamespaces();
    expect(sleeps).toEqual([7125]);
    expect(logs[0]).toContain('429 too_many_requests');
  });

  it('does not retry other 4xx, and reports the message and request id', async () => {
    const bad = new Transport({ baseUrl: fake.url, token: 'dop_v1_wrong', clock: virtualClock().clock, log: (m) => logs.push(m) });
    try {
      const error = await bad.request('GET', '/v2/functions/namespaces').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(401);
      expect((error as ApiError).message).toMatch(/^GET \/v2\/functions\/namespaces failed: 401 unauthorized: Unable to authenticate you\. \(request id [\w-]+\)$/);
      expect(logs).toEqual([]);
      expect(fake.requests).toHaveLength(1);
    } finally {
      bad.dispose();
    }
  });

  it('gives up after the attempts run out, saying so', async () => {
    fake.inject({ method: 'DELETE', status: 500, times: 10 });
    await expect(api.deleteKey(ns, 'dof_v1_00000000000000000000000000000000')).rejects.toThrow(/500 server_error.*gave up after 6 attempts/);
    expect(fake.requests).toHaveLength(6);
  });

  it('does not wait past its time budget for an hourly limit', async () => {
    fake.inject({ method: 'GET', status: 429, headers: { 'retry-after': '', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1800) } });
    await expect(api.listNamespaces()).rejects.toThrow(/past the 60s retry budget/);
    expect(sleeps).toEqual([]);
  });

  it('after a lost answer to a create, deletes the key it made before trying again', async () => {
    fake.inject({ method: 'POST', path: /\/keys$/, drop: 'after' });
    const key = await api.createKey(ns, 'gha-unit-aaaaaa', '1h');
    expect(fake.keys(ns).map((k) => k.id)).toEqual([key.id]);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'DELETE', 'POST']);
    expect(logs.some((m) => /^Deleted key dof_v1_\w+ \(gha-unit-aaaaaa\), made by a create request whose answer was lost/.test(m))).toBe(true);
  });

  it('leaves no key behind when every create attempt fails ambiguously', async () => {
    fake.inject({ method: 'POST', path: /\/keys$/, drop: 'after', times: 6 });
    await expect(api.createKey(ns, 'gha-unit-bbbbbb', '1h')).rejects.toThrow(/gave up after 6 attempts/);
    expect(fake.keys(ns)).toEqual([]);
  });

  it('treats a 404 on delete as already gone', async () => {
    expect(await api.deleteKey(ns, 'dof_v1_00000000000000000000000000000000')).toBe(false);
  });
});

describe('transport: requests and answers', () => {
  let fake: FakeDigitalOcean;
  let logs: string[];
  let sleeps: number[];
  let clock: Clock;
  const transports: Transport[] = [];
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  const path = '/v2/functions/namespaces';

  beforeEach(async () => {
    fake = await FakeDigitalOcean.start({ rateLimit: false });
    logs = [];
    ({ clock, sleeps } = virtualClock(1_800_000_000_000));
  });
  afterEach(async () => {
    for (const transport of transports.splice(0)) transport.dispose();
    await fake.close();
  });

  function transport(options: Partial<TransportOptions> = {}): Transport {
    const made = new Transport({ baseUrl: fake.url, token: fake.token, clock, log: (m) => logs.push(m), ...options });
    transports.push(made);
    return made;
  }
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('expected the request to fail'), (error: unknown) => error as ApiError);

  it('sends bearer auth, JSON and its user agent; content-type only with a body', async () => {
    const ns = fake.addNamespace({ label: 'h' }).namespace;
    await transport().request('GET', path);
    await transport({ userAgent: 'custom-agent/1' }).request('POST', `${path}/${ns}/keys`, { name: 'gha-h', expires_in: '1h' });
    const [get, post] = fake.requests;
    expect(get!.headers).toMatchObject({ authorization: `Bearer ${fake.token}`, accept: 'application/json', 'user-agent': 'functions-access-key' });
    expect(get!.headers['content-type']).toBeUndefined();
    expect(post!.headers).toMatchObject({ accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'custom-agent/1' });
    expect(post!.body).toEqual({ name: 'gha-h', expires_in: '1h' });
  });

  it('a 2xx answer that is not JSON (a proxy\'s HTML page) is retried like a 502, not taken as an answer', async () => {
    fake.inject({ method: 'GET', status: 200, rawBody: PROXY_ERROR_PAGE });
    const { body, status } = await transport().request<{ namespaces: unknown[] }>('GET', path);
    expect(status).toBe(200);
    expect(body).toEqual({ namespaces: [] });
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(logs).toEqual([`GET ${path}: 502: the answer was not JSON; retrying in 0.4s (attempt 2 of 6)`]);
  });

  it('gives up on 2xx answers that are never JSON, saying why', async () => {
    fake.inject({ method: 'GET', status: 200, rawBody: PROXY_ERROR_PAGE, times: Infinity });
    const error = await failure(transport().request('GET', path));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.message).toBe(`GET ${path} failed: 502: the answer was not JSON (gave up after 6 attempts)`);
    expect(fake.requests).toHaveLength(6);
  });

  it('an empty 2xx answer, or one of white space only, is an answer without a body', async () => {
    fake.inject({ method: 'GET', rawBody: '' });
    expect(await transport().request('GET', path)).toMatchObject({ status: 200, body: undefined });
    fake.inject({ method: 'GET', rawBody: ' \r\n' });
    expect(await transport().request('GET', path)).toMatchObject({ status: 200, body: undefined });
    expect(logs).toEqual([]);
  });

  it('an error answer that is not JSON: its status, that it was not JSON, and the request id of the header', async () => {
    fake.inject({ method: 'GET', status: 400, rawBody: PROXY_ERROR_PAGE });
    const error = await failure(transport().request('GET', path));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(new RegExp(`^GET ${path} failed: 400: the answer was not JSON \\(request id ${UUID.source}\\)$`));
  });

  it('a 502 HTML page is retried, and named in the error when it persists', async () => {
    fake.inject({ method: 'GET', status: 502, rawBody: PROXY_ERROR_PAGE, times: Infinity });
    const error = await failure(transport().request('GET', path));
    expect(error.message).toMatch(new RegExp(`^GET ${path} failed: 502: the answer was not JSON \\(request id ${UUID.source}\\) \\(gave up after 6 attempts\\)$`));
    expect(logs).toHaveLength(5);
  });

  it('an empty error answer: the status and request id only', async () => {
    fake.inject({ method: 'GET', status: 403, rawBody: '' });
    const error = await failure(transport().request('GET', path));
    expect(error.failure).toMatchObject({ kind: 'status', status: 403, id: undefined, message: undefined, requestId: expect.stringMatching(UUID) });
    expect(error.message).toMatch(new RegExp(`^GET ${path} failed: 403 \\(request id ${UUID.source}\\)$`));
  });

  it('takes id, message and request id from the error body only when they are strings; the body\'s request id first', async () => {
    fake.inject({ method: 'GET', status: 422, body: { id: 'unprocessable_entity', message: 'bad thing', request_id: 'req-from-body' } });
    expect((await failure(transport().request('GET', path))).message).toBe(`GET ${path} failed: 422 unprocessable_entity: bad thing (request id req-from-body)`);
    fake.inject({ method: 'GET', status: 422, body: { id: 7, message: ['no'], request_id: 8 } });
    const error = await failure(transport().request('GET', path));
    expect(error.failure).toMatchObject({ id: undefined, message: undefined, requestId: expect.stringMatching(UUID) });
    expect(error.message).toMatch(new RegExp(`^GET ${path} failed: 422 \\(request id ${UUID.source}\\)$`));
  });

  it('a lost answer is a network failure: retried, then reported as no answer', async () => {
    fake.inject({ method: 'GET', drop: 'before', times: Infinity });
    const error = await failure(transport().request('GET', path));
    expect(error.status).toBeUndefined();
    expect(error.failure.kind).toBe('network');
    expect(error.message).toMatch(new RegExp(`^GET ${path} failed: no answer \\(.+\\) \\(gave up after 6 attempts\\)$`));
    expect(logs[0]).toMatch(new RegExp(`^GET ${path}: no answer \\(.+\\); retrying in 0\\.4s \\(attempt 2 of 6\\)$`));
  });

  it('a connection that stays silent counts as a lost answer after the socket timeout, and is retried', async () => {
    fake.inject({ method: 'GET', hang: 'after' });
    const { status } = await transport({ socketTimeoutMs: 200 }).request('GET', path);
    expect(status).toBe(200);
    expect(fake.requests).toHaveLength(2);
    expect(logs).toEqual([expect.stringMatching(new RegExp(`^GET ${path}: no answer \\(.*timeout.*\\); retrying`, 'i'))]);
  });

  it('retries while the next attempt starts within the budget, to the millisecond', async () => {
    const retry = { maxAttempts: 6, baseMs: 500, capMs: 8_000, budgetMs: 1_000 };
    // random 0.5: a 429 with retry-after 0 waits 125 ms; two of them 250 ms, within 1 s.
    fake.inject({ method: 'GET', status: 429, headers: { 'retry-after': '0' }, times: 2 });
    await transport({ retry }).request('GET', path);
    expect(sleeps).toEqual([125, 125]);
    // retry-after 1 at random 0.5 is 1125 ms: past the budget of 1125 ms minus a millisecond, not past 1125.
    fake.inject({ method: 'GET', status: 429, headers: { 'retry-after': '1' } });
    await transport({ retry: { ...retry, budgetMs: 1125 } }).request('GET', path);
    fake.inject({ method: 'GET', status: 429, headers: { 'retry-after': '1' } });
    const error = await failure(transport({ retry: { ...retry, budgetMs: 1124 } }).request('GET', path));
    const at = new Date(clock.now() + 1125).toISOString();
    expect(error.message).toBe(`GET ${path} failed: 429 too_many_requests: API rate limit exceeded. (request id ${error.failure.kind === 'status' ? error.failure.requestId : ''}) (the next attempt would start at ${at}, past the 1.124s retry budget)`);
  });

  it('calls beforeSend before every attempt, onResponse with every answer, beforeRetry before each retry', async () => {
    const calls: string[] = [];
    fake.inject({ method: 'GET', status: 503 });
    const made = transport({
      beforeSend: async () => void calls.push('send'),
      onResponse: (status, headers) => void calls.push(`answer ${status} ${headers['x-request-id'] ? 'with id' : ''}`.trim()),
    });
    await made.request('GET', path, undefined, { beforeRetry: async (failure) => void calls.push(`retry after ${failure.kind === 'status' ? failure.status : failure.kind}`) });
    expect(calls).toEqual(['send', 'answer 503 with id', 'retry after 503', 'send', 'answer 200 with id']);
  });

  it('a 3xx answer is an error, not an answer', async () => {
    fake.inject({ method: 'GET', status: 300 });
    const error = await failure(transport().request('GET', path));
    expect(error.status).toBe(300);
    expect(fake.requests).toHaveLength(1);
  });

  it('keeps its connection open between requests, and closes it on dispose so the process can exit', async () => {
    const made = transport();
    await made.request('GET', path);
    await made.request('GET', path);
    expect(await fake.connections()).toBe(1);
    made.dispose();
    expect(await fake.connectionsAfter(500)).toBe(0);
  });

  it('names its errors', async () => {
    fake.inject({ method: 'GET', status: 400 });
    expect((await failure(transport().request('GET', path))).name).toBe('ApiError');
  });
});
