// End to end, mint mode: the runner kills main while its create request is in flight (a cancelled job, a
// step timeout), after DigitalOcean made the key but before the answer arrived. Main never learnt the key's ID;
// post must find the key by the step's unique name and delete it.
import { describe, expect, it } from 'vitest';
import { e2eWorlds } from './leak.js';

const world = e2eWorlds();

describe('main killed mid-create', () => {
  it('post finds the key by its unique name and deletes it', async () => {
    const w = await world();
    w.fake.inject({ method: 'POST', path: /\/keys$/, hang: 'after' });
    const job = w.job({ timeoutMs: 2_000 });
    const main = await job.uses({ with: w.inputs({ 'key-name': 'deploy' }) });
    expect(main.signal).toBe('SIGKILL');
    expect(main.outputs).toEqual({});
    // What main got to save before it was killed: the name and namespace, not the key ID.
    expect(main.state['key-id']).toBeUndefined();
    expect(main.state['key-name']).toMatch(/^deploy-[0-9a-f]{6}$/);
    const [made] = w.fake.keys(w.ns.namespace);
    expect(made?.name).toBe(main.state['key-name']);

    w.fake.resetLog();
    const [post] = await job.end();
    expect(post!.exitCode).toBe(0);
    expect(post!.maskedLog).toContain(`Deleted key ${made!.id} (${made!.name}), which main had created but not recorded.`);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
    expect(w.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v2/functions/namespaces/${w.ns.namespace}/keys`,
      `DELETE /v2/functions/namespaces/${w.ns.namespace}/keys/${made!.id}`,
    ]);
  });

  it('post deletes nothing else, even a key whose name shares the prefix', async () => {
    const w = await world();
    const neighbour = w.fake.addKey(w.ns.namespace, { name: 'deploy-000000' });
    w.fake.inject({ method: 'POST', path: /\/keys$/, hang: 'after' });
    const job = w.job({ timeoutMs: 2_000 });
    await job.uses({ with: w.inputs({ 'key-name': 'deploy' }) });
    const [post] = await job.end();
    expect(post!.exitCode).toBe(0);
    expect(w.fake.keys(w.ns.namespace).map((k) => k.id)).toEqual([neighbour.id]);
  });
});
