// The broker's configuration: the function's environment, as project.yml sets it at deploy time.
import { credentialUrlProblem } from '../api/url.js';
import { type Policy, ConfigError, parsePolicy } from './policy.js';

export interface Config {
  /** DigitalOcean API token with the function:admin scope. */
  token: string;
  policy: Policy;
  issuer: string;
  audience: string;
  apiUrl: string;
}

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const DEFAULT_AUDIENCE = 'functions-access-key';

/** Reads and checks the configuration; a ConfigError says what is wrong, and the broker refuses every request. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const token = env.DIGITALOCEAN_TOKEN?.trim();
  if (!token) throw new ConfigError('DIGITALOCEAN_TOKEN is not set: set it to a DigitalOcean API token with the function:admin scope.');
  if (!env.BROKER_POLICY?.trim()) throw new ConfigError('BROKER_POLICY is not set: set it to the policy, as JSON.');
  const audience = env.OIDC_AUDIENCE?.trim() || DEFAULT_AUDIENCE;
  // GitHub's default audience is the owner's URL: every workflow of that owner gets it without asking for this broker.
  if (audience.startsWith('https://github.com/')) throw new ConfigError(`OIDC_AUDIENCE must not be GitHub's default audience (${audience}): use one only this broker accepts.`);
  return {
    token,
    policy: parsePolicy(env.BROKER_POLICY),
    issuer: url('OIDC_ISSUER', env.OIDC_ISSUER?.trim() || GITHUB_ISSUER),
    audience,
    apiUrl: url('API_URL', env.API_URL?.trim() || 'https://api.digitalocean.com'),
  };
}

function url(name: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: ${value}.`);
  }
  const problem = credentialUrlProblem(parsed);
  if (problem) throw new ConfigError(`${name}: ${problem}; use https.`);
  return value.replace(/\/+$/, '');
}
