// What a credential looks like in a file, and how one is shown once found: never in full. Finding and redacting
// share these patterns, so whatever migrate reports as a hard-coded secret is exactly what it redacts everywhere
// (log, summary, report, SARIF, pull request).
import type { RuleId } from './rules.js';

export interface Credential {
  rule: Extract<RuleId, 'hardcoded-legacy-credential' | 'hardcoded-access-key' | 'hardcoded-api-token'>;
  /** Where the match is in the text searched, and how long it is: the span redaction replaces. */
  index: number;
  length: number;
  /** The matched text, secret included: for masking only, never for output. */
  value: string;
  /** What may be shown instead. */
  redacted: string;
  /** What it is, for messages. */
  kind: string;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// OpenWhisk keys are a UUID, `:`, and 64 random alphanumerics.
const LEGACY_PAIR = new RegExp(`(?<![A-Za-z0-9])(${UUID}):([A-Za-z0-9]{64})(?![A-Za-z0-9])`, 'g');
const LEGACY_PAIR_EXACT = new RegExp(`^${UUID}:[A-Za-z0-9]{64}$`);
// base64 of the 101-byte pair is 136 characters, one of them `=`.
const BASIC = /(?<![A-Za-z0-9])[Bb]asic\s+([A-Za-z0-9+/]{135}=)(?![A-Za-z0-9+/=])/g;
const ACCESS_KEY = /(?<![A-Za-z0-9_])(dof_v1_[0-9a-f]{16,64}):([A-Za-z0-9_+/=-]{8,})/g;
const API_TOKEN = /(?<![A-Za-z0-9_])(do[por])_v1_[0-9a-f]{64}(?![A-Za-z0-9])/g;

/**
 * Keys published with OpenWhisk for local installs (ansible/files/auth.guest and auth.whisk.system): public,
 * not credentials of any DigitalOcean namespace.
 */
const PUBLIC_KEYS = new Set([
  '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP',
  '789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP',
]);

/**
 * A real legacy key is 64 random alphanumerics: all-hex is a digest (a lockfile checksum, a sha256 next to a
 * UUID), and the chance that a random key has no letter past `f` is about 1 in 10^37.
 */
function isLegacyPair(pair: string): boolean {
  const key = pair.slice(37);
  return !PUBLIC_KEYS.has(pair) && /[g-zG-Z]/.test(key);
}

/** Doc examples and placeholders: `fn_secret_xxxx…`, `DOSECRETKEYEXAMPLE`, `<secret>`, `your-secret`. */
function isPlaceholder(secret: string): boolean {
  const rest = secret.replace(/^fn_secret_/, '');
  return /example|placeholder|your[_-]|changeme/i.test(rest) || /^(.)\1*$/.test(rest);
}

/** Every credential in `text`, in order of position. */
export function findCredentials(text: string): Credential[] {
  const found: Credential[] = [];
  for (const m of text.matchAll(LEGACY_PAIR)) {
    if (!isLegacyPair(m[0])) continue;
    found.push({ rule: 'hardcoded-legacy-credential', index: m.index, length: m[0].length, value: m[0], redacted: redactedPair(m[1] as string), kind: 'legacy namespace credential' });
  }
  for (const m of text.matchAll(BASIC)) {
    const decoded = Buffer.from(m[1] as string, 'base64').toString('latin1');
    if (!LEGACY_PAIR_EXACT.test(decoded) || !isLegacyPair(decoded)) continue;
    found.push({ rule: 'hardcoded-legacy-credential', index: m.index, length: m[0].length, value: m[1] as string, redacted: `${m[0].slice(0, 5)} ****`, kind: 'legacy namespace credential (base64, Basic auth)' });
  }
  for (const m of text.matchAll(ACCESS_KEY)) {
    if (isPlaceholder(m[2] as string)) continue;
    found.push({ rule: 'hardcoded-access-key', index: m.index, length: m[0].length, value: m[0], redacted: `${m[1]}:****`, kind: 'access key' });
  }
  for (const m of text.matchAll(API_TOKEN)) {
    found.push({ rule: 'hardcoded-api-token', index: m.index, length: m[0].length, value: m[0], redacted: `${m[1]}_v1_****`, kind: 'API token' });
  }
  return found.sort((a, b) => a.index - b.index);
}

function redactedPair(uuid: string): string {
  return `${uuid.slice(0, 8)}-…:****`;
}

/** `text` with every credential replaced by its redacted form: for any source text that goes into output. */
export function redact(text: string): string {
  let out = '';
  let at = 0;
  for (const { index, length, redacted } of findCredentials(text)) {
    if (index < at) continue;
    out += text.slice(at, index) + redacted;
    at = index + length;
  }
  return out + text.slice(at);
}
