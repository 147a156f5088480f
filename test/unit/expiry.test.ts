// The fail-closed expiry check mint mode and the broker share.
import { describe, expect, it } from 'vitest';
import { ExpiryError, provenExpiry } from '../../src/api/expiry.js';

const AT = Date.parse('2026-06-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;
const SKEW = 5 * 60_000;

describe('provenExpiry', () => {
  it('returns when the key expires, up to the asked lifetime plus five minutes of clock skew', () => {
    expect(provenExpiry({ id: 'k', expires_at: iso(AT + HOUR) }, AT, 1, '1h')).toBe(AT + HOUR);
    expect(provenExpiry({ id: 'k', expires_at: iso(AT + 2 * HOUR + SKEW) }, AT, 2, '2h')).toBe(AT + 2 * HOUR + SKEW);
  });

  it('throws for a key that lives a millisecond longer', () => {
    expect(() => provenExpiry({ id: 'k', expires_at: iso(AT + HOUR + SKEW + 1) }, AT, 1, '1h')).toThrow(ExpiryError);
    const error = (() => {
      try {
        provenExpiry({ id: 'dof_v1_x', expires_at: iso(AT + 2 * HOUR) }, AT, 1, '1h');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.name).toBe('ExpiryError');
    expect(error?.message).toBe(
      `DigitalOcean created key dof_v1_x with expiry ${iso(AT + 2 * HOUR)}, although 1h was asked for. No key is handed out that cannot be shown to be short-lived; the key is deleted.`,
    );
  });

  it('throws for a key that never expires, or whose expiry does not parse', () => {
    expect(() => provenExpiry({ id: 'dof_v1_x', expires_at: null }, AT, 12, '12h')).toThrow(/^DigitalOcean created key dof_v1_x with no expiry, although 12h was asked for\./);
    expect(() => provenExpiry({ id: 'dof_v1_x', expires_at: 'soon' }, AT, 1, '1h')).toThrow('with expiry soon, although 1h');
  });
});
