// The DigitalOcean client's promises, against the fake over loopback with a virtual clock: exactly its own key is
// cleaned up after an ambiguous create, answers without the expected fields are refused, paths are encoded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/api/clock.js';
import { DigitalOceanClient } from '../../src/api/digitalocean.js';
import { ApiError, Transport } from '../../src/api/transport.js';
import { FakeDigitalOcean, PROXY_ERROR_PAGE } from '../fake/server.js';

const clock: Clock = { now: () => 1_800_000_000_000, sleep: async () => undefined, random: () => 0.5 };

describe('DigitalOcean client', () => {
  let fake: FakeDigitalOcean;
  let transport: Transport;
  let client: DigitalOceanClient;
  let logs: string[];
  let ns: string;
  const keys = () => fake.keys(ns).map((key) => key.name).sort();
  const requests = () => fake.requests.map((r) => `${r.method} ${r.path.replace(ns, '{ns}').replace(/dof_v1_\w+/, '{key}')}`);

  beforeEach(async () => {
    fake = await FakeDigitalOcean.start({ rateLimit: false });
    ns = fake.addNamespace({ label: 'client' }).namespace;
    logs = [];
    transport = new Transport({ baseUrl: fake.url, token: fake.token, clock, log: () => undefined });
    client = new DigitalOceanClient(transport, (message) => logs.push(message));
  });
  afterEach(async () => {
    transport.dispose();
    await fake.close();
  });

  describe('createKey', () => {
    const NAME = 'gha-app-7-1-deploy-abc123';
    const neighbours = () => {
      for (const name of [`${NAME}0`, 'gha-app-7-1-deploy-abc12', `x-${NAME}`, 'deploy-key']) fake.addKey(ns, { name });
    };

    it('after a lost create answer, cleans up the key with exactly its name: neighbours with a shared prefix survive', async () => {
      neighbours();
      fake.inject({ method: 'POST', path: /\/keys$/, drop: 'after' });
      const key = await client.createKey(ns, NAME, '1h');
      expect(keys()).toEqual(['deploy-key', NAME, 'gha-app-7-1-deploy-abc12', `${NAME}0`, `x-${NAME}`].sort());
      expect(fake.keys(ns).find((k) => k.name === NAME)!.id).toBe(key.id);
      expect(requests()).toEqual(['POST /v2/functions/namespaces/{ns}/keys', 'GET /v2/functions/namespaces/{ns}/keys', 'DELETE /v2/functions/namespaces/{ns}/keys/{key}', 'POST /v2/functions/namespaces/{ns}/keys']);
      expect(logs).toEqual([expect.stringMatching(new RegExp(`^Deleted key dof_v1_\\w+ \\(${NAME}\\), made by a create request whose answer was lost \\(no answer \\(.+\\)\\)$`))]);
    });

    it('a 2xx create answer that is not JSON: the key it may have made is deleted before the retry', async () => {
      neighbours();
      // The server makes the key, then a proxy hands back an HTML page with the 201.
      fake.inject({ method: 'POST', path: /\/keys$/, rawBody: PROXY_ERROR_PAGE });
      const key = await client.createKey(ns, NAME, '1h');
      expect(fake.keys(ns).filter((k) => k.name === NAME).map((k) => k.id)).toEqual([key.id]);
      expect(keys()).toHaveLength(5);
      expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
      expect(logs).toEqual([expect.stringMatching(/made by a create request whose answer was lost \(502: the answer was not JSON\)$/)]);
    });

    it('a create that keeps failing ambiguously leaves none of its keys, and no neighbour is touched', async () => {
      neighbours();
      fake.inject({ method: 'POST', path: /\/keys$/, status: 502, rawBody: PROXY_ERROR_PAGE, times: 2 });
      fake.inject({ method: 'POST', path: /\/keys$/, rawBody: PROXY_ERROR_PAGE, times: Infinity });
      await expect(client.createKey(ns, NAME, '1h')).rejects.toThrow(/502: the answer was not JSON.*gave up after 6 attempts/);
      expect(keys()).toEqual(['deploy-key', 'gha-app-7-1-deploy-abc12', `${NAME}0`, `x-${NAME}`].sort());
    });

    it('a refused create (4xx) or a spent rate limit (429) made nothing: no look-up, no delete', async () => {
      fake.addKey(ns, { name: NAME });
      await expect(client.createKey(ns, NAME, '1h')).rejects.toThrow(ApiError);
      fake.inject({ method: 'POST', path: /\/keys$/, status: 429, headers: { 'retry-after': '0' }, times: Infinity });
      await expect(client.createKey(ns, 'gha-other', '1h')).rejects.toThrow(/429/);
      expect(requests().filter((r) => !r.startsWith('POST'))).toEqual([]);
      expect(keys()).toEqual([NAME]);
    });

    it.each([
      ['without the key', {}],
      ['without a secret', { access_key: { id: 'dof_v1_x', name: NAME } }],
      ['without an ID', { access_key: { name: NAME, secret: 's' } }],
      ['with an empty ID', { access_key: { id: '', name: NAME, secret: 's' } }],
    ])('a create answer %s is refused, and the key it made is deleted', async (_what, body) => {
      neighbours();
      fake.inject({ method: 'POST', path: /\/keys$/, body });
      await expect(client.createKey(ns, NAME, '1h')).rejects.toThrow(
        `POST /v2/functions/namespaces/${ns}/keys answered without a key ID and secret; any key it made was deleted`,
      );
      expect(keys()).toEqual(['deploy-key', 'gha-app-7-1-deploy-abc12', `${NAME}0`, `x-${NAME}`].sort());
    });

    it('an empty create answer is refused the same way', async () => {
      fake.inject({ method: 'POST', path: /\/keys$/, rawBody: '' });
      await expect(client.createKey(ns, NAME, '1h')).rejects.toThrow(/answered without a key ID and secret/);
      expect(keys()).toEqual([]);
    });

    it('returns the new key with its secret, made with the name and expiry asked for', async () => {
      const key = await client.createKey(ns, NAME, '12h');
      expect(key).toMatchObject({ id: expect.stringMatching(/^dof_v1_/), name: NAME, secret: expect.any(String) });
      expect(fake.requests[0]!.body).toEqual({ name: NAME, expires_in: '12h' });
    });
  });

  describe('reading', () => {
    it('lists namespaces, and none when the answer has no list or no body', async () => {
      expect((await client.listNamespaces()).map((n) => n.namespace)).toEqual([ns]);
      fake.inject({ method: 'GET', body: {} });
      expect(await client.listNamespaces()).toEqual([]);
      fake.inject({ method: 'GET', rawBody: '' });
      expect(await client.listNamespaces()).toEqual([]);
    });

    it('lists keys, and none when the answer has no list or no body', async () => {
      fake.addKey(ns, { name: 'a' });
      expect((await client.listKeys(ns)).map((k) => k.name)).toEqual(['a']);
      fake.inject({ method: 'GET', body: {} });
      expect(await client.listKeys(ns)).toEqual([]);
      fake.inject({ method: 'GET', rawBody: '' });
      expect(await client.listKeys(ns)).toEqual([]);
    });

    it('gets a namespace, and refuses an answer without one', async () => {
      expect((await client.getNamespace(ns)).label).toBe('client');
      for (const fault of [{ body: {} }, { body: { namespace: { label: 'no id' } } }, { rawBody: '' }]) {
        fake.inject({ method: 'GET', ...fault });
        await expect(client.getNamespace(ns)).rejects.toThrow(`GET /v2/functions/namespaces/${ns} answered without a namespace`);
      }
    });

    it('encodes IDs into the path, so none can reach another endpoint', async () => {
      await expect(client.getNamespace('../keys')).rejects.toThrow(ApiError);
      await expect(client.listKeys('a/b?c')).rejects.toThrow(ApiError);
      await client.deleteKey(ns, 'x/../../y').catch(() => undefined);
      expect(fake.requests.map((r) => r.path)).toEqual([
        '/v2/functions/namespaces/..%2Fkeys',
        '/v2/functions/namespaces/a%2Fb%3Fc/keys',
        `/v2/functions/namespaces/${ns}/keys/x%2F..%2F..%2Fy`,
      ]);
    });

    it('reports a retried GET by its method and path', async () => {
      const retried: string[] = [];
      const logged = new Transport({ baseUrl: fake.url, token: fake.token, clock, log: (m) => retried.push(m) });
      try {
        const api = new DigitalOceanClient(logged, () => undefined);
        for (const read of [() => api.getNamespace(ns), () => api.listNamespaces(), () => api.listKeys(ns)]) {
          fake.inject({ method: 'GET', status: 503 });
          await read();
        }
      } finally {
        logged.dispose();
      }
      expect(retried.map((line) => line.slice(0, line.indexOf(':')).replace(ns, '{ns}'))).toEqual([
        'GET /v2/functions/namespaces/{ns}',
        'GET /v2/functions/namespaces',
        'GET /v2/functions/namespaces/{ns}/keys',
      ]);
    });
  });

  describe('deleting', () => {
    it('deletes a key: true; already gone (404): false; any other failure throws', async () => {
      const key = fake.addKey(ns, { name: 'a' });
      expect(await client.deleteKey(ns, key.id)).toBe(true);
      expect(fake.keys(ns)).toEqual([]);
      expect(await client.deleteKey(ns, key.id)).toBe(false);
      fake.inject({ method: 'DELETE', status: 403 });
      await expect(client.deleteKey(ns, key.id)).rejects.toThrow(/403 forbidden/);
    });

    it('deletes every key with exactly the name, and returns their IDs', async () => {
      const a = fake.addKey(ns, { name: 'gha-x' });
      fake.addKey(ns, { name: 'gha-x-1' });
      fake.addKey(ns, { name: 'gha-' });
      expect(await client.deleteKeysNamed(ns, 'gha-x')).toEqual([a.id]);
      expect(keys()).toEqual(['gha-', 'gha-x-1']);
      expect(await client.deleteKeysNamed(ns, 'gha-x')).toEqual([]);
    });
  });
});
