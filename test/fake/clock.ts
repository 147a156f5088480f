import type { Clock } from '../../src/api/clock.js';

/**
 * Simulated time that runs `scale` times faster than real time, for a fake and the action's pieces to share:
 * rate-limit windows of minutes pass in seconds while requests still go over real loopback sockets.
 */
export function scaledClock(scale: number): Clock {
  const origin = Date.now();
  const started = performance.now();
  return {
    now: () => origin + (performance.now() - started) * scale,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / scale)),
    random: Math.random,
  };
}

/** Virtual time for unit tests: sleeps are recorded and advance the clock at once; randomness is fixed. */
export function virtualClock(start = Date.now(), random = 0.5): { clock: Clock; sleeps: number[]; advance: (ms: number) => void } {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => random,
  };
  return { clock, sleeps, advance: (ms) => void (now += ms) };
}
