// Token verification against the fake issuer over loopback: what passes, every forgery and misuse that must not,
// and the JWKS cache across a key rotation (the clock is mocked; the network is real).
import { SignJWT, base64url } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IssuerError, TokenError, type Verify, createVerifier } from '../../src/broker/verify.js';
import { FakeOidcIssuer } from '../fake/oidc.js';

const AUDIENCE = 'functions-access-key';
let issuer: FakeOidcIssuer;
let verify: Verify;

beforeEach(async () => {
  issuer = await FakeOidcIssuer.start();
  verify = createVerifier({ issuer: issuer.url, audience: AUDIENCE, now: Date.now });
});
afterEach(async () => {
  vi.useRealTimers();
  await issuer.close();
});

const now = () => Math.floor(Date.now() / 1000);
const refused = async (token: string, message: RegExp) => {
  const error = await verify(token).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TokenError);
  expect((error as Error).message).toMatch(message);
};

describe('a token GitHub would issue for the broker', () => {
  it('passes, and yields the claims policies and key names use, nothing else', async () => {
    const claims = await verify(await issuer.sign({ aud: AUDIENCE, environment: 'production' }));
    expect(claims).toEqual({
      iss: issuer.url,
      jti: expect.any(String),
      repository: 'acme/widgets',
      repository_id: '100200300',
      repository_owner_id: '4000',
      ref: 'refs/heads/main',
      environment: 'production',
      event_name: 'push',
      workflow_ref: 'acme/widgets/.github/workflows/deploy.yml@refs/heads/main',
      job_workflow_ref: 'acme/widgets/.github/workflows/deploy.yml@refs/heads/main',
      run_id: '4242',
      run_attempt: '1',
    });
  });

  it('drops claims that are not strings', async () => {
    const claims = await verify(await issuer.sign({ aud: AUDIENCE, environment: 7, workflow_ref: { x: 1 } }));
    expect(claims.environment).toBeUndefined();
    expect(claims.workflow_ref).toBeUndefined();
  });

  it('discovers the JWKS once and keeps it across tokens', async () => {
    for (let i = 0; i < 3; i++) await verify(await issuer.sign({ aud: AUDIENCE }));
    expect(issuer.hits['/.well-known/openid-configuration']).toBe(1);
    expect(issuer.hits['/.well-known/jwks']).toBe(1);
  });
});

describe('refused tokens', () => {
  it('a forged signature', async () => {
    const [header, payload] = (await issuer.sign({ aud: AUDIENCE })).split('.');
    const other = (await issuer.sign({ aud: AUDIENCE, repository: 'evil/repo' })).split('.');
    await refused(`${header}.${other[1]}.${(await issuer.sign({ aud: AUDIENCE })).split('.')[2]}`, /signature does not verify/);
    await refused(`${header}.${payload}.${base64url.encode('not a signature')}`, /signature does not verify/);
  });

  it('signed by a key the issuer does not publish, under a kid it does', async () => {
    const stranger = await FakeOidcIssuer.newKey();
    const token = await issuer.sign({ aud: AUDIENCE }, { key: { ...stranger, kid: issuer.keys[0]!.kid } });
    await refused(token, /signature does not verify/);
  });

  it('signed by a key the issuer does not publish', async () => {
    await refused(await issuer.sign({ aud: AUDIENCE }, { key: await FakeOidcIssuer.newKey() }), /signing key is not one the issuer publishes/);
  });

  it('`alg: none`', async () => {
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    await refused(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(issuer.claims(AUDIENCE))}.`, /not signed with RS256/);
  });

  it('HS256 with the public key as the secret', async () => {
    const jwk = issuer.keys[0]!.jwk;
    const token = await new SignJWT(issuer.claims(AUDIENCE))
      .setProtectedHeader({ alg: 'HS256', kid: jwk.kid })
      .sign(new TextEncoder().encode(JSON.stringify(jwk)));
    await refused(token, /not signed with RS256/);
  });

  it('of another issuer', async () => {
    await refused(await issuer.sign({ aud: AUDIENCE, iss: 'https://token.actions.githubusercontent.com' }), new RegExp(`not issued by ${issuer.url}, the issuer this broker trusts`));
  });

  it("with GitHub's default audience, and with any other", async () => {
    await refused(await issuer.sign({ aud: 'https://github.com/acme' }), /audience is not `functions-access-key`: request it with that audience/);
    await refused(await issuer.sign({ aud: 'sts.amazonaws.com' }), /audience is not `functions-access-key`/);
  });

  it('with a list of audiences that holds ours', async () => {
    await refused(await issuer.sign({ aud: [AUDIENCE, 'other'] }), /audience must be exactly `functions-access-key`, not a list/);
  });

  it('expired', async () => {
    await refused(await issuer.sign({ aud: AUDIENCE, iat: now() - 400, nbf: now() - 400, exp: now() - 60 }), /has expired: request a fresh one/);
  });

  it('expired within the skew passes; beyond it, not', async () => {
    await expect(verify(await issuer.sign({ aud: AUDIENCE, iat: now() - 300, exp: now() - 20 }))).resolves.toBeDefined();
    await refused(await issuer.sign({ aud: AUDIENCE, iat: now() - 300, exp: now() - 40 }), /has expired/);
  });

  it('not yet valid', async () => {
    await refused(await issuer.sign({ aud: AUDIENCE, nbf: now() + 120 }), /not valid yet/);
  });

  it('issued too long ago, whatever its exp says', async () => {
    await refused(await issuer.sign({ aud: AUDIENCE, iat: now() - 20 * 60, nbf: now() - 20 * 60, exp: now() + 60 }), /issued in the future or more than 10 minutes ago/);
  });

  it('issued in the future', async () => {
    await refused(await issuer.sign({ aud: AUDIENCE, iat: now() + 120 }), /issued in the future/);
  });

  it.each(['exp', 'iat', 'jti', 'repository_id', 'repository_owner_id', 'run_id', 'run_attempt', 'ref', 'event_name', 'repository'])('without %s', async (claim) => {
    await refused(await issuer.sign({ aud: AUDIENCE, [claim]: undefined }), new RegExp(`has no \`${claim}\` claim`));
  });

  it.each(['', 'not-a-jwt', 'a.b.c'])('%j, which is no JWT', async (token) => {
    await refused(token, /not a valid signed JWT/);
  });
});

describe('the issuer', () => {
  it("rotates keys: a token under a new kid makes the broker fetch the JWKS again, after jose's cooldown", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await verify(await issuer.sign({ aud: AUDIENCE }));
    await issuer.rotate({ retire: true });
    const fresh = await issuer.sign({ aud: AUDIENCE });
    // Within the cooldown a new kid is not looked up again (an attacker cannot make the broker hammer the issuer).
    await refused(fresh, /signing key is not one the issuer publishes/);
    expect(issuer.hits['/.well-known/jwks']).toBe(1);
    vi.setSystemTime(Date.now() + 31_000);
    await expect(verify(await issuer.sign({ aud: AUDIENCE }))).resolves.toMatchObject({ repository: 'acme/widgets' });
    expect(issuer.hits['/.well-known/jwks']).toBe(2);
    // The retired key's tokens are refused from now on.
    await refused(await issuer.sign({ aud: AUDIENCE }, { key: (await FakeOidcIssuer.newKey()) }), /not one the issuer publishes/);
  });

  it('unreachable: an IssuerError, and the next token tries discovery again', async () => {
    const down = createVerifier({ issuer: 'http://127.0.0.1:1', audience: AUDIENCE, now: Date.now });
    const error = await down('x.y.z').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuerError);
    expect((error as Error).message).toMatch(/^could not read the issuer's discovery document http:\/\/127\.0\.0\.1:1\/\.well-known\/openid-configuration: /);
    await expect(down('x.y.z')).rejects.toThrow(IssuerError);
  });

  it.each<[string, Record<string, unknown>]>([
    ['names another issuer', { issuer: 'https://token.actions.githubusercontent.com' }],
    ['has no jwks_uri', { jwks_uri: undefined }],
    ['sends the keys in clear text', { jwks_uri: 'http://keys.example/jwks' }],
  ])('whose discovery document %s', async (_, discovery) => {
    issuer.discovery = discovery;
    const error = await verify(await issuer.sign({ aud: AUDIENCE })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuerError);
    expect((error as Error).message).toBe(`the discovery document ${issuer.url}/.well-known/openid-configuration names another issuer or no https jwks_uri`);
  });

  it('whose JWKS cannot be fetched', async () => {
    issuer.discovery = { jwks_uri: 'http://127.0.0.1:1/jwks' };
    const error = await verify(await issuer.sign({ aud: AUDIENCE })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuerError);
    expect((error as Error).message).toMatch(/^could not fetch the issuer's signing keys: /);
  });

  it('that answers discovery with an error status', async () => {
    const missing = createVerifier({ issuer: `${issuer.url}/nothing`, audience: AUDIENCE, now: Date.now });
    await expect(missing('x.y.z')).rejects.toThrow(/HTTP 404/);
  });
});
