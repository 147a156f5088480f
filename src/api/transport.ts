import { HttpClient } from '@actions/http-client';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock.js';
import { type AttemptLimits, exchange } from './exchange.js';
import { type Failure, type RetryPolicy, DEFAULT_RETRY, isRetryable, retryDelay } from './retry.js';
import { describeCertificateFailure } from './tls.js';

export { type Answer, exchange } from './exchange.js';

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
  if (failure.kind === 'certificate') return describeCertificateFailure(failure);
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

/** The deadline that every call made in this async context must end by, whatever its own budget. */
const outerDeadline = new AsyncLocalStorage<number>();

/**
 * Runs `work` so that every call it makes, through any transport, ends within `budgetMs` from now (or by an
 * earlier deadline already in force). Main and post run under one, so that a server that stops answering cannot
 * hold a step longer than one call's budget; a call's `beforeRetry` hook runs under the call's own.
 */
export function withDeadline<T>(budgetMs: number, clock: Clock, work: () => Promise<T>): Promise<T> {
  return outerDeadline.run(Math.min(outerDeadline.getStore() ?? Infinity, clock.now() + budgetMs), work);
}

/**
 * The action's one retry loop, for every API it calls (DigitalOcean, the Functions API, GitHub): tries
 * `attempt` until it returns an answer, a failure is not worth retrying, the attempts run out, or the next
 * attempt would start past the call's deadline, `budgetMs` from now. The deadline holds for the whole call:
 * an attempt still running then is aborted (`limits.signal`), as is one whose connection stays silent for
 * `attemptMs`. Every retry is logged on one line.
 */
export async function withRetries<T extends object>(
  method: string,
  path: string,
  attempt: (limits: AttemptLimits) => Promise<T | Failure>,
  { clock, log, retry = DEFAULT_RETRY, retryable = isRetryable, beforeRetry }: RetryOptions,
): Promise<T> {
  const deadline = Math.min(outerDeadline.getStore() ?? Infinity, clock.now() + retry.budgetMs);
  const by = new Date(deadline).toISOString();
  for (let n = 1; ; n++) {
    const outcome = clock.now() >= deadline ? notSent(by) : await attemptBy(deadline, by, clock, attempt, retry);
    if (!isFailure(outcome)) return outcome;
    const failure = outcome;
    if (!retryable(failure)) throw new ApiError(method, path, failure);
    if (n >= retry.maxAttempts) throw new ApiError(method, path, failure, ` (gave up after ${n} attempts)`);
    const delay = retryDelay(failure, n, clock.now(), clock.random(), retry);
    if (clock.now() + delay >= deadline) {
      const until = new Date(clock.now() + delay).toISOString();
      throw new ApiError(method, path, failure, clock.now() >= deadline ? '' : ` (the next attempt would start at ${until}, past the ${retry.budgetMs / 1000}s retry budget)`);
    }
    log(`${method} ${path}: ${describeFailure(failure)}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${n + 1} of ${retry.maxAttempts})`);
    await clock.sleep(delay);
    // What the hook sends (removing a key a lost answer may have made) is part of this call: it ends by its deadline.
    await outerDeadline.run(deadline, async () => beforeRetry?.(failure));
  }
}

function notSent(by: string): Failure {
  return { kind: 'network', error: new Error(`not sent: the deadline, ${by}, had passed`) };
}

async function attemptBy<T extends object>(
  deadline: number,
  by: string,
  clock: Clock,
  attempt: (limits: AttemptLimits) => Promise<T | Failure>,
  retry: RetryPolicy,
): Promise<T | Failure> {
  // A real-time timer, also under a test's virtual clock (the network is real there too).
  const signal = AbortSignal.timeout(Math.ceil(deadline - clock.now()));
  const outcome = await attempt({ signal, idleMs: retry.attemptMs ?? DEFAULT_RETRY.attemptMs });
  return isFailure(outcome) && outcome.kind === 'network' && signal.aborted ? { kind: 'network', error: new Error(`no answer by the deadline, ${by}`) } : outcome;
}

/** Answers (`Response`, `Answer`) have no `kind`; failures always do. */
export function isFailure(outcome: object): outcome is Failure {
  return 'kind' in outcome;
}

/**
 * An http-client for one API. Its own retries are off (ours know about rate-limit headers and ambiguous
 * failures); its agent honours `https_proxy`, `http_proxy` and `no_proxy`.
 */
export function httpClient(userAgent = 'functions-access-key'): HttpClient {
  // Used for its agents (keep-alive, proxies) and user agent; requests go through exchange().
  return new HttpClient(userAgent, [], { allowRetries: false, keepAlive: true });
}

export interface RequestHooks extends Pick<RetryOptions, 'beforeRetry' | 'retryable' | 'retry'> {}

/** JSON over HTTPS with retries, backoff and jitter: the DigitalOcean API (bearer) and the Functions API (basic). */
export class Transport {
  private readonly http: HttpClient;
  private readonly authorization: string;

  constructor(private readonly options: TransportOptions) {
    this.http = httpClient(options.userAgent);
    this.authorization = 'token' in options ? `Bearer ${options.token}` : options.authorization;
  }

  async request<T>(method: string, path: string, body?: unknown, hooks: RequestHooks = {}): Promise<Response<T>> {
    const { clock, log, retry, beforeSend } = this.options;
    // Pacing before the first attempt is queueing, not part of the call: its deadline starts after it.
    await beforeSend?.();
    let first = true;
    const attempt = async (limits: AttemptLimits) => {
      if (!first) await beforeSend?.();
      first = false;
      return this.attempt<T>(method, path, body, limits);
    };
    return withRetries<Response<T>>(method, path, attempt, { clock, log, retry, ...hooks });
  }

  /** Closes kept-alive sockets so the process can exit at once. */
  dispose(): void {
    this.http.dispose();
  }

  private async attempt<T>(method: string, path: string, body: unknown, limits: AttemptLimits): Promise<Response<T> | Failure> {
    const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const answer = await exchange(this.http, method, this.options.baseUrl + path, body === undefined ? null : JSON.stringify(body), headers, limits);
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
