// Every request the action's API client sends must validate against DigitalOcean's official OpenAPI spec
// (vendored under test/fixtures/openapi). Real Prism sits between the client and the fake: a request off the
// spec gets 422 from Prism instead of reaching the fake, which the client surfaces as an ApiError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../src/api/clock.js';
import { DigitalOceanClient } from '../src/api/digitalocean.js';
import { DEFAULT_PACE, Pacer } from '../src/api/pacer.js';
import { Transport } from '../src/api/transport.js';
import { surveyKeys } from '../src/audit/survey.js';
import { type PrismProxy, startPrismProxy, validateRequest } from './fake/contract.js';
import { FakeDigitalOcean } from './fake/server.js';

const instantClock: Clock = { ...systemClock, sleep: async () => undefined };

describe('contract: client requests against the official spec', () => {
  let fake: FakeDigitalOcean;
  let prism: PrismProxy;
  const logs: string[] = [];

  beforeAll(async () => {
    fake = await FakeDigitalOcean.start({ rateLimit: false });
    prism = await startPrismProxy(fake.url);
  }, 30_000);
  afterAll(async () => {
    await prism?.close();
    await fake?.close();
  });

  function client(pacer?: Pacer): { client: DigitalOceanClient; transport: Transport } {
    const log = (message: string) => logs.push(message);
    const transport = new Transport({
      baseUrl: prism.url,
      token: fake.token,
      clock: instantClock,
      log,
      ...pacer?.hooks(),
    });
    return { transport, client: new DigitalOceanClient(transport, log) };
  }

  it('sends only spec-conformant requests for every operation the action uses', async () => {
    const namespace = fake.addNamespace({ label: 'contract', legacy: true });
    const { client: api, transport } = client(new Pacer({ ...DEFAULT_PACE, clock: instantClock, log: () => undefined }));
    try {
      fake.resetLog();
      const [listed, got] = await Promise.all([api.listNamespaces(), api.getNamespace(namespace.namespace)]);
      expect(listed.map((ns) => ns.namespace)).toContain(namespace.namespace);
      expect(got.label).toBe('contract');

      const key = await api.createKey(namespace.namespace, 'gha-contract-abc123', '1h');
      expect(key.id).toMatch(/^dof_v1_/);
      expect((await api.listKeys(namespace.namespace)).map((k) => k.id)).toContain(key.id);
      expect(await api.deleteKey(namespace.namespace, key.id)).toBe(true);
      expect(await api.deleteKey(namespace.namespace, key.id)).toBe(false);

      // The ambiguous-failure path: the server makes the key, the answer is lost, the client sweeps by name.
      fake.inject({ method: 'POST', path: /\/keys$/, drop: 'after' });
      const retried = await api.createKey(namespace.namespace, 'gha-contract-def456', '12h');
      expect(fake.keys(namespace.namespace).map((k) => k.id)).toEqual([retried.id]);
      expect(await api.deleteKeysNamed(namespace.namespace, 'gha-contract-def456')).toEqual([retried.id]);

      const survey = await surveyKeys('*', api);
      expect(survey.namespaces.length).toBeGreaterThan(0);
    } finally {
      transport.dispose();
    }
    // Prism forwarded them all (none refused with 422), and our own validator agrees on each.
    expect(fake.requests.length).toBeGreaterThanOrEqual(10);
    for (const request of fake.requests) {
      expect(validateRequest(request).errors, `${request.method} ${request.path}`).toEqual([]);
    }
    expect(new Set(fake.requests.map((r) => `${r.method} ${r.path.replace(/fn-[^/]+/, '{ns}').replace(/dof_v1_\w+/, '{key}')}`))).toEqual(
      new Set([
        'GET /v2/functions/namespaces',
        'GET /v2/functions/namespaces/{ns}',
        'POST /v2/functions/namespaces/{ns}/keys',
        'GET /v2/functions/namespaces/{ns}/keys',
        'DELETE /v2/functions/namespaces/{ns}/keys/{key}',
      ]),
    );
  });

  it('would notice a request off the spec (the check can fail)', async () => {
    const { transport } = client();
    try {
      const namespace = fake.addNamespace({ label: 'contract-bad' });
      await expect(transport.request('POST', `/v2/functions/namespaces/${namespace.namespace}/keys`, { expires_in: '1h' })).rejects.toThrow(/422/);
    } finally {
      transport.dispose();
    }
  });
});
