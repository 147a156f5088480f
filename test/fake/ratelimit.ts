// DigitalOcean API rate limiting as description.yml explains it: per token, 5000 requests per hour and a
// "burst" limit of 250 per minute. There is no fixed reset: each request has its own one-hour timer (a sliding
// window), so ratelimit-reset is the time the oldest counted request expires.

export interface RateLimitConfig {
  perMinute: number;
  perHour: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { perMinute: 250, perHour: 5000 };

const MINUTE = 60_000;
const HOUR = 3_600_000;

export interface RateDecision {
  allowed: boolean;
  /** 'hour' or 'minute' when refused. */
  exceeded?: 'hour' | 'minute';
  /** Response headers: ratelimit-limit/-remaining/-reset, plus retry-after on a burst refusal. */
  headers: Record<string, string>;
}

/** Timestamps (ms) of the counted requests of one token, oldest first; `head` skips expired entries cheaply. */
interface Window {
  times: number[];
  head: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /** config false: never refuses, but the headers are still computed against the default limits. */
  constructor(
    private config: RateLimitConfig | false,
    private readonly now: () => number,
  ) {}

  setConfig(config: RateLimitConfig | false): void {
    this.config = config;
  }

  reset(): void {
    this.windows.clear();
  }

  private window(token: string, t: number): Window {
    let w = this.windows.get(token);
    if (!w) {
      w = { times: [], head: 0 };
      this.windows.set(token, w);
    }
    while (w.head < w.times.length && (w.times[w.head] as number) <= t - HOUR) w.head++;
    // Compact now and then so a long benchmark does not keep every timestamp forever.
    if (w.head > 1024 && w.head * 2 > w.times.length) {
      w.times = w.times.slice(w.head);
      w.head = 0;
    }
    return w;
  }

  /** Requests counted in the last minute (binary search: times are non-decreasing). */
  private countSince(w: Window, since: number): { count: number; first: number } {
    let lo = w.head;
    let hi = w.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((w.times[mid] as number) <= since) lo = mid + 1;
      else hi = mid;
    }
    return { count: w.times.length - lo, first: lo };
  }

  private headers(w: Window, limits: RateLimitConfig, t: number): Record<string, string> {
    const used = w.times.length - w.head;
    const oldest = used > 0 ? (w.times[w.head] as number) : t;
    return {
      'ratelimit-limit': String(limits.perHour),
      'ratelimit-remaining': String(Math.max(0, limits.perHour - used)),
      'ratelimit-reset': String(Math.ceil((oldest + HOUR) / 1000)),
    };
  }

  /** Counts one request for the token unless a limit is reached. Refused requests are not counted. */
  take(token: string): RateDecision {
    const t = this.now();
    const limits = this.config || DEFAULT_RATE_LIMIT;
    const w = this.window(token, t);
    if (this.config) {
      if (w.times.length - w.head >= limits.perHour) {
        // Hourly limit: remaining is 0 anyway, and DO sends no retry-after for it.
        return { allowed: false, exceeded: 'hour', headers: this.headers(w, limits, t) };
      }
      const minute = this.countSince(w, t - MINUTE);
      if (minute.count >= limits.perMinute) {
        // Burst limit: DO reports remaining 0 even though the hour is not spent, plus retry-after in seconds
        // until the oldest request of the last minute leaves the minute window.
        const oldestInMinute = w.times[minute.first] as number;
        return {
          allowed: false,
          exceeded: 'minute',
          headers: {
            ...this.headers(w, limits, t),
            'ratelimit-remaining': '0',
            'retry-after': String(Math.max(1, Math.ceil((oldestInMinute + MINUTE - t) / 1000))),
          },
        };
      }
    }
    // Injected clocks may go backwards; keep the list sorted so the binary search stays valid.
    const last = w.times.length > w.head ? (w.times[w.times.length - 1] as number) : -Infinity;
    w.times.push(Math.max(t, last));
    return { allowed: true, headers: this.headers(w, limits, t) };
  }

  /** The headers for the token without counting a request (used for injected fault responses). */
  peek(token: string): Record<string, string> {
    const t = this.now();
    return this.headers(this.window(token, t), this.config || DEFAULT_RATE_LIMIT, t);
  }
}
