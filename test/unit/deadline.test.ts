// Every call ends by its deadline, attempts and waits included, against servers that accept a connection and never
// answer: the fake's `hang` fault and a raw socket, over real loopback with the real clock and budgets of a second.
import { HttpClient } from '@actions/http-client';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/api/clock.js';
import { DigitalOceanClient } from '../../src/api/digitalocean.js';
import { exchange } from '../../src/api/exchange.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../../src/api/retry.js';
import { ApiError, Transport, withDeadline } from '../../src/api/transport.js';
import { stepDeadlineMs } from '../../src/runner.js';
import { FakeDigitalOcean } from '../fake/server.js';

const MARGIN_MS = 400;
const NAMESPACES = '/v2/functions/namespaces';

let fake: FakeDigitalOcean;
let logs: string[];
const transports: Transport[] = [];
beforeEach(async () => {
  fake = await FakeDigitalOcean.start({ rateLimit: false });
  logs = [];
});
afterEach(async () => {
  for (const transport of transports.splice(0)) transport.dispose();
  await fake.close();
});

function transport(retry: Partial<RetryPolicy>): Transport {
  const made = new Transport({ baseUrl: fake.url, token: fake.token, clock: systemClock, log: (m) => logs.push(m), retry: { ...DEFAULT_RETRY, baseMs: 20, capMs: 50, ...retry } });
  transports.push(made);
  return made;
}

/** Runs `work`, returning what it threw (or returned) and how long it took. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; outcome: T | unknown }> {
  const started = performance.now();
  const outcome = await work().catch((error: unknown) => error);
  return { ms: performance.now() - started, outcome };
}

describe('the deadline of a call', () => {
  it('aborts an attempt that never gets an answer when the deadline comes', async () => {
    fake.inject({ path: NAMESPACES, hang: 'after', times: Infinity });
    const { ms, outcome } = await timed(() => transport({ budgetMs: 800 }).request('GET', NAMESPACES));
    expect(outcome).toBeInstanceOf(ApiError);
    expect((outcome as ApiError).message).toMatch(/^GET \/v2\/functions\/namespaces failed: no answer \(no answer by the deadline, \d{4}-\d\d-\d\dT[\d:.]+Z\)$/);
    expect(ms).toBeGreaterThanOrEqual(790);
    expect(ms).toBeLessThan(800 + MARGIN_MS);
    expect(fake.requests).toHaveLength(1);
  });

  it('abandons an attempt that stays silent for attemptMs and retries it within the deadline', async () => {
    fake.inject({ path: NAMESPACES, hang: 'after' });
    const { ms, outcome } = await timed(() => transport({ budgetMs: 5_000, attemptMs: 200 }).request('GET', NAMESPACES));
    expect(outcome).toMatchObject({ status: 200 });
    expect(ms).toBeLessThan(200 + MARGIN_MS);
    expect(logs).toEqual([expect.stringMatching(/^GET \/v2\/functions\/namespaces: no answer \(no answer for 0\.2s\); retrying in 0\.0s \(attempt 2 of 6\)$/)]);
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up, when the next retry would start past the deadline, rather than wait', async () => {
    fake.inject({ path: NAMESPACES, hang: 'after', times: Infinity });
    const { ms, outcome } = await timed(() => transport({ budgetMs: 300, attemptMs: 100, baseMs: 1_000, capMs: 1_000 }).request('GET', NAMESPACES));
    expect((outcome as ApiError).message).toMatch(/no answer for 0\.1s\) \(the next attempt would start at .+, past the 0.3s retry budget\)$/);
    expect(ms).toBeLessThan(300);
  });

  it('holds the calls a retry hook makes to the deadline of the call retrying', async () => {
    fake.inject({ method: 'POST', hang: 'after', times: Infinity });
    fake.inject({ method: 'GET', path: NAMESPACES, hang: 'after', times: Infinity });
    const http = transport({ budgetMs: 700, attemptMs: 150 });
    const { ms, outcome } = await timed(() =>
      // The hook's own call would have 700 ms of its own; it gets what is left of the POST's.
      http.request('POST', `${NAMESPACES}/x/keys`, {}, { beforeRetry: () => http.request('GET', NAMESPACES).then(() => undefined) }),
    );
    expect(outcome).toBeInstanceOf(ApiError);
    expect(ms).toBeLessThan(700 + MARGIN_MS);
  });
});

describe('withDeadline', () => {
  it('ends every call it runs, retries and clean-up included, by one deadline', async () => {
    const ns = fake.addNamespace({ label: 'deadline' }).namespace;
    // The create is carried out but never answered; every look-up by name to clean it up hangs too.
    fake.inject({ hang: 'after', times: Infinity });
    const client = new DigitalOceanClient(transport({ attemptMs: 200 }), (m) => logs.push(m));
    const { ms, outcome } = await timed(() => withDeadline(1_000, systemClock, () => client.createKey(ns, 'gha-deadline', '1h')));
    expect(outcome).toBeInstanceOf(ApiError);
    expect(ms).toBeLessThan(1_000 + MARGIN_MS);
    // The key the lost answer made is still there, for post to find by name.
    expect(fake.keys(ns).map((k) => k.name)).toEqual(['gha-deadline']);
  });

  it('sends nothing once its deadline has passed', async () => {
    const { outcome } = await timed(() =>
      withDeadline(20, systemClock, async () => {
        await new Promise((resolve) => setTimeout(resolve, 40));
        return transport({}).request('GET', NAMESPACES);
      }),
    );
    expect((outcome as ApiError).message).toMatch(/not sent: the deadline, .+, had passed/);
    expect(fake.requests).toEqual([]);
  });

  it('never lengthens a deadline already in force', async () => {
    fake.inject({ path: NAMESPACES, hang: 'after', times: Infinity });
    const { ms } = await timed(() => withDeadline(300, systemClock, () => withDeadline(5_000, systemClock, () => transport({}).request('GET', NAMESPACES))));
    expect(ms).toBeLessThan(300 + MARGIN_MS);
  });
});

describe("a step's deadline", () => {
  it('is one call budget, 60 s, unless the test-only variable gives a positive whole number of ms', () => {
    expect(stepDeadlineMs({})).toBe(60_000);
    expect(stepDeadlineMs({ FUNCTIONS_ACCESS_KEY_TEST_DEADLINE_MS: '3000' })).toBe(3_000);
    expect(stepDeadlineMs({ FUNCTIONS_ACCESS_KEY_TEST_DEADLINE_MS: '1' })).toBe(1);
    for (const ignored of ['0', '-5', '1.5', 'soon', '']) expect(stepDeadlineMs({ FUNCTIONS_ACCESS_KEY_TEST_DEADLINE_MS: ignored })).toBe(60_000);
  });
});

describe('exchange', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('refuses an answer cut off before its end', async () => {
    server = createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"half":')));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const http = new HttpClient('test');
    const outcome = await exchange(http, 'GET', url, null, {}, { signal: new AbortController().signal, idleMs: 5_000 });
    http.dispose();
    expect(outcome).toMatchObject({ kind: 'network', error: new Error('the answer was cut off') });
  });
});
