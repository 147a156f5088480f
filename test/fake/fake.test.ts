// Tests of the fake itself against the facts of the DigitalOcean spec and the OpenWhisk API.
import openwhisk from 'openwhisk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPrismProxy, validateRequest, validateResponse, type PrismProxy } from './contract.js';
import { FakeDigitalOcean, PROXY_ERROR_PAGE, type FakeOptions, type NamespaceInfo } from './server.js';

const T0 = Date.parse('2026-03-20T10:00:00Z');
const HOUR = 3_600_000;

interface Res {
  status: number;
  headers: Headers;
  body: any; // JSON under test
}

/** A small client; checks every /v2 answer against the spec's declared response. */
async function call(fake: FakeDigitalOcean, method: string, path: string, body?: unknown, token = fake.token): Promise<Res> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(fake.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  const res: Res = { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined };
  if (path.startsWith('/v2/')) {
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('ratelimit-limit')).toBe('5000');
    expect(r.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    expect(r.headers.get('ratelimit-reset')).toMatch(/^\d{10}$/);
    if (r.status >= 400) expect(res.body).toEqual({ id: expect.any(String), message: expect.any(String), request_id: r.headers.get('x-request-id') });
    const check = validateResponse({ method, path, status: r.status, headers: r.headers, body: res.body });
    expect(check.errors).toEqual([]);
  }
  return res;
}

async function invoke(fake: FakeDigitalOcean, user: string, password: string, ns = '_', params: object = {}): Promise<Res> {
  const r = await fetch(`${fake.url}/api/v1/namespaces/${ns}/actions/hello?blocking=true&result=true`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: r.status, headers: r.headers, body: await r.json() };
}

describe('FakeDigitalOcean', () => {
  let fake: FakeDigitalOcean;
  let clock: number;
  let ns: NamespaceInfo;
  const keysPath = (id = ns.namespace): string => `/v2/functions/namespaces/${id}/keys`;

  async function restart(opts: FakeOptions = {}): Promise<void> {
    await fake?.close();
    clock = T0;
    fake = await FakeDigitalOcean.start({ now: () => clock, ...opts });
    ns = fake.addNamespace({ label: 'ci', region: 'ams3' });
  }

  beforeEach(() => restart());
  afterEach(() => fake.close());

  describe('namespaces', () => {
    it('lists and gets namespaces; api_host is the fake; legacy credential is a seed option', async () => {
      const migrated = fake.addNamespace({ label: 'migrated', legacy: false, id: 'fn-00000000-0000-4000-8000-000000000001' });
      const emptied = fake.addNamespace({ label: 'emptied', legacy: 'empty' });
      expect(ns).toMatchObject({ api_host: fake.url, label: 'ci', region: 'ams3', created_at: '2026-03-20T10:00:00Z' });
      expect(ns.namespace).toMatch(/^fn-[0-9a-f-]{36}$/);
      expect(ns.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(ns.key).toBeTruthy();
      expect(migrated).not.toHaveProperty('uuid');
      expect(migrated).not.toHaveProperty('key');
      expect(emptied).toMatchObject({ uuid: '', key: '' });

      const list = await call(fake, 'GET', '/v2/functions/namespaces');
      expect(list.status).toBe(200);
      expect(list.body).toEqual({ namespaces: [ns, migrated, emptied] });
      const one = await call(fake, 'GET', `/v2/functions/namespaces/${migrated.namespace}`);
      expect(one.body).toEqual({ namespace: migrated });
      expect(fake.namespaces()).toEqual([ns, migrated, emptied]);
    });

    it('404 for an unknown namespace on every operation', async () => {
      const bad = 'fn-00000000-0000-0000-0000-000000000000';
      for (const [m, p, b] of [
        ['GET', `/v2/functions/namespaces/${bad}`],
        ['GET', keysPath(bad)],
        ['POST', keysPath(bad), { name: 'x' }],
        ['PUT', `${keysPath(bad)}/dof_v1_00000000000000000000000000000000`, { name: 'x' }],
        ['DELETE', `${keysPath(bad)}/dof_v1_00000000000000000000000000000000`],
      ] as const) {
        const r = await call(fake, m, p, b);
        expect(r.status, `${m} ${p}`).toBe(404);
        expect(r.body).toMatchObject({ id: 'not_found', message: 'namespace not found' });
      }
    });
  });

  describe('access keys', () => {
    it('create returns 201 with the secret, once; list/update never show it', async () => {
      const created = await call(fake, 'POST', keysPath(), { name: 'ci-1', expires_in: '1h' });
      expect(created.status).toBe(201);
      const key = created.body.access_key;
      expect(Object.keys(key)).toEqual(['id', 'name', 'secret', 'expires_at', 'created_at', 'updated_at']);
      expect(key.id).toMatch(/^dof_v1_[0-9a-f]{32}$/);
      expect(key).toMatchObject({
        name: 'ci-1',
        secret: expect.stringMatching(/^fn_secret_[0-9a-f]{32}$/),
        created_at: '2026-03-20T10:00:00Z',
        updated_at: '2026-03-20T10:00:00Z',
        expires_at: '2026-03-20T11:00:00Z',
      });

      const list = await call(fake, 'GET', keysPath());
      const { secret: _secret, ...shown } = key;
      expect(list.body).toEqual({ access_keys: [shown], count: 1 });
      expect(JSON.stringify(list.body)).not.toContain(key.secret);

      clock += 5 * 60_000;
      const upd = await call(fake, 'PUT', `${keysPath()}/${key.id}`, { name: 'renamed' });
      expect(upd.status).toBe(200);
      expect(upd.body.access_key).toEqual({ id: key.id, name: 'renamed', expires_at: key.expires_at, created_at: key.created_at, updated_at: '2026-03-20T10:05:00Z' });
      expect(fake.keys(ns.namespace)).toEqual([{ ...upd.body.access_key, secret: key.secret, namespace: ns.namespace }]);
    });

    it('expires_in: omitted = never (null), <int>h and <int>d; 400 below 1h or malformed', async () => {
      const never = await call(fake, 'POST', keysPath(), { name: 'never' });
      expect(never.body.access_key.expires_at).toBeNull();
      const week = await call(fake, 'POST', keysPath(), { name: 'week', expires_in: '7d' });
      expect(week.body.access_key.expires_at).toBe('2026-03-27T10:00:00Z');
      for (const bad of ['30m', '0h', '0d', '1.5h', 'h', '', ' 1h', 3600]) {
        const r = await call(fake, 'POST', keysPath(), { name: `bad-${String(bad)}`, expires_in: bad });
        expect(r.status, String(bad)).toBe(400);
        expect(r.body.id).toBe('bad_request');
      }
      expect(fake.keys(ns.namespace).map((k) => k.name)).toEqual(['never', 'week']);
    });

    it('400 for a missing name or a body that is not a JSON object', async () => {
      for (const body of [{}, { name: '' }, { name: 7 }, 'not json', '[]', 'null']) {
        const r = await call(fake, 'POST', keysPath(), body);
        expect(r.status, JSON.stringify(body)).toBe(400);
      }
      const k = fake.addKey(ns.namespace, { name: 'a' });
      expect((await call(fake, 'PUT', `${keysPath()}/${k.id}`, {})).status).toBe(400);
    });

    it('delete answers 200 {} and the key is gone; unknown key is 404 access key not found', async () => {
      const k = fake.addKey(ns.namespace, { name: 'seeded', expiresAt: '2026-03-21T00:00:00Z' });
      expect(k.id).toMatch(/^dof_v1_[0-9a-f]{32}$/);
      const del = await call(fake, 'DELETE', `${keysPath()}/${k.id}`);
      expect(del).toMatchObject({ status: 200, body: {} });
      expect(fake.keys(ns.namespace)).toEqual([]);
      for (const m of ['DELETE', 'PUT'] as const) {
        const again = await call(fake, m, `${keysPath()}/${k.id}`, m === 'PUT' ? { name: 'x' } : undefined);
        expect(again.status).toBe(404);
        expect(again.body).toMatchObject({ id: 'not_found', message: 'access key not found' });
      }
      // A key of another namespace is not found through this one.
      const other = fake.addNamespace({ label: 'other' });
      const foreign = fake.addKey(other.namespace, { name: 'f' });
      expect((await call(fake, 'DELETE', `${keysPath()}/${foreign.id}`)).status).toBe(404);
      expect(fake.keys(other.namespace)).toHaveLength(1);
    });

    it('409 for a duplicate name (create and rename) unless allowDuplicateNames', async () => {
      await call(fake, 'POST', keysPath(), { name: 'dup' });
      const b = fake.addKey(ns.namespace, { name: 'b' });
      const c1 = await call(fake, 'POST', keysPath(), { name: 'dup' });
      expect(c1.status).toBe(409);
      expect(c1.body.id).toBe('conflict');
      expect((await call(fake, 'PUT', `${keysPath()}/${b.id}`, { name: 'dup' })).status).toBe(409);
      expect((await call(fake, 'PUT', `${keysPath()}/${b.id}`, { name: 'b' })).status).toBe(200);
      // The same name in another namespace is fine.
      const other = fake.addNamespace({ label: 'other' });
      expect((await call(fake, 'POST', keysPath(other.namespace), { name: 'dup' })).status).toBe(201);
      fake.allowDuplicateNames = true;
      expect((await call(fake, 'POST', keysPath(), { name: 'dup' })).status).toBe(201);
      expect(fake.keys(ns.namespace).filter((k) => k.name === 'dup')).toHaveLength(2);
    });

    it('expired keys are still listed', async () => {
      fake.addKey(ns.namespace, { name: 'old', createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-01-02T00:00:00Z' });
      const list = await call(fake, 'GET', keysPath());
      expect(list.body.access_keys).toEqual([
        { id: expect.any(String), name: 'old', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', expires_at: '2026-01-02T00:00:00Z' },
      ]);
    });

    it('ignoreExpiresIn and expiryOverride change the expiry the server applies', async () => {
      fake.ignoreExpiresIn = true;
      const a = await call(fake, 'POST', keysPath(), { name: 'a', expires_in: '1h' });
      expect(a.body.access_key.expires_at).toBeNull();
      expect((await call(fake, 'POST', keysPath(), { name: 'a2', expires_in: '30m' })).status).toBe(400);
      fake.ignoreExpiresIn = false;
      const seen: Array<string | undefined> = [];
      fake.expiryOverride = (requested) => {
        seen.push(requested);
        return requested === undefined ? '2026-04-01T00:00:00Z' : '30d';
      };
      const b = await call(fake, 'POST', keysPath(), { name: 'b', expires_in: '1h' });
      expect(b.body.access_key.expires_at).toBe('2026-04-19T10:00:00Z');
      const c = await call(fake, 'POST', keysPath(), { name: 'c' });
      expect(c.body.access_key.expires_at).toBe('2026-04-01T00:00:00Z');
      expect(seen).toEqual(['1h', undefined]);
      clock += 2 * HOUR;
      expect((await invoke(fake, a.body.access_key.id, a.body.access_key.secret)).status).toBe(200);
      expect((await invoke(fake, b.body.access_key.id, b.body.access_key.secret)).status).toBe(200);
    });
  });

  describe('API auth', () => {
    it('401 unauthorized for a missing or wrong token; addToken adds one', async () => {
      const r = await call(fake, 'GET', keysPath(), undefined, 'dop_v1_wrong');
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ id: 'unauthorized', message: 'Unable to authenticate you.', request_id: r.headers.get('x-request-id') });
      const none = await fetch(fake.url + keysPath());
      expect(none.status).toBe(401);
      fake.addToken('dop_v1_second');
      expect((await call(fake, 'GET', keysPath(), undefined, 'dop_v1_second')).status).toBe(200);
      expect(fake.token).toMatch(/^dop_v1_[0-9a-f]{64}$/);
    });
  });

  describe('Functions API (/api/v1)', () => {
    it('a live key lists its namespace and invokes hello; "_" and the explicit namespace both work', async () => {
      const { access_key: k } = (await call(fake, 'POST', keysPath(), { name: 'k', expires_in: '1h' })).body;
      const auth = { authorization: `Basic ${Buffer.from(`${k.id}:${k.secret}`).toString('base64')}` };
      const list = await fetch(`${fake.url}/api/v1/namespaces`, { headers: auth });
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual([ns.namespace]);
      expect(await invoke(fake, k.id, k.secret, '_', { name: 'Ada' })).toMatchObject({ status: 200, body: { body: 'Hello, Ada!' } });
      expect(await invoke(fake, k.id, k.secret, ns.namespace)).toMatchObject({ status: 200, body: { body: 'Hello, stranger!' } });
      const other = fake.addNamespace({ label: 'other' });
      expect((await invoke(fake, k.id, k.secret, other.namespace)).status).toBe(403);
      expect((await invoke(fake, k.id, 'wrong-secret')).status).toBe(401);
    });

    it('works with the openwhisk npm client, and with the legacy uuid:key', async () => {
      const { access_key: k } = (await call(fake, 'POST', keysPath(), { name: 'k' })).body;
      const ow = openwhisk({ apihost: fake.url, api_key: `${k.id}:${k.secret}`, namespace: '_' });
      expect(await ow.namespaces.list()).toEqual([ns.namespace]);
      expect(await ow.actions.invoke({ name: 'hello', blocking: true, result: true, params: { name: 'ow' } })).toEqual({ body: 'Hello, ow!' });
      expect((await invoke(fake, ns.uuid as string, ns.key as string)).status).toBe(200);
    });

    it('401 after delete and after expiry (injected clock)', async () => {
      const a = (await call(fake, 'POST', keysPath(), { name: 'a', expires_in: '1h' })).body.access_key;
      const b = (await call(fake, 'POST', keysPath(), { name: 'b' })).body.access_key;
      expect((await invoke(fake, a.id, a.secret)).status).toBe(200);
      clock = T0 + HOUR - 1;
      expect((await invoke(fake, a.id, a.secret)).status).toBe(200);
      clock = T0 + HOUR;
      const expired = await invoke(fake, a.id, a.secret);
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ error: 'The supplied authentication is invalid.', code: expect.any(String) });
      expect(fake.keys(ns.namespace).map((k) => k.id)).toContain(a.id);

      await call(fake, 'DELETE', `${keysPath()}/${b.id}`);
      expect((await invoke(fake, b.id, b.secret)).status).toBe(401);
      const list = await fetch(`${fake.url}/api/v1/namespaces`, {
        headers: { authorization: `Basic ${Buffer.from(`${b.id}:${b.secret}`).toString('base64')}` },
      });
      expect(list.status).toBe(401);
    });
  });

  describe('faults', () => {
    it('status: answers a spec-shaped error without performing; 5xx is server_error; times counts', async () => {
      fake.inject({ method: 'POST', path: keysPath(), status: 503, times: 2 });
      for (let i = 0; i < 2; i++) {
        const r = await call(fake, 'POST', keysPath(), { name: 'x' });
        expect(r.status).toBe(503);
        expect(r.body).toMatchObject({ id: 'server_error', message: 'Unexpected server-side error' });
      }
      expect(fake.keys(ns.namespace)).toEqual([]);
      expect((await call(fake, 'POST', keysPath(), { name: 'x' })).status).toBe(201);
      expect(fake.pendingFaults).toBe(0);
    });

    it('status 429: retry-after and remaining 0 unless headers override', async () => {
      fake.inject({ path: /\/keys$/, status: 429 });
      const r = await call(fake, 'GET', keysPath());
      expect(r.status).toBe(429);
      expect(r.body).toMatchObject({ id: 'too_many_requests' });
      expect(r.headers.get('retry-after')).toBe('30');
      expect(r.headers.get('ratelimit-remaining')).toBe('0');
      fake.inject({ path: /\/keys$/, status: 429, headers: { 'retry-after': '2' } });
      expect((await call(fake, 'GET', keysPath())).headers.get('retry-after')).toBe('2');
    });

    it("drop 'before' destroys the socket and does not create the key", async () => {
      fake.inject({ method: 'POST', drop: 'before' });
      await expect(call(fake, 'POST', keysPath(), { name: 'x' })).rejects.toThrow();
      expect(fake.keys(ns.namespace)).toEqual([]);
      expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', status: 0, dropped: 'before' });
    });

    it("drop 'after' creates the key and then destroys the socket", async () => {
      fake.inject({ method: 'POST', path: keysPath(), drop: 'after' });
      await expect(call(fake, 'POST', keysPath(), { name: 'x' })).rejects.toThrow();
      expect(fake.keys(ns.namespace).map((k) => k.name)).toEqual(['x']);
      expect(fake.requests.at(-1)).toMatchObject({ status: 201, dropped: 'after' });
      // Retrying the same name now conflicts, which is what a client must cope with.
      expect((await call(fake, 'POST', keysPath(), { name: 'x' })).status).toBe(409);
    });

    it('delayMs delays; body/headers without status alter a performed response; clearFaults', async () => {
      fake.inject({ method: 'GET', delayMs: 80 });
      let t = performance.now();
      expect((await call(fake, 'GET', keysPath())).status).toBe(200);
      expect(performance.now() - t).toBeGreaterThanOrEqual(75);

      fake.inject({ method: 'DELETE', body: { unexpected: true }, headers: { 'x-extra': '1' } });
      const k = fake.addKey(ns.namespace, { name: 'k' });
      const r = await fetch(`${fake.url}${keysPath()}/${k.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${fake.token}` } });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-extra')).toBe('1');
      expect(await r.json()).toEqual({ unexpected: true });
      expect(fake.keys(ns.namespace)).toEqual([]);

      fake.inject({ status: 500, times: Infinity });
      fake.clearFaults();
      expect((await call(fake, 'GET', keysPath())).status).toBe(200);

      await restart({ latencyMs: 60 });
      t = performance.now();
      await call(fake, 'GET', keysPath());
      expect(performance.now() - t).toBeGreaterThanOrEqual(55);
    });

    it('rawBody: a proxy\'s HTML page instead of JSON; with status not performed, without status performed', async () => {
      const raw = async (method: string, path: string, body?: object) => {
        const r = await fetch(fake.url + path, {
          method,
          headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' },
          body: body && JSON.stringify(body),
        });
        return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
      };
      fake.inject({ method: 'POST', status: 502, rawBody: PROXY_ERROR_PAGE });
      expect(await raw('POST', keysPath(), { name: 'x' })).toEqual({ status: 502, type: 'text/html; charset=utf-8', text: PROXY_ERROR_PAGE });
      expect(fake.keys(ns.namespace)).toEqual([]);

      fake.inject({ method: 'POST', status: 200, rawBody: PROXY_ERROR_PAGE });
      expect(await raw('POST', keysPath(), { name: 'x' })).toMatchObject({ status: 200, text: PROXY_ERROR_PAGE });
      expect(fake.keys(ns.namespace)).toEqual([]);

      fake.inject({ method: 'POST', rawBody: PROXY_ERROR_PAGE });
      expect(await raw('POST', keysPath(), { name: 'x' })).toMatchObject({ status: 201, type: 'text/html; charset=utf-8', text: PROXY_ERROR_PAGE });
      expect(fake.keys(ns.namespace).map((k) => k.name)).toEqual(['x']);
      expect(() => fake.inject({ rawBody: '<p>', body: {} })).toThrow(/either rawBody or body/);
    });

    it('faults also apply to the Functions API', async () => {
      const k = fake.addKey(ns.namespace, { name: 'k' });
      fake.inject({ path: /^\/api\/v1\//, status: 502 });
      const r = await invoke(fake, k.id, k.secret);
      expect(r).toMatchObject({ status: 502, body: { error: expect.any(String) } });
    });
  });

  describe('rate limits', () => {
    it('default 250/minute burst: 429 with retry-after and ratelimit-remaining 0; recovers after the minute', async () => {
      for (let i = 0; i < 250; i++) {
        clock = T0 + i * 100; // 250 requests within 25 s
        const r = await fetch(fake.url + keysPath(), { headers: { authorization: `Bearer ${fake.token}` } });
        expect(r.status).toBe(200);
        await r.arrayBuffer();
      }
      clock = T0 + 30_000;
      const r = await call(fake, 'GET', keysPath());
      expect(r.status).toBe(429);
      expect(r.body).toMatchObject({ id: 'too_many_requests', message: 'API rate limit exceeded.' });
      expect(r.headers.get('ratelimit-remaining')).toBe('0');
      expect(r.headers.get('retry-after')).toBe('30'); // the first request leaves the minute at T0+60s
      expect(r.headers.get('ratelimit-reset')).toBe(String((T0 + HOUR) / 1000));
      // Another token has its own budget.
      fake.addToken('dop_v1_other');
      expect((await call(fake, 'GET', keysPath(), undefined, 'dop_v1_other')).status).toBe(200);
      clock = T0 + 60_001;
      const after = await call(fake, 'GET', keysPath());
      expect(after.status).toBe(200);
      expect(after.headers.get('ratelimit-remaining')).toBe(String(5000 - 251));
    });

    it('hourly limit: 429 without retry-after; per-request timers (sliding window) and ratelimit-reset', async () => {
      await restart({ rateLimit: { perMinute: 100, perHour: 3 } });
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        clock = T0 + i * 20 * 60_000; // T0, +20min, +40min
        const r = await fetch(fake.url + keysPath(), { headers: { authorization: `Bearer ${fake.token}` } });
        expect(r.status).toBe(200);
        expect(r.headers.get('ratelimit-reset')).toBe(String((T0 + HOUR) / 1000)); // the oldest request's timer
        remaining.push(r.headers.get('ratelimit-remaining') as string);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      clock = T0 + 50 * 60_000;
      const r = await fetch(fake.url + keysPath(), { headers: { authorization: `Bearer ${fake.token}` } });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBeNull();
      expect(r.headers.get('ratelimit-remaining')).toBe('0');
      // At T0+1h the first request expires: one slot frees, the reset moves to the next-oldest request.
      clock = T0 + HOUR;
      const ok = await fetch(fake.url + keysPath(), { headers: { authorization: `Bearer ${fake.token}` } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-remaining')).toBe('0');
      expect(ok.headers.get('ratelimit-reset')).toBe(String((T0 + 20 * 60_000 + HOUR) / 1000));
    });

    it('rateLimit: false never refuses', async () => {
      await restart({ rateLimit: false });
      clock = T0;
      for (let i = 0; i < 260; i++) {
        const r = await fetch(fake.url + keysPath(), { headers: { authorization: `Bearer ${fake.token}` } });
        expect(r.status).toBe(200);
        await r.arrayBuffer();
      }
    });
  });

  describe('request log', () => {
    it('records method, path, query, headers, body, status and at (from now)', async () => {
      clock = T0 + 1234;
      await call(fake, 'POST', `${keysPath()}?trace=1`, { name: 'logged', expires_in: '1h' });
      await call(fake, 'GET', keysPath(), undefined, 'bad');
      expect(fake.requests).toEqual([
        {
          method: 'POST',
          path: keysPath(),
          query: { trace: '1' },
          headers: expect.objectContaining({ authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' }),
          body: { name: 'logged', expires_in: '1h' },
          status: 201,
          at: T0 + 1234,
        },
        expect.objectContaining({ method: 'GET', status: 401, body: undefined }),
      ]);
      expect(fake.count({ method: 'post' })).toBe(1);
      expect(fake.count({ path: /\/keys$/, status: 401 })).toBe(1);
      // Recorded requests are what the contract validator checks.
      expect(validateRequest(fake.requests[0]!).errors).toEqual([]);
      fake.resetLog();
      expect(fake.requests).toEqual([]);
    });
  });
});

describe('contract', () => {
  it('the in-process validator rejects malformed requests and accepts good ones', () => {
    const path = '/v2/functions/namespaces/fn-1/keys';
    const auth = { authorization: 'Bearer t', 'content-type': 'application/json' };
    expect(validateRequest({ method: 'POST', path, headers: auth, body: { name: 'a', expires_in: '1h' } })).toMatchObject({
      ok: true,
      operationId: 'functionsAccessKey_create',
    });
    expect(validateRequest({ method: 'POST', path, headers: auth, body: { expires_in: '1h' } }).errors).toEqual([
      'body: missing required property "name"',
    ]);
    expect(validateRequest({ method: 'POST', path, headers: auth }).errors).toEqual(['request body is required']);
    expect(validateRequest({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: { name: 'a' } }).ok).toBe(false);
    expect(validateRequest({ method: 'POST', path, headers: { authorization: 'Bearer t', 'content-type': 'text/plain' }, body: { name: 'a' } }).ok).toBe(false);
    expect(validateRequest({ method: 'PATCH', path, headers: auth }).ok).toBe(false);
    expect(validateRequest({ method: 'GET', path: '/v2/functions/namespaces/fn-1/nope', headers: auth }).ok).toBe(false);
    expect(validateRequest({ method: 'DELETE', path: `${path}/dof_v1_x`, headers: { authorization: 'Bearer t' } }).ok).toBe(true);

    const res = validateResponse({ method: 'GET', path, status: 200, headers: { 'content-type': 'application/json' }, body: { access_keys: 'x' } });
    expect(res.errors).toEqual([
      'header ratelimit-limit is missing',
      'header ratelimit-remaining is missing',
      'header ratelimit-reset is missing',
      'body.access_keys: expected array, got string',
    ]);
    const rl = { 'ratelimit-limit': '5000', 'ratelimit-remaining': '1', 'ratelimit-reset': '1', 'content-type': 'application/json' };
    expect(validateResponse({ method: 'DELETE', path: `${path}/k`, status: 200, headers: rl, body: {} }).ok).toBe(true);
    // A 204 falls to `default`, which wants a JSON error body: key deletion answers 200 {}, not 204.
    expect(validateResponse({ method: 'DELETE', path: `${path}/k`, status: 204, headers: rl }).ok).toBe(false);
  });

  describe('through Prism (proxy --errors) to the fake', () => {
    let fake: FakeDigitalOcean;
    let prism: PrismProxy;
    let ns: NamespaceInfo;
    beforeAll(async () => {
      fake = await FakeDigitalOcean.start();
      ns = fake.addNamespace({ label: 'prism' });
      prism = await startPrismProxy(fake.url);
    }, 30_000);
    afterAll(async () => {
      await prism?.close();
      await fake?.close();
    });

    const send = (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(prism.url + path, {
        method,
        headers: { authorization: `Bearer ${fake.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('rejects POST keys without name (422, never forwarded) and forwards a good one', async () => {
      fake.resetLog();
      const bad = await send('POST', `/v2/functions/namespaces/${ns.namespace}/keys`, { expires_in: '1h' });
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain("must have required property 'name'");
      expect(fake.requests).toHaveLength(0);
      const good = await send('POST', `/v2/functions/namespaces/${ns.namespace}/keys`, { name: 'via-prism', expires_in: '1h' });
      expect(good.status).toBe(201);
      expect(good.headers.get('sl-violations')).toBeNull();
      expect(fake.requests).toHaveLength(1);
    });

    it("finds no violation in the fake's answers for every operation", async () => {
      const base = `/v2/functions/namespaces/${ns.namespace}`;
      const created = await send('POST', `${base}/keys`, { name: 'p2' });
      const { access_key: k } = (await created.json()) as { access_key: { id: string } };
      const answers = [
        await send('GET', '/v2/functions/namespaces'),
        await send('GET', base),
        await send('GET', `${base}/keys`),
        await send('PUT', `${base}/keys/${k.id}`, { name: 'p2-renamed' }),
        await send('DELETE', `${base}/keys/${k.id}`),
        await send('DELETE', `${base}/keys/${k.id}`),
        await send('POST', `${base}/keys`, { name: 'p2-renamed' }),
        await send('POST', `${base}/keys`, { name: 'p2-renamed' }),
      ];
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 404, 201, 409]);
      for (const a of answers) expect(a.headers.get('sl-violations')).toBeNull();
    });

    it('does check responses: a body off the spec becomes a 500 violation', async () => {
      fake.inject({ method: 'GET', body: { access_keys: 'not-an-array', count: 'x' } });
      const r = await send('GET', `/v2/functions/namespaces/${ns.namespace}/keys`);
      expect(r.status).toBe(500);
      expect(await r.text()).toContain('VIOLATIONS');
    });
  });
});
