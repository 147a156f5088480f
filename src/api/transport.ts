import { HttpClient } from '@actions/http-client';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock.js';
import { type Failure, type RetryPolicy, DEFAULT_RETRY, isRetryable, retryDelay } from './retry.js';

/** How the transport authenticates: a DigitalOcean API token (bearer), or a whole `Authorization` header. */
export type Credentials = { token: string } | { authorization: string };

export type TransportOptions = Credentials & {
  baseUrl: string;
  clock: Clock;
  /** Where retries are reported, one line each. */
  log: (message: string) => void;
  retry?: RetryPolicy;
  userAgent?: string;
  /** Called before every attempt, so a caller can pace requests (audit over hundreds of namespaces). */
  beforeSend?: () => Promise<void>;
  /** Called with every answer's status and headers, e.g. to follow the `ratelimit-*` counters. */
  onResponse?: (status: number, headers: IncomingHttpHeaders) => void;
  /** How long a connection may stay silent before the attempt counts as a lost answer (default 20 s). */
  socketTimeoutMs?: number;
};

export interface Response<T> {
  status: number;
  body: T;
  headers: IncomingHttpHeaders;
}

/** What an API answered (or that it did not), after retries. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly failure: Failure,
    note = '',
  ) {
    super(`${method} ${path} failed: ${describeFailure(failure)}${note}`);
  }

  get status(): number | undefined {
    return this.failure.kind === 'status' ? this.failure.status : undefined;
  }
}

export function describeFailure(failure: Failure): string {
  if (failure.kind === 'network') return `no answer (${failure.error.message})`;
  const what = [failure.status, failure.id].filter(Boolean).join(' ');
  const message = failure.message ? `: ${failure.message}` : '';
  const requestId = failure.requestId ? ` (request id ${failure.requestId})` : '';
  return `${what}${message}${requestId}`;
}

export interface RetryOptions {
  clock: Clock;
  log: (message: string) => void;
  retry?: RetryPolicy;
  /** Which failures are worth another attempt; default `isRetryable` (429, rate-limit 403, 5xx, no answer). */
  retryable?: (failure: Failure) => boolean;
  /** Runs before each retry; `createKey` uses it to remove a key a lost answer may have created. */
  beforeRetry?: (failure: Failure) => Promise<void>;
}

/**
 * The action's one retry loop, for every API it calls (DigitalOcean, the Functions API, GitHub): tries
 * `attempt` until it returns an answer, a failure is not worth retrying, the attempts run out, or the next
 * attempt would start past the time budget. Every retry is logged on one line.
 */
export async function withRetries<T extends object>(
  method: string,
  path: string,
  attempt: () => Promise<T | Failure>,
  { clock, log, retry = DEFAULT_RETRY, retryable = isRetryable, beforeRetry }: RetryOptions,
): Promise<T> {
  const started = clock.now();
  for (let n = 1; ; n++) {
    const outcome = await attempt();
    if (!isFailure(outcome)) return outcome;
    const failure = outcome;
    if (!retryable(failure)) throw new ApiError(method, path, failure);
    if (n >= retry.maxAttempts) throw new ApiError(method, path, failure, ` (gave up after ${n} attempts)`);
    const delay = retryDelay(failure, n, clock.now(), clock.random(), retry);
    if (clock.now() + delay - started > retry.budgetMs) {
      const until = new Date(clock.now() + delay).toISOString();
      throw new ApiError(method, path, failure, ` (the next attempt would start at ${until}, past the ${retry.budgetMs / 1000}s retry budget)`);
    }
    log(`${method} ${path}: ${describeFailure(failure)}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${n + 1} of ${retry.maxAttempts})`);
    await clock.sleep(delay);
    await beforeRetry?.(failure);
  }
}

/** Answers (`Response`, `Answer`) have no `kind`; failures always do. */
export function isFailure(outcome: object): outcome is Failure {
  return 'kind' in outcome;
}

/** An answer as it came, whatever its status. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * An http-client for one API. Its own retries are off (ours know about rate-limit headers and ambiguous
 * failures); its agent honours `https_proxy`, `http_proxy` and `no_proxy`.
 */
export function httpClient(userAgent = 'functions-access-key', socketTimeoutMs = 20_000): HttpClient {
  return new HttpClient(userAgent, [], {
    allowRetries: false,
    // Stryker disable next-line BooleanLiteral: reusing connections only saves time; no answer differs without it
    keepAlive: true,
    socketTimeout: socketTimeoutMs,
  });
}

/** One request: the answer, or a network failure when there was none. */
export async function exchange(http: HttpClient, method: string, url: string, body: string | null, headers: Record<string, string>): Promise<Answer | Failure> {
  try {
    const response = await http.request(method, url, body, headers);
    return { status: response.message.statusCode ?? 0, headers: response.message.headers, text: await response.readBody() };
  } catch (error) {
    return { kind: 'network', error: error instanceof Error ? error : new Error(String(error)) };
  }
}

export interface RequestHooks extends Pick<RetryOptions, 'beforeRetry' | 'retryable' | 'retry'> {}

/** JSON over HTTPS with retries, backoff and jitter: the DigitalOcean API (bearer) and the Functions API (basic). */
export class Transport {
  private readonly http: HttpClient;
  private readonly authorization: string;

  constructor(private readonly options: TransportOptions) {
    this.http = httpClient(options.userAgent, options.socketTimeoutMs);
    this.authorization = 'token' in options ? `Bearer ${options.token}` : options.authorization;
  }

  request<T>(method: string, path: string, body?: unknown, hooks: RequestHooks = {}): Promise<Response<T>> {
    const { clock, log, retry } = this.options;
    return withRetries<Response<T>>(method, path, () => this.attempt<T>(method, path, body), { clock, log, retry, ...hooks });
  }

  /** Closes kept-alive sockets so the process can exit at once. */
  dispose(): void {
    this.http.dispose();
  }

  private async attempt<T>(method: string, path: string, body: unknown): Promise<Response<T> | Failure> {
    await this.options.beforeSend?.();
    const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const answer = await exchange(this.http, method, this.options.baseUrl + path, body === undefined ? null : JSON.stringify(body), headers);
    if (isFailure(answer)) return answer;
    const { status, headers: responseHeaders, text } = answer;
    this.options.onResponse?.(status, responseHeaders);
    const parsed = parseJson(text);
    const notJson = parsed === undefined && text.trim() !== '' ? 'the answer was not JSON' : undefined;
    if (status >= 200 && status < 300) {
      // A proxy's HTML page with a 200 is not an answer we can trust; treat it like a 502.
      if (notJson) return { kind: 'status', status: 502, headers: responseHeaders, message: notJson };
      return { status, body: parsed as T, headers: responseHeaders };
    }
    // DigitalOcean's error body is {id, message, request_id}; the Functions API's (OpenWhisk) is {error, code}.
    const error = (parsed ?? {}) as Record<string, unknown>;
    return {
      kind: 'status',
      status,
      headers: responseHeaders,
      id: stringField(error.id),
      message: stringField(error.message) ?? stringField(error.error) ?? notJson,
      requestId: stringField(error.request_id) ?? stringField(error.code) ?? firstHeader(responseHeaders['x-request-id']),
    };
  }
}

export function parseJson(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
