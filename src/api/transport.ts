import { HttpClient } from '@actions/http-client';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock.js';
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

/** JSON over HTTPS to the DigitalOcean API with bearer auth, retries, backoff and jitter. */
export class Transport {
  private readonly http: HttpClient;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: TransportOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    // http-client's own retries are off: ours know about 429 headers and ambiguous failures.
    this.http = new HttpClient(options.userAgent ?? 'functions-access-key', [], {
      allowRetries: false,
      keepAlive: true,
      socketTimeout: 20_000,
    });
  }

  async request<T>(method: string, path: string, body?: unknown, hooks: RequestHooks = {}): Promise<Response<T>> {
    const { clock, log } = this.options;
    const started = clock.now();
    for (let attempt = 1; ; attempt++) {
      const failure = await this.attempt<T>(method, path, body);
      if (!('kind' in failure)) return failure;
      if (!isRetryable(failure)) throw new ApiError(method, path, failure);
      if (attempt >= this.retry.maxAttempts) {
        throw new ApiError(method, path, failure, ` (gave up after ${attempt} attempts)`);
      }
      const delay = retryDelay(failure, attempt, clock.now(), clock.random(), this.retry);
      if (clock.now() + delay - started > this.retry.budgetMs) {
        const until = new Date(clock.now() + delay).toISOString();
        throw new ApiError(method, path, failure, ` (the next attempt would start at ${until}, past the ${this.retry.budgetMs / 1000}s retry budget)`);
      }
      log(`${method} ${path}: ${describeFailure(failure)}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${this.retry.maxAttempts})`);
      await clock.sleep(delay);
      await hooks.beforeRetry?.(failure);
    }
  }

  /** Closes kept-alive sockets so the process can exit at once. */
  dispose(): void {
    this.http.dispose();
  }

  private async attempt<T>(method: string, path: string, body: unknown): Promise<Response<T> | Failure> {
    await this.options.beforeSend?.();
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    let responseHeaders: IncomingHttpHeaders;
    try {
      const response = await this.http.request(method, this.options.baseUrl + path, body === undefined ? null : JSON.stringify(body), headers);
      status = response.message.statusCode ?? 0;
      responseHeaders = response.message.headers;
      text = await response.readBody();
    } catch (error) {
      return (
        certificateFailure(error, new URL(this.options.baseUrl).host) ?? { kind: 'network', error: error instanceof Error ? error : new Error(String(error)) }
      );
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
