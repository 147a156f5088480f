import { HOUR_MS } from '../duration.js';
import type { AccessKey } from './digitalocean.js';

/** The longest a minted key may live; also the age past which cleanup treats a `gha-` key as orphaned. */
export const MAX_MINT_HOURS = 12;

/** How far DigitalOcean's clock may run ahead of ours before a key counts as too long-lived. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A key DigitalOcean made longer-lived than asked: it must be deleted, never handed out. */
export class ExpiryError extends Error {
  override name = 'ExpiryError';
}

/**
 * The fail-closed expiry check that mint mode and the broker share: returns when the key expires (ms), or
 * throws unless `expires_at` shows the key dies within the `expiresIn` (`hours`) asked for at `requestedAt`.
 */
export function provenExpiry(key: Pick<AccessKey, 'id' | 'expires_at'>, requestedAt: number, hours: number, expiresIn: string): number {
  const expiresAt = key.expires_at === null ? NaN : Date.parse(key.expires_at);
  if (!(expiresAt <= requestedAt + hours * HOUR_MS + CLOCK_SKEW_MS)) {
    const given = key.expires_at === null ? 'no expiry' : `expiry ${key.expires_at}`;
    throw new ExpiryError(
      `DigitalOcean created key ${key.id} with ${given}, although ${expiresIn} was asked for. ` +
        'No key is handed out that cannot be shown to be short-lived; the key is deleted.',
    );
  }
  return expiresAt;
}
