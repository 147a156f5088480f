// A stateful fake of the DigitalOcean API (Functions namespaces and access keys, /v2) and of the Functions
// (OpenWhisk) API (/api/v1) on one loopback HTTP (or HTTPS) server. Every namespace's api_host is this server's url.
// Used by unit and e2e tests, the benchmark and the demo. It never logs.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { errorId, errorMessage, FaultList, type Fault } from './faults.js';
import { type ListenOptions, type Listener, type TlsCounts, listen } from './listen.js';
import { RateLimiter, type RateLimitConfig } from './ratelimit.js';
import {
  FakeState,
  parseExpiresIn,
  publicKey,
  type AccessKeyWithSecret,
  type FakeKey,
  type KeySeed,
  type NamespaceInfo,
  type NamespaceSeed,
} from './state.js';

export { PROXY_ERROR_PAGE, type Fault } from './faults.js';
export type { RateLimitConfig } from './ratelimit.js';
export type { AccessKey, AccessKeyWithSecret, FakeKey, KeySeed, NamespaceInfo, NamespaceSeed } from './state.js';

export interface FakeOptions extends ListenOptions {
  /** Delay before every request is handled, in ms (real time, not `now`). */
  latencyMs?: number;
  /** Clock in ms since the epoch (default Date.now); drives rate-limit windows, key expiry, timestamps, log. */
  now?: () => number;
  /** Per-token limits (default 250/minute and 5000/hour); false never refuses (headers are still sent). */
  rateLimit?: RateLimitConfig | false;
  /** Create every key without expiry, whatever expires_in says (it is still validated). */
  ignoreExpiresIn?: boolean;
  /**
   * Replaces the expiry the client asked for: receives the validated expires_in (undefined when omitted) and
   * returns the expiry to apply: a duration ("30d", "2h"), an ISO date-time, or null for never.
   */
  expiryOverride?: (requested: string | undefined) => string | null;
  /** Accept a key name that is already used in the namespace (default false: 409 conflict). */
  allowDuplicateNames?: boolean;
  /** Valid API tokens; the first becomes `token`. Default: one generated token. */
  tokens?: string[];
  /** Record requests in `requests` (default true; a long benchmark may turn it off). */
  recordRequests?: boolean;
}

export interface LoggedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, the raw text if it was not JSON, or undefined if empty. */
  body: unknown;
  /** Status answered; for drop 'after' the status that would have been sent; 0 for drop 'before'. */
  status: number;
  /** now() when the request arrived. */
  at: number;
  dropped?: 'before' | 'after';
}

/** An action of the fake Functions API: gets the invoke params, returns the result. */
export type ActionHandler = (params: Record<string, unknown>) => Record<string, unknown>;

interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

interface Ctx {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  raw: string;
  requestId: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const NS_BASE = '/v2/functions/namespaces';

export class FakeDigitalOcean {
  /** http://127.0.0.1:PORT (https://<host>:PORT with `tls`); also every namespace's api_host. */
  readonly url: string;
  /** TLS handshakes so far (with `tls`). */
  readonly tlsHandshakes: TlsCounts;
  /** A valid API token ('dop_v1_' + 64 hex unless `tokens` was given). */
  readonly token: string;
  readonly requests: LoggedRequest[] = [];

  latencyMs: number;
  ignoreExpiresIn: boolean;
  allowDuplicateNames: boolean;
  expiryOverride: ((requested: string | undefined) => string | null) | undefined;
  recordRequests: boolean;

  private readonly now: () => number;
  private readonly tokens: Set<string>;
  private readonly state: FakeState;
  private readonly limiter: RateLimiter;
  private readonly faults = new FaultList();
  /** Actions by namespace id; '*' holds the ones every namespace has. */
  private readonly actions = new Map<string, Map<string, ActionHandler>>();

  private readonly server: Server;

  private constructor(listener: Listener, opts: FakeOptions) {
    this.server = listener.server;
    this.url = listener.url;
    this.tlsHandshakes = listener.tls;
    this.now = opts.now ?? Date.now;
    this.latencyMs = opts.latencyMs ?? 0;
    this.ignoreExpiresIn = opts.ignoreExpiresIn ?? false;
    this.allowDuplicateNames = opts.allowDuplicateNames ?? false;
    this.expiryOverride = opts.expiryOverride;
    this.recordRequests = opts.recordRequests ?? true;
    const tokens = opts.tokens?.length ? opts.tokens : [`dop_v1_${randomBytes(32).toString('hex')}`];
    this.token = tokens[0] as string;
    this.tokens = new Set(tokens);
    this.state = new FakeState(this.now);
    this.limiter = new RateLimiter(opts.rateLimit ?? { perMinute: 250, perHour: 5000 }, this.now);
    this.addAction('hello', (params) => ({
      body: `Hello, ${typeof params.name === 'string' && params.name ? params.name : 'stranger'}!`,
    }));
  }

  static async start(opts: FakeOptions = {}): Promise<FakeDigitalOcean> {
    let fake: FakeDigitalOcean | undefined;
    const listener = await listen((req, res) => {
      // The server only receives requests once listening, by which time `fake` is set.
      fake?.handle(req, res).catch(() => res.destroy());
    }, opts);
    fake = new FakeDigitalOcean(listener, opts);
    return fake;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------------------------------------------
  // Seeding and inspection
  // ------------------------------------------------------------------------------------------------------

  addNamespace(seed: NamespaceSeed): NamespaceInfo {
    return this.state.addNamespace(this.url, seed);
  }

  /** Seeds a key directly (no name check, no rate limit). Returns it with its secret. */
  addKey(namespaceId: string, seed: KeySeed): FakeKey {
    return this.state.addKey(namespaceId, seed);
  }

  namespaces(): NamespaceInfo[] {
    return this.state.namespaces();
  }

  /** Current keys of the namespace with their secrets, expired ones included; deleted ones are gone. */
  keys(namespaceId: string): FakeKey[] {
    return this.state.keys(namespaceId);
  }

  addToken(token: string): void {
    this.tokens.add(token);
  }

  /** Adds an action to one namespace, or to every namespace when namespaceId is omitted. */
  addAction(name: string, handler: ActionHandler, namespaceId = '*'): void {
    let m = this.actions.get(namespaceId);
    if (!m) this.actions.set(namespaceId, (m = new Map()));
    m.set(name, handler);
  }

  inject(fault: Fault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Faults not used up yet. */
  get pendingFaults(): number {
    return this.faults.pending;
  }

  setRateLimit(config: RateLimitConfig | false): void {
    this.limiter.setConfig(config);
  }

  /** Forgets every counted request (all tokens). */
  resetRateLimits(): void {
    this.limiter.reset();
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  /** Logged requests matching all the given criteria. */
  count(filter: { method?: string; path?: string | RegExp; status?: number } = {}): number {
    return this.requests.filter(
      (r) =>
        (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
        (filter.path === undefined || (typeof filter.path === 'string' ? r.path === filter.path : filter.path.test(r.path))) &&
        (filter.status === undefined || r.status === filter.status),
    ).length;
  }

  // ------------------------------------------------------------------------------------------------------
  // HTTP plumbing
  // ------------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.now();
    req.on('error', () => undefined);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const ctx: Ctx = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      raw,
      requestId: randomUUID(),
    };
    const entry: LoggedRequest = {
      method: ctx.method,
      path: ctx.path,
      query: ctx.query,
      headers: ctx.headers,
      body: parseLogged(raw),
      status: 0,
      at,
    };
    if (this.recordRequests) this.requests.push(entry);

    const fault = this.faults.take(ctx.method, ctx.path);
    const delay = this.latencyMs + (fault?.delayMs ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));

    if (fault?.drop === 'before') {
      entry.dropped = 'before';
      res.socket?.destroy();
      return;
    }

    let reply: Reply;
    if (fault?.status !== undefined) {
      reply = this.injectedError(ctx, fault.status);
    } else {
      try {
        reply = ctx.path.startsWith('/v2/') ? this.v2(ctx) : ctx.path.startsWith('/api/v1') ? this.functions(ctx) : this.notFound(ctx);
      } catch (e) {
        // A bug in the fake (or in a test's action handler) shows up as a 500 rather than a hung request.
        reply = this.v2Error(ctx, 500, String(e), this.limiter.peek(''));
      }
    }
    if (fault?.body !== undefined) reply.body = fault.body;
    if (fault?.headers) Object.assign(reply.headers, fault.headers);
    entry.status = reply.status;

    if (fault?.drop === 'after') {
      entry.dropped = 'after';
      res.socket?.destroy();
      return;
    }
    if (fault?.hang === 'after') return;
    if (res.destroyed) return;
    const rawBody = fault?.rawBody;
    const text = rawBody ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    res.writeHead(reply.status, {
      'content-type': rawBody === undefined ? JSON_TYPE : 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      'x-request-id': ctx.requestId,
      ...reply.headers,
    });
    res.end(text);
  }

  /** An injected status: a spec-shaped error on /v2 (rate-limit headers peeked, not counted), OpenWhisk-shaped on /api/v1. */
  private injectedError(ctx: Ctx, status: number): Reply {
    if (ctx.path.startsWith('/api/v1')) {
      return { status, body: { error: errorMessage(status), code: ctx.requestId }, headers: {} };
    }
    const headers = this.limiter.peek(bearer(ctx.headers) ?? '');
    if (status === 429) Object.assign(headers, { 'ratelimit-remaining': '0', 'retry-after': '30' });
    return this.v2Error(ctx, status, errorMessage(status), headers);
  }

  private v2Error(ctx: Ctx, status: number, message: string, headers: Record<string, string>): Reply {
    return { status, body: { id: errorId(status), message, request_id: ctx.requestId }, headers };
  }

  private notFound(ctx: Ctx): Reply {
    return this.v2Error(ctx, 404, errorMessage(404), {});
  }

  // ------------------------------------------------------------------------------------------------------
  // DigitalOcean API /v2
  // ------------------------------------------------------------------------------------------------------

  private v2(ctx: Ctx): Reply {
    const token = bearer(ctx.headers);
    // Limits are per token; requests without one share the '' bucket. Refused requests are not counted.
    const rl = this.limiter.take(token ?? '');
    const headers = rl.headers;
    const fail = (status: number, message: string): Reply => this.v2Error(ctx, status, message, headers);
    const ok = (status: number, body: unknown): Reply => ({ status, body, headers });

    if (!rl.allowed) return fail(429, 'API rate limit exceeded.');
    if (!token || !this.tokens.has(token)) return fail(401, 'Unable to authenticate you.');

    // /v2/functions/namespaces[/{namespace_id}[/keys[/{key_id}]]]
    if (ctx.path !== NS_BASE && !ctx.path.startsWith(`${NS_BASE}/`)) return fail(404, errorMessage(404));
    const parts = ctx.path.slice(NS_BASE.length).split('/').filter(Boolean).map(decodeURIComponent);
    const [nsId, sub, keyId, ...rest] = parts;
    const m = ctx.method;

    if (nsId === undefined) {
      if (m === 'GET') return ok(200, { namespaces: this.state.namespaces() });
      return fail(405, `method ${m} not allowed`);
    }
    if (rest.length > 0 || (sub !== undefined && sub !== 'keys')) return fail(404, errorMessage(404));

    const ns = this.state.namespace(nsId);
    if (!ns) return fail(404, 'namespace not found');

    if (sub === undefined) {
      if (m === 'GET') return ok(200, { namespace: ns });
      return fail(405, `method ${m} not allowed`);
    }

    if (keyId === undefined) {
      if (m === 'GET') {
        const keys = this.state.keys(nsId).map(publicKey);
        return ok(200, { access_keys: keys, count: keys.length });
      }
      if (m === 'POST') return this.createKey(ctx, nsId, ok, fail);
      return fail(405, `method ${m} not allowed`);
    }

    if (!this.state.key(nsId, keyId)) {
      return m === 'PUT' || m === 'DELETE' ? fail(404, 'access key not found') : fail(405, `method ${m} not allowed`);
    }
    if (m === 'DELETE') {
      this.state.deleteKey(nsId, keyId);
      return ok(200, {});
    }
    if (m === 'PUT') {
      const body = parseBody(ctx.raw);
      if (!body) return fail(400, 'error parsing request body');
      if (typeof body.name !== 'string' || body.name.trim() === '') return fail(400, 'Invalid request payload: missing name field');
      if (!this.allowDuplicateNames && this.state.nameTaken(nsId, body.name, keyId)) {
        return fail(409, `an access key named "${body.name}" already exists in this namespace`);
      }
      const key = this.state.renameKey(nsId, keyId, body.name) as FakeKey;
      return ok(200, { access_key: publicKey(key) });
    }
    return fail(405, `method ${m} not allowed`);
  }

  private createKey(
    ctx: Ctx,
    nsId: string,
    ok: (status: number, body: unknown) => Reply,
    fail: (status: number, message: string) => Reply,
  ): Reply {
    const body = parseBody(ctx.raw);
    if (!body) return fail(400, 'error parsing request body');
    const { name, expires_in: expiresIn } = body;
    if (typeof name !== 'string' || name.trim() === '') return fail(400, 'Invalid request payload: missing name field');
    let ttlMs: number | null = null;
    if (expiresIn !== undefined && expiresIn !== null) {
      const parsed = parseExpiresIn(expiresIn);
      if ('error' in parsed) return fail(400, parsed.error);
      ttlMs = parsed.ms;
    }
    if (!this.allowDuplicateNames && this.state.nameTaken(nsId, name)) {
      return fail(409, `an access key named "${name}" already exists in this namespace`);
    }

    let key: FakeKey;
    if (this.ignoreExpiresIn) {
      key = this.state.createKey(nsId, name, null);
    } else if (this.expiryOverride) {
      const applied = this.expiryOverride(typeof expiresIn === 'string' ? expiresIn : undefined);
      if (applied === null) key = this.state.createKey(nsId, name, null);
      else if (/^\d+[hd]$/.test(applied)) {
        const parsed = parseExpiresIn(applied);
        if ('error' in parsed) throw new Error(`expiryOverride returned ${applied}: ${parsed.error}`);
        key = this.state.createKey(nsId, name, parsed.ms);
      } else {
        const at = Date.parse(applied);
        if (Number.isNaN(at)) throw new Error(`expiryOverride returned ${applied}: not a duration or date-time`);
        key = this.state.createKey(nsId, name, null, at);
      }
    } else {
      key = this.state.createKey(nsId, name, ttlMs);
    }
    const created: AccessKeyWithSecret = {
      id: key.id,
      name: key.name,
      secret: key.secret,
      expires_at: key.expires_at,
      created_at: key.created_at,
      updated_at: key.updated_at,
    };
    return ok(201, { access_key: created });
  }

  // ------------------------------------------------------------------------------------------------------
  // Functions (OpenWhisk) API /api/v1, basic auth with an access key id:secret (or a legacy uuid:key)
  // ------------------------------------------------------------------------------------------------------

  private functions(ctx: Ctx): Reply {
    const owError = (status: number, error: string): Reply => ({ status, body: { error, code: ctx.requestId }, headers: {} });
    const creds = basic(ctx.headers);
    const ns = creds && this.state.authenticate(creds.user, creds.password);
    if (!ns) return owError(401, 'The supplied authentication is invalid.');

    const parts = ctx.path.split('/').filter(Boolean).map(decodeURIComponent); // api, v1, namespaces, ...
    const [, , coll, pathNs, kind, ...nameParts] = parts;
    if (coll !== 'namespaces') return owError(404, 'The requested resource does not exist.');
    if (pathNs === undefined) {
      if (ctx.method === 'GET') return { status: 200, body: [ns], headers: {} };
      return owError(405, 'Method not allowed.');
    }
    // '_' is the credential's own namespace. Another namespace is a 403 in OpenWhisk, not a 401.
    if (pathNs !== '_' && pathNs !== ns) return owError(403, 'The supplied authentication is not authorized to access this resource.');
    if (kind !== 'actions' || nameParts.length === 0 || ctx.method !== 'POST') {
      return owError(404, 'The requested resource does not exist.');
    }
    const name = nameParts.join('/');
    const action = this.actions.get(ns)?.get(name) ?? this.actions.get('*')?.get(name);
    if (!action) return owError(404, 'The requested resource does not exist.');

    let params: Record<string, unknown> = {};
    if (ctx.raw.trim() !== '') {
      const parsed = parseBody(ctx.raw);
      if (!parsed) return owError(400, 'The request content was malformed.');
      params = parsed;
    }
    const activationId = randomBytes(16).toString('hex');
    if (ctx.query.blocking !== 'true') return { status: 202, body: { activationId }, headers: {} };
    const result = action(params);
    // An action that returns {error} is an application error: 502 in a blocking invoke.
    const status = 'error' in result ? 502 : 200;
    if (ctx.query.result === 'true') return { status, body: result, headers: {} };
    const start = this.now();
    return {
      status,
      body: {
        activationId,
        namespace: ns,
        name,
        start,
        end: start,
        duration: 0,
        response: { result, status: status === 200 ? 'success' : 'application error', success: status === 200 },
      },
      headers: {},
    };
  }
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return m?.[1];
}

function basic(headers: IncomingHttpHeaders): { user: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

/** A JSON object body, or undefined if the body is empty, not JSON, or not an object. */
function parseBody(raw: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function parseLogged(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
