// The HTTP transport and DigitalOcean client against the fake over loopback, with a mocked clock: sleeps
// are recorded and advance virtual time instead of waiting.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/api/clock.js';
import { DigitalOceanClient } from '../../src/api/digitalocean.js';
import { ApiError, Transport } from '../../src/api/transport.js';
import { FakeDigitalOcean } from '../fake/server.js';

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
    await expect(api.listNamespaces()).rejects.toThrow(/past the call's deadline/);
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
