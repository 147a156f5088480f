// doctl: found on PATH without running anything, and `doctl serverless connect` run with the key in argv and the
// API token in the environment. A fake doctl (a shell script on a temporary PATH) records what it was given.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDoctl, findDoctl } from '../../src/doctl.js';
import { ActionError } from '../../src/errors.js';

// Made in a hook, not when the file is collected: a run that selects none of these tests (Stryker's, per mutant)
// runs no afterAll either, and would leave the directory behind.
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'fak-doctl-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

/** A directory holding a fake doctl that records its argv (one per line) and two variables, prints `output`, exits `code`. */
function fakeDoctl(code = 0, output: string[] = []): { dir: string; doctl: string; args: () => string[]; env: () => Record<string, string> } {
  const dir = join(root, `bin-${++dirs}`);
  mkdirSync(dir);
  const argsFile = join(dir, 'args');
  const envFile = join(dir, 'env');
  const doctl = join(dir, 'doctl');
  writeFileSync(
    doctl,
    [
      '#!/bin/sh',
      `for a in "$@"; do printf '%s\\n' "$a"; done > '${argsFile}'`,
      // Shell built-ins only: the environment it gets may have no PATH.
      `printf 'DIGITALOCEAN_ACCESS_TOKEN=%s\\nHOME=%s\\n' "$DIGITALOCEAN_ACCESS_TOKEN" "$HOME" > '${envFile}'`,
      ...output.map((line) => (line.startsWith('err:') ? `echo '${line.slice(4)}' >&2` : `echo '${line}'`)),
      `exit ${code}`,
      '',
    ].join('\n'),
  );
  chmodSync(doctl, 0o755);
  return {
    dir,
    doctl,
    args: () => readFileSync(argsFile, 'utf8').split('\n').slice(0, -1),
    env: () => Object.fromEntries(readFileSync(envFile, 'utf8').split('\n').filter(Boolean).map((line) => line.split('=', 2))),
  };
}

function plainDir(files: Record<string, number> = {}): string {
  const dir = join(root, `plain-${++dirs}`);
  mkdirSync(dir);
  for (const [name, mode] of Object.entries(files)) {
    writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, name), mode);
  }
  return dir;
}

describe('findDoctl', () => {
  it('returns the first executable doctl on PATH, skipping empty entries and files that cannot run', () => {
    const notExecutable = plainDir({ doctl: 0o644 });
    const first = fakeDoctl();
    const second = fakeDoctl();
    const path = ['', plainDir(), notExecutable, first.dir, second.dir].join(delimiter);
    expect(findDoctl({ PATH: path })).toBe(first.doctl);
  });

  it('fails with what to do when doctl is not on PATH, or there is no PATH', () => {
    for (const env of [{ PATH: plainDir({ doctl: 0o600, other: 0o755 }) }, { PATH: '' }, {}]) {
      let error: unknown;
      try {
        findDoctl(env);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ActionError);
      expect((error as Error).message).toContain('`connect-doctl` is true but doctl is not on PATH');
    }
  });
});

describe('connectDoctl', () => {
  const base = { namespace: 'fn-1', accessKey: 'dof_v1_a:secret', token: 'dop_v1_token' };

  it('connects with the key in argv, the token only in its environment, and logs its output line by line', async () => {
    const fake = fakeDoctl(0, ['Connected to functions namespace fn-1', '', '   ', 'err:Warning: a note on stderr']);
    const lines: string[] = [];
    await connectDoctl({ ...base, doctl: fake.doctl, apiUrl: 'https://api.digitalocean.com', env: { PATH: process.env.PATH, HOME: '/home/runner', DIGITALOCEAN_ACCESS_TOKEN: 'dop_v1_stale' }, log: (line) => lines.push(line) });
    expect(fake.args()).toEqual(['serverless', 'connect', 'fn-1', '--access-key', 'dof_v1_a:secret']);
    expect(fake.env()).toMatchObject({ DIGITALOCEAN_ACCESS_TOKEN: 'dop_v1_token', HOME: '/home/runner' });
    expect(lines).toEqual(['doctl: Connected to functions namespace fn-1', 'doctl: Warning: a note on stderr']);
    expect(lines.join('\n')).not.toContain('secret');
  });

  it('gives doctl no input to wait for', async () => {
    const dir = join(root, `stdin-${++dirs}`);
    mkdirSync(dir);
    // A doctl that asks a question: with nothing on stdin it reads end-of-file at once instead of hanging.
    writeFileSync(join(dir, 'doctl'), '#!/bin/sh\nread answer\necho "answer: [$answer]"\n');
    chmodSync(join(dir, 'doctl'), 0o755);
    const lines: string[] = [];
    await connectDoctl({ ...base, doctl: join(dir, 'doctl'), apiUrl: 'https://api.digitalocean.com', env: {}, log: (line) => lines.push(line) });
    expect(lines).toEqual(['doctl: answer: []']);
  }, 5_000);

  it('passes a non-default API URL on', async () => {
    const fake = fakeDoctl();
    await connectDoctl({ ...base, doctl: fake.doctl, apiUrl: 'http://127.0.0.1:8080', env: {}, log: () => undefined });
    expect(fake.args()).toEqual(['serverless', 'connect', 'fn-1', '--access-key', 'dof_v1_a:secret', '--api-url', 'http://127.0.0.1:8080']);
  });

  it('fails with the exit code, after logging what doctl said', async () => {
    const fake = fakeDoctl(3, ['err:Error: unable to reach the Functions API']);
    const lines: string[] = [];
    const result = connectDoctl({ ...base, doctl: fake.doctl, apiUrl: 'https://api.digitalocean.com', env: {}, log: (line) => lines.push(line) });
    await expect(result).rejects.toThrow(ActionError);
    await expect(result).rejects.toThrow('doctl serverless connect exited with 3; see its output above.');
    expect(lines).toEqual(['doctl: Error: unable to reach the Functions API']);
  });

  it('fails when doctl cannot be started at all', async () => {
    await expect(connectDoctl({ ...base, doctl: join(root, 'missing', 'doctl'), apiUrl: 'https://api.digitalocean.com', env: {}, log: () => undefined })).rejects.toThrow(/ENOENT/);
  });
});
