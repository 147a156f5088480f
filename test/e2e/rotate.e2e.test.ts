// mode: rotate end to end: the committed dist/ run as the runner runs it, against the fake DigitalOcean and the
// fake GitHub. The fake GitHub opens what is stored, so each test checks the secret's plaintext is the new
// `<id>:<secret>`. Ages are seeded relative to Date.now(); every run is scanned for leaks (leak.ts).
import { describe, expect, it } from 'vitest';
import { e2eWorlds } from './leak.js';
import { DAY, ENVIRONMENT, ORG, REPO, RotateWorld, SECRET, heldKey, writes } from './rotate.js';

const world = e2eWorlds();
const start = () => RotateWorld.start(world);

describe('rotate', () => {
  it('first run on an empty namespace: creates, verifies and stores a key', async () => {
    const rw = await start();
    const { main } = await rw.run();
    expect(main.exitCode, main.stdout).toBe(0);
    const [key] = rw.keys();
    expect(key?.name).toMatch(/^partner-deploy-[0-9a-f]{6}$/);
    expect(rw.stored()).toBe(`${key!.id}:${key!.secret}`);
    expect(main.outputs).toEqual({ rotated: 'true', 'key-id': key!.id, deleted: '0' });
    // 90 days by default, asked for as such.
    const create = rw.w.fake.requests.find((r) => r.method === 'POST');
    expect(create?.body).toEqual({ name: key!.name, expires_in: '90d' });
    expect(Date.parse(key!.expires_at!) - Date.parse(key!.created_at)).toBe(90 * DAY);
    // Verified under basic auth before it was stored.
    const verify = rw.w.fake.requests.find((r) => r.path === '/api/v1/namespaces');
    expect(verify?.headers.authorization).toBe(`Basic ${Buffer.from(`${key!.id}:${key!.secret}`).toString('base64')}`);
    expect(verify!.at).toBeLessThanOrEqual(rw.w.github!.requests.find((r) => r.method === 'PUT')!.at);
    // Masked before anything else printed it.
    expect(main.masks).toEqual(expect.arrayContaining([key!.secret, `${key!.id}:${key!.secret}`, Buffer.from(`${key!.id}:${key!.secret}`).toString('base64')]));
    expect(main.maskedLog).toContain('Rotation is due: there is no managed key and no secret yet.');
    expect(main.summary).toContain('✅ **Rotated**');
    expect(main.summary).toContain(`The repository secret ${SECRET} of acme/app now holds \`${key!.id}\`.`);
    expect(main.summary).toMatch(/\*\*Next rotation due:\*\* \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 30d\)/);
  });

  it('not due: stores nothing, creates nothing, keeps the held key', async () => {
    const rw = await start();
    const held = rw.held(5 * DAY);
    const { main } = await rw.run();
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.outputs).toEqual({ rotated: 'false', 'key-id': held.id, deleted: '0' });
    expect(writes(rw)).toEqual([]);
    expect(rw.keys().map((k) => k.id)).toEqual([held.id]);
    expect(main.maskedLog).toMatch(/Rotation is not due until \d{4}-/);
    expect(main.summary).toContain('⏸️ **Not due.**');
    expect(main.summary).toContain('(in 25d)');
  });

  it('due with grace 24h: the old key stays through the grace period', async () => {
    const rw = await start();
    const old = rw.held(31 * DAY);
    const first = await rw.run();
    expect(first.main.exitCode, first.main.stdout).toBe(0);
    const fresh = heldKey(rw)!;
    expect(fresh.id).not.toBe(old.id);
    expect(first.main.outputs).toEqual({ rotated: 'true', 'key-id': fresh.id, deleted: '0' });
    expect(rw.keys().map((k) => k.id).sort()).toEqual([old.id, fresh.id].sort());
    expect(first.main.maskedLog).toContain(`Rotation is due: key ${old.id} is 31d old, older than rotate-after (30d).`);
    expect(first.main.maskedLog).toContain(`Kept key ${old.id} (partner-deploy-aaaaaa): replaced by this run; deleted after the 1d grace period.`);
    expect(first.main.summary).toMatch(/\| Old \| `dof_v1_\w+` \| `partner-deploy-aaaaaa` \|/);
    expect(first.main.summary).toMatch(/replaced by this run; deleted after the 1d grace period \| \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 24h\) \|/);

    // The next run, within the grace period: not due, and the old key stays.
    const second = await rw.run();
    expect(second.main.outputs).toEqual({ rotated: 'false', 'key-id': fresh.id, deleted: '0' });
    expect(rw.keys()).toHaveLength(2);
  });

  it('a not-due run deletes replaced keys whose grace has passed', async () => {
    const rw = await start();
    const older = rw.key('partner-deploy-111111', 40 * DAY);
    const held = rw.held(3 * DAY);
    const unrelated = rw.key('partner-deploy-manual', 100 * DAY, null);
    const { main } = await rw.run({ grace: '48h' });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.outputs).toEqual({ rotated: 'false', 'key-id': held.id, deleted: '1' });
    expect(rw.keys().map((k) => k.id).sort()).toEqual([held.id, unrelated.id].sort());
    expect(main.maskedLog).toContain(`Deleted key ${older.id} (partner-deploy-111111): replaced 3d ago, past the 2d grace period.`);
    expect(rw.w.github!.writes()).toEqual([]);
  });

  it('grace 0: every older managed key is deleted once the new one is stored', async () => {
    const rw = await start();
    const older = rw.key('partner-deploy-111111', 60 * DAY);
    const old = rw.held(31 * DAY);
    const bare = rw.key('partner-deploy', 90 * DAY, null);
    const { main } = await rw.run({ grace: '0' });
    expect(main.exitCode, main.stdout).toBe(0);
    const fresh = heldKey(rw)!;
    expect(rw.keys().map((k) => k.id)).toEqual([fresh.id]);
    expect(main.outputs).toEqual({ rotated: 'true', 'key-id': fresh.id, deleted: '3' });
    const deletes = rw.w.fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path.split('/').at(-1));
    expect(deletes.sort()).toEqual([older.id, old.id, bare.id].sort());
    // Deleted only after the store.
    const stored = rw.w.github!.requests.find((r) => r.method === 'PUT')!.at;
    expect(rw.w.fake.requests.filter((r) => r.method === 'DELETE').every((r) => r.at >= stored)).toBe(true);
  });

  it('environment secret', async () => {
    const rw = await start();
    const old = rw.held(40 * DAY, ENVIRONMENT);
    const { main } = await rw.run({ environment: 'production' });
    expect(main.exitCode, main.stdout).toBe(0);
    const fresh = heldKey(rw, ENVIRONMENT)!;
    expect(fresh.id).not.toBe(old.id);
    expect(rw.stored(REPO)).toBeUndefined();
    expect(rw.w.github!.writes().map((r) => r.path)).toEqual([`/repos/acme/app/environments/production/secrets/${SECRET}`]);
    expect(main.summary).toContain('environment secret');
  });

  it('organization secret: keeps its visibility and selected repositories', async () => {
    const rw = await start();
    const key = rw.key('partner-deploy-aaaaaa', 35 * DAY);
    rw.store(key, 35 * DAY - 5_000, ORG, { visibility: 'selected', selectedRepositories: ['acme/app', 'acme/partner'] });
    const { main } = await rw.run({ org: 'acme' });
    expect(main.exitCode, main.stdout).toBe(0);
    const stored = rw.secrets.secret(ORG, SECRET)!;
    expect(stored.value).toBe(`${heldKey(rw, ORG)!.id}:${heldKey(rw, ORG)!.secret}`);
    expect(stored.visibility).toBe('selected');
    expect(stored.selectedRepositoryIds).toHaveLength(2);
  });

  it('a new organization secret is private', async () => {
    const rw = await start();
    const { main } = await rw.run({ org: 'acme' });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(rw.secrets.secret(ORG, SECRET)?.visibility).toBe('private');
  });

  it('expiration: never warns, sends no expires_in and makes a key that never expires', async () => {
    const rw = await start();
    const { main } = await rw.run({ expiration: 'never' });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([expect.stringContaining('expiration: never')]);
    expect(rw.w.fake.requests.find((r) => r.method === 'POST')?.body).toEqual({ name: rw.keys()[0]!.name });
    expect(rw.keys()[0]!.expires_at).toBeNull();
  });

  it('dry run: reads both APIs, writes to neither, and says what it would do', async () => {
    const rw = await start();
    const older = rw.key('partner-deploy-111111', 60 * DAY);
    const old = rw.held(31 * DAY);
    const { main } = await rw.run({ 'dry-run': 'true', grace: '0' });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(writes(rw)).toEqual([]);
    expect(main.outputs).toEqual({ rotated: 'false', 'key-id': old.id, deleted: '0' });
    expect(main.maskedLog).toContain('Dry run: would create a key named partner-deploy-<6 hex>');
    expect(main.maskedLog).toContain(older.id);
    expect(main.summary).toContain('🧪 **Dry run.** Would rotate');
    expect(main.summary).toContain('### Would delete (2 keys)');
  });

  it('dry run without github-token assumes the secret holds the newest key', async () => {
    const rw = await start();
    rw.key('partner-deploy-111111', 10 * DAY);
    const { main } = await rw.run({ 'dry-run': 'true', 'github-token': undefined });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(rw.w.github!.requests).toEqual([]);
    expect(main.annotations.map((a) => a.message)).toContain('Dry run without github-token: the secret cannot be read, so it is assumed to hold the newest managed key.');
  });

  it('GitHub Enterprise Server: the API under GITHUB_API_URL /api/v3', async () => {
    const rw = await start();
    const { main } = await rw.run({}, { ghes: true });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(heldKey(rw)).toBeDefined();
    expect(rw.w.github!.requests.every((r) => r.headers.host === new URL(rw.w.github!.url).host)).toBe(true);
  });

  it('works with https_proxy and HTTP_PROXY set (loopback needs no proxy)', async () => {
    const rw = await start();
    const { main } = await rw.run({}, { env: { https_proxy: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', no_proxy: '127.0.0.1,localhost' } });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(heldKey(rw)).toBeDefined();
  });

  it('loads with a proxy for a non-loopback GitHub (http-client builds its undici ProxyAgent at import)', async () => {
    const rw = await start();
    const job = rw.w.job({ env: { GITHUB_API_URL: 'https://api.github.com', https_proxy: 'http://127.0.0.1:9' } });
    // An input error is found after the rotate chunk (with @actions/github) has loaded.
    const main = await job.uses({ with: rw.inputs({ 'secret-name': 'GITHUB_TOKEN' }) });
    await job.end();
    expect(main.exitCode).toBe(1);
    expect(main.annotations.map((a) => a.message)).toEqual([expect.stringContaining('input `secret-name`: `GITHUB_TOKEN` starts with `GITHUB_`')]);
    expect(main.stderr).toBe('');
  });

  it('refuses bad input before any request', async () => {
    const rw = await start();
    const { main } = await rw.run({ environment: 'production', org: 'acme' });
    expect(main.exitCode).toBe(1);
    expect(main.annotations[0]?.message).toBe(
      'functions-access-key: input `org`: it cannot be combined with `environment`. Expected either `org` (an organization secret) or `environment` (an environment secret of `repository`).',
    );
    expect(rw.w.fake.requests).toEqual([]);
    expect(rw.w.github!.requests).toEqual([]);
  });
});

describe('rotate: due by expiry', () => {
  it('a young key that expires within rotate-after is due', async () => {
    const rw = await start();
    const held = rw.key('partner-deploy-aaaaaa', 2 * DAY, 10 * DAY);
    rw.store(held, 2 * DAY - 5_000);
    const { main } = await rw.run();
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.maskedLog).toContain(`Rotation is due: key ${held.id} expires in 10d, within rotate-after (30d).`);
    expect(main.outputs.rotated).toBe('true');
  });
});
