// Rotate as main and post run it: the mode dispatched from run-main, inputs read from `core`, both APIs wired
// with the retry log, and post saying why it has nothing to do.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMain } from '../../../src/run-main.js';
import { runPost } from '../../../src/run-post.js';
import { virtualClock } from '../../fake/clock.js';
import { FakeSecrets } from '../../fake/github/secrets.js';
import { FakeGitHub } from '../../fake/github/server.js';
import { FakeDigitalOcean } from '../../fake/server.js';
import { openConnections } from '../../fake/sockets.js';
import { recordingCore } from './core.js';

let fake: FakeDigitalOcean;
let github: FakeGitHub;
let secrets: FakeSecrets;
let inputs: Record<string, string>;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await FakeDigitalOcean.start({ rateLimit: false });
  github = await FakeGitHub.start();
  secrets = await FakeSecrets.attach(github);
  secrets.addRepository('acme/app');
  github.addToken('ghs_t', { permissions: { secrets: 'write' } });
  const ns = fake.addNamespace({ label: 'widgets-prod', legacy: false });
  inputs = { mode: 'rotate', token: fake.token, 'api-url': fake.url, namespace: ns.namespace, 'key-name': 'partner-deploy', 'secret-name': 'K', 'github-token': 'ghs_t' };
  env = { GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: github.url };
});
afterEach(async () => {
  await Promise.all([fake.close(), github.close()]);
});

describe('rotate from run-main', () => {
  it('rotates, with the tokens masked first and retries logged', async () => {
    const recorded = recordingCore(inputs);
    github.inject({ method: 'PUT', status: 502, times: 1 });
    await runMain({ core: recorded.core, env, clock: virtualClock().clock });
    expect(recorded.lines('setFailed')).toEqual([]);
    expect(recorded.calls.slice(0, 2)).toEqual([`setSecret: ${fake.token}`, 'setSecret: ghs_t']);
    const [key] = fake.keys(fake.namespaces()[0]!.namespace);
    expect(secrets.secret({ repo: 'acme/app' }, 'K')?.value).toBe(`${key!.id}:${key!.secret}`);
    expect(recorded.lines('info')).toContainEqual(expect.stringMatching(/^PUT \/repos\/acme\/app\/actions\/secrets\/K: 502: Server Error .*; retrying in/));
    expect(recorded.outputs.rotated).toBe('true');
    expect(recorded.lines('warning')).toEqual([]);
    // Both clients closed their kept-alive sockets, so the process can exit at once.
    expect(await openConnections(fake)).toBe(0);
    expect(await openConnections(github)).toBe(0);
  });

  it('verifies the new key against the namespace’s Functions API before storing it', async () => {
    const recorded = recordingCore(inputs);
    fake.inject({ path: '/api/v1/namespaces', status: 401, times: Infinity });
    await runMain({ core: recorded.core, env, clock: virtualClock().clock });
    expect(recorded.lines('setFailed')).toEqual([expect.stringMatching(/^functions-access-key: The new key dof_v1_\w+ did not pass its checks: GET \/api\/v1\/namespaces failed: 401/)]);
    expect(github.writes()).toEqual([]);
    expect(await openConnections(fake)).toBe(0);
    expect(await openConnections(github)).toBe(0);
  });

  it('warns about expiration: never, and sends no expiry', async () => {
    const recorded = recordingCore({ ...inputs, expiration: 'never' });
    await runMain({ core: recorded.core, env, clock: virtualClock().clock });
    expect(recorded.lines('warning')).toEqual(['expiration: never makes keys that stay valid until a run deletes them; if rotation stops, they never expire. Prefer e.g. `90d`.']);
    expect(fake.requests.find((r) => r.method === 'POST')?.body).toEqual({ name: expect.stringMatching(/^partner-deploy-[0-9a-f]{6}$/) });
  });

  it('fails on bad input before any request', async () => {
    const recorded = recordingCore({ ...inputs, grace: 'soon' });
    await runMain({ core: recorded.core, env, clock: virtualClock().clock });
    expect(recorded.lines('setFailed')).toEqual(['functions-access-key: input `grace`: `soon` is not a duration. Expected `0`, or `<int>h` or `<int>d` (e.g. `24h`).']);
    expect(fake.requests).toEqual([]);
    expect(github.requests).toEqual([]);
  });

  it('reads nothing from GitHub in a dry run without github-token', async () => {
    const recorded = recordingCore({ ...inputs, 'github-token': '', 'dry-run': 'true' });
    await runMain({ core: recorded.core, env, clock: virtualClock().clock });
    expect(recorded.lines('setFailed')).toEqual([]);
    expect(github.requests).toEqual([]);
    expect(recorded.outputs).toEqual({ rotated: 'false', 'key-id': '', deleted: '0' });
  });
});

describe('rotate post', () => {
  it('says why it has nothing to delete', async () => {
    const recorded = recordingCore({ mode: 'rotate' });
    await runPost({ core: recorded.core, env: {} });
    expect(recorded.lines('info')).toEqual([
      'Nothing to delete: rotate keeps the key it stored in the secret; main deletes a key it could not store, and the next run one an interrupted run left.',
    ]);
  });
});
