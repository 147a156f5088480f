import { randomBytes } from 'node:crypto';
import { InputError } from './errors.js';
import { parseHours } from './duration.js';

/** Reads an input the way @actions/core does (trimmed, '' when unset); injected so tests need no env. */
export type ReadInput = (name: string) => string;
type Env = Record<string, string | undefined>;

const MODES = ['mint', 'audit', 'cleanup', 'migrate'] as const;
// Reserved: refused with "not available in this version yet" until they land.
const LATER_MODES = ['rotate'];
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

/** The longest a minted key may live; also the age past which cleanup treats a `gha-` key as orphaned. */
export const MAX_MINT_HOURS = 12;
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
  const connection = readConnection(read, env);
  // No default in action.yml: the default differs by mode, and the runner fills action.yml defaults in.
  const expiresIn = read('expiration') || '1h';
  return {
    ...connection,
    mode: 'mint',
    namespace: parseRequiredNamespace(read('namespace'), 'mint'),
    expiresIn,
    expirationHours: parseExpiration(expiresIn),
    keyName: keyName(read('key-name'), env),
    exportEnv: parseBoolean('export-env', read('export-env') || 'true'),
    connectDoctl: parseBoolean('connect-doctl', read('connect-doctl') || 'false'),
  };
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
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(input, 'it must not carry credentials, a query or a fragment', accepted);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new InputError(input, `\`${url.protocol}//${url.host}\` would send credentials in clear text`, accepted);
  }
  return url.href.replace(/\/+$/, '');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
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
  const body = base
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, KEY_NAME_BODY_MAX)
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${body || 'gha'}-${suffix}`;
}

