import { describe, expect, it } from 'vitest';
import { type MintOptions, type ReadInput, type SweepOptions, keyName, readMintOptions, readMode, readSweepOptions } from '../../src/inputs.js';
import { inputError } from './input-error.js';

/** Reads the options of whichever mode `mode` names, as main does. */
function readOptions(read: ReadInput, env: Record<string, string>): MintOptions | SweepOptions {
  const mode = readMode(read);
  if (mode === 'rotate') throw new Error('rotate options are read by src/modes/rotate/options.ts');
  return mode === 'mint' ? readMintOptions(read, env) : readSweepOptions(mode as SweepOptions['mode'], read, env);
}

const ID = 'fn-0b8a2c4e-1111-4222-8333-444455556666';
const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
const mint = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  readOptions(read({ token: 'dop_v1_t', namespace: ID, ...inputs }), env) as MintOptions;

describe('mint inputs', () => {
  it('applies the defaults', () => {
    const options = mint({}, { GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'deploy' });
    expect(options).toMatchObject({
      mode: 'mint',
      token: 'dop_v1_t',
      apiUrl: 'https://api.digitalocean.com',
      namespace: { id: ID },
      expiresIn: '1h',
      expirationHours: 1,
      exportEnv: true,
      connectDoctl: false,
    });
    expect(options.keyName).toMatch(/^gha-acme-app-42-2-deploy-[0-9a-f]{6}$/);
  });

  it('takes the token from DIGITALOCEAN_ACCESS_TOKEN when the input is empty', () => {
    expect(readOptions(read({ namespace: ID }), { DIGITALOCEAN_ACCESS_TOKEN: 'dop_v1_env' }).token).toBe('dop_v1_env');
  });

  it.each([
    ['1h', 1],
    ['12h', 12],
    ['6h', 6],
  ])('accepts expiration %s', (value, hours) => {
    expect(mint({ expiration: value }).expirationHours).toBe(hours);
  });

  it.each(['never', '0h', '13h', '1d', '30m', '1.5h', '-1h', 'abc', '01h', '1 h', '1H'])('refuses expiration %s', (value) => {
    const error = inputError(() => mint({ expiration: value }));
    expect(error.input).toBe('expiration');
    expect(error.message).toContain(`\`${value}\``);
    expect(error.message).toContain('from 1h to 12h');
  });

  it('resolves labels later and keeps IDs in lower case', () => {
    expect(mint({ namespace: 'my namespace' }).namespace).toEqual({ label: 'my namespace' });
    expect(mint({ namespace: ID.toUpperCase().replace('FN-', 'fn-') }).namespace).toEqual({ id: ID });
  });

  it.each(['../x', 'a/b', 'a?b', 'a#b', '%2e%2e', '..', 'fn-123', 'a\u0001b'])('refuses namespace %j', (value) => {
    expect(inputError(() => mint({ namespace: value })).input).toBe('namespace');
  });

  it('requires a namespace and a token', () => {
    expect(inputError(() => mint({ namespace: '' })).input).toBe('namespace');
    expect(inputError(() => readOptions(read({ namespace: ID }), {})).input).toBe('token');
  });

  it.each([
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:1/', 'http://localhost:1'],
    ['http://[::1]:9', 'http://[::1]:9'],
    ['https://api.example.test/base/', 'https://api.example.test/base'],
  ])('accepts api-url %s', (value, expected) => {
    expect(mint({ 'api-url': value }).apiUrl).toBe(expected);
  });

  it.each(['http://example.com', 'ftp://x', 'not a url', 'https://u:p@api.example.test', 'https://x.test/?a=1', 'http://127.evil.test'])(
    'refuses api-url %s',
    (value) => {
      expect(inputError(() => mint({ 'api-url': value })).input).toBe('api-url');
    },
  );

  it.each([
    ['export-env', 'yes'],
    ['export-env', '1'],
    ['connect-doctl', 'on'],
  ])('refuses %s: %s', (input, value) => {
    const error = inputError(() => mint({ [input]: value }));
    expect(error.input).toBe(input);
    expect(error.message).toContain('`true` or `false`');
  });

  it('refuses unknown modes and says which exist', () => {
    expect(inputError(() => mint({ mode: 'nope' })).message).toContain('mint, audit, cleanup');
    expect(readMode(read({ mode: 'migrate' }))).toBe('migrate');
    expect(readMode(read({ mode: 'rotate' }))).toBe('rotate');
  });
});

describe('key names', () => {
  it('sanitizes a given name and makes it unique', () => {
    expect(keyName('deploy key/prod!', {}, 'abc123')).toBe('deploy-key-prod-abc123');
    expect(keyName('', {}, 'abc123')).toBe('gha-local-0-1-job-abc123');
    const a = keyName('x', {});
    const b = keyName('x', {});
    expect(a).not.toBe(b);
  });

  it('stays short', () => {
    expect(keyName('a'.repeat(300), {}, 'abc123')).toHaveLength(63);
  });
});

describe('audit and cleanup inputs', () => {
  const sweep = (inputs: Record<string, string>) => readOptions(read({ token: 't', mode: 'audit', ...inputs }), {}) as SweepOptions;

  it('defaults to every namespace', () => {
    expect(sweep({})).toMatchObject({ namespaces: '*', maxAgeHours: 90 * 24, expiryWarningHours: 7 * 24, failOn: 'error', keyPrefix: 'gha-', dryRun: false });
  });

  it('splits lists on commas and newlines', () => {
    expect(sweep({ namespace: `prod, ${ID}\nstaging` }).namespaces).toEqual([{ label: 'prod' }, { id: ID }, { label: 'staging' }]);
  });

  it.each([
    ['max-age', '90'],
    ['expiry-warning', '1w'],
    ['fail-on', 'notice'],
    ['key-prefix', 'g'],
    ['dry-run', 'maybe'],
    ['namespace', '*, prod'],
  ])('refuses %s: %s', (input, value) => {
    expect(inputError(() => sweep({ [input]: value })).input).toBe(input);
  });
});

describe('api-url: where the token is sent', () => {
  const apiUrl = (value: string) => mint({ 'api-url': value }).apiUrl;
  const refusal = (value: string) => inputError(() => mint({ 'api-url': value }));

  it('refuses plain http to a host that only starts like a loopback address (the end anchor)', () => {
    for (const value of ['http://127.0.0.1.evil.test', 'http://127.0.0.1.nip.io:8080', 'http://localhost.evil.test']) {
      const error = refusal(value);
      expect(error.input).toBe('api-url');
      expect(error.message).toContain('would send credentials in clear text');
    }
  });

  it('accepts plain http on all of 127.0.0.0/8, ::1 and localhost', () => {
    expect(apiUrl('http://127.0.0.1')).toBe('http://127.0.0.1');
    expect(apiUrl('http://127.10.200.255:9')).toBe('http://127.10.200.255:9');
    expect(apiUrl('http://127.1.22.3')).toBe('http://127.1.22.3');
    expect(apiUrl('http://127.0.0.10')).toBe('http://127.0.0.10');
    expect(apiUrl('http://LOCALHOST:3000/')).toBe('http://localhost:3000');
    expect(apiUrl('http://[::1]')).toBe('http://[::1]');
  });

  it('refuses other schemes even on loopback', () => {
    for (const value of ['ftp://127.0.0.1', 'ws://localhost', 'file:///etc/passwd']) {
      expect(refusal(value).message).toContain('would send credentials in clear text');
    }
  });

  it('refuses user info, a query or a fragment, each on its own', () => {
    for (const value of ['https://user@api.example.test', 'https://:pass@api.example.test', 'https://api.example.test/?q', 'https://api.example.test/#f']) {
      expect(refusal(value).message).toContain('it must not carry credentials, a query or a fragment');
    }
  });

  it('says what it accepts', () => {
    expect(refusal('not a url').message).toBe(
      'input `api-url`: `not a url` is not a URL. Expected an https URL such as https://api.digitalocean.com (http only for 127.0.0.0/8, ::1 or localhost).',
    );
  });

  it('drops every trailing slash and keeps the path', () => {
    expect(apiUrl('https://api.example.test/base///')).toBe('https://api.example.test/base');
    expect(apiUrl('https://api.example.test')).toBe('https://api.example.test');
  });

  it('defaults to DigitalOcean', () => {
    expect(apiUrl('')).toBe('https://api.digitalocean.com');
  });
});

describe('input rules', () => {
  it('reads the token input first, else a trimmed DIGITALOCEAN_ACCESS_TOKEN', () => {
    expect(readOptions(read({ namespace: ID }), { DIGITALOCEAN_ACCESS_TOKEN: ' dop_v1_env \n' }).token).toBe('dop_v1_env');
    expect(readOptions(read({ token: 'dop_v1_input', namespace: ID }), { DIGITALOCEAN_ACCESS_TOKEN: 'dop_v1_env' }).token).toBe('dop_v1_input');
    expect(inputError(() => readOptions(read({ namespace: ID }), { DIGITALOCEAN_ACCESS_TOKEN: '  ' })).input).toBe('token');
  });

  it('names the mode in which a namespace is required', () => {
    expect(inputError(() => mint({ namespace: '' })).message).toContain('it is required in mint mode');
  });

  it('refuses a mode in another case as the mode input', () => {
    expect(inputError(() => mint({ mode: 'Mint' })).input).toBe('mode');
  });

  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('reads boolean %s', (value, expected) => {
    expect(mint({ 'export-env': value }).exportEnv).toBe(expected);
    expect(mint({ 'connect-doctl': value }).connectDoctl).toBe(expected);
  });

  it('refuses empty-looking booleans', () => {
    expect(inputError(() => mint({ 'export-env': 'tRUE' })).input).toBe('export-env');
  });

  it('tells a duration out of range from one that is not a duration', () => {
    expect(inputError(() => mint({ expiration: '13h' })).message).toContain('`13h` is outside 1h to 12h');
    expect(inputError(() => mint({ expiration: '2d' })).message).toContain('`2d` is outside 1h to 12h');
    expect(inputError(() => mint({ expiration: '0h' })).message).toContain('`0h` is outside 1h to 12h');
    for (const value of ['1x', 'h', 'x1h', '1hx', '1.5h', '1h1h']) {
      expect(inputError(() => mint({ expiration: value })).message).toContain(`\`${value}\` is not a duration`);
    }
  });

  it('uses the given key name', () => {
    expect(mint({ 'key-name': 'deploy' }).keyName).toMatch(/^deploy-[0-9a-f]{6}$/);
  });
});

describe('namespace rules', () => {
  const namespace = (value: string) => mint({ namespace: value }).namespace;
  const refusal = (value: string) => inputError(() => mint({ namespace: value }));

  it('refuses what looks like an ID but is not one, and says so', () => {
    for (const value of ['fn-123', 'fn-ABC-def', `${ID}0`, ID.slice(0, -1)]) {
      expect(refusal(value).message).toContain('looks like a namespace ID but is not one');
    }
  });

  it('takes labels that merely start with fn- or contain an ID', () => {
    expect(namespace('fn-prod')).toEqual({ label: 'fn-prod' });
    expect(namespace('fn-123 staging')).toEqual({ label: 'fn-123 staging' });
    expect(namespace('fn-x-fn-123')).toEqual({ label: 'fn-x-fn-123' });
    expect(namespace('FN-123')).toEqual({ label: 'FN-123' });
    expect(namespace(`x${ID}`)).toEqual({ label: `x${ID}` });
    expect(namespace(`my-fn-${ID.slice(3)}`)).toEqual({ label: `my-fn-${ID.slice(3)}` });
  });

  it('refuses the labels . and .., but takes labels made of more dots or with dots inside', () => {
    expect(refusal('.').message).toContain('is neither a namespace ID nor a valid label');
    expect(refusal('..').message).toContain('is neither a namespace ID nor a valid label');
    expect(namespace('...')).toEqual({ label: '...' });
    expect(namespace('a..')).toEqual({ label: 'a..' });
    expect(namespace('..a')).toEqual({ label: '..a' });
    expect(namespace('.a')).toEqual({ label: '.a' });
  });

  it('takes labels up to 255 characters', () => {
    expect(namespace('a'.repeat(255))).toEqual({ label: 'a'.repeat(255) });
    expect(refusal('a'.repeat(256)).input).toBe('namespace');
  });

  it('shows a refused label with its control characters escaped', () => {
    expect(refusal('a\nb').message).toContain('`a\\nb` is neither a namespace ID nor a valid label');
  });

  it('leaves out empty items of a namespace list', () => {
    const sweep = (value: string) => (readOptions(read({ token: 't', mode: 'cleanup', namespace: value }), {}) as SweepOptions).namespaces;
    expect(sweep('prod,, staging,\n,')).toEqual([{ label: 'prod' }, { label: 'staging' }]);
    expect(sweep(`,${ID},`)).toEqual([{ id: ID }]);
    expect(inputError(() => sweep('prod, a/b')).input).toBe('namespace');
  });
});

describe('key-prefix', () => {
  const prefix = (value: string) => (readOptions(read({ token: 't', mode: 'cleanup', 'key-prefix': value }), {}) as SweepOptions).keyPrefix;

  it('takes 3 to 32 of letters, digits, dots, dashes and underscores, starting with a letter or digit', () => {
    expect(prefix('gha')).toBe('gha');
    expect(prefix('ci.job_1-')).toBe('ci.job_1-');
    expect(prefix('a'.repeat(32))).toBe('a'.repeat(32));
  });

  it.each(['ab', '-gha', 'gh a', 'gha/', 'a'.repeat(33), 'x-gha!'])('refuses %j', (value) => {
    const error = inputError(() => prefix(value));
    expect(error.input).toBe('key-prefix');
    expect(error.message).toContain('is too short or has odd characters');
  });
});

describe('key name rules', () => {
  it('turns each run of other characters into one dash', () => {
    expect(keyName('a  b//c', {}, 'abc123')).toBe('a-b-c-abc123');
    expect(keyName('a--b', {}, 'abc123')).toBe('a-b-abc123');
    expect(keyName('a---b', {}, 'abc123')).toBe('a-b-abc123');
    expect(keyName('a.b_c', {}, 'abc123')).toBe('a.b_c-abc123');
  });

  it('trims dashes and dots from both ends', () => {
    expect(keyName('--..a..--', {}, 'abc123')).toBe('a-abc123');
    expect(keyName('.-a', {}, 'abc123')).toBe('a-abc123');
    expect(keyName('a-.', {}, 'abc123')).toBe('a-abc123');
  });

  it('falls back to gha when nothing is left', () => {
    expect(keyName('!!!', {}, 'abc123')).toBe('gha-abc123');
  });

  it('uses the run of the job', () => {
    expect(keyName('', { GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9', GITHUB_RUN_ATTEMPT: '3', GITHUB_JOB: 'build' }, 'abc123')).toBe('gha-o-r-9-3-build-abc123');
  });
});
