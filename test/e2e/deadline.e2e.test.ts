// End to end against a server that accepts every connection and never answers (the fake's `hang` fault, the
// request carried out all the same): main ends by its deadline, not minutes later, and post deletes the key the
// lost answer made. FUNCTIONS_ACCESS_KEY_TEST_DEADLINE_MS (test-only) shortens the 60 s deadline to seconds.
import { describe, expect, it } from 'vitest';
import { e2eWorlds } from './leak.js';

const world = e2eWorlds();
const DEADLINE_MS = 3_000;
// Starting node and loading the bundle, on a busy machine: the step's time beyond its API work.
const MARGIN_MS = 2_500;

describe('a server that never answers', () => {
  it('holds main no longer than the deadline, and post still deletes the key', async () => {
    const w = await world();
    w.fake.inject({ hang: 'after', times: Infinity });
    const job = w.job({ env: { FUNCTIONS_ACCESS_KEY_TEST_DEADLINE_MS: String(DEADLINE_MS) } });
    const main = await job.uses({ with: w.inputs() });
    expect(main.exitCode).toBe(1);
    expect(main.durationMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    const errors = main.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual([expect.stringMatching(/^functions-access-key: (GET|POST) \/v2\/functions\/namespaces\/\S+ failed: no answer \(no answer by the deadline, .+\)/)]);
    // Main could not clean up in time (every look-up hangs too) and says post will.
    expect(main.annotations.some((a) => a.level === 'warning' && /The post step will try again/.test(a.message))).toBe(true);
    const [made] = w.fake.keys(w.ns.namespace);
    expect(made?.name).toMatch(/^gha-acme-app-4242-1-deploy-[0-9a-f]{6}$/);

    // The server answers again by the time post runs.
    w.fake.clearFaults();
    const [post] = await job.end();
    expect(post?.exitCode, post?.stdout).toBe(0);
    expect(post?.maskedLog).toContain(`Deleted key ${made?.id} (${made?.name}), which main had created but not recorded.`);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });

  it('holds post no longer than the deadline either, and says how to delete the key by hand', async () => {
    const w = await world();
    const job = w.job({ env: { FUNCTIONS_ACCESS_KEY_TEST_DEADLINE_MS: String(DEADLINE_MS) } });
    const main = await job.uses({ with: w.inputs() });
    expect(main.exitCode).toBe(0);
    w.fake.inject({ method: 'DELETE', hang: 'after', times: Infinity });
    w.fake.inject({ method: 'GET', hang: 'after', times: Infinity });
    const [post] = await job.end();
    expect(post?.exitCode).toBe(1);
    expect(post?.durationMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(post?.annotations.find((a) => a.level === 'error')?.message).toMatch(/no answer by the deadline.*doctl serverless key delete/);
  });
});
