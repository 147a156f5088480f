// End to end over HTTPS: the fake serves TLS with a certificate from a throwaway CA made when the test starts, and the
// job trusts that CA the way a GitHub Enterprise Server user with a private CA does, through NODE_EXTRA_CA_CERTS in
// the job's env. The committed dist/ mints and deletes a key and audits; a certificate the action must refuse (wrong
// host name, a CA the job does not trust) fails at once with an error that says what to do, and leaves no key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCa } from '../fake/tls.js';
import { e2eWorlds, type World } from './leak.js';
import type { StepResult } from './runner.js';
import { reportValidator, runSweep } from './sweep.js';

const world = e2eWorlds();
let ca: TestCa;
let stranger: TestCa;

beforeAll(async () => {
  ca = await TestCa.create();
  stranger = await TestCa.create('a CA the job does not trust');
});
afterAll(() => {
  ca.dispose();
  stranger.dispose();
});

const trusting = () => ({ env: { NODE_EXTRA_CA_CERTS: ca.caFile } });

function expectSucceeded(step: StepResult): void {
  expect(step.exitCode, `${step.name} failed:\n${step.stdout}\n${step.stderr}`).toBe(0);
  expect(step.annotations.filter((a) => a.level === 'error')).toEqual([]);
}

describe.each(['localhost', '127.0.0.1'])('over HTTPS at %s', (host) => {
  it('mints a key and post deletes it', async () => {
    const w = await world({ tls: await ca.issue(), host });
    expect(w.fake.url.startsWith(`https://${host}:`)).toBe(true);
    const job = w.job(trusting());
    const main = await job.uses({ with: w.inputs() });
    expectSucceeded(main);
    const [key] = w.fake.keys(w.ns.namespace);
    expect(main.outputs['key-id']).toBe(key?.id);
    expect(main.outputs['api-host']).toBe(w.fake.url);
    const [post] = await job.end();
    expectSucceeded(post as StepResult);
    expect(post?.maskedLog).toContain(`Deleted access key ${key?.name} (${key?.id})`);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
    expect(w.fake.requests.map((r) => r.method).sort()).toEqual(['DELETE', 'GET', 'POST']);
    // Main's two concurrent requests and post's one, each step on its own connections.
    expect(w.fake.tlsHandshakes.full + w.fake.tlsHandshakes.resumed).toBeGreaterThanOrEqual(2);
  });
});

it('audits over HTTPS', async () => {
  const w = await world({ tls: await ca.issue(), host: 'localhost', namespace: { label: 'e2e', legacy: false } });
  w.fake.addKey(w.ns.namespace, { name: 'forever', createdAt: new Date(Date.now() - 86_400_000).toISOString(), expiresAt: null });
  const { main, report } = await runSweep<{ findings: { rule: string }[] }>(w, 'audit', { 'fail-on': 'never' }, trusting());
  expect(main.exitCode, main.stdout).toBe(0);
  expect(main.annotations.map((a) => a.properties.title)).toEqual(['never-expires']);
  reportValidator('audit')(report);
  expect(report.findings.map((f) => f.rule)).toEqual(['never-expires']);
  expect(main.summary).toContain('## 🔑 Functions access key audit');
  expect(w.fake.requests.every((r) => r.method === 'GET')).toBe(true);
});

/** Mint against a certificate the job must refuse: main fails before any request, and there is nothing to delete. */
async function refused(w: World, env: Record<string, string>): Promise<{ main: StepResult; post: StepResult; message: string }> {
  const job = w.job({ env });
  const main = await job.uses({ with: w.inputs() });
  const [post] = await job.end();
  expect(main.exitCode).toBe(1);
  const errors = main.annotations.filter((a) => a.level === 'error');
  expect(errors).toHaveLength(1);
  const message = errors[0]?.message ?? '';
  const host = new URL(w.fake.url).host;
  expect(message).toMatch(new RegExp(`^functions-access-key: (POST|GET) /v2/functions/namespaces/\\S+ failed: the TLS connection to ${host.replace(/[.[\]]/g, '\\$&')} was refused, nothing was sent`));
  expect(message).toContain('set NODE_EXTRA_CA_CERTS');
  // Refused in the handshake: no request reached the fake, no retry was logged, no key exists.
  expect(w.fake.requests).toEqual([]);
  expect(main.maskedLog).not.toMatch(/retrying/);
  expect(w.createdKeys()).toEqual([]);
  expect(post?.exitCode).toBe(0);
  expect(post?.maskedLog).toMatch(/Nothing to delete/);
  return { main, post: post as StepResult, message };
}

describe('refuses a certificate', () => {
  it('for another host name (ERR_TLS_CERT_ALTNAME_INVALID)', async () => {
    const w = await world({ tls: await ca.issue(['api.example.com']), host: 'localhost' });
    const { message } = await refused(w, trusting().env);
    expect(message).toContain('its certificate is for DNS:api.example.com, not localhost (ERR_TLS_CERT_ALTNAME_INVALID)');
  });

  it('from a CA the job does not trust (SELF_SIGNED_CERT_IN_CHAIN)', async () => {
    const w = await world({ tls: await stranger.issue(), host: 'localhost' });
    const { message } = await refused(w, trusting().env);
    expect(message).toContain('signed by a certificate authority this runner does not trust (SELF_SIGNED_CERT_IN_CHAIN)');
  });

  it('when the job sets no NODE_EXTRA_CA_CERTS at all (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', async () => {
    const w = await world({ tls: await ca.issue(undefined, { withRoot: false }), host: 'localhost' });
    const { message } = await refused(w, {});
    expect(message).toContain('(UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
  });
});
