import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, type Failure, isAmbiguous, isRateLimited, isRetryable, retryDelay } from '../../src/api/retry.js';

const status = (code: number, headers: Record<string, string> = {}): Failure => ({ kind: 'status', status: code, headers });
const network: Failure = { kind: 'network', error: new Error('socket hang up') };
const NOW = 1_800_000_000_000;

describe('retry policy', () => {
  it('retries 429, 5xx and lost answers, nothing else', () => {
    expect([429, 500, 502, 503].map((code) => isRetryable(status(code)))).toEqual([true, true, true, true]);
    expect([400, 401, 403, 404, 409, 422].map((code) => isRetryable(status(code)))).toEqual([false, false, false, false, false, false]);
    expect(isRetryable(network)).toBe(true);
  });

  it('treats lost answers and 5xx as possibly carried out, 429 as not', () => {
    expect(isAmbiguous(network)).toBe(true);
    expect(isAmbiguous(status(503))).toBe(true);
    expect(isAmbiguous(status(429))).toBe(false);
  });

  it('backs off exponentially with jitter between half and all of each step, up to the cap', () => {
    const low = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelay(status(503), attempt, NOW, 0, DEFAULT_RETRY));
    const high = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelay(network, attempt, NOW, 1, DEFAULT_RETRY));
    expect(low).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect(high).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('waits as long as retry-after says on a burst 429', () => {
    const burst = status(429, { 'retry-after': '3', 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 + 1800) });
    expect(retryDelay(burst, 1, NOW, 0, DEFAULT_RETRY)).toBe(3000);
    expect(retryDelay(burst, 1, NOW, 1, DEFAULT_RETRY)).toBe(3250);
  });

  it('waits for ratelimit-reset when the hourly quota is spent', () => {
    const hourly = status(429, { 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 + 20) });
    expect(retryDelay(hourly, 1, NOW, 0, DEFAULT_RETRY)).toBe(20_000);
  });

  it('falls back to backoff when 429 headers are missing or malformed', () => {
    expect(retryDelay(status(429, { 'retry-after': 'soon' }), 2, NOW, 0, DEFAULT_RETRY)).toBe(500);
    expect(retryDelay(status(429, { 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 - 5) }), 1, NOW, 0, DEFAULT_RETRY)).toBe(250);
  });
});

describe('GitHub rate limits in the same policy', () => {
  it('retries a 403 only when it is a rate limit: retry-after or x-ratelimit-remaining 0', () => {
    expect(isRetryable(status(403, { 'retry-after': '60' }))).toBe(true);
    expect(isRetryable(status(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }))).toBe(true);
    expect(isRetryable(status(403, { 'x-ratelimit-remaining': '12' }))).toBe(false);
    expect(isRetryable(status(403, { 'ratelimit-remaining': '0' }))).toBe(false);
    expect(isRateLimited(status(401, { 'retry-after': '1' }))).toBe(false);
    expect(isRateLimited(network)).toBe(false);
    expect(isAmbiguous(status(403, { 'retry-after': '60' }))).toBe(false);
  });

  it('waits retry-after on a secondary limit, and until x-ratelimit-reset when the quota is spent', () => {
    expect(retryDelay(status(403, { 'retry-after': '60' }), 1, NOW, 0, DEFAULT_RETRY)).toBe(60_000);
    const spent = status(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 42) });
    expect(retryDelay(spent, 1, NOW, 1, DEFAULT_RETRY)).toBe(42_250);
    expect(retryDelay(status(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 7) }), 1, NOW, 0, DEFAULT_RETRY)).toBe(7_000);
    // A reset already past, or headers on an answer that is no rate limit, mean ordinary backoff.
    expect(retryDelay(status(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000) }), 1, NOW, 0, DEFAULT_RETRY)).toBe(250);
    expect(retryDelay(status(503, { 'retry-after': '60' }), 1, NOW, 0, DEFAULT_RETRY)).toBe(250);
    // A quota not spent yet: the reset time is no reason to wait.
    expect(retryDelay(status(429, { 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(NOW / 1000 + 42) }), 1, NOW, 0, DEFAULT_RETRY)).toBe(250);
  });

  it('reads only whole seconds from the headers', () => {
    for (const value of ['3s', 'x3', '1.5', '-2', '']) expect(retryDelay(status(429, { 'retry-after': value }), 1, NOW, 0, DEFAULT_RETRY)).toBe(250);
    expect(retryDelay(status(429, { 'retry-after': ' 3 ' }), 1, NOW, 0, DEFAULT_RETRY)).toBe(3000);
  });
});
