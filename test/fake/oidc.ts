// A fake GitHub Actions OIDC issuer on loopback: the discovery document, the JWKS (RS256 keys that rotate), and a
// token endpoint standing in for ACTIONS_ID_TOKEN_REQUEST_URL that issues tokens with GitHub's claims for one
// configurable workflow run. Tests also sign tokens of their own (expired, other issuer, other key, `alg: none`…).
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** The claims that describe the workflow run a token is for (GitHub's names and string values). */
export interface RunClaims {
  repository: string;
  repository_id: string;
  repository_owner: string;
  repository_owner_id: string;
  repository_visibility: string;
  ref: string;
  ref_type: string;
  sha: string;
  event_name: string;
  workflow: string;
  workflow_ref: string;
  workflow_sha: string;
  job_workflow_ref: string;
  job_workflow_sha: string;
  run_id: string;
  run_number: string;
  run_attempt: string;
  actor: string;
  actor_id: string;
  runner_environment: string;
  environment?: string;
  head_ref?: string;
  base_ref?: string;
}

/** A push to main of acme/widgets, run 4242, attempt 1. */
export function pushToMain(overrides: Partial<RunClaims> = {}): RunClaims {
  const workflowRef = 'acme/widgets/.github/workflows/deploy.yml@refs/heads/main';
  return {
    repository: 'acme/widgets',
    repository_id: '100200300',
    repository_owner: 'acme',
    repository_owner_id: '4000',
    repository_visibility: 'private',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    sha: 'a'.repeat(40),
    event_name: 'push',
    workflow: 'deploy',
    workflow_ref: workflowRef,
    workflow_sha: 'a'.repeat(40),
    job_workflow_ref: workflowRef,
    job_workflow_sha: 'a'.repeat(40),
    run_id: '4242',
    run_number: '17',
    run_attempt: '1',
    actor: 'octocat',
    actor_id: '583231',
    runner_environment: 'github-hosted',
    ...overrides,
  };
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export interface SignOptions {
  /** Sign with this key instead of the current one (e.g. one the JWKS does not publish). */
  key?: SigningKey;
  alg?: string;
}

// A 2048-bit RSA key pair costs up to a second of CPU to make. Each new signing key takes the next of four pairs,
// made once per test process, under a fresh kid: four consecutive keys differ, which is all a test of a forgery or
// a rotation needs (none uses more than three).
const KEY_PAIRS = Array.from({ length: 4 }, () => {
  let pair: ReturnType<typeof generateKeyPair> | undefined;
  return () => (pair ??= generateKeyPair('RS256', { extractable: true }));
});
let nextPair = 0;

export class FakeOidcIssuer {
  /** The issuer (`iss`), http://127.0.0.1:PORT. */
  readonly url: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN: the token endpoint answers only this bearer. */
  readonly requestToken = `fake-request-${randomBytes(16).toString('hex')}`;
  /** The run the token endpoint issues tokens for. */
  run: RunClaims = pushToMain();
  /** Every token this issuer signed, so that a leak check can look for them. */
  readonly issued: string[] = [];
  /** Requests by path, e.g. how often the JWKS was fetched. */
  readonly hits: Record<string, number> = {};
  /** Keys the JWKS publishes; the last one signs. */
  keys: SigningKey[] = [];
  /** Fields that replace the discovery document's (a broken or hostile issuer). */
  discovery: Record<string, unknown> = {};

  private constructor(
    private readonly server: Server,
    private readonly now: () => number,
  ) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  static async start({ now = Date.now }: { now?: () => number } = {}): Promise<FakeOidcIssuer> {
    let issuer: FakeOidcIssuer | undefined;
    const server = createServer((req, res) => void issuer?.handle(req, res).catch(() => res.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = new FakeOidcIssuer(server, now);
    await issuer.rotate();
    return issuer;
  }

  /** ACTIONS_ID_TOKEN_REQUEST_URL: GitHub's carries a query, to which `&audience=` is appended. */
  get requestUrl(): string {
    return `${this.url}/token?api-version=2.0`;
  }

  /** The runner env a step needs to get tokens here (what `permissions: id-token: write` gives a job). */
  get runnerEnv(): Record<string, string> {
    return { ACTIONS_ID_TOKEN_REQUEST_URL: this.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.requestToken };
  }

  /** A fresh signing key; the old ones stay published unless `retire` (a rotation that already dropped them). */
  async rotate({ retire = false } = {}): Promise<SigningKey> {
    const key = await FakeOidcIssuer.newKey();
    this.keys = retire ? [key] : [...this.keys, key];
    return key;
  }

  /** A key the JWKS never publishes. */
  static async newKey(): Promise<SigningKey> {
    const { privateKey, publicKey } = await KEY_PAIRS[nextPair++ % KEY_PAIRS.length]!();
    const kid = randomBytes(8).toString('hex');
    return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
  }

  /** The claims GitHub would put in a token for the current run and this audience. */
  claims(audience = `https://github.com/${this.run.repository_owner}`): Record<string, unknown> {
    const iat = Math.floor(this.now() / 1000);
    const context = this.run.environment ? `environment:${this.run.environment}` : `ref:${this.run.ref}`;
    return { ...this.run, iss: this.url, aud: audience, sub: `repo:${this.run.repository}:${context}`, jti: randomUUID(), iat, nbf: iat - 5, exp: iat + 300 };
  }

  /** Signs these claims (claims() merged with `overrides`; an override of undefined removes the claim). */
  async sign(overrides: Record<string, unknown> = {}, { key, alg = 'RS256' }: SignOptions = {}): Promise<string> {
    const signer = key ?? (this.keys.at(-1) as SigningKey);
    const payload = Object.fromEntries(Object.entries({ ...this.claims(), ...overrides }).filter(([, value]) => value !== undefined));
    const token = await new SignJWT(payload).setProtectedHeader({ alg, kid: signer.kid, typ: 'JWT' }).sign(signer.privateKey);
    this.issued.push(token);
    return token;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.hits[url.pathname] = (this.hits[url.pathname] ?? 0) + 1;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: this.url,
        jwks_uri: `${this.url}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'repository', 'repository_id', 'repository_owner_id', 'run_id', 'run_attempt', 'environment', 'event_name', 'workflow_ref', 'job_workflow_ref'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid'],
        ...this.discovery,
      });
    }
    if (url.pathname === '/.well-known/jwks') return send(200, { keys: this.keys.map((key) => key.jwk) });
    if (url.pathname === '/token') {
      if (req.headers.authorization !== `Bearer ${this.requestToken}`) return send(401, { message: 'Bad credentials' });
      const audience = url.searchParams.get('audience') ?? undefined;
      return send(200, { count: 1, value: await this.sign(this.claims(audience)) });
    }
    send(404, { message: 'Not Found' });
  }
}
