// The broker's environment: what it needs, its defaults, and what makes it refuse to start.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/broker/config.js';
import { ConfigError } from '../../src/broker/policy.js';

const POLICY = JSON.stringify({ rules: [{ namespaces: ['a'], repository_id: '1' }] });
const ENV = { DIGITALOCEAN_TOKEN: ' dop_v1_x ', BROKER_POLICY: POLICY };

describe('readConfig', () => {
  it("defaults to GitHub's issuer, the broker's own audience and DigitalOcean's API", () => {
    const config = readConfig(ENV);
    expect(config).toMatchObject({ token: 'dop_v1_x', issuer: 'https://token.actions.githubusercontent.com', audience: 'functions-access-key', apiUrl: 'https://api.digitalocean.com' });
    expect(config.policy.rules).toHaveLength(1);
  });

  it('takes another issuer, audience and API URL, without trailing slashes', () => {
    const config = readConfig({ ...ENV, OIDC_ISSUER: 'https://ghe.example/_services/token/', OIDC_AUDIENCE: ' mine ', API_URL: 'http://127.0.0.1:9/' });
    expect(config).toMatchObject({ issuer: 'https://ghe.example/_services/token', audience: 'mine', apiUrl: 'http://127.0.0.1:9' });
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['no API token', { BROKER_POLICY: POLICY }, /^DIGITALOCEAN_TOKEN is not set: set it to a DigitalOcean API token with the function:admin scope\.$/],
    ['a blank API token', { ...ENV, DIGITALOCEAN_TOKEN: ' ' }, /^DIGITALOCEAN_TOKEN is not set/],
    ['no policy', { DIGITALOCEAN_TOKEN: 'x' }, /^BROKER_POLICY is not set: set it to the policy, as JSON\.$/],
    ['a blank policy', { ...ENV, BROKER_POLICY: '  ' }, /^BROKER_POLICY is not set/],
    ['a policy that does not parse', { ...ENV, BROKER_POLICY: '{' }, /^BROKER_POLICY is not JSON/],
    ["GitHub's default audience", { ...ENV, OIDC_AUDIENCE: 'https://github.com/acme' }, /^OIDC_AUDIENCE must not be GitHub's default audience \(https:\/\/github\.com\/acme\)/],
    ['an issuer over http', { ...ENV, OIDC_ISSUER: 'http://token.example' }, /^OIDC_ISSUER: `http:\/\/token\.example` would send credentials in clear text; use https\.$/],
    ['an issuer that is no URL', { ...ENV, OIDC_ISSUER: 'token.example' }, /^OIDC_ISSUER is not a URL: token\.example\.$/],
    ['an API URL over http', { ...ENV, API_URL: 'http://api.example' }, /^API_URL: /],
  ])('refuses %s', (_, env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });
});
