import { setTimeout as sleep } from 'node:timers/promises';

/** Time and chance, injected so that tests control backoff and expiry without touching the network. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => sleep(ms),
  random: () => Math.random(),
};
