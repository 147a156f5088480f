// End to end, mint through the broker: the committed dist/ runs as the runner runs it, with the job's OIDC token
// from the fake issuer and no DigitalOcean token anywhere in the job; the committed broker bundle serves on
// loopback as DigitalOcean serves it, with the DigitalOcean fake behind it. Every test ends with the leak check,
// over the action's steps and the broker's log lines.
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerHost, type EventForm } from '../fake/broker.js';
import { FakeOidcIssuer, pushToMain } from '../fake/oidc.js';
import { e2eWorlds, oidcSecrets, type World } from './leak.js';
import type { StepResult } from './runner.js';

const world = e2eWorlds();
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((thing) => thing.close()));
});

interface Setup {
  w: World;
  oidc: FakeOidcIssuer;
  broker: BrokerHost;
}

async function setup({ form = 'http' as EventForm, policy }: { form?: EventForm; policy?: object } = {}): Promise<Setup> {
  const w = await world({ namespace: { label: 'widgets-prod', region: 'nyc1', legacy: false } });
  const oidc = await FakeOidcIssuer.start();
  const rules = [{ name: 'deploy', namespaces: ['widgets-prod'], repository_id: '100200300', ref: 'refs/heads/main', event_name: 'push', max_expiration: '2h' }];
  const broker = await BrokerHost.start({
    form,
    env: { DIGITALOCEAN_TOKEN: w.fake.token, BROKER_POLICY: JSON.stringify(policy ?? { rules }), OIDC_ISSUER: oidc.url, API_URL: w.fake.url },
  });
  opened.push(oidc, broker);
  w.secretSources.push(() => oidcSecrets(oidc));
  // The broker's log is scanned too: no API token, OIDC token or key in any line.
  w.extraLogs.push(['broker log', () => broker.logs]);
  return { w, oidc, broker };
}

function expectSucceeded(step: StepResult): void {
  expect(step.exitCode, `${step.name} failed:\n${step.stdout}\n${step.stderr}`).toBe(0);
  expect(step.annotations.filter((a) => a.level === 'error')).toEqual([]);
}

const errorOf = (step: StepResult) => step.annotations.find((a) => a.level === 'error')?.message ?? '';

describe.each<EventForm>(['http', 'ow'])('mint through the broker (event form %s)', (form) => {
  it('mints with the OIDC token, hands the key out as mint does, and post deletes it with a fresh token', async () => {
    const { w, oidc, broker } = await setup({ form });
    const job = w.job({ env: oidc.runnerEnv });
    const main = await job.uses({ with: { 'broker-url': broker.url, namespace: 'widgets-prod', expiration: '1h' } });
    expectSucceeded(main);
    expect(main.env.DIGITALOCEAN_ACCESS_TOKEN).toBeUndefined();
    expect(main.env['INPUT_TOKEN']).toBe('');

    const [key] = w.fake.keys(w.ns.namespace);
    expect(key?.name).toMatch(/^gha-acme-widgets-4242-1-[0-9a-f]{16}$/);
    expect(Date.parse(key!.expires_at!) - Date.parse(key!.created_at)).toBe(3_600_000);
    expect(main.outputs).toMatchObject({ 'key-id': key!.id, secret: key!.secret, 'access-key': `${key!.id}:${key!.secret}`, namespace: w.ns.namespace, 'api-host': w.fake.url });
    expect(main.exportedEnv.DO_FUNCTIONS_ACCESS_KEY).toBe(`${key!.id}:${key!.secret}`);
    // The OIDC token is masked, and so is the key in its three forms.
    expect(main.masks).toEqual(expect.arrayContaining([oidc.issued[0], key!.secret, `${key!.id}:${key!.secret}`]));
    expect(main.state).toEqual({ broker: 'true', 'key-id': key!.id, namespace: w.ns.namespace, 'key-name': key!.name, 'expires-at': expect.any(String) });
    expect(main.maskedLog).toContain(`Created access key ${key!.name} (${key!.id})`);
    // The broker asked for the token with its audience and used the API token only behind the broker.
    expect(w.fake.requests.every((r) => r.headers.authorization === `Bearer ${w.fake.token}`)).toBe(true);

    const [post] = await job.end();
    expectSucceeded(post!);
    expect(post!.maskedLog).toContain(`Deleted access key ${key!.name} (${key!.id})`);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
    expect(oidc.issued).toHaveLength(2);
    const decisions = broker.decisions();
    expect(decisions.map((d) => [d.action, d.decision, d.status])).toEqual([
      ['mint', 'allowed', 201],
      ['delete', 'allowed', 200],
    ]);
    expect(decisions[0]).toMatchObject({ rule: 'deploy', repository: 'acme/widgets', run_id: '4242', key_id: key!.id, namespace: w.ns.namespace });
  });
});

describe('mint through the broker, refused', () => {
  it('without `permissions: id-token: write` says so, and asks nothing of anyone', async () => {
    const { w, broker } = await setup();
    const job = w.job();
    const main = await job.uses({ with: { 'broker-url': broker.url, namespace: 'widgets-prod' } });
    expect(main.exitCode).toBe(1);
    expect(errorOf(main)).toContain('permissions: id-token: write');
    const [post] = await job.end();
    expect(post!.exitCode).toBe(0);
    expect(broker.events).toEqual([]);
    expect(w.fake.requests).toEqual([]);
  });

  it('a fork pull request gets the broker\'s reason, and no key', async () => {
    const { w, oidc, broker } = await setup();
    oidc.run = pushToMain({ event_name: 'pull_request', ref: 'refs/pull/7/merge', head_ref: 'evil', base_ref: 'main' });
    const job = w.job({ env: oidc.runnerEnv });
    const main = await job.uses({ with: { 'broker-url': broker.url, namespace: 'widgets-prod' } });
    expect(main.exitCode).toBe(1);
    expect(errorOf(main)).toContain('403 forbidden: No rule grants namespace widgets-prod to repository acme/widgets (id 100200300) on ref refs/pull/7/merge, event pull_request');
    expect(errorOf(main)).not.toMatch(/function:admin/);
    await job.end();
    expect(w.fake.requests).toEqual([]);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it('`token` with `broker-url` is an input error before any request', async () => {
    const { w, oidc, broker } = await setup();
    const job = w.job({ env: oidc.runnerEnv });
    const main = await job.uses({ with: { 'broker-url': broker.url, namespace: 'widgets-prod', token: 'dop_v1_not_needed' } });
    w.extraSecrets.push({ label: 'token input', value: 'dop_v1_not_needed', mayBeOutput: false });
    expect(main.exitCode).toBe(1);
    expect(errorOf(main)).toContain('input `token`: it cannot be combined with `broker-url`');
    await job.end();
    expect(broker.events).toEqual([]);
    expect(oidc.issued).toEqual([]);
  });

  it('a key longer-lived than asked is deleted by the broker and never handed out', async () => {
    const { w, oidc, broker } = await setup();
    w.fake.ignoreExpiresIn = true;
    const job = w.job({ env: oidc.runnerEnv });
    const main = await job.uses({ with: { 'broker-url': broker.url, namespace: 'widgets-prod' } });
    expect(main.exitCode).toBe(1);
    expect(errorOf(main)).toMatch(/502 bad_gateway: DigitalOcean: DigitalOcean created key \S+ with no expiry, although 1h was asked for/);
    expect(main.outputs).toEqual({});
    expect(w.createdKeys()).toHaveLength(1);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
    await job.end();
  });
});
