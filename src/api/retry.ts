import type { IncomingHttpHeaders } from 'node:http';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff step; doubles with each retry up to `capMs`. */
  baseMs: number;
  capMs: number;
  /**
   * The call's deadline, counted from its first attempt: no retry starts past it, and an attempt still running
   * then is aborted. So no call takes longer, whatever the server does.
   */
  budgetMs: number;
  /** An attempt whose connection stays silent this long is abandoned, and retried if the deadline leaves time. */
  attemptMs?: number;
}

export const DEFAULT_RETRY = { maxAttempts: 6, baseMs: 500, capMs: 8_000, budgetMs: 60_000, attemptMs: 20_000 } satisfies RetryPolicy;

/** Why an attempt failed: no answer at all, a server certificate refused (see tls.ts), or an answer with a status. */
export type Failure =
  | { kind: 'network'; error: Error }
  | { kind: 'certificate'; error: Error; code: string; host: string; names?: string }
  | { kind: 'status'; status: number; headers: IncomingHttpHeaders; id?: string; message?: string; requestId?: string };

/** Network errors and 5xx may have been carried out by the server before the answer was lost. */
export function isAmbiguous(failure: Failure): boolean {
  return failure.kind === 'network' || (failure.kind === 'status' && failure.status >= 500);
}

/**
 * The server asks us to slow down: a 429 (DigitalOcean, GitHub), or GitHub's 403 that carries `retry-after`
 * (a secondary rate limit) or `x-ratelimit-remaining: 0` (the hourly quota is spent). A 403 without them is a
 * missing permission, and is not retried.
 */
export function isRateLimited(failure: Failure): boolean {
  if (failure.kind !== 'status') return false;
  if (failure.status === 429) return true;
  return failure.status === 403 && (failure.headers['retry-after'] !== undefined || failure.headers['x-ratelimit-remaining'] === '0');
}

export function isRetryable(failure: Failure): boolean {
  return isAmbiguous(failure) || isRateLimited(failure);
}

/**
 * How long to wait before the next attempt, in ms. A rate-limited answer waits as the server says:
 * `retry-after` for a burst limit, else until the reset time when the quota is spent (`ratelimit-*` at
 * DigitalOcean, `x-ratelimit-*` at GitHub). Everything else backs off exponentially with jitter (half fixed,
 * half random) so that parallel jobs do not retry in step.
 */
export function retryDelay(failure: Failure, attempt: number, now: number, random: number, policy: RetryPolicy): number {
  if (isRateLimited(failure) && failure.kind === 'status') {
    const { headers } = failure;
    const retryAfter = secondsHeader(headers['retry-after']);
    if (retryAfter !== undefined) return retryAfter * 1000 + Math.round(random * 250);
    for (const prefix of ['', 'x-']) {
      const reset = secondsHeader(headers[`${prefix}ratelimit-reset`]);
      if (headers[`${prefix}ratelimit-remaining`] === '0' && reset !== undefined && reset * 1000 > now) {
        return reset * 1000 - now + Math.round(random * 250);
      }
    }
  }
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (random * step) / 2);
}

function secondsHeader(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}
