// Verifies a GitHub Actions OIDC token with jose: the issuer's JWKS (found through its discovery document, cached
// across invocations, fetched again for an unknown `kid`), RS256 only, exact issuer and audience, and `exp`, `iat`
// and `jti` required (jose checks the time claims only when they are present).
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { credentialUrlProblem } from '../api/url.js';
import type { Claims } from './policy.js';

/** Clock skew allowed between the issuer and the broker. */
const SKEW_SECONDS = 30;
/** GitHub's tokens live 5 minutes; one issued longer ago than this is refused whatever its `exp` says. */
const MAX_AGE_SECONDS = 600;
/** Claims the broker reads; a token without any of them is refused. */
const REQUIRED = ['exp', 'iat', 'jti', 'repository', 'repository_id', 'repository_owner_id', 'ref', 'event_name', 'run_id', 'run_attempt'];

/** The token was not accepted: a 401 with what to fix. */
export class TokenError extends Error {
  override name = 'TokenError';
}

/** The issuer could not be reached or answered nonsense: a 502, nothing the caller can fix. */
export class IssuerError extends Error {
  override name = 'IssuerError';
}

export interface VerifierOptions {
  issuer: string;
  audience: string;
  /** Time in ms since the epoch. */
  now: () => number;
}

export type Verify = (token: string) => Promise<Claims>;

export function createVerifier({ issuer, audience, now }: VerifierOptions): Verify {
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  return async (token) => {
    // Discovery once per container; a failure is not cached, so the next request tries again.
    keys ??= discover(issuer).catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    const jwks = await keys;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: ['RS256'],
        issuer,
        audience,
        requiredClaims: REQUIRED,
        clockTolerance: SKEW_SECONDS,
        maxTokenAge: MAX_AGE_SECONDS,
        currentDate: new Date(now()),
      }));
    } catch (error) {
      throw explain(error, { issuer, audience });
    }
    // jose accepts an audience list that contains ours; the broker wants exactly its own.
    if (payload.aud !== audience) throw new TokenError(`the token's audience must be exactly \`${audience}\`, not a list.`);
    return claims(payload);
  };
}

async function discover(issuer: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
  const url = `${issuer}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = (await response.json()) as typeof document;
  } catch (error) {
    throw new IssuerError(`could not read the issuer's discovery document ${url}: ${(error as Error).message}`);
  }
  const jwksUri = typeof document.jwks_uri === 'string' ? new URL(document.jwks_uri) : undefined;
  if (document.issuer !== issuer || !jwksUri || credentialUrlProblem(jwksUri)) {
    throw new IssuerError(`the discovery document ${url} names another issuer or no https jwks_uri`);
  }
  return createRemoteJWKSet(jwksUri);
}

/** jose's reasons, in words that tell the caller what to do. */
function explain(error: unknown, { issuer, audience }: { issuer: string; audience: string }): Error {
  const tooOld = `the token was issued in the future or more than ${MAX_AGE_SECONDS / 60} minutes ago: request a fresh one.`;
  // `exp` is the token's own expiry; `iat` past the broker's maximum age.
  if (error instanceof errors.JWTExpired) {
    return new TokenError(error.claim === 'iat' ? tooOld : "the token has expired: request a fresh one right before calling the broker (GitHub's live 5 minutes).");
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return new TokenError(`the token has no \`${error.claim}\` claim.`);
    const problems: Record<string, string> = {
      iss: `the token was not issued by ${issuer}, the issuer this broker trusts.`,
      aud: `the token's audience is not \`${audience}\`: request it with that audience (\`audience\` input, \`core.getIDToken('${audience}')\`).`,
      nbf: 'the token is not valid yet: check the clocks.',
      iat: tooOld,
    };
    return new TokenError(problems[error.claim] ?? `the token's \`${error.claim}\` claim is not acceptable.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenError('the token is not signed with RS256, the only algorithm accepted.');
  if (error instanceof errors.JWKSNoMatchingKey) return new TokenError("the token's signing key is not one the issuer publishes.");
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenError("the token's signature does not verify against the issuer's keys.");
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error instanceof TypeError) {
    return new IssuerError(`could not fetch the issuer's signing keys: ${(error as Error).message}`);
  }
  return new TokenError('the bearer value is not a valid signed JWT.');
}

/** The string claims policies and key names use; anything else in the token is ignored. */
function claims(payload: JWTPayload): Claims {
  const names = ['iss', 'jti', 'repository', 'repository_id', 'repository_owner_id', 'ref', 'environment', 'event_name', 'workflow_ref', 'job_workflow_ref', 'run_id', 'run_attempt'] as const;
  const picked: Claims = {};
  for (const name of names) {
    const value = payload[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}
