// The GitHub secrets client over the fake GitHub on loopback, with a virtual clock: every target kind, the
// sealed value opened by the fake, permissions and their hints, retries and rate limits, GHES, and a proxy.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubSecrets, GitHubError, permissionFor } from '../../../src/modes/rotate/github.js';
import { GitHubSecrets as Client } from '../../../src/modes/rotate/github.js';
import type { SecretTarget } from '../../../src/modes/rotate/options.js';
import { seal } from '../../../src/modes/rotate/seal.js';
import { virtualClock } from '../../fake/clock.js';
import { FakeSecrets } from '../../fake/github/secrets.js';
import { FakeGitHub, type TokenInfo } from '../../fake/github/server.js';

const REPO: SecretTarget = { kind: 'repository', owner: 'acme', repo: 'app' };
const ENV: SecretTarget = { kind: 'environment', owner: 'acme', repo: 'app', environment: 'prod eu/1' };
const ORG: SecretTarget = { kind: 'organization', org: 'acme' };
const WRITE: TokenInfo = { permissions: { secrets: 'write', environments: 'write', organization_secrets: 'write' } };

let github: FakeGitHub;
let fake: FakeSecrets;
let logs: string[];
let sleeps: number[];
let disposers: (() => void)[];

beforeEach(async () => {
  github = await FakeGitHub.start();
  fake = await FakeSecrets.attach(github);
  fake.addRepository('acme/app', ['prod eu/1']);
  fake.addOrganization('acme');
  github.addToken('ghs_write', WRITE);
  logs = [];
  disposers = [];
});
afterEach(async () => {
  for (const dispose of disposers) dispose();
  await github.close();
});

function client(target: SecretTarget, { token = 'ghs_write', baseUrl = github.url, name = 'DO_KEY' } = {}): GitHubSecrets {
  const virtual = virtualClock();
  sleeps = virtual.sleeps;
  const { secrets, dispose } = Client.connect({ token, baseUrl, target, secretName: name, clock: virtual.clock, log: (m) => logs.push(m) });
  disposers.push(dispose);
  return secrets;
}

async function store(secrets: GitHubSecrets, value: string): Promise<void> {
  const key = await secrets.publicKey();
  await secrets.put(await seal(value, key.key), key, await secrets.get());
}

const scopeOf = (target: SecretTarget) =>
  target.kind === 'organization' ? { org: target.org } : { repo: `${target.owner}/${target.repo}`, environment: target.kind === 'environment' ? target.environment : undefined };

describe('GitHub secrets client', () => {
  it.each([REPO, ENV, ORG])('stores a sealed value the fake opens to the exact plaintext, then updates it (%o)', async (target) => {
    const secrets = client(target);
    expect(await secrets.get()).toBeUndefined();
    await store(secrets, 'dof_v1_a:first');
    const created = await secrets.get();
    expect(created?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(fake.secret(scopeOf(target), 'DO_KEY')?.value).toBe('dof_v1_a:first');
    await store(secrets, 'dof_v1_b:second');
    expect(fake.secret(scopeOf(target), 'DO_KEY')?.value).toBe('dof_v1_b:second');
    expect((await secrets.get())?.createdAt).toBe(created?.createdAt);
    expect(github.count({ method: 'PUT', status: 201 })).toBe(1);
    expect(github.count({ method: 'PUT', status: 204 })).toBe(1);
  });

  it('calls the environment endpoints under /repos/{owner}/{repo}, with the name encoded', async () => {
    await store(client(ENV), 'x');
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toContain('PUT /repos/acme/app/environments/prod%20eu%2F1/secrets/DO_KEY');
  });

  it('keeps an organization secret’s visibility and selected repositories, across pages', async () => {
    const repos = Array.from({ length: 130 }, (_, n) => `acme/r${n}`);
    const ids = repos.map((repo) => fake.addRepository(repo));
    fake.setSecret({ org: 'acme' }, 'DO_KEY', 'old', { visibility: 'selected', selectedRepositories: repos });
    const secrets = client(ORG);
    const current = await secrets.get();
    expect(current).toMatchObject({ visibility: 'selected', selectedRepositoryIds: ids });
    await store(secrets, 'new');
    expect(fake.secret({ org: 'acme' }, 'DO_KEY')).toMatchObject({ value: 'new', visibility: 'selected', selectedRepositoryIds: ids });
    // Two reads (ours and store()'s), two pages each.
    expect(github.count({ method: 'GET', path: '/orgs/acme/actions/secrets/DO_KEY/repositories' })).toBe(4);
  });

  it('keeps visibility all, and makes a new organization secret private', async () => {
    fake.setSecret({ org: 'acme' }, 'OLD', 'x', { visibility: 'all' });
    await store(client(ORG, { name: 'OLD' }), 'y');
    expect(fake.secret({ org: 'acme' }, 'OLD')?.visibility).toBe('all');
    expect(github.count({ path: /\/repositories$/ })).toBe(0);
    await store(client(ORG), 'z');
    expect(fake.secret({ org: 'acme' }, 'DO_KEY')?.visibility).toBe('private');
  });

  it('works against GitHub Enterprise Server’s /api/v3 base', async () => {
    await store(client(REPO, { baseUrl: github.ghesUrl }), 'v');
    expect(fake.secret({ repo: 'acme/app' }, 'DO_KEY')?.value).toBe('v');
    expect(github.requests.every((r) => r.headers.authorization === 'token ghs_write')).toBe(true);
  });

  it.each([
    [REPO, { secrets: 'read' }, 'repository permission "Secrets" (write) on acme/app'],
    [ENV, { secrets: 'write', environments: 'read' }, 'repository permission "Secrets" (write) and "Environments" (write) on acme/app'],
    [ORG, { secrets: 'write', organization_secrets: 'read' }, 'organization permission "Secrets" (write) on acme'],
  ] as const)('names the missing permission when a store is refused (%o)', async (target, permissions, needed) => {
    github.addToken('ghs_read', { permissions });
    const secrets = client(target, { token: 'ghs_read' });
    const key = await secrets.publicKey();
    const error = await secrets.put(await seal('v', key.key), key, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).message).toContain(`\`github-token\` needs the ${needed}`);
    expect((error as GitHubError).message).toContain("the job's GITHUB_TOKEN cannot manage secrets");
    expect(permissionFor(target, 'write')).toBe(needed);
    expect(logs).toEqual([]);
  });

  it('says to check the target when it does not exist, and the token when it is bad', async () => {
    const missing = await client({ kind: 'repository', owner: 'acme', repo: 'nope' }).publicKey().catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/^GitHub: GET \/repos\/acme\/nope\/actions\/secrets\/public-key failed: 404: Not Found \(request id [\w-]+\)\. Check `repository`: it does not exist/);
    const env = await client({ ...ENV, environment: 'staging' } as SecretTarget).publicKey().catch((e: unknown) => e);
    expect((env as Error).message).toContain('Check `repository` and `environment`');
    const org = await client({ kind: 'organization', org: 'other' }).publicKey().catch((e: unknown) => e);
    expect((org as Error).message).toContain('Check `org` (other)');
    const bad = await client(REPO, { token: 'ghs_revoked' }).get().catch((e: unknown) => e);
    expect((bad as Error).message).toContain('401: Bad credentials');
    expect((bad as Error).message).toContain('Check that `github-token` is a current token');
  });

  it('retries 5xx through the one retry loop, logged, and then succeeds', async () => {
    github.inject({ method: 'GET', path: '/repos/acme/app/actions/secrets/public-key', status: 502, times: 2 });
    const secrets = client(REPO);
    expect((await secrets.publicKey()).keyId).toMatch(/^\d+$/);
    expect(sleeps).toEqual([375, 750]);
    expect(logs[0]).toMatch(/^GET \/repos\/acme\/app\/actions\/secrets\/public-key: 502: Server Error \(request id [\w-]+\); retrying in 0\.4s \(attempt 2 of 6\)$/);
  });

  it('gives up after the attempts run out with an ambiguous failure', async () => {
    github.inject({ method: 'PUT', status: 500, times: Infinity });
    const secrets = client(REPO);
    const key = await secrets.publicKey();
    const error = (await secrets.put(await seal('v', key.key), key, undefined).catch((e: unknown) => e)) as GitHubError;
    expect(error).toBeInstanceOf(GitHubError);
    expect(error.message).toMatch(/^GitHub: PUT \/repos\/acme\/app\/actions\/secrets\/DO_KEY failed: 500: Server Error .*\(gave up after 6 attempts\)$/);
    expect(error.failure).toMatchObject({ kind: 'status', status: 500 });
    expect(github.count({ method: 'PUT' })).toBe(6);
  });

  it('treats a lost answer as a network failure, retried', async () => {
    github.inject({ method: 'GET', drop: 'before', times: 1 });
    expect(await client(REPO).get()).toBeUndefined();
    expect(logs[0]).toMatch(/: no answer \(.+\); retrying/);
  });

  it('waits as GitHub says: x-ratelimit-reset when the quota is spent, retry-after for a secondary limit, and a 429', async () => {
    const secrets = client(REPO);
    const reset = String(Math.ceil(Date.now() / 1000) + 20);
    github.inject({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { message: 'API rate limit exceeded' } });
    github.inject({ status: 403, headers: { 'retry-after': '3' }, body: { message: 'You have exceeded a secondary rate limit' } });
    github.inject({ status: 429, headers: { 'retry-after': '2' } });
    await secrets.publicKey();
    expect(sleeps[0]).toBeGreaterThan(18_000);
    expect(sleeps[0]).toBeLessThanOrEqual(21_250);
    expect(sleeps.slice(1)).toEqual([3_125, 2_125]);
    expect(logs[1]).toContain('403: You have exceeded a secondary rate limit');
  });

  it('does not retry a 403 that is not a rate limit, and names the read permission', async () => {
    github.addToken('ghs_none', { permissions: {} });
    const error = (await client(REPO, { token: 'ghs_none' }).get().catch((e: unknown) => e)) as GitHubError;
    expect(error.name).toBe('GitHubError');
    expect(error.message).toContain('403: Resource not accessible by integration');
    expect(error.message).toContain('needs the repository permission "Secrets" (read) on acme/app');
    expect(github.requests).toHaveLength(1);
    await expect(client(REPO, { token: 'ghs_none' }).publicKey()).rejects.toThrow('"Secrets" (read)');
  });

  it('hands on an error that is not an answer from GitHub as it is', async () => {
    const error = await client(REPO, { baseUrl: 'http://[bad' }).get().catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(GitHubError);
    expect((error as Error).message).toMatch(/Invalid URL/);
  });

  it('reads a GitHub error whose message is not text without it, and passes Octokit’s deprecation notices to the log', async () => {
    github.inject({ status: 422, body: { message: 42 } });
    const error = (await client(REPO).publicKey().catch((e: unknown) => e)) as GitHubError;
    expect(error.message).toMatch(/^GitHub: GET \/repos\/acme\/app\/actions\/secrets\/public-key failed: 422 \(request id [\w-]+\)$/);
    github.inject({ headers: { deprecation: 'true', sunset: 'Tue, 01 Dec 2026 00:00:00 GMT' } });
    await client(REPO).publicKey();
    expect(logs).toEqual([expect.stringContaining('is deprecated. It is scheduled to be removed on Tue, 01 Dec 2026')]);
  });

  it('fails on a quota that resets past the retry budget, saying when', async () => {
    github.inject({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1800) } });
    await expect(client(REPO).get()).rejects.toThrow(/past the 60s retry budget/);
    expect(sleeps).toEqual([]);
  });
});

describe('GitHub behind a proxy', () => {
  let proxy: Server;
  const tunnels: string[] = [];
  const saved = { http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };

  beforeEach(async () => {
    tunnels.length = 0;
    // A CONNECT proxy, as http-client's tunnel agent speaks it (also for http:// targets); github.test is the fake.
    proxy = createServer();
    proxy.on('connect', (req, socket) => {
      tunnels.push(req.url ?? '');
      const port = Number((req.url ?? '').split(':')[1]);
      const upstream = connect(port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    process.env.http_proxy = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    delete process.env.no_proxy;
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('sends every GitHub request through the proxy that http_proxy names', async () => {
    const port = new URL(github.url).port;
    await store(client(REPO, { baseUrl: `http://github.test:${port}` }), 'via proxy');
    expect(fake.secret({ repo: 'acme/app' }, 'DO_KEY')?.value).toBe('via proxy');
    expect(tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnels)).toEqual(new Set([`github.test:${port}`]));
    expect(github.requests.map((r) => r.headers.host)).toEqual(Array(github.requests.length).fill(`github.test:${port}`));
  });

  it('bypasses the proxy for hosts in no_proxy', async () => {
    process.env.no_proxy = 'github.test';
    const port = new URL(github.url).port;
    // github.test does not resolve: only the proxy could have reached it.
    await expect(client(REPO, { baseUrl: `http://github.test:${port}` }).get()).rejects.toThrow(/no answer/);
    expect(tunnels).toEqual([]);
  });
});
