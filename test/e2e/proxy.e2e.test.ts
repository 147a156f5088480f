// End to end through a proxy, as on a self-hosted runner behind a corporate one: https_proxy names an HTTP CONNECT
// proxy on loopback (test/fake/proxy.ts), and the proxy's own log shows which connections went through it.
//
// @actions/http-client never proxies loopback hosts (localhost, 127.*, [::1]), so the fake is reached by names it
// does not treat as loopback: api.digitalocean.test, which only the proxy can resolve (to this machine), so whatever
// reaches the fake under that name came through the proxy; and 0.0.0.0 (on Linux, a connection to it reaches this
// machine), which works both through the proxy and directly, to show that no_proxy is what makes the difference.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectProxy } from '../fake/proxy.js';
import { LOOPBACK_NAMES, TestCa } from '../fake/tls.js';
import { e2eWorlds, type World } from './leak.js';
import type { StepResult } from './runner.js';

const world = e2eWorlds();
const NAME = 'api.digitalocean.test';
const ANY = '0.0.0.0';
let ca: TestCa;
let proxy: ConnectProxy;

beforeAll(async () => {
  ca = await TestCa.create();
});
afterAll(() => ca.dispose());
beforeEach(async () => {
  proxy = await ConnectProxy.start();
});
afterEach(async () => {
  await proxy.close();
});

async function fakeAt(host: string): Promise<World> {
  return world({ tls: await ca.issue([NAME, ANY, ...LOOPBACK_NAMES]), host });
}

/** Mint and post with this env in the job; both must succeed and leave no key. */
async function mintAndPost(w: World, env: Record<string, string>): Promise<StepResult[]> {
  const job = w.job({ env: { NODE_EXTRA_CA_CERTS: ca.caFile, ...env } });
  const main = await job.uses({ with: w.inputs() });
  const [post] = await job.end();
  for (const step of [main, post as StepResult]) expect(step.exitCode, `${step.name}:\n${step.stdout}${step.stderr}`).toBe(0);
  expect(w.fake.requests.map((r) => r.method).sort()).toEqual(['DELETE', 'GET', 'POST']);
  expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  return [main, post as StepResult];
}

describe.each(['https_proxy', 'HTTPS_PROXY'])('with %s set', (variable) => {
  it('sends every request of main and post through the proxy', async () => {
    const w = await fakeAt(NAME);
    await mintAndPost(w, { [variable]: proxy.url });
    const hostPort = new URL(w.fake.url).host;
    expect(hostPort).toMatch(/^api\.digitalocean\.test:\d+$/);
    // One tunnel at least for main and one for post; every line is to the API; and every TLS connection the fake
    // accepted came through one of them.
    expect(proxy.log.length).toBeGreaterThanOrEqual(2);
    expect(proxy.log).toEqual(proxy.log.map(() => `CONNECT ${hostPort}`));
    const { full, resumed } = w.fake.tlsHandshakes;
    expect(full + resumed).toBe(proxy.log.length);
  });
});

describe('no_proxy', () => {
  it('is honoured: a host it lists is reached directly, the proxy sees nothing', async () => {
    const w = await fakeAt(ANY);
    await mintAndPost(w, { https_proxy: proxy.url, no_proxy: 'github.example.com, 0.0.0.0' });
    expect(proxy.log).toEqual([]);
  });

  it('the same host goes through the proxy when no_proxy does not list it', async () => {
    const w = await fakeAt(ANY);
    await mintAndPost(w, { https_proxy: proxy.url, no_proxy: 'github.example.com,.digitalocean.test' });
    expect(proxy.log.length).toBeGreaterThanOrEqual(2);
    expect(new Set(proxy.log)).toEqual(new Set([`CONNECT 0.0.0.0:${new URL(w.fake.url).port}`]));
  });
});
