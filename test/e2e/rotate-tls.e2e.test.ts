// mode: rotate as production runs it: both APIs over HTTPS, with certificates from a throwaway CA the job trusts
// through NODE_EXTRA_CA_CERTS (a GitHub Enterprise Server user's private CA), and then behind a corporate proxy
// (https_proxy) whose own log shows that every connection, to DigitalOcean, to its Functions API (the namespace's
// api_host, served by the same fake) and to GitHub, went through it.
//
// Behind the proxy the fakes are reached by `.test` names that only the proxy resolves (test/fake/proxy.ts), so a
// request that bypassed it could not have reached them at all; http-client never proxies loopback names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectProxy } from '../fake/proxy.js';
import { LOOPBACK_NAMES, TestCa } from '../fake/tls.js';
import { e2eWorlds } from './leak.js';
import { DAY, REPO, RotateWorld, heldKey } from './rotate.js';

const world = e2eWorlds();
let ca: TestCa;

beforeAll(async () => {
  ca = await TestCa.create();
});
afterAll(() => ca.dispose());

/** A due rotation; returns the world after checking it completed: the new key verified, sealed, stored; the old per grace. */
async function rotateOnce(rw: RotateWorld, grace: string, env: Record<string, string>) {
  const old = rw.held(31 * DAY);
  const { main } = await rw.run({ grace }, { env: { NODE_EXTRA_CA_CERTS: ca.caFile, ...env } });
  expect(main.exitCode, `${main.stdout}\n${main.stderr}`).toBe(0);
  expect(main.annotations.filter((a) => a.level !== 'notice')).toEqual([]);
  const fresh = heldKey(rw);
  expect(fresh, 'the secret holds a key of the namespace').toBeDefined();
  expect(fresh!.id).not.toBe(old.id);
  expect(main.outputs).toEqual({ rotated: 'true', 'key-id': fresh!.id, deleted: grace === '0' ? '1' : '0' });
  // Sealed to the repository's public key: the fake opened it with the matching private key (heldKey), and the
  // PUT named that key.
  const put = rw.w.github!.requests.find((r) => r.method === 'PUT');
  expect(put?.path).toBe('/repos/acme/app/actions/secrets/DO_FUNCTIONS_ACCESS_KEY');
  expect((put?.body as { key_id?: string }).key_id).toBe(rw.secrets.publicKey(REPO).key_id);
  // Verified against the Functions API before it was stored.
  const verify = rw.w.fake.requests.find((r) => r.path === '/api/v1/namespaces');
  expect(verify?.headers.authorization).toBe(`Basic ${Buffer.from(`${fresh!.id}:${fresh!.secret}`).toString('base64')}`);
  expect(verify!.at).toBeLessThanOrEqual(put!.at);
  return { main, old, fresh: fresh! };
}

describe('rotate over HTTPS (NODE_EXTRA_CA_CERTS)', () => {
  it('rotates with grace 0: stores the new key and deletes the old one after the store', async () => {
    const rw = await RotateWorld.start(world, { tls: await ca.issue(), host: 'localhost', github: { tls: await ca.issue(), host: 'localhost' } });
    expect(rw.w.fake.url).toMatch(/^https:\/\/localhost:\d+$/);
    expect(rw.w.github!.url).toMatch(/^https:\/\/localhost:\d+$/);
    const { fresh } = await rotateOnce(rw, '0', {});
    expect(rw.keys().map((k) => k.id)).toEqual([fresh.id]);
    const deleted = rw.w.fake.requests.find((r) => r.method === 'DELETE');
    expect(deleted!.at).toBeGreaterThanOrEqual(rw.w.github!.requests.find((r) => r.method === 'PUT')!.at);
    // Both servers saw TLS connections only (an http:// request to a TLS listener would not have been logged).
    expect(rw.w.fake.tlsHandshakes.full + rw.w.fake.tlsHandshakes.resumed).toBeGreaterThan(0);
    expect(rw.w.github!.tlsHandshakes.full + rw.w.github!.tlsHandshakes.resumed).toBeGreaterThan(0);
  });
});

describe('rotate through an HTTPS proxy', () => {
  let proxy: ConnectProxy;
  beforeAll(async () => {
    proxy = await ConnectProxy.start();
  });
  afterAll(() => proxy.close());

  it('sends every request, to DigitalOcean, its Functions API and GitHub, through the proxy; keeps the old key for the grace period', async () => {
    const digitalocean = 'api.digitalocean.test';
    const github = 'api.github.test';
    const rw = await RotateWorld.start(world, {
      tls: await ca.issue([digitalocean, ...LOOPBACK_NAMES]),
      host: digitalocean,
      github: { tls: await ca.issue([github, ...LOOPBACK_NAMES]), host: github },
    });
    const { main, old, fresh } = await rotateOnce(rw, '24h', { https_proxy: proxy.url, no_proxy: 'example.com' });
    expect(rw.keys().map((k) => k.id).sort()).toEqual([old.id, fresh.id].sort());
    expect(main.maskedLog).toContain(`Kept key ${old.id} (partner-deploy-aaaaaa): replaced by this run; deleted after the 1d grace period.`);

    const doHost = new URL(rw.w.fake.url).host;
    const ghHost = new URL(rw.w.github!.url).host;
    // Both APIs were tunnelled, nothing else was asked for, and every TLS connection either fake accepted came
    // through one of the proxy's tunnels.
    expect(proxy.tunnelsTo(doHost)).toBeGreaterThanOrEqual(1);
    expect(proxy.tunnelsTo(ghHost)).toBeGreaterThanOrEqual(1);
    expect(proxy.log.length).toBe(proxy.tunnelsTo(doHost) + proxy.tunnelsTo(ghHost));
    const handshakes = (counts: { full: number; resumed: number }) => counts.full + counts.resumed;
    expect(handshakes(rw.w.fake.tlsHandshakes)).toBe(proxy.tunnelsTo(doHost));
    expect(handshakes(rw.w.github!.tlsHandshakes)).toBe(proxy.tunnelsTo(ghHost));
    // The requests that came through: the DigitalOcean API (read, create), the Functions API (verify) and GitHub
    // (read the secret, its public key, store).
    const paths = (requests: { method: string; path: string }[]) => new Set(requests.map((r) => `${r.method} ${r.path.replace(/dof_v1_\w+|[0-9a-f-]{36}|fn-[\w-]+/g, ':id')}`));
    expect(paths(rw.w.fake.requests)).toEqual(new Set(['GET /v2/functions/namespaces/:id', 'GET /v2/functions/namespaces/:id/keys', 'POST /v2/functions/namespaces/:id/keys', 'GET /api/v1/namespaces']));
    expect(rw.w.fake.requests.every((r) => r.headers.host === doHost)).toBe(true);
    expect(paths(rw.w.github!.requests)).toEqual(
      new Set(['GET /repos/acme/app/actions/secrets/DO_FUNCTIONS_ACCESS_KEY', 'GET /repos/acme/app/actions/secrets/public-key', 'PUT /repos/acme/app/actions/secrets/DO_FUNCTIONS_ACCESS_KEY']),
    );
    expect(rw.w.github!.requests.every((r) => r.headers.host === ghHost)).toBe(true);
  });
});
