import { parseHours } from '../../duration.js';
import { ActionError, InputError } from '../../errors.js';
import {
  type Connection,
  type NamespaceRef,
  type ReadInput,
  keyNameBody,
  parseBoolean,
  parseHttpsUrl,
  parseRequiredNamespace,
  parseWindow,
  readConnection,
} from '../../inputs.js';

type Env = Record<string, string | undefined>;

/** Where the secret lives: a repository, one of its environments, or an organization. */
export type SecretTarget =
  | { kind: 'repository'; owner: string; repo: string }
  | { kind: 'environment'; owner: string; repo: string; environment: string }
  | { kind: 'organization'; org: string };

export interface RotateOptions extends Connection {
  mode: 'rotate';
  namespace: NamespaceRef;
  /** The managed keys are named this, or this plus `-<6 hex>`. */
  keyBase: string;
  secretName: string;
  /** '' only in a dry run. */
  githubToken: string;
  githubApiUrl: string;
  target: SecretTarget;
  /** As sent to DigitalOcean (`expires_in`); null for `never`, when none is sent. */
  expiresIn: string | null;
  expirationHours: number | null;
  rotateAfterHours: number;
  graceHours: number;
  dryRun: boolean;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Every rotate input, checked before any request. */
export function readRotateOptions(read: ReadInput, env: Env): RotateOptions {
  const connection = readConnection(read, env);
  const dryRun = parseBoolean('dry-run', read('dry-run') || 'false');
  const expiration = parseExpiration(read('expiration') || '90d');
  const rotateAfter = read('rotate-after') || '30d';
  const rotateAfterHours = parseWindow('rotate-after', rotateAfter);
  if (expiration.hours !== null && expiration.hours <= rotateAfterHours) {
    throw new InputError(
      'rotate-after',
      `\`${rotateAfter}\` is not shorter than \`expiration\` (\`${expiration.value}\`), so every run would rotate`,
      'a window shorter than `expiration`, e.g. `rotate-after: 30d` with `expiration: 90d`',
    );
  }
  return {
    ...connection,
    mode: 'rotate',
    namespace: parseRequiredNamespace(read('namespace'), 'rotate'),
    keyBase: parseKeyBase(read('key-name')),
    secretName: parseSecretName(read('secret-name')),
    githubToken: parseGitHubToken(read('github-token'), dryRun),
    githubApiUrl: parseGitHubApiUrl(env.GITHUB_API_URL?.trim() || 'https://api.github.com'),
    target: parseTarget(read, env),
    expiresIn: expiration.hours === null ? null : expiration.value,
    expirationHours: expiration.hours,
    rotateAfterHours,
    graceHours: parseGrace(read('grace') || '24h'),
    dryRun,
  };
}

function parseExpiration(value: string): { value: string; hours: number | null } {
  if (value === 'never') return { value, hours: null };
  const hours = parseHours(value);
  if (hours === undefined) {
    throw new InputError('expiration', `\`${value}\` is not a duration`, '`<int>h` or `<int>d`, at least `1h` (e.g. `90d`), or `never`');
  }
  return { value, hours };
}

function parseGrace(value: string): number {
  if (value === '0') return 0;
  const hours = parseHours(value);
  if (hours === undefined) throw new InputError('grace', `\`${value}\` is not a duration`, '`0`, or `<int>h` or `<int>d` (e.g. `24h`)');
  return hours;
}

function parseKeyBase(value: string): string {
  const body = keyNameBody(value);
  if (!body) {
    const problem = value ? `\`${value}\` has no letters or digits` : 'it is required in rotate mode';
    throw new InputError('key-name', problem, 'the base name of the keys this rotation manages, e.g. `partner-deploy`');
  }
  return body;
}

function parseSecretName(value: string): string {
  const accepted = 'an Actions secret name: letters, digits and `_`, not starting with a digit or `GITHUB_` (e.g. `DO_FUNCTIONS_ACCESS_KEY`)';
  if (!value) throw new InputError('secret-name', 'it is required in rotate mode', accepted);
  if (!SECRET_NAME.test(value)) throw new InputError('secret-name', `\`${value}\` is not a valid secret name`, accepted);
  if (/^GITHUB_/i.test(value)) throw new InputError('secret-name', `\`${value}\` starts with \`GITHUB_\`, which GitHub reserves`, accepted);
  return value;
}

function parseGitHubToken(value: string, dryRun: boolean): string {
  if (!value && !dryRun) {
    throw new InputError(
      'github-token',
      'it is required in rotate mode (unless `dry-run: true`)',
      'a fine-grained token or GitHub App token that may write Actions secrets, e.g. `github-token: ${{ secrets.SECRETS_ADMIN_TOKEN }}` (the job\'s GITHUB_TOKEN cannot)',
    );
  }
  return value;
}

/** `GITHUB_API_URL` is the runner's, not an input; it gets the token, so it is held to the same rule as `api-url`. */
function parseGitHubApiUrl(value: string): string {
  try {
    return parseHttpsUrl('GITHUB_API_URL', value, 'https://api.github.com');
  } catch {
    throw new ActionError(`The GITHUB_API_URL environment variable (${value}) is not usable: github-token is only sent over https (or http to a loopback host).`);
  }
}

function parseTarget(read: ReadInput, env: Env): SecretTarget {
  const environment = read('environment');
  const org = read('org');
  const repository = read('repository');
  if (org) {
    if (environment) throw new InputError('org', 'it cannot be combined with `environment`', 'either `org` (an organization secret) or `environment` (an environment secret of `repository`)');
    if (repository) throw new InputError('org', 'it cannot be combined with `repository`', 'either `org` (an organization secret) or `repository` (a repository or environment secret)');
    if (!OWNER.test(org)) throw new InputError('org', `\`${org}\` is not an organization name`, 'an organization login such as `acme` (letters, digits and `-`)');
    return { kind: 'organization', org };
  }
  const fullName = repository || env.GITHUB_REPOSITORY?.trim() || '';
  const [owner = '', repo = '', ...rest] = fullName.split('/');
  if (!fullName || rest.length || !OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') {
    const problem = fullName ? `\`${fullName}\` is not of the form owner/repo` : 'it is empty and GITHUB_REPOSITORY is not set';
    throw new InputError('repository', problem, '`owner/repo`, e.g. `acme/widgets` (default: the repository running the workflow)');
  }
  if (!environment) return { kind: 'repository', owner, repo };
  if (environment.length > 255 || CONTROL.test(environment)) {
    throw new InputError('environment', 'it is longer than 255 characters or holds control characters', 'the name of an environment of `repository`, e.g. `production`');
  }
  return { kind: 'environment', owner, repo, environment };
}

/** How the target reads in logs and the summary: `repository secret FOO of acme/app`. */
export function describeTarget(target: SecretTarget, secretName: string): string {
  if (target.kind === 'organization') return `organization secret ${secretName} of ${target.org}`;
  const repo = `${target.owner}/${target.repo}`;
  return target.kind === 'environment' ? `environment secret ${secretName} of ${repo} (environment ${target.environment})` : `repository secret ${secretName} of ${repo}`;
}
