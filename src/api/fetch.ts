import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock.js';
import { type Failure, type RetryPolicy, isRetryable } from './retry.js';
import { type Answer, exchange, firstHeader, httpClient, isFailure, parseJson, withRetries } from './transport.js';

export interface FetchOptions {
  clock: Clock;
  /** Where retries are reported, one line each. */
  log: (message: string) => void;
  retry?: RetryPolicy;
  userAgent?: string;
}

/** The part of `fetch` that Octokit uses: a URL string and method, headers and a string body. */
export type Fetch = (url: string | URL, init?: { method?: string; headers?: Record<string, string>; body?: unknown }) => Promise<Response>;

/**
 * A `fetch` for Octokit that sends every request through http-client (so `https_proxy` and `no_proxy` apply)
 * and the action's one retry loop. Answers that are worth another attempt (429, GitHub's rate-limit 403s, 5xx,
 * no answer) are retried; any other answer is handed back as it came, for Octokit to turn into its own errors.
 * When the retries run out, it throws the `ApiError` that says so (Octokit keeps it as the `cause`).
 */
export function retryingFetch({ clock, log, retry, userAgent }: FetchOptions): { fetch: Fetch; dispose: () => void } {
  const http = httpClient(userAgent);
  const fetch: Fetch = async (url, init = {}) => {
    const target = new URL(String(url));
    const method = (init.method ?? 'GET').toUpperCase();
    if (init.body != null && typeof init.body !== 'string') throw new Error(`${method} ${target.pathname}: only string bodies are supported`);
    const body = init.body ?? null;
    // The user agent is the action's (http-client's), like every other request it sends, not Octokit's.
    const headers = Object.fromEntries(Object.entries(init.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'user-agent'));
    const answer = await withRetries<Answer>(
      method,
      target.pathname,
      async (limits) => {
        const outcome = await exchange(http, method, target.href, body, headers, limits);
        if (isFailure(outcome)) return outcome;
        const failure = gitHubFailure(outcome);
        return isRetryable(failure) ? failure : outcome;
      },
      { clock, log, retry },
    );
    // A 204's body must be null for the Response constructor; `url` is what fetch sets (Octokit's paginate reads it).
    const response = new Response([204, 205, 304].includes(answer.status) ? null : answer.text, { status: answer.status, headers: toHeaders(answer.headers) });
    return Object.defineProperty(response, 'url', { value: target.href });
  };
  return { fetch, dispose: () => http.dispose() };
}

/** An answer read as a failure, with GitHub's error message and request id, for the retry decision and the log. */
function gitHubFailure({ status, headers, text }: Answer): Failure {
  const message = (parseJson(text) as { message?: unknown } | undefined)?.message;
  return {
    kind: 'status',
    status,
    headers,
    message: typeof message === 'string' ? message : undefined,
    requestId: firstHeader(headers['x-github-request-id']),
  };
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) headers.append(name, item);
  }
  return headers;
}
