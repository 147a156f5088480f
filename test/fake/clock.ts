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
