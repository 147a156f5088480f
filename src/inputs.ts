import { randomBytes } from 'node:crypto';
import { MAX_MINT_HOURS } from './api/expiry.js';
import { credentialUrlProblem } from './api/url.js';
import { InputError } from './errors.js';
import { parseHours } from './duration.js';

/** Reads an input the way @actions/core does (trimmed, '' when unset); injected so tests need no env. */
export type ReadInput = (name: string) => string;
type Env = Record<string, string | undefined>;

const MODES = ['mint', 'audit', 'cleanup', 'rotate', 'migrate'] as const;
// Reserved: refused with "not available in this version yet" until they land.
const LATER_MODES: string[] = [];
export type Mode = (typeof MODES)[number];

export type NamespaceRef = { id: string } | { label: string };
export type FailOn = 'error' | 'warning' | 'never';

export interface Connection {
  token: string;
  apiUrl: string;
}

export interface MintOptions extends Connection {
  mode: 'mint';
  namespace: NamespaceRef;
  /** As sent to DigitalOcean (`expires_in`), and as hours for the fail-closed check. */
  expiresIn: string;
  expirationHours: number;
  keyName: string;
  exportEnv: boolean;
  connectDoctl: boolean;
  /** Mint through the broker with the job's OIDC token; `token` is then empty. */
  broker?: BrokerOptions;
}

export interface SweepOptions extends Connection {
  mode: 'audit' | 'cleanup';
  /** `'*'`: every namespace of the account. */
  namespaces: NamespaceRef[] | '*';
  maxAgeHours: number;
  expiryWarningHours: number;
  failOn: FailOn;
  keyPrefix: string;
  dryRun: boolean;
}

export type Options = MintOptions | SweepOptions;

export { MAX_MINT_HOURS };
const DEFAULT_API_URL = 'https://api.digitalocean.com';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const NAMESPACE_ID = new RegExp(`^fn-${UUID}$`, 'i');
// A label never goes into a URL (it is resolved to an ID first), but one that could escape a path is
// certainly a mistake, so it is refused up front.
// eslint-disable-next-line no-control-regex
const UNSAFE_LABEL = /[/\\?#%\u0000-\u001f\u007f]|^\.\.?$/;
const KEY_NAME_BODY_MAX = 56;

/** The API token: the input, else `DIGITALOCEAN_ACCESS_TOKEN`. Read before anything else so it can be masked. */
export function readToken(read: ReadInput, env: Env): string {
  return read('token') || env.DIGITALOCEAN_ACCESS_TOKEN?.trim() || '';
}

/** What post needs to delete a key: the token and the API URL, validated like main does. */
export function readConnection(read: ReadInput, env: Env): Connection {
  const token = readToken(read, env);
  if (!token) {
    throw new InputError(
      'token',
      'it is empty and DIGITALOCEAN_ACCESS_TOKEN is not set',
      'a DigitalOcean API token with the function:admin scope, e.g. `token: ${{ secrets.DIGITALOCEAN_TOKEN }}`',
    );
  }
  return { token, apiUrl: parseApiUrl(read('api-url') || DEFAULT_API_URL) };
}

/** The `mode` input; read first, since every other input's default and rules depend on it. */
export function readMode(read: ReadInput): Mode {
  return parseMode(read('mode') || 'mint');
}

export function readMintOptions(read: ReadInput, env: Env): MintOptions {
  const broker = readBroker(read);
  const connection = broker ? { token: '', apiUrl: DEFAULT_API_URL } : readConnection(read, env);
  // No default in action.yml: the default differs by mode, and the runner fills action.yml defaults in.
  const expiresIn = read('expiration') || '1h';
  const options: MintOptions = {
    ...connection,
    mode: 'mint',
    namespace: parseRequiredNamespace(read('namespace'), 'mint'),
    expiresIn,
    expirationHours: parseExpiration(expiresIn),
    keyName: keyName(read('key-name'), env),
    exportEnv: parseBoolean('export-env', read('export-env') || 'true'),
    connectDoctl: parseBoolean('connect-doctl', read('connect-doctl') || 'false'),
    broker,
  };
  if (broker && options.connectDoctl) {
    throw new InputError('connect-doctl', '`doctl serverless connect` needs a DigitalOcean API token, and minting through `broker-url` has none', '`false` with `broker-url` (later steps get the key from DO_FUNCTIONS_* or the outputs)');
  }
  return options;
}

export function readSweepOptions(mode: SweepOptions['mode'], read: ReadInput, env: Env): SweepOptions {
  const connection = readConnection(read, env);
  return {
    ...connection,
    mode,
    namespaces: parseNamespaceList(read('namespace') || '*'),
    maxAgeHours: parseWindow('max-age', read('max-age') || '90d'),
    expiryWarningHours: parseWindow('expiry-warning', read('expiry-warning') || '7d'),
    failOn: parseChoice('fail-on', read('fail-on') || 'error', ['error', 'warning', 'never'] as const),
    keyPrefix: parseKeyPrefix(read('key-prefix') || 'gha-'),
    dryRun: parseBoolean('dry-run', read('dry-run') || 'false'),
  };
}

function parseMode(value: string): Mode {
  if (LATER_MODES.includes(value)) {
    throw new InputError('mode', `\`${value}\` is not available in this version yet`, `one of ${MODES.join(', ')}`);
  }
  return parseChoice('mode', value, MODES);
}

export function parseChoice<T extends string>(input: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new InputError(input, `\`${value}\` is not a known value`, `one of ${choices.join(', ')}`);
}

/** Strict like `core.getBooleanInput` (YAML 1.2 core schema), with an error that names the input. */
export function parseBoolean(input: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(input, `\`${value}\` is not a boolean`, '`true` or `false`');
}

function parseExpiration(value: string): number {
  const hours = parseHours(value);
  if (hours === undefined || hours > MAX_MINT_HOURS) {
    const problem = /^\d+[hd]$/.test(value) ? `\`${value}\` is outside 1h to ${MAX_MINT_HOURS}h` : `\`${value}\` is not a duration`;
    throw new InputError('expiration', problem, `\`<int>h\` from 1h to ${MAX_MINT_HOURS}h (e.g. \`1h\`, \`6h\`)`);
  }
  return hours;
}

export function parseWindow(input: string, value: string): number {
  const hours = parseHours(value);
  if (hours === undefined) {
    throw new InputError(input, `\`${value}\` is not a duration`, '`<int>h` or `<int>d` (e.g. `36h`, `90d`)');
  }
  return hours;
}

function parseApiUrl(value: string): string {
  return parseHttpsUrl('api-url', value, 'https://api.digitalocean.com');
}

/**
 * A URL that credentials will be sent to: https, or http on loopback only (tests, local fakes); no user info,
 * query or fragment. Trailing `/` removed.
 */
export function parseHttpsUrl(input: string, value: string, example: string): string {
  const accepted = `an https URL such as ${example} (http only for 127.0.0.0/8, ::1 or localhost)`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(input, `\`${value}\` is not a URL`, accepted);
  }
  const problem = credentialUrlProblem(url);
  if (problem) throw new InputError(input, problem, accepted);
  return url.href.replace(/\/+$/, '');
}

export function parseNamespace(input: string, value: string): NamespaceRef {
  if (NAMESPACE_ID.test(value)) return { id: value.toLowerCase() };
  if (value.startsWith('fn-') && /^fn-[0-9a-f-]+$/i.test(value)) {
    throw new InputError(input, `\`${value}\` looks like a namespace ID but is not one`, 'an ID of the form fn-<uuid>');
  }
  if (UNSAFE_LABEL.test(value) || value.length > 255) {
    throw new InputError(
      input,
      `\`${JSON.stringify(value).slice(1, -1)}\` is neither a namespace ID nor a valid label`,
      "a namespace ID (fn-<uuid>) or its label (no '/', '\\', '?', '#', '%' or control characters)",
    );
  }
  return { label: value };
}

export function parseRequiredNamespace(value: string, mode: string): NamespaceRef {
  if (!value) {
    throw new InputError('namespace', `it is required in ${mode} mode`, 'a namespace ID (fn-<uuid>) or its label');
  }
  return parseNamespace('namespace', value);
}

function parseNamespaceList(value: string): NamespaceRef[] | '*' {
  if (value === '*') return '*';
  const items = value.split(/[,\n]/).map((item) => item.trim()).filter(Boolean);
  if (items.includes('*')) {
    throw new InputError('namespace', '`*` cannot be combined with other namespaces', '`*` alone, or a list of IDs or labels');
  }
  return items.map((item) => parseNamespace('namespace', item));
}

function parseKeyPrefix(value: string): string {
  // Cleanup deletes by this prefix: a short or odd one could match keys people made by hand.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/.test(value)) {
    throw new InputError('key-prefix', `\`${value}\` is too short or has odd characters`, 'at least 3 of letters, digits, `.`, `_`, `-` (e.g. `gha-`)');
  }
  return value;
}

/**
 * The key's name: the input (or `gha-<repo>-<run_id>-<run_attempt>-<job>`), reduced to `[A-Za-z0-9._-]`,
 * plus a random suffix. The suffix makes every use unique, which lets the action find exactly its own key
 * by name after an ambiguous create failure, and run several times in one job.
 */
export function keyName(input: string, env: Env, suffix = randomBytes(3).toString('hex')): string {
  const base =
    input ||
    ['gha', env.GITHUB_REPOSITORY ?? 'local', env.GITHUB_RUN_ID ?? '0', env.GITHUB_RUN_ATTEMPT ?? '1', env.GITHUB_JOB ?? 'job'].join('-');
  return `${keyNameBody(base) || 'gha'}-${suffix}`;
}

/** A key name before its suffix: `[A-Za-z0-9._-]` only, runs of `-` collapsed, at most 56 characters, no `-` or `.` at either end. */
export function keyNameBody(value: string): string {
  return value
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, KEY_NAME_BODY_MAX)
    .replace(/^[-.]+|[-.]+$/g, '');
}


// ------------------------------------------------------------------------------------------------------------
// Mint through the broker (issue 10): the job's OIDC token instead of a DigitalOcean API token.
// ------------------------------------------------------------------------------------------------------------

export interface BrokerOptions {
  url: string;
  /** The OIDC token's audience, which the broker requires exactly. */
  audience: string;
}

export const DEFAULT_AUDIENCE = 'functions-access-key';

/** `broker-url` and `audience`, or undefined when `broker-url` is empty (mint with `token`). */
export function readBroker(read: ReadInput): BrokerOptions | undefined {
  const value = read('broker-url');
  if (!value) return undefined;
  if (read('token')) {
    throw new InputError('token', 'it cannot be combined with `broker-url`', 'one of the two: with `broker-url` the broker mints the key and the repository needs no DigitalOcean token');
  }
  if (read('key-name')) throw new InputError('key-name', 'the broker names the keys it mints', 'no `key-name` with `broker-url`');
  const audience = read('audience') || DEFAULT_AUDIENCE;
  if (!/^[\x21-\x7e]{1,255}$/.test(audience) || audience.startsWith('https://github.com/')) {
    throw new InputError('audience', `\`${audience}\` is not an audience the broker can require`, `the broker's audience (default \`${DEFAULT_AUDIENCE}\`), not GitHub's default \`https://github.com/<owner>\``);
  }
  const example = 'https://faas-nyc1-….doserverless.co/api/v1/web/fn-…/functions-access-key/broker';
  return { url: parseHttpsUrl('broker-url', value, example), audience };
}
