// End to end, mint mode, a post that cannot delete the key: DELETE answers 500 on every attempt. The action's
// backoff (500 ms doubling, with jitter, 6 attempts) is not configurable, so the 500 test takes ~8-16 s.
import { describe, expect, it } from 'vitest';
import { e2eWorlds } from './leak.js';

const world = e2eWorlds();

describe('post when DELETE keeps failing with 500', () => {
  it('fails loudly, with the key ID, while the key is still live', async () => {
    const w = await world();
    const job = w.job();
    const main = await job.uses({ with: w.inputs() });
    expect(main.exitCode).toBe(0);
    const keyId = main.outputs['key-id']!;
    w.fake.inject({ method: 'DELETE', status: 500, times: Infinity });

    const [post] = await job.end();
    expect(post!.exitCode).toBe(1);
    const errors = post!.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    const message = errors[0]!.message;
    expect(message).toContain(keyId);
    expect(message).toContain(w.ns.namespace);
    expect(message).toContain(`It stays usable until ${main.outputs['expires-at']}`);
    expect(message).toContain(`doctl serverless key delete ${keyId} --namespace ${w.ns.namespace} --force`);
    const attempts = Number(/gave up after (\d+) attempts/.exec(message)?.[1]);
    expect(attempts).toBeGreaterThan(1);
    expect(w.fake.count({ method: 'DELETE', path: `/v2/functions/namespaces/${w.ns.namespace}/keys/${keyId}` })).toBe(attempts);
    expect(post!.maskedLog.match(/: 500 server_error: .*retrying in/g)).toHaveLength(attempts - 1);
    // The key is indeed still there and still works.
    expect(w.fake.keys(w.ns.namespace).map((k) => k.id)).toEqual([keyId]);
  }, 40_000);

  it('only warns when the key has expired by then (429 retry-after: 0 on every DELETE, to keep it quick)', async () => {
    // The server sets an expiry 1.5 s away: within what was asked for, so main hands the key out.
    const w = await world({ expiryOverride: () => new Date(Date.now() + 1_500).toISOString() });
    const job = w.job();
    const main = await job.uses({ with: w.inputs() });
    expect(main.exitCode).toBe(0);
    const keyId = main.outputs['key-id']!;
    w.fake.inject({ method: 'DELETE', status: 429, headers: { 'retry-after': '0' }, times: Infinity });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(main.outputs['expires-at']!) - Date.now() + 50)));

    const [post] = await job.end();
    expect(post!.exitCode, post!.stdout).toBe(0);
    expect(post!.annotations.filter((a) => a.level === 'error')).toEqual([]);
    const warnings = post!.annotations.filter((a) => a.level === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain(keyId);
    expect(warnings[0]!.message).toMatch(/expired at \S+ and no longer works/);
    expect(w.fake.count({ method: 'DELETE' })).toBeGreaterThan(1);
  });
});
