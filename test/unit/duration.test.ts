// `expires_in` durations: strict, so a typo can never become a longer-lived key; and readable spans.
import { describe, expect, it } from 'vitest';
import { HOUR_MS, formatHours, formatSpan, parseHours } from '../../src/duration.js';

describe('parseHours', () => {
  it.each([
    ['1h', 1],
    ['12h', 12],
    ['2d', 48],
    ['90d', 2160],
    ['999999h', 999999],
  ])('reads %s as %i hours', (value, hours) => {
    expect(parseHours(value)).toBe(hours);
  });

  it.each(['', 'h', '0h', '01h', '1000000h', '1m', '1H', '1.5h', '-1h', '+1h', ' 1h', '1h ', '1hh', 'x1h', '1h\n', '1 h', '1dh'])('refuses %j', (value) => {
    expect(parseHours(value)).toBeUndefined();
  });
});

describe('formatHours', () => {
  it('says whole days when exact, else hours', () => {
    expect([1, 12, 24, 36, 48, 2160].map(formatHours)).toEqual(['1h', '12h', '1d', '36h', '2d', '90d']);
  });
});

describe('formatSpan', () => {
  it('reads minutes, hours and minutes, then days', () => {
    const m = 60_000;
    expect(formatSpan(0)).toBe('0m');
    expect(formatSpan(29_999)).toBe('0m');
    expect(formatSpan(30_000)).toBe('1m');
    expect(formatSpan(59 * m)).toBe('59m');
    expect(formatSpan(60 * m)).toBe('1h');
    expect(formatSpan(90 * m)).toBe('1h 30m');
    expect(formatSpan(48 * HOUR_MS - m)).toBe('47h 59m');
    expect(formatSpan(48 * HOUR_MS)).toBe('2d');
    expect(formatSpan(71 * HOUR_MS)).toBe('2d');
    expect(formatSpan(72 * HOUR_MS)).toBe('3d');
  });

  it('gives a span in the past the same way', () => {
    expect(formatSpan(-90 * 60_000)).toBe('1h 30m');
    expect(formatSpan(-5 * 24 * HOUR_MS)).toBe('5d');
  });
});
