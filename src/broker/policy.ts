// The broker's policy (BROKER_POLICY, JSON): deny by default; each rule grants namespaces, up to an expiration,
// to the workflows whose OIDC claims meet all its conditions.
//
// { "rules": [ { "name": "deploy", "namespaces": ["fn-…", "widgets-prod"], "max_expiration": "1h",
//                "repository_id": "123", "ref": "refs/heads/main", "event_name": ["push", "workflow_dispatch"] } ] }
import { MAX_MINT_HOURS } from '../api/expiry.js';
import { parseHours } from '../duration.js';

/** The GitHub OIDC claims a rule may name; all are strings in GitHub's tokens. */
const CONDITIONS = ['repository', 'repository_id', 'repository_owner_id', 'ref', 'environment', 'event_name', 'workflow_ref', 'job_workflow_ref'] as const;
type ConditionClaim = (typeof CONDITIONS)[number];
/** Conditions whose values are globs: `*` within one `/`-separated segment, `**` across segments. */
const GLOBS: readonly ConditionClaim[] = ['ref', 'environment', 'workflow_ref', 'job_workflow_ref'];
/** At least one of these pins a rule to known repositories. */
const REPOSITORY_PINS: readonly ConditionClaim[] = ['repository_id', 'repository_owner_id', 'repository'];
/**
 * Events that run the default branch's workflow for outsiders (a fork's pull request, anyone's comment, a fork's
 * run) and carry the default branch's `ref`: a rule matches them only when its `event_name` names them.
 */
const OUTSIDER_EVENTS = ['pull_request_target', 'issue_comment', 'workflow_run'];
const RULE_KEYS = ['name', 'namespaces', 'max_expiration', ...CONDITIONS];

export type Claims = Partial<Record<ConditionClaim | 'run_id' | 'run_attempt' | 'jti' | 'iss', string>>;

export interface Rule {
  name: string;
  /** Namespace IDs (lower case) and labels. */
  namespaces: string[];
  maxExpiration: string;
  maxHours: number;
  conditions: { claim: ConditionClaim; values: string[]; test: (value: string) => boolean }[];
}

export interface Policy {
  rules: Rule[];
}

/** A configuration (policy or environment) the broker cannot run with: it refuses every request and says why. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parsePolicy(text: string): Policy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`BROKER_POLICY is not JSON (${(error as Error).message}).`);
  }
  if (!isObject(json) || !Array.isArray(json.rules) || json.rules.length === 0 || Object.keys(json).some((key) => key !== 'rules')) {
    throw new ConfigError('BROKER_POLICY must be an object with a non-empty `rules` array and nothing else.');
  }
  return { rules: json.rules.map((rule, index) => parseRule(rule, index + 1)) };
}

function parseRule(rule: unknown, n: number): Rule {
  const fail = (problem: string) => new ConfigError(`BROKER_POLICY rule ${n}: ${problem}.`);
  if (!isObject(rule)) throw fail('is not an object');
  const unknown = Object.keys(rule).filter((key) => !RULE_KEYS.includes(key));
  if (unknown.length) throw fail(`unknown ${unknown.map((key) => `\`${key}\``).join(', ')} (known: ${RULE_KEYS.join(', ')})`);
  const name = rule.name === undefined ? `rule ${n}` : rule.name;
  if (typeof name !== 'string' || !name) throw fail('`name` must be a non-empty string');
  const namespaces = strings(rule.namespaces);
  if (!namespaces || namespaces.includes('*')) throw fail('`namespaces` must be a non-empty list of namespace IDs or labels, without `*`');
  const maxExpiration = rule.max_expiration ?? '1h';
  const maxHours = typeof maxExpiration === 'string' ? parseHours(maxExpiration) : undefined;
  if (maxHours === undefined || maxHours > MAX_MINT_HOURS) throw fail(`\`max_expiration\` must be \`<int>h\` from 1h to ${MAX_MINT_HOURS}h`);
  const conditions = CONDITIONS.filter((claim) => rule[claim] !== undefined).map((claim) => {
    const values = strings(rule[claim], claim.endsWith('_id'));
    if (!values) throw fail(`\`${claim}\` must be a string or a non-empty list of strings`);
    return { claim, values, test: matcher(claim, values) };
  });
  if (!conditions.some((condition) => REPOSITORY_PINS.includes(condition.claim))) {
    throw fail(`it matches every repository: name \`repository_id\` (best), \`repository_owner_id\` or \`repository\``);
  }
  return { name, namespaces: namespaces.map((ref) => (/^fn-/i.test(ref) ? ref.toLowerCase() : ref)), maxExpiration: maxExpiration as string, maxHours, conditions };
}

function matcher(claim: ConditionClaim, values: string[]): (value: string) => boolean {
  if (GLOBS.includes(claim)) {
    const patterns = values.map(glob);
    return (value) => patterns.some((pattern) => pattern.test(value));
  }
  // GitHub treats owner and repository names without regard to case.
  if (claim === 'repository') return (value) => values.some((wanted) => wanted.toLowerCase() === value.toLowerCase());
  return (value) => values.includes(value);
}

/** `*` never crosses a `/` (so `refs/heads/*` is not `refs/heads/evil/x`); `**` does; everything else is literal. */
export function glob(pattern: string): RegExp {
  const source = pattern
    .split('**')
    .map((part) => part.split('*').map(escape).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** The rules whose conditions the token's claims meet, in policy order. */
export function matchingRules(policy: Policy, claims: Claims): Rule[] {
  return policy.rules.filter((rule) => {
    const event = claims.event_name ?? '';
    if (OUTSIDER_EVENTS.includes(event) && !rule.conditions.some((c) => c.claim === 'event_name' && c.values.includes(event))) return false;
    return rule.conditions.every(({ claim, test }) => {
      const value = claims[claim];
      return value !== undefined && test(value);
    });
  });
}

/** Whether a rule grants this namespace, named by either its ID or its label. */
export function grants(rule: Rule, namespace: { namespace: string; label: string }): boolean {
  return rule.namespaces.includes(namespace.namespace.toLowerCase()) || rule.namespaces.includes(namespace.label);
}

/** Who is asking, as the denial messages name them. */
export function describeCaller(claims: Claims): string {
  const environment = claims.environment ? `, environment ${claims.environment}` : '';
  return `repository ${claims.repository} (id ${claims.repository_id}) on ref ${claims.ref}, event ${claims.event_name}${environment}`;
}

/** A string or a non-empty list of non-empty strings (numbers too where `numbers`, for IDs), as a list. */
function strings(value: unknown, numbers = false): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  const items = list.map((item) => (numbers && Number.isSafeInteger(item) ? String(item) : item));
  return items.length > 0 && items.every((item) => typeof item === 'string' && item !== '') ? (items as string[]) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
