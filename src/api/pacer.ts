import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock.js';

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

/**
 * Spaces requests evenly at the burst limit, so a sweep over hundreds of namespaces never trips it on its own,
 * and follows the server's counters: a 429 (another client on the same token) pauses every worker until
 * `retry-after`, and a nearly spent hourly quota pauses until `ratelimit-reset` frees a request.
 */
export class Pacer {
  private next = 0;
  private pausedUntil = 0;
  private readonly interval: number;

  constructor(private readonly options: PacerOptions) {
    this.interval = 60_000 / options.perMinute;
  }

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
      this.next = slot + this.interval;
      if (slot <= now) return;
      await this.options.clock.sleep(slot - now);
      if (this.pausedUntil <= this.options.clock.now()) return;
    }
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
    if (remaining !== undefined && reset !== undefined && remaining <= this.options.reserve && reset * 1000 > this.pausedUntil) {
      this.pausedUntil = reset * 1000;
    }
  }
}

function integer(value: string | string[] | undefined): number | undefined {
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}
