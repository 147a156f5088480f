// The check that a new key works, against the fake Functions API on loopback with a virtual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAccessKey } from '../../src/api/functions.js';
import { virtualClock } from '../fake/clock.js';
import { FakeDigitalOcean, type FakeKey, type NamespaceInfo } from '../fake/server.js';
import { openConnections } from '../fake/sockets.js';

let fake: FakeDigitalOcean;
let ns: NamespaceInfo;
let key: FakeKey;
let logs: string[];
let sleeps: number[];

beforeEach(async () => {
  fake = await FakeDigitalOcean.start({ rateLimit: false });
  ns = fake.addNamespace({ label: 'unit', legacy: false });
  key = fake.addKey(ns.namespace, { name: 'k' });
  logs = [];
});
afterEach(async () => fake.close());

function verify(overrides: { secret?: string; namespace?: string } = {}): Promise<unknown> {
  const virtual = virtualClock();
  sleeps = virtual.sleeps;
  return verifyAccessKey({
    apiHost: fake.url,
    namespace: overrides.namespace ?? ns.namespace,
    id: key.id,
    secret: overrides.secret ?? key.secret,
    clock: virtual.clock,
    log: (m) => logs.push(m),
  }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('verifyAccessKey', () => {
  it('passes when the Functions API lists the namespace under basic auth, and leaves no socket open', async () => {
    expect(await verify()).toBeUndefined();
    expect(fake.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/api/v1/namespaces', `Basic ${Buffer.from(`${key.id}:${key.secret}`).toString('base64')}`],
    ]);
    expect(await openConnections(fake)).toBe(0);
  });

  it('retries refusals (401 and 403) while the key propagates', async () => {
    fake.inject({ path: '/api/v1/namespaces', status: 401 });
    fake.inject({ path: '/api/v1/namespaces', status: 403 });
    expect(await verify()).toBeUndefined();
    expect(sleeps).toEqual([750, 1500]);
    expect(logs).toEqual([expect.stringContaining('401'), expect.stringContaining('403')]);
  });

  it('gives up on a key that stays refused, after five attempts within 30 s', async () => {
    const error = (await verify({ secret: 'wrong' })) as Error;
    expect(error.message).toMatch(/^GET \/api\/v1\/namespaces failed: 401: The supplied authentication is invalid\. \(request id [\w-]+\) \(gave up after 5 attempts\)$/);
    expect(fake.requests).toHaveLength(5);
    expect(sleeps).toEqual([750, 1500, 3000, 6000]);
  });

  it('does not retry what is neither a refusal nor a retryable failure', async () => {
    fake.inject({ path: '/api/v1/namespaces', status: 404 });
    expect(((await verify()) as Error).message).toMatch(/^GET \/api\/v1\/namespaces failed: 404/);
    expect(fake.requests).toHaveLength(1);
  });

  it('fails when the answer does not list the namespace', async () => {
    const error = (await verify({ namespace: 'fn-other' })) as Error;
    expect(error.message).toBe(`GET ${fake.url}/api/v1/namespaces answered ["${ns.namespace}"], which does not list namespace fn-other`);
    fake.inject({ path: '/api/v1/namespaces', body: { namespaces: [ns.namespace] } });
    expect(((await verify()) as Error).message).toContain('answered {"namespaces"');
    expect(await openConnections(fake)).toBe(0);
  });
});
