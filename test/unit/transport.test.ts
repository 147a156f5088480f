// The HTTP transport and DigitalOcean client against the fake over loopback, with a mocked clock: sleeps
// are recorded and advance virtual time instead of waiting.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigitalOceanClient } from '../../src/api/digitalocean.js';
import type { Clock } from '../../src/api/clock.js';
import { ApiError, Transport, type TransportOptions, describeFailure } from '../../src/api/transport.js';
import { virtualClock } from '../fake/clock.js';
import { FakeDigitalOcean, PROXY_ERROR_PAGE } from '../fake/server.js';
import { openConnections } from '../fake/sockets.js';

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

  it('sends a whole Authorization header when given one, and reads the Functions API error shape', async () => {
    const basic = new Transport({ baseUrl: fake.url, authorization: 'Basic d3Jvbmc6d3Jvbmc=', clock: virtualClock().clock, log: (m) => logs.push(m) });
    try {
      const error = (await basic.request('GET', '/api/v1/namespaces').catch((e: unknown) => e)) as ApiError;
      expect(error.message).toMatch(/^GET \/api\/v1\/namespaces failed: 401: The supplied authentication is invalid\. \(request id [\w-]+\)$/);
      expect(fake.requests[0]?.headers.authorization).toBe('Basic d3Jvbmc6d3Jvbmc=');
    } finally {
      basic.dispose();
    }
  });

  it('retries what a request says is retryable, under that request’s policy', async () => {
    fake.inject({ method: 'GET', status: 401, times: 2 });
    const retry = { maxAttempts: 3, baseMs: 1_000, capMs: 1_000, budgetMs: 10_000 };
    await transport.request('GET', '/v2/functions/namespaces', undefined, { retry, retryable: (f) => f.kind === 'status' && f.status === 401 });
    expect(sleeps).toEqual([750, 750]);
    expect(logs[1]).toContain('(attempt 3 of 3)');
  });
});

describe('transport: what requests carry', () => {
  let fake: FakeDigitalOcean;
  beforeEach(async () => {
    fake = await FakeDigitalOcean.start({ rateLimit: false });
  });
  afterEach(async () => fake.close());

  it('sends its user agent, JSON headers only with a body, on one kept-alive connection it closes when disposed', async () => {
    const transport = new Transport({ baseUrl: fake.url, token: fake.token, clock: virtualClock().clock, log: () => undefined });
    const ns = fake.addNamespace({ label: 'unit' }).namespace;
    await transport.request('GET', '/v2/functions/namespaces');
    await transport.request('POST', `/v2/functions/namespaces/${ns}/keys`, { name: 'k', expires_in: '1h' });
    const [get, post] = fake.requests;
    expect(get?.headers).toMatchObject({ 'user-agent': 'functions-access-key', accept: 'application/json', connection: 'keep-alive', authorization: `Bearer ${fake.token}` });
    expect(get?.headers['content-type']).toBeUndefined();
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.body).toEqual({ name: 'k', expires_in: '1h' });
    expect(await openConnections(fake, 50)).toBe(1);
    transport.dispose();
    expect(await openConnections(fake)).toBe(0);
  });
});

describe('transport: answers the fake never gives', () => {
  let server: Server;
  let answers: { status: number; body: string; headers?: Record<string, string> }[];
  let url: string;
  let logs: string[];

  beforeEach(async () => {
    answers = [];
    logs = [];
    server = createServer((_req, res) => {
      const answer = answers.shift() ?? { status: 200, body: '{}' };
      res.writeHead(answer.status, { 'content-length': Buffer.byteLength(answer.body), ...answer.headers });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const request = async (virtual = virtualClock()) => {
    const transport = new Transport({ baseUrl: url, token: 't', clock: virtual.clock, log: (m) => logs.push(m) });
    try {
      return await transport.request('GET', '/x').catch((error: unknown) => error as ApiError);
    } finally {
      transport.dispose();
    }
  };

  it('treats a 2xx that is not JSON (a proxy’s page) as a 502, and retries it', async () => {
    answers.push({ status: 200, body: '<html>proxy</html>' }, { status: 200, body: '{"ok":true}' });
    expect(await request()).toMatchObject({ status: 200, body: { ok: true } });
    expect(logs).toEqual(['GET /x: 502: the answer was not JSON; retrying in 0.4s (attempt 2 of 6)']);
  });

  it('takes an empty 2xx as an answer without a body', async () => {
    answers.push({ status: 204, body: '' });
    expect(await request()).toMatchObject({ status: 204, body: undefined });
  });

  it('treats a 3xx as a failure', async () => {
    answers.push({ status: 300, body: '{"message":"moved"}' });
    const error = (await request()) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.name).toBe('ApiError');
    expect(error.message).toBe('GET /x failed: 300: moved');
  });

  it('reads the request id from the body, else from x-request-id; ignores fields that are not strings', async () => {
    answers.push({ status: 400, body: '{"id":"bad_request","message":"nope","request_id":"r-body"}', headers: { 'x-request-id': 'r-header' } });
    expect(((await request()) as ApiError).message).toBe('GET /x failed: 400 bad_request: nope (request id r-body)');
    answers.push({ status: 400, body: '{"id":7,"message":42}', headers: { 'x-request-id': 'r-header' } });
    expect(((await request()) as ApiError).message).toBe('GET /x failed: 400 (request id r-header)');
    answers.push({ status: 400, body: 'not json' });
    expect(((await request()) as ApiError).message).toBe('GET /x failed: 400: the answer was not JSON');
  });

  it('says when the next attempt would fall past the budget', async () => {
    const virtual = virtualClock(Date.UTC(2026, 0, 1));
    answers.push({ status: 429, body: '{}', headers: { 'retry-after': '61' } });
    const error = (await request(virtual)) as ApiError;
    expect(error.message).toBe('GET /x failed: 429 (the next attempt would start at 2026-01-01T00:01:01.125Z, past the 60s retry budget)');
    // The budget is the call's deadline: a wait that ends exactly at it leaves the attempt no time, so it is not made;
    // one that ends just before it is.
    answers.push({ status: 429, body: '{}', headers: { 'retry-after': '60' } });
    expect(((await request(virtualClock(Date.UTC(2026, 0, 1), 0))) as ApiError).message).toMatch(/^GET \/x failed: 429 \(the next attempt would start at .+, past the 60s retry budget\)$/);
    answers.push({ status: 429, body: '{}', headers: { 'retry-after': '59' } }, { status: 200, body: '{}' });
    expect(await request(virtualClock(Date.UTC(2026, 0, 1), 0))).toMatchObject({ status: 200 });
  });

  it('describes failures with and without an id, message or request id, and a lost answer', async () => {
    expect(describeFailure({ kind: 'status', status: 500, headers: {} })).toBe('500');
    expect(describeFailure({ kind: 'network', error: new Error('socket hang up') })).toBe('no answer (socket hang up)');
    const lost = new ApiError('GET', '/x', { kind: 'network', error: new Error('reset') });
    expect(lost.status).toBeUndefined();
    expect(new ApiError('GET', '/x', { kind: 'status', status: 418, headers: {} }).status).toBe(418);
  });
});

describe('transport: requests and answers', () => {
  let fake: FakeDigitalOcean;
  let logs: string[];
  let clock: Clock;
  const transports: Transport[] = [];
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  const path = '/v2/functions/namespaces';

  beforeEach(async () => {
    fake = await FakeDigitalOcean.start({ rateLimit: false });
    logs = [];
    ({ clock } = virtualClock(1_800_000_000_000));
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

  it('a lost answer is a network failure: retried, then reported as no answer', async () => {
    fake.inject({ method: 'GET', drop: 'before', times: Infinity });
    const error = await failure(transport().request('GET', path));
    expect(error.status).toBeUndefined();
    expect(error.failure.kind).toBe('network');
    expect(error.message).toMatch(new RegExp(`^GET ${path} failed: no answer \\(.+\\) \\(gave up after 6 attempts\\)$`));
    expect(logs[0]).toMatch(new RegExp(`^GET ${path}: no answer \\(.+\\); retrying in 0\\.4s \\(attempt 2 of 6\\)$`));
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
});
