// The action's one GitHub client, for every mode that calls GitHub (rotate's secrets, migrate's pull request):
// Octokit from @actions/github over the action's own fetch (./fetch.ts), so every request gets the one retry loop
// with its logged retries and GitHub's rate-limit handling, and http-client's proxy support (`https_proxy`,
// `no_proxy`); Octokit's own warnings go to the job log. `dispose` closes its sockets.
import { getOctokit } from '@actions/github';
import type { Clock } from './clock.js';
import { retryingFetch } from './fetch.js';
import { DEFAULT_RETRY, isAmbiguous, isRetryable, type Failure } from './retry.js';
import { ApiError, withDeadline, withRetries } from './transport.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface GitHubOptions {
  token: string;
  /** GITHUB_API_URL: https://api.github.com, or a GHES server's `/api/v3`. */
  baseUrl: string;
  clock: Clock;
  /** Where retries and Octokit's warnings go, one line each. */
  log: (message: string) => void;
}

export interface GitHub {
  /** Every request retried as the action retries (5xx, no answer, rate limits). */
  octokit: Octokit;
  /**
   * A create that must not be sent twice blindly (a pull request, a branch): `create` gets an Octokit that tries
   * once, and after a failure that may have carried it out anyway (no answer, 5xx) `existing` looks for what it
   * would have made before the next attempt. Rate limits and retries are as for every other request, and logged;
   * the whole of it, look-ups included, ends by one call's deadline.
   */
  createOnce<T extends object>(method: string, path: string, create: (once: Octokit) => Promise<T>, existing: () => Promise<T | undefined>): Promise<T>;
  dispose(): void;
}

export function connectGitHub({ token, baseUrl, clock, log }: GitHubOptions): GitHub {
  const octokitOver = (fetch: ReturnType<typeof retryingFetch>['fetch']) => {
    // Octokit's request layer takes the logger separately. The user agent is the action's (see fetch.ts).
    const logger = { debug: () => undefined, info: () => undefined, warn: log, error: log };
    return getOctokit(token, { baseUrl, request: { fetch, log: logger }, log: logger });
  };
  const retrying = retryingFetch({ clock, log });
  const single = retryingFetch({ clock, log, retry: { ...DEFAULT_RETRY, maxAttempts: 1 } });
  const once = octokitOver(single.fetch);
  return {
    octokit: octokitOver(retrying.fetch),
    createOnce: (method, path, create, existing) => {
      let lost = false;
      // The look-up and the create are requests of their own, each with its retries: under one deadline, the
      // whole of it ends by this call's budget.
      return withDeadline(DEFAULT_RETRY.budgetMs, clock, () =>
        withRetries(
          method,
          path,
          async () => {
            const found = lost ? await existing() : undefined;
            if (found) return found;
            try {
              return await create(once);
            } catch (error) {
              const failure = apiErrorOf(error)?.failure;
              if (!failure || !isRetryable(failure)) throw error;
              lost ||= isAmbiguous(failure);
              return failure as Failure;
            }
          },
          { clock, log },
        ),
      );
    },
    dispose: () => {
      retrying.dispose();
      single.dispose();
    },
  };
}

/**
 * What went wrong with a GitHub request, as an ApiError: ours when our fetch gave up (Octokit keeps it as the
 * `cause`), or read from Octokit's RequestError for an answer our fetch handed back as it came (a 4xx). Undefined
 * for anything else, such as a request that never got an answer but was not ours to retry.
 */
export function apiErrorOf(error: unknown): ApiError | undefined {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof ApiError) return cause;
  // Our fetch threw before any answer came: Octokit calls that a 500, but GitHub said nothing.
  if (cause !== undefined) return undefined;
  const { status, request, response } = (error ?? {}) as {
    status?: unknown;
    request?: { method?: string; url?: string };
    response?: { headers?: Record<string, string>; data?: { message?: unknown } };
  };
  if (typeof status !== 'number' || !request?.url) return undefined;
  const message = response?.data?.message;
  const headers = response?.headers ?? {};
  return new ApiError(request.method ?? 'GET', new URL(request.url).pathname, {
    kind: 'status',
    status,
    headers,
    message: typeof message === 'string' ? message : undefined,
    requestId: headers['x-github-request-id'],
  });
}
