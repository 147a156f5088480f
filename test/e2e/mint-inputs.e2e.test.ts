// End to end, mint mode, bad inputs: main exits 1 with one ::error:: that names the input, nothing reaches
// the fake (neither from main nor from post), and post has nothing to do.
import { describe, expect, it } from 'vitest';
import { e2eWorlds } from './leak.js';

const world = e2eWorlds();

const CASES: [input: string, value: string | undefined][] = [
  ['mode', 'nope'],
  ['token', ''],
  ['namespace', undefined],
  ['namespace', '../x'],
  ['namespace', 'fn-123'],
  ['expiration', 'never'],
  ['expiration', '0h'],
  ['expiration', '13h'],
  ['expiration', '1d'],
  ['expiration', '30m'],
  ['expiration', '1.5h'],
  ['expiration', '-1h'],
  ['expiration', 'abc'],
  ['api-url', 'http://example.com'],
  ['api-url', 'ftp://x'],
  ['export-env', 'yes'],
  ['connect-doctl', '1'],
];

describe('mint refuses a bad input before any request', () => {
  it.each(CASES)('%s: %j', async (input, value) => {
    const w = await world();
    // No DIGITALOCEAN_ACCESS_TOKEN anywhere in the job: the empty token input has no fallback.
    const job = w.job();
    const main = await job.uses({ with: w.inputs({ [input]: value }) });
    expect(main.env.DIGITALOCEAN_ACCESS_TOKEN).toBeUndefined();
    expect(main.exitCode).toBe(1);
    const errors = main.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors, main.stdout).toHaveLength(1);
    expect(main.annotations).toHaveLength(1);
    const [error] = main.annotations;
    expect(error!.level).toBe('error');
    expect(error!.message).toContain(`input \`${input}\``);
    if (value) expect(error!.message).toContain(value);
    expect(main.outputs).toEqual({});
    expect(main.exportedEnv).toEqual({});
    expect(main.stderr).toBe('');

    const [post] = await job.end();
    expect(post!.skipped).toBe(false);
    expect(post!.exitCode).toBe(0);
    expect(post!.maskedLog).toMatch(/Nothing to delete/);
    expect(post!.annotations).toEqual([]);
    expect(w.fake.requests).toEqual([]);
    expect(w.fake.keys(w.ns.namespace)).toEqual([]);
  });
});
