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

describe('retry delay: each combination of rate-limit headers', () => {
  const reset = (seconds: number) => String(NOW / 1000 + seconds);
  const cases: [string, Record<string, string>, number, number][] = [
    // name, 429 headers, delay with random 0, with random 1
    ['retry-after alone', { 'retry-after': '4' }, 4000, 4250],
    ['retry-after with spaces', { 'retry-after': ' 4 ' }, 4000, 4250],
    ['retry-after 0', { 'retry-after': '0' }, 0, 250],
    ['retry-after beats a spent hourly quota', { 'retry-after': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': reset(600) }, 2000, 2250],
    ['spent hourly quota: until reset', { 'ratelimit-remaining': '0', 'ratelimit-reset': reset(20) }, 20_000, 20_250],
    ['spent hourly quota, reset with spaces', { 'ratelimit-remaining': '0', 'ratelimit-reset': ` ${reset(20)} ` }, 20_000, 20_250],
    ['quota not spent: backoff', { 'ratelimit-remaining': '1', 'ratelimit-reset': reset(20) }, 250, 500],
    ['remaining without reset: backoff', { 'ratelimit-remaining': '0' }, 250, 500],
    ['reset without remaining: backoff', { 'ratelimit-reset': reset(20) }, 250, 500],
    ['reset now: backoff', { 'ratelimit-remaining': '0', 'ratelimit-reset': reset(0) }, 250, 500],
    ['reset a second ahead', { 'ratelimit-remaining': '0', 'ratelimit-reset': reset(1) }, 1000, 1250],
    ['malformed retry-after: the hourly rule', { 'retry-after': '4s', 'ratelimit-remaining': '0', 'ratelimit-reset': reset(20) }, 20_000, 20_250],
    ['retry-after with a sign', { 'retry-after': '+4' }, 250, 500],
    ['retry-after a date', { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }, 250, 500],
    ['malformed reset', { 'ratelimit-remaining': '0', 'ratelimit-reset': `x${reset(20)}` }, 250, 500],
    ['reset with a trailing unit', { 'ratelimit-remaining': '0', 'ratelimit-reset': `${reset(20)}s` }, 250, 500],
    ['no headers', {}, 250, 500],
  ];
  it.each(cases)('%s', (_name, headers, low, high) => {
    expect(retryDelay(status(429, headers), 1, NOW, 0, DEFAULT_RETRY)).toBe(low);
    expect(retryDelay(status(429, headers), 1, NOW, 1, DEFAULT_RETRY)).toBe(high);
  });

  it('reads the 429 headers of a 429 only: a 503 with retry-after backs off', () => {
    expect(retryDelay(status(503, { 'retry-after': '30' }), 1, NOW, 0, DEFAULT_RETRY)).toBe(250);
    expect(retryDelay(status(503, { 'ratelimit-remaining': '0', 'ratelimit-reset': reset(20) }), 1, NOW, 0, DEFAULT_RETRY)).toBe(250);
  });

  it('jitter only ever adds to the wait, by up to 250 ms on a 429', () => {
    const waits = [0, 0.25, 0.5, 0.999].map((random) => retryDelay(status(429, { 'retry-after': '1' }), 1, NOW, random, DEFAULT_RETRY));
    expect(waits).toEqual([1000, 1063, 1125, 1250]);
  });

  it('follows the policy it is given', () => {
    const policy = { maxAttempts: 3, baseMs: 100, capMs: 300, budgetMs: 1000 };
    expect([1, 2, 3, 4].map((attempt) => retryDelay(network, attempt, NOW, 1, policy))).toEqual([100, 200, 300, 300]);
    expect([1, 2, 3].map((attempt) => retryDelay(network, attempt, NOW, 0.5, policy))).toEqual([75, 150, 225]);
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
