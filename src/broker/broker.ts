// The broker's two routes, over a verified token and the policy:
//   POST /keys               {"namespace", "expiration"}  → 201 with a new key for the caller's workflow run
//   DELETE /keys/<id>?namespace=<fn-…>                    → 200 once the key, minted for the caller's run, is gone
// Errors answer DigitalOcean's error shape, { id, message, request_id }, with a message that says what to fix.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../api/clock.js';
import { DigitalOceanClient, type Namespace } from '../api/digitalocean.js';
import { ExpiryError, MAX_MINT_HOURS } from '../api/expiry.js';
import { ApiError, Transport } from '../api/transport.js';
import { parseHours } from '../duration.js';
import { readConfig } from './config.js';
import { type WebRequest, type WebResponse, readEvent } from './event.js';
import { findMinted, keyName, mintKey, mintedForRun } from './keys.js';
import { type Decision, type Write, logDecision, logEvent } from './log.js';
import { type Claims, type Rule, ConfigError, describeCaller, grants, matchingRules } from './policy.js';
import { IssuerError, TokenError, createVerifier } from './verify.js';

export interface BrokerDeps {
  env: Record<string, string | undefined>;
  clock: Clock;
  /** Where decision lines go (the activation log). */
  write: Write;
}

export type Handler = (event: unknown) => Promise<WebResponse>;

/** A request the broker turns down, with the status and what the caller should do. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ERROR_IDS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  500: 'misconfigured',
  502: 'bad_gateway',
};
// A small burst of retries: the action waits for this answer, and the function has a time limit.
const RETRY = { maxAttempts: 3, baseMs: 300, capMs: 2_000, budgetMs: 10_000 };
/** Keys minted by this container (name → ID), so a replay is refused even after its key was deleted. */
const SEEN_MAX = 1_000;

/** The broker, configured once per container; the JWKS, the API connection and replay memory outlive invocations. */
export function createBroker({ env, clock, write }: BrokerDeps): Handler {
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logEvent(write, clock.now(), 'refused-configuration', error.message);
    return async (event) => answer(readEvent(event).method === 'POST' ? 'mint' : 'delete', write, clock, new Refusal(500, `The broker refuses to start: ${error.message}`));
  }
  const { policy, issuer, audience, apiUrl, token } = config;
  const verify = createVerifier({ issuer, audience, now: clock.now });
  const log = (message: string) => logEvent(write, clock.now(), 'digitalocean', message);
  const transport = new Transport({ baseUrl: apiUrl, token, clock, log, retry: RETRY, userAgent: 'functions-access-key-broker' });
  const client = new DigitalOceanClient(transport, log);
  const seen = new Map<string, string>();

  async function authenticate(request: WebRequest, decision: Decision): Promise<{ claims: Claims; rules: Rule[] }> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer) throw new Refusal(401, 'Send the GitHub OIDC token as `Authorization: Bearer <token>` (the workflow needs `permissions: id-token: write`).');
    let claims: Claims;
    try {
      claims = await verify(bearer);
    } catch (error) {
      if (error instanceof TokenError) throw new Refusal(401, `The OIDC token was refused: ${error.message}`);
      if (error instanceof IssuerError) throw new Refusal(502, `The broker could not check the token: ${error.message}`);
      throw error;
    }
    const { repository, repository_id, run_id, run_attempt, ref, event_name, environment } = claims;
    Object.assign(decision, { repository, repository_id, run_id, run_attempt, ref, event_name, environment });
    return { claims, rules: matchingRules(policy, claims) };
  }

  async function mint(request: WebRequest, decision: Decision): Promise<[number, object]> {
    const { namespace: wanted, expiration, hours } = mintRequest(request.body);
    const { claims, rules } = await authenticate(request, decision);
    const denied = new Refusal(403, `No rule grants namespace ${wanted} to ${describeCaller(claims)}.`);
    if (!rules.length) throw denied;
    const namespaces = await client.listNamespaces();
    const mine = namespaces.filter((namespace) => rules.some((rule) => grants(rule, namespace)));
    const matches = mine.filter((namespace) => namespace.namespace === wanted.toLowerCase() || namespace.label === wanted);
    if (!matches.length) throw denied;
    if (matches.length > 1) throw new Refusal(400, `Several namespaces are labelled ${wanted} (${ids(matches)}): ask for one by its ID.`);
    const namespace = matches[0] as Namespace;
    decision.namespace = namespace.namespace;
    const granting = rules.filter((rule) => grants(rule, namespace));
    const rule = granting.find((candidate) => candidate.maxHours >= hours);
    if (!rule) {
      const most = granting.reduce((a, b) => (b.maxHours > a.maxHours ? b : a));
      throw new Refusal(403, `Rule ${most.name} grants namespace ${wanted} to this workflow for at most ${most.maxExpiration}, not ${expiration}: ask for ${most.maxExpiration} or less.`);
    }
    decision.rule = rule.name;
    const name = keyName(claims);
    const used = seen.get(name) ?? (await findMinted(client, mine, claims))?.id;
    if (used) throw replayed(used);
    const key = await mintKey(client, clock, { namespace, claims, expiresIn: expiration, hours }).catch((error: unknown) => {
      // Two requests with one token at once: DigitalOcean refuses the second key's name.
      throw error instanceof ApiError && error.status === 409 ? replayed('being minted') : error;
    });
    seen.set(name, key.id);
    if (seen.size > SEEN_MAX) seen.delete(seen.keys().next().value as string);
    Object.assign(decision, { key_id: key.id, key_name: key.name, expires_at: key.expires_at ?? undefined });
    const { label, region, api_host } = namespace;
    return [201, { id: key.id, name: key.name, secret: key.secret, expires_at: key.expires_at, created_at: key.created_at, namespace: namespace.namespace, label, region, api_host }];
  }

  async function remove(request: WebRequest, keyId: string, decision: Decision): Promise<[number, object]> {
    const namespace = request.query.get('namespace') ?? '';
    if (!/^fn-[0-9a-f-]{36}$/i.test(namespace)) throw new Refusal(400, 'Say which namespace the key is in: `?namespace=<fn-… ID>` (the `namespace` the key was minted with).');
    Object.assign(decision, { namespace, key_id: keyId });
    const { claims, rules } = await authenticate(request, decision);
    if (!rules.length) throw new Refusal(403, `No rule of the broker's policy matches ${describeCaller(claims)}.`);
    const keys = await client.listKeys(namespace.toLowerCase()).catch((error: unknown) => {
      throw error instanceof ApiError && error.status === 404 ? new Refusal(404, `The account has no namespace ${namespace}.`) : error;
    });
    const key = keys.find((candidate) => candidate.id === keyId);
    if (!key) throw new Refusal(404, `Namespace ${namespace} has no key ${keyId}: it is already gone.`);
    decision.key_name = key.name;
    if (!mintedForRun(key.name, claims)) {
      throw new Refusal(403, `Key ${keyId} was not minted by this broker for run ${claims.run_id} (attempt ${claims.run_attempt}) of ${claims.repository}: it is not yours to delete.`);
    }
    if (!(await client.deleteKey(namespace.toLowerCase(), keyId))) throw new Refusal(404, `Key ${keyId} is already gone.`);
    return [200, { deleted: keyId }];
  }

  return async (event) => {
    const request = readEvent(event);
    const deleting = /^\/keys\/([^/]+)$/.exec(request.path);
    const action = request.method === 'POST' ? 'mint' : 'delete';
    const decision: Decision = { request_id: randomUUID(), action, decision: 'allowed', status: 0 };
    try {
      if (request.path === '/keys' && request.method === 'POST') return reply(write, clock, decision, ...(await mint(request, decision)));
      if (deleting && request.method === 'DELETE') return reply(write, clock, decision, ...(await remove(request, decodeURIComponent(deleting[1] as string), decision)));
      throw new Refusal(request.path === '/keys' || deleting ? 405 : 404, 'The broker serves `POST /keys` and `DELETE /keys/<id>?namespace=<fn-…>`.');
    } catch (error) {
      return reply(write, clock, decision, ...refusal(error));
    }
  };
}

function mintRequest(body: string): { namespace: string; expiration: string; hours: number } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const fields = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  const { namespace, expiration = '1h' } = fields ?? {};
  // eslint-disable-next-line no-control-regex
  if (typeof namespace !== 'string' || !namespace || namespace.length > 255 || /[\u0000-\u001f\u007f]/.test(namespace)) {
    throw new Refusal(400, 'Send a JSON body `{ "namespace": "<ID or label>", "expiration": "1h" }`.');
  }
  const hours = typeof expiration === 'string' ? parseHours(expiration) : undefined;
  if (hours === undefined || hours > MAX_MINT_HOURS) {
    throw new Refusal(400, `\`expiration\` must be \`<int>h\` from 1h to ${MAX_MINT_HOURS}h (e.g. \`1h\`), not ${JSON.stringify(expiration)}.`);
  }
  return { namespace, expiration: expiration as string, hours };
}

function replayed(keyId: string): Refusal {
  return new Refusal(409, `This OIDC token was already used (key ${keyId}): request a fresh token for every key.`);
}

function ids(namespaces: Namespace[]): string {
  return namespaces.map((namespace) => namespace.namespace).join(', ');
}

/** The status and body for what went wrong; DigitalOcean's failures and the expiry check are the broker's 502. */
function refusal(error: unknown): [number, object] {
  if (error instanceof Refusal) return [error.status, { message: error.message }];
  if (error instanceof ApiError || error instanceof ExpiryError) return [502, { message: `DigitalOcean: ${error.message}` }];
  return [500, { message: `The broker failed: ${error instanceof Error ? error.message : String(error)}` }];
}

function reply(write: Write, clock: Clock, decision: Decision, status: number, body: object): WebResponse {
  decision.status = status;
  const failed = status >= 400;
  decision.decision = status >= 500 ? 'failed' : failed ? 'denied' : 'allowed';
  const payload = failed ? { id: ERROR_IDS[status], request_id: decision.request_id, ...body } : { ...body, request_id: decision.request_id };
  if (failed) decision.reason = (body as { message: string }).message;
  logDecision(write, clock.now(), decision);
  return { statusCode: status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(payload) };
}

function answer(action: Decision['action'], write: Write, clock: Clock, error: Refusal): WebResponse {
  return reply(write, clock, { request_id: randomUUID(), action, decision: 'failed', status: 0 }, ...refusal(error));
}
