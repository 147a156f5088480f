// Rotate's inputs: defaults applied in code, every rule, and an error naming the input before any request.
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/errors.js';
import { describeTarget, readRotateOptions } from '../../../src/modes/rotate/options.js';
import { inputError } from '../input-error.js';

const ID = 'fn-0b8a2c4e-1111-4222-8333-444455556666';
const BASE = { token: 'dop_v1_t', namespace: ID, 'key-name': 'partner-deploy', 'secret-name': 'DO_FUNCTIONS_ACCESS_KEY', 'github-token': 'github_pat_x' };
const ENV = { GITHUB_REPOSITORY: 'acme/app' };

const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
const options = (inputs: Record<string, string> = {}, env: Record<string, string> = ENV) => readRotateOptions(read({ ...BASE, ...inputs }), env);

describe('rotate inputs', () => {
  it('applies the defaults in code', () => {
    expect(options()).toEqual({
      mode: 'rotate',
      token: 'dop_v1_t',
      apiUrl: 'https://api.digitalocean.com',
      namespace: { id: ID },
      keyBase: 'partner-deploy',
      secretName: 'DO_FUNCTIONS_ACCESS_KEY',
      githubToken: 'github_pat_x',
      githubApiUrl: 'https://api.github.com',
      target: { kind: 'repository', owner: 'acme', repo: 'app' },
      expiresIn: '90d',
      expirationHours: 90 * 24,
      rotateAfterHours: 30 * 24,
      graceHours: 24,
      dryRun: false,
    });
  });

  it('reads every input', () => {
    const o = options(
      { namespace: 'widgets-prod', 'key-name': 'partner deploy/eu', expiration: '2160h', 'rotate-after': '36h', grace: '0', 'dry-run': 'true', repository: 'Other-Org/my.repo_1', environment: 'prod eu' },
      { GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: 'https://ghes.example.com/api/v3/' },
    );
    expect(o).toMatchObject({
      namespace: { label: 'widgets-prod' },
      keyBase: 'partner-deploy-eu',
      expiresIn: '2160h',
      expirationHours: 2160,
      rotateAfterHours: 36,
      graceHours: 0,
      dryRun: true,
      githubApiUrl: 'https://ghes.example.com/api/v3',
      target: { kind: 'environment', owner: 'Other-Org', repo: 'my.repo_1', environment: 'prod eu' },
    });
    expect(options({ org: 'acme-corp' }).target).toEqual({ kind: 'organization', org: 'acme-corp' });
    expect(options({ grace: '3d' }).graceHours).toBe(72);
  });

  it('accepts expiration: never, and then any rotate-after', () => {
    expect(options({ expiration: 'never', 'rotate-after': '400d' })).toMatchObject({ expiresIn: null, expirationHours: null, rotateAfterHours: 400 * 24 });
  });

  it('has no 12h cap, unlike mint', () => {
    expect(options({ expiration: '365d' }).expirationHours).toBe(365 * 24);
  });

  it('refuses an expiration not longer than rotate-after: every run would rotate', () => {
    const error = inputError(() => options({ expiration: '30d' }));
    expect(error.input).toBe('rotate-after');
    expect(error.message).toBe(
      'input `rotate-after`: `30d` is not shorter than `expiration` (`30d`), so every run would rotate. Expected a window shorter than `expiration`, e.g. `rotate-after: 30d` with `expiration: 90d`.',
    );
    expect(options({ expiration: '721h' }).expirationHours).toBe(721);
  });

  it('needs github-token unless it is a dry run', () => {
    const error = inputError(() => options({ 'github-token': '' }));
    expect(error.input).toBe('github-token');
    expect(error.message).toContain("the job's GITHUB_TOKEN cannot");
    expect(options({ 'github-token': '', 'dry-run': 'true' }).githubToken).toBe('');
  });

  it.each([
    ['namespace', { namespace: '' }, 'it is required in rotate mode'],
    ['key-name', { 'key-name': '' }, 'it is required in rotate mode'],
    ['key-name', { 'key-name': '/// ' }, '`/// ` has no letters or digits'],
    ['secret-name', { 'secret-name': '' }, 'it is required in rotate mode'],
    ['secret-name', { 'secret-name': '1KEY' }, '`1KEY` is not a valid secret name'],
    ['secret-name', { 'secret-name': 'DO-KEY' }, '`DO-KEY` is not a valid secret name'],
    ['secret-name', { 'secret-name': 'github_key' }, '`github_key` starts with `GITHUB_`, which GitHub reserves'],
    ['expiration', { expiration: '0h' }, '`0h` is not a duration'],
    ['expiration', { expiration: '90' }, '`90` is not a duration'],
    ['expiration', { expiration: 'Never' }, '`Never` is not a duration'],
    ['rotate-after', { 'rotate-after': '1w' }, '`1w` is not a duration'],
    ['grace', { grace: '0h' }, '`0h` is not a duration'],
    ['grace', { grace: '-1d' }, '`-1d` is not a duration'],
    ['dry-run', { 'dry-run': 'yes' }, '`yes` is not a boolean'],
    ['org', { org: 'acme', environment: 'prod' }, 'it cannot be combined with `environment`'],
    ['org', { org: 'acme', repository: 'acme/app' }, 'it cannot be combined with `repository`'],
    ['org', { org: 'acme/app' }, '`acme/app` is not an organization name'],
    ['org', { org: '-acme' }, '`-acme` is not an organization name'],
    ['repository', { repository: 'acme' }, '`acme` is not of the form owner/repo'],
    ['repository', { repository: 'acme/app/x' }, '`acme/app/x` is not of the form owner/repo'],
    ['repository', { repository: 'acme/' }, '`acme/` is not of the form owner/repo'],
    ['repository', { repository: '/app' }, '`/app` is not of the form owner/repo'],
    ['repository', { repository: 'acme/..' }, '`acme/..` is not of the form owner/repo'],
    ['repository', { repository: 'acme/.' }, '`acme/.` is not of the form owner/repo'],
    ['repository', { repository: 'ac me/app' }, '`ac me/app` is not of the form owner/repo'],
    ['environment', { environment: 'a'.repeat(256) }, 'it is longer than 255 characters or holds control characters'],
    ['environment', { environment: 'prod\nx' }, 'it is longer than 255 characters or holds control characters'],
  ])('refuses %s: %o', (input, inputs, problem) => {
    const error = inputError(() => options(inputs));
    expect(error.input).toBe(input);
    expect(error.message).toContain(`input \`${input}\`: ${problem}. Expected `);
  });

  it('needs a repository when GITHUB_REPOSITORY is not set', () => {
    expect(inputError(() => options({}, {})).message).toContain('input `repository`: it is empty and GITHUB_REPOSITORY is not set.');
    expect(options({}, { GITHUB_REPOSITORY: ' acme/app ' }).target).toEqual({ kind: 'repository', owner: 'acme', repo: 'app' });
  });

  it('accepts an environment of 255 characters', () => {
    expect(options({ environment: 'e'.repeat(255) }).target).toMatchObject({ environment: 'e'.repeat(255) });
  });

  it('sends github-token only over https or to loopback', () => {
    expect(options({}, { ...ENV, GITHUB_API_URL: 'http://127.0.0.1:8080/api/v3' }).githubApiUrl).toBe('http://127.0.0.1:8080/api/v3');
    expect(() => options({}, { ...ENV, GITHUB_API_URL: 'http://ghes.example.com/api/v3' })).toThrow(ActionError);
    expect(() => options({}, { ...ENV, GITHUB_API_URL: 'http://ghes.example.com/api/v3' })).toThrow(
      'The GITHUB_API_URL environment variable (http://ghes.example.com/api/v3) is not usable: github-token is only sent over https (or http to a loopback host).',
    );
    expect(options({}, { ...ENV, GITHUB_API_URL: '  ' }).githubApiUrl).toBe('https://api.github.com');
  });

  it('checks the DigitalOcean token first, as every mode does', () => {
    expect(inputError(() => options({ token: '' }, ENV)).input).toBe('token');
  });
});

describe('target descriptions', () => {
  it('say which secret of which repository, environment or organization', () => {
    expect(describeTarget({ kind: 'repository', owner: 'acme', repo: 'app' }, 'K')).toBe('repository secret K of acme/app');
    expect(describeTarget({ kind: 'environment', owner: 'acme', repo: 'app', environment: 'prod' }, 'K')).toBe('environment secret K of acme/app (environment prod)');
    expect(describeTarget({ kind: 'organization', org: 'acme' }, 'K')).toBe('organization secret K of acme');
  });
});
