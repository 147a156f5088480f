import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock.js';
import type { TransportOptions } from './transport.js';

export interface PacerOptions {
  /** DigitalOcean's burst limit: 250 requests a minute per token. */
  perMinute: number;
  /** Hourly requests left untouched for the token's other users (the pipelines minting keys). */
  reserve: number;
  /** The longest the pacer waits for the hourly quota before giving up. */
  maxWaitMs: number;
  clock: Clock;
  log: (message: string) => void;
}

// 245, not DigitalOcean's 250: a 2% margin absorbs timer and network jitter that would otherwise let 251
// requests land in one sliding minute.
export const DEFAULT_PACE = { perMinute: 245, reserve: 250, maxWaitMs: 5 * 60_000 };

/** The server's hourly count (`ratelimit-limit` - `ratelimit-remaining`) when an answer came, and ours then. */
interface Sample {
  at: number;
  used: number;
  sent: number;
}

/** How much history the estimate of other clients' rate needs before it is trusted, and how far back it looks. */
const MIN_SPAN_MS = 3_000;
const WINDOW_MS = 60_000;
/** Their rate is a guess from counters: leave them a little more than measured. */
const OTHERS_MARGIN = 1.15;

/**
 * Spaces requests evenly at the burst limit, less what other clients of the same token use, so a sweep over
 * hundreds of namespaces does not trip the limit. Other clients show in the server's hourly counter: whatever it
 * grew by beyond our own requests in the last minute was theirs. A 429 all the same pauses every worker until
 * `retry-after`, and a nearly spent hourly quota pauses until `ratelimit-reset` frees a request.
 */
export class Pacer {
  private next = 0;
  private pausedUntil = 0;
  private sent = 0;
  private samples: Sample[] = [];
  private othersPerMinute = 0;
  private reported = false;

  constructor(private readonly options: PacerOptions) {}

  /**
   * Waits for this request's slot. Slots are handed out in call order, one interval apart; a caller whose
   * wait a 429 interrupts queues again behind the pause, so the pause holds back every worker.
   */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.options.clock.now();
      const slot = Math.max(now, this.next, this.pausedUntil);
      if (slot - now > this.options.maxWaitMs) {
        throw new Error(
          `the token's hourly rate limit is nearly spent (the last ${this.options.reserve} requests are left for other users of the token) ` +
            `and frees up only at ${new Date(slot).toISOString()}; run again later or split the namespaces over several tokens`,
        );
      }
      const ours = Math.max(this.options.perMinute / 10, this.options.perMinute - this.othersPerMinute * OTHERS_MARGIN);
      this.next = slot + 60_000 / ours;
      if (slot > now) await this.options.clock.sleep(slot - now);
      // Unless a 429 that came in while this caller slept has paused every caller.
      if (this.pausedUntil <= this.options.clock.now()) {
        this.sent++;
        return;
      }
    }
  }

  /** The transport hooks that put every request, retries included, through this pacer. */
  hooks(): Pick<TransportOptions, 'beforeSend' | 'onResponse'> {
    return { beforeSend: () => this.acquire(), onResponse: (status, headers) => this.observe(status, headers) };
  }

  /** Reads the rate-limit headers of every answer. */
  observe(status: number, headers: IncomingHttpHeaders): void {
    const now = this.options.clock.now();
    const retryAfter = integer(headers['retry-after']);
    if (status === 429 && retryAfter !== undefined) {
      const until = now + retryAfter * 1000;
      if (until > this.pausedUntil) {
        this.options.log(`Rate limited (another client may share the token): pausing all requests for ${retryAfter}s.`);
        this.pausedUntil = until;
      }
      return;
    }
    const remaining = integer(headers['ratelimit-remaining']);
    const reset = integer(headers['ratelimit-reset']);
    const limit = integer(headers['ratelimit-limit']);
    if (limit !== undefined && remaining !== undefined && status !== 429) this.estimateOthers(now, limit - remaining);
    if (remaining !== undefined && reset !== undefined && remaining <= this.options.reserve && reset * 1000 > this.pausedUntil) {
      this.pausedUntil = reset * 1000;
    }
  }

  /** Others' requests per minute: the growth of the server's count beyond ours, over up to the last minute. */
  private estimateOthers(now: number, used: number): void {
    this.samples.push({ at: now, used, sent: this.sent });
    while (this.samples.length > 2 && this.samples[0].at < now - WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    const span = now - first.at;
    if (span < MIN_SPAN_MS) return;
    const others = used - first.used - (this.sent - first.sent);
    this.othersPerMinute = Math.max(0, (others * 60_000) / span);
    if (this.othersPerMinute >= 1 && !this.reported) {
      this.reported = true;
      this.options.log(`Other clients use this token too (about ${Math.round(this.othersPerMinute)} requests a minute): leaving them room.`);
    }
  }
}

function integer(value: string | string[] | undefined): number | undefined {
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}
