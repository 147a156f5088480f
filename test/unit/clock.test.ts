// The real clock the action runs on: the time, a sleep that really waits, and chance.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/api/clock.js';

describe('systemClock', () => {
  it('tells the time', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('sleeps for the time asked', async () => {
    const started = performance.now();
    await expect(systemClock.sleep(30)).resolves.toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('draws numbers in [0, 1) that differ', () => {
    const draws = Array.from({ length: 20 }, () => systemClock.random());
    for (const draw of draws) {
      expect(draw).toBeGreaterThanOrEqual(0);
      expect(draw).toBeLessThan(1);
    }
    expect(new Set(draws).size).toBeGreaterThan(1);
  });
});
