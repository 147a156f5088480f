// mode: rotate end to end when things go wrong: GitHub failing until the retries run out, a Functions API that
// refuses the new key, a token that may not write, and a run killed between creating a key and storing it,
// then run again. In every case the old key and the secret stay as they were, and no key is left that nobody holds.
import { describe, expect, it } from 'vitest';
import { e2eWorlds } from './leak.js';
import { DAY, RotateWorld, SECRET, heldKey } from './rotate.js';

const world = e2eWorlds();
const start = () => RotateWorld.start(world);

describe('rotate when things fail', () => {
  it('GitHub answers 500 to the store until the retries run out: the new key is deleted, nothing else changes', async () => {
    const rw = await start();
    const old = rw.held(31 * DAY);
    const before = rw.secrets.secret({ repo: 'acme/app' }, SECRET);
    rw.w.github!.inject({ method: 'PUT', status: 500, times: Infinity });
    const { main } = await rw.run();
    expect(main.exitCode).toBe(1);
    expect(rw.w.github!.count({ method: 'PUT' })).toBe(6);
    expect(main.maskedLog).toMatch(/PUT \/repos\/acme\/app\/actions\/secrets\/DO_FUNCTIONS_ACCESS_KEY: 500: Server Error \(request id [\w-]+\); retrying in \d\.\ds \(attempt 2 of 6\)/);
    const error = main.annotations.find((a) => a.level === 'error')!.message;
    expect(error).toMatch(/^functions-access-key: GitHub: PUT \/repos\/acme\/app\/actions\/secrets\/DO_FUNCTIONS_ACCESS_KEY failed: 500: Server Error .*\(gave up after 6 attempts\)\. The new key dof_v1_\w+ was deleted; the secret and the old key are unchanged\.$/);
    // After the ambiguous failures it read the secret back: not updated, so the new key could go.
    expect(rw.secrets.secret({ repo: 'acme/app' }, SECRET)).toEqual(before);
    expect(rw.keys().map((k) => k.id)).toEqual([old.id]);
    expect(main.outputs).toEqual({ rotated: 'false', 'key-id': old.id, deleted: '0' });
    expect(main.summary).toContain('❌ **Failed.**');
    expect(main.summary).toContain('was not changed');
  });

  it('a repository the token cannot see: fails before creating any key, saying what to check', async () => {
    const rw = await start();
    const { main } = await rw.run({ repository: 'acme/missing' });
    expect(main.exitCode).toBe(1);
    expect(rw.w.fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(main.annotations.find((a) => a.level === 'error')?.message).toContain('404: Not Found');
    expect(main.annotations.find((a) => a.level === 'error')?.message).toContain('Check `repository`: it does not exist, or `github-token` cannot see it');
  });

  it('the Functions API refuses the new key: retried within a bound, then the key is deleted', async () => {
    const rw = await start();
    const old = rw.held(31 * DAY);
    rw.w.fake.inject({ method: 'GET', path: '/api/v1/namespaces', status: 401, times: Infinity });
    const { main } = await rw.run();
    expect(main.exitCode).toBe(1);
    expect(rw.w.fake.count({ path: '/api/v1/namespaces' })).toBe(5);
    expect(main.maskedLog).toMatch(/GET \/api\/v1\/namespaces: 401: Unable to authenticate you\. \(request id [\w-]+\); retrying in \d\.\ds \(attempt 2 of 5\)/);
    expect(main.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /^functions-access-key: The new key dof_v1_\w+ did not pass its checks: GET \/api\/v1\/namespaces failed: 401: .*\(gave up after 5 attempts\)\. It was deleted; the secret and the old key are unchanged\.$/,
    );
    expect(rw.w.github!.writes()).toEqual([]);
    expect(rw.keys().map((k) => k.id)).toEqual([old.id]);
    expect(heldKey(rw)?.id).toBe(old.id);
  });

  it('a token that may only read secrets: the store is refused, the new key deleted, the hint names the permission', async () => {
    const rw = await start();
    const old = rw.held(31 * DAY);
    const reader = rw.addToken({ kind: 'pat', permissions: { secrets: 'read' } });
    const { main } = await rw.run({ 'github-token': reader });
    expect(main.exitCode).toBe(1);
    expect(main.annotations.find((a) => a.level === 'error')?.message).toContain(
      '`github-token` needs the repository permission "Secrets" (write) on acme/app (a fine-grained token or a GitHub App token; the job\'s GITHUB_TOKEN cannot manage secrets).',
    );
    expect(rw.keys().map((k) => k.id)).toEqual([old.id]);
  });

  it('a run killed between creating and storing a key; the next run deletes that key and still rotates', async () => {
    const rw = await start();
    const old = rw.held(31 * DAY);
    // The verification request never gets an answer: main is killed after the create, before the store.
    rw.w.fake.inject({ method: 'GET', path: '/api/v1/namespaces', hang: 'after' });
    const killed = await rw.run({}, { timeoutMs: 5_000 });
    expect(killed.main.signal).toBe('SIGKILL');
    const stray = rw.keys().find((k) => k.id !== old.id)!;
    expect(stray.name).toMatch(/^partner-deploy-[0-9a-f]{6}$/);
    expect(heldKey(rw)?.id).toBe(old.id);

    // The stray key is the newest, but the secret was stored before it was made: nobody holds it.
    const rerun = await rw.run();
    expect(rerun.main.exitCode, rerun.main.stdout).toBe(0);
    const fresh = heldKey(rw)!;
    expect([old.id, stray.id]).not.toContain(fresh.id);
    expect(rerun.main.maskedLog).toContain(`Rotation is due: key ${old.id} is 31d old`);
    expect(rerun.main.maskedLog).toMatch(new RegExp(`Deleted key ${stray.id} \\(${stray.name}\\): created \\S+ after the secret was last stored, so nobody holds it`));
    // The key the secret held until now stays through its grace period.
    expect(rw.keys().map((k) => k.id).sort()).toEqual([old.id, fresh.id].sort());
    expect(rerun.main.outputs).toEqual({ rotated: 'true', 'key-id': fresh.id, deleted: '1' });
  });

  it('a stray key from a killed run never makes the rotation look not due, nor costs the held key', async () => {
    const rw = await start();
    const old = rw.held(10 * DAY);
    // Made after the secret was last stored, never stored itself (a run killed a day ago).
    const stray = rw.key('partner-deploy-bbbbbb', DAY);
    const { main } = await rw.run({ 'rotate-after': '7d', expiration: '30d' });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.maskedLog).toContain(`Rotation is due: key ${old.id} is 10d old, older than rotate-after (7d).`);
    expect(rw.keys().map((k) => k.id)).not.toContain(stray.id);
    expect(rw.keys().map((k) => k.id)).toContain(old.id);
  });
});
