import { HttpClient } from '@actions/http-client';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock.js';
import { exchange } from './exchange.js';
import { type Failure, type RetryPolicy, DEFAULT_RETRY, isRetryable, retryDelay } from './retry.js';
import { certificateFailure, describeCertificateFailure } from './tls.js';

export interface TransportOptions {
  baseUrl: string;
  token: string;
  clock: Clock;
  /** Where retries are reported, one line each. */
  log: (message: string) => void;
  retry?: RetryPolicy;
  userAgent?: string;
  /** Called before every attempt, so a caller can pace requests (audit over hundreds of namespaces). */
  beforeSend?: () => Promise<void>;
  /** Called with every answer's status and headers, e.g. to follow the `ratelimit-*` counters. */
  onResponse?: (status: number, headers: IncomingHttpHeaders) => void;
}

export interface Response<T> {
  status: number;
  body: T;
  headers: IncomingHttpHeaders;
}

/** What DigitalOcean answered (or that it did not), after retries. */
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

export interface RequestHooks {
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
 * JSON over HTTPS with bearer auth, retries, backoff and jitter. Every call has a deadline, `budgetMs` after its
 * first attempt is sent: attempts, waits and retries included, an attempt still running then is aborted.
 */
export class Transport {
  private readonly http: HttpClient;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: TransportOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    // Used for its agents only (keep-alive, https_proxy and no_proxy); requests go through exchange().
    this.http = new HttpClient(options.userAgent ?? 'functions-access-key', [], { allowRetries: false, keepAlive: true });
  }

  async request<T>(method: string, path: string, body?: unknown, hooks: RequestHooks = {}): Promise<Response<T>> {
    const { clock, log } = this.options;
    let deadline = outerDeadline.getStore() ?? Infinity;
    for (let attempt = 1; ; attempt++) {
      // Pacing before the first attempt is queueing, not part of the call: the deadline starts after it.
      await this.options.beforeSend?.();
      if (attempt === 1) deadline = Math.min(deadline, clock.now() + this.retry.budgetMs);
      const failure = await this.attempt<T>(method, path, body, deadline);
      if (!('kind' in failure)) return failure;
      if (!isRetryable(failure)) throw new ApiError(method, path, failure);
      if (attempt >= this.retry.maxAttempts) {
        throw new ApiError(method, path, failure, ` (gave up after ${attempt} attempts)`);
      }
      const delay = retryDelay(failure, attempt, clock.now(), clock.random(), this.retry);
      if (clock.now() + delay >= deadline) {
        const until = new Date(clock.now() + delay).toISOString();
        throw new ApiError(method, path, failure, clock.now() >= deadline ? '' : ` (the next attempt would start at ${until}, past the call's deadline)`);
      }
      log(`${method} ${path}: ${describeFailure(failure)}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${this.retry.maxAttempts})`);
      await clock.sleep(delay);
      // What the hook sends (removing a key a lost answer may have made) is part of this call: it ends by its deadline.
      await outerDeadline.run(deadline, async () => hooks.beforeRetry?.(failure));
    }
  }

  /** Closes kept-alive sockets so the process can exit at once. */
  dispose(): void {
    this.http.dispose();
  }

  private async attempt<T>(method: string, path: string, body: unknown, deadline: number): Promise<Response<T> | Failure> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token}`,
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? 'functions-access-key',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = new URL(this.options.baseUrl + path);
    if (this.options.clock.now() >= deadline) return { kind: 'network', error: new Error(`not sent: the deadline, ${new Date(deadline).toISOString()}, had passed`) };
    // A real-time timer, also under a test's virtual clock (the network is real there too).
    const signal = AbortSignal.timeout(Math.ceil(deadline - this.options.clock.now()));
    let status: number;
    let text: string;
    let responseHeaders: IncomingHttpHeaders;
    try {
      const answer = await exchange({
        method,
        url,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        agent: this.http.getAgent(url.href),
        signal,
        idleMs: this.retry.attemptMs ?? DEFAULT_RETRY.attemptMs,
      });
      ({ status, text } = answer);
      responseHeaders = answer.headers;
    } catch (error) {
      if (signal.aborted) return { kind: 'network', error: new Error(`no answer by the deadline, ${new Date(deadline).toISOString()}`) };
      return certificateFailure(error, url.host) ?? { kind: 'network', error: error instanceof Error ? error : new Error(String(error)) };
    }
    this.options.onResponse?.(status, responseHeaders);
    const parsed = parseJson(text);
    if (status >= 200 && status < 300) {
      if (parsed === undefined && text.trim()) {
        // A proxy's HTML page with a 200 is not an answer we can trust; treat it like a 502.
        return { kind: 'status', status: 502, headers: responseHeaders, message: 'the answer was not JSON' };
      }
      return { status, body: parsed as T, headers: responseHeaders };
    }
    const error = (parsed ?? {}) as { id?: unknown; message?: unknown; request_id?: unknown };
    return {
      kind: 'status',
      status,
      headers: responseHeaders,
      id: typeof error.id === 'string' ? error.id : undefined,
      message: typeof error.message === 'string' ? error.message : undefined,
      requestId: typeof error.request_id === 'string' ? error.request_id : firstHeader(responseHeaders['x-request-id']),
    };
  }
}

function parseJson(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
