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
