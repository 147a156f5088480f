// A stateful fake of the GitHub REST API on one loopback HTTP (or HTTPS) server: the plumbing every GitHub route family shares
// (authentication, token permissions, x-ratelimit-* headers, fault injection, the request log, GHES's /api/v3 prefix).
// Route families live in modules of their own beside this one and register themselves with `route()`, so each
// mode's endpoints (Actions secrets for rotate, the Git database and pulls for migrate) stay apart. It never logs.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { FaultList, type Fault } from '../faults.js';
import { type ListenOptions, type Listener, type TlsCounts, listen } from '../listen.js';

export type { Fault } from '../faults.js';

/** A fine-grained permission level, as GitHub names them (`contents`, `secrets`, `workflows`, `pull_requests`...). */
export type Level = 'read' | 'write';

export interface TokenInfo {
  /** Permissions the token carries; a route refuses with 403 when the one it needs is missing or too low. */
  permissions: Record<string, Level>;
  /** `github-actions`: the job's GITHUB_TOKEN, which can never hold `workflows`. */
  kind?: 'pat' | 'app' | 'github-actions';
}

export interface GitHubFakeOptions extends ListenOptions {
  /** Clock in ms since the epoch (default Date.now): timestamps, rate-limit windows. */
  now?: () => number;
  /** Delay before every request is handled, in ms (real time). */
  latencyMs?: number;
  /** Requests per token per hour before 403 rate-limited (default 5000, GitHub's for a PAT). */
  perHour?: number;
}

export interface LoggedRequest {
  method: string;
  /** Path without the query string and without GHES's /api/v3 prefix. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
  status: number;
  at: number;
  /** The token the request carried, if any. */
  token?: string;
  dropped?: 'before' | 'after';
}

export interface Ctx {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
  token: string;
  info: TokenInfo;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A route handler: `match` is the result of the route's pattern on the path. */
export type Handler = (ctx: Ctx, match: RegExpExecArray) => Reply;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const DOCS = 'https://docs.github.com/rest';

/** GitHub's error body. */
export function error(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } };
}

/** 403 unless the token carries `permission` at `level` or above. */
export function requirePermission(ctx: Ctx, permission: string, level: Level): Reply | undefined {
  const held = ctx.info.permissions[permission];
  if (held === 'write' || held === level) return undefined;
  return error(403, 'Resource not accessible by integration', { required_permission: `${permission}:${level}` });
}

export class FakeGitHub {
  /** http://127.0.0.1:PORT (https://<host>:PORT with `tls`): the api.github.com stand-in (GITHUB_API_URL). */
  readonly url: string;
  /** TLS handshakes so far (with `tls`). */
  readonly tlsHandshakes: TlsCounts;
  /** The same server as GitHub Enterprise Server serves its API: `<url>/api/v3`. */
  readonly ghesUrl: string;
  readonly requests: LoggedRequest[] = [];
  latencyMs: number;

  readonly now: () => number;
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly used = new Map<string, { windowStart: number; count: number }>();
  private readonly routes: Route[] = [];
  private readonly faults = new FaultList();
  private readonly perHour: number;

  private readonly server: Server;

  private constructor(listener: Listener, opts: GitHubFakeOptions) {
    this.server = listener.server;
    this.url = listener.url;
    this.tlsHandshakes = listener.tls;
    this.ghesUrl = `${this.url}/api/v3`;
    this.now = opts.now ?? Date.now;
    this.latencyMs = opts.latencyMs ?? 0;
    this.perHour = opts.perHour ?? 5000;
  }

  static async start(opts: GitHubFakeOptions = {}): Promise<FakeGitHub> {
    let fake: FakeGitHub | undefined;
    const listener = await listen((req, res) => {
      fake?.handle(req, res).catch(() => res.destroy());
    }, opts);
    fake = new FakeGitHub(listener, opts);
    return fake;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Adds a token with these permissions; returns it. */
  addToken(token: string, info: TokenInfo): string {
    this.tokens.set(token, info);
    return token;
  }

  /** Registers a route; route modules call this. Earlier routes win. */
  route(method: string, pattern: RegExp, handler: Handler): void {
    this.routes.push({ method: method.toUpperCase(), pattern, handler });
  }

  inject(fault: Fault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  get pendingFaults(): number {
    return this.faults.pending;
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

  /** Requests that changed something (anything but GET/HEAD). */
  writes(): LoggedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
  }

  private rateLimit(token: string): { allowed: boolean; headers: Record<string, string> } {
    const now = this.now();
    let window = this.used.get(token);
    if (!window || now - window.windowStart >= 3_600_000) this.used.set(token, (window = { windowStart: now, count: 0 }));
    const allowed = window.count < this.perHour;
    if (allowed) window.count++;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(this.perHour),
        'x-ratelimit-remaining': String(this.perHour - window.count),
        'x-ratelimit-used': String(window.count),
        'x-ratelimit-reset': String(Math.ceil((window.windowStart + 3_600_000) / 1000)),
        'x-ratelimit-resource': 'core',
      },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.on('error', () => undefined);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.startsWith('/api/v3/') ? url.pathname.slice('/api/v3'.length) : url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const token = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const entry: LoggedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: parseJson(raw) ?? (raw || undefined),
      status: 0,
      at: this.now(),
      token,
    };
    this.requests.push(entry);

    const fault = this.faults.take(method, path);
    const delay = this.latencyMs + (fault?.delayMs ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (fault?.drop === 'before') {
      entry.dropped = 'before';
      res.socket?.destroy();
      return;
    }

    const info = token === undefined ? undefined : this.tokens.get(token);
    const limit = this.rateLimit(token ?? '');
    let reply: Reply;
    if (fault?.status !== undefined) {
      reply = error(fault.status, fault.status >= 500 ? 'Server Error' : 'Injected error');
    } else if (!info) {
      reply = error(401, 'Bad credentials');
    } else if (!limit.allowed) {
      reply = error(403, `API rate limit exceeded for token. Check out the documentation for more information.`);
    } else {
      reply = this.dispatch({ method, path, query: entry.query, headers: req.headers, body: parseJson(raw), token: token as string, info });
    }
    if (fault?.body !== undefined) reply.body = fault.body;
    const headers = { ...limit.headers, 'x-github-request-id': randomUUID(), ...reply.headers, ...fault?.headers };
    entry.status = reply.status;
    if (fault?.drop === 'after') {
      entry.dropped = 'after';
      res.socket?.destroy();
      return;
    }
    if (fault?.hang === 'after' || res.destroyed) return;
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  }

  private dispatch(ctx: Ctx): Reply {
    let methodMismatch = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(ctx.path);
      if (!match) continue;
      if (route.method !== ctx.method) {
        methodMismatch = true;
        continue;
      }
      try {
        return route.handler(ctx, match);
      } catch (e) {
        // A bug in the fake shows up as a 500 rather than a hung request.
        return error(500, `fake: ${String(e)}`);
      }
    }
    return methodMismatch ? error(405, 'Method Not Allowed') : error(404, 'Not Found');
  }
}

function parseJson(raw: string): unknown {
  if (!raw.trim()) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
