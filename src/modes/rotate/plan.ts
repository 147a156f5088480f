// What a rotation run does, decided from facts alone: the namespace's keys, the secret's last update and the
// time. No I/O here. The secret's value cannot be read back, so which key it holds is inferred: a stored key
// was created just before the secret's `updated_at`, and a key created after it was never stored.
import type { AccessKey } from '../../api/digitalocean.js';
import { HOUR_MS, formatHours, formatSpan } from '../../duration.js';

/**
 * How far DigitalOcean's clock (a key's `created_at`) may run ahead of GitHub's (the secret's `updated_at`).
 * A key created up to this long after the secret's last update may still be the one it holds.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

const SUFFIX = /^[0-9a-f]{6}$/;

/** A managed key is named `base`, or `base` plus the `-<6 hex>` suffix the action adds; no other key is touched. */
export function isManaged(name: string, base: string): boolean {
  return name === base || (name.startsWith(`${base}-`) && SUFFIX.test(name.slice(base.length + 1)));
}

export interface PlanInput {
  /** Every key of the namespace; the plan picks the managed ones. */
  keys: AccessKey[];
  base: string;
  /** The secret's last update (ms since the epoch); undefined when the secret does not exist. */
  secretUpdatedAt: number | undefined;
  now: number;
  rotateAfterHours: number;
  graceHours: number;
}

export interface Verdict {
  key: AccessKey;
  reason: string;
  /** For a kept key the secret no longer holds: when its grace ends and a run may delete it. */
  until?: number;
}

export interface Plan {
  /** Why the secret needs a new key now; undefined when it does not. */
  due?: string;
  /** The managed key the secret holds, as far as its last update tells; undefined when it holds none of them. */
  held?: AccessKey;
  /** When the held key falls due. */
  heldDueAt?: number;
  /** Managed keys to delete: once the new key is stored when due, at once when not. */
  remove: Verdict[];
  /** Managed keys that stay, and why. */
  keep: Verdict[];
}

const createdAt = (key: AccessKey) => Date.parse(key.created_at);

/** When a key falls due: `rotate-after` after its creation, or `rotate-after` before its expiry if that is sooner. */
export function dueAt(key: AccessKey, rotateAfterHours: number): number {
  const window = rotateAfterHours * HOUR_MS;
  const byAge = createdAt(key) + window;
  return key.expires_at === null ? byAge : Math.min(byAge, Date.parse(key.expires_at) - window);
}

/** Why a key the secret may hold is due, or undefined. */
function dueReason(key: AccessKey, now: number, rotateAfterHours: number): string | undefined {
  if (dueAt(key, rotateAfterHours) > now) return undefined;
  const window = formatHours(rotateAfterHours);
  if (key.expires_at !== null) {
    const expires = Date.parse(key.expires_at);
    if (expires <= now) return `key ${key.id} expired ${formatSpan(now - expires)} ago`;
    if (expires - now <= rotateAfterHours * HOUR_MS) return `key ${key.id} expires in ${formatSpan(expires - now)}, within rotate-after (${window})`;
  }
  return `key ${key.id} is ${formatSpan(now - createdAt(key))} old, older than rotate-after (${window})`;
}

/**
 * Sorts the managed keys into: keys created after the secret's last update plus the skew (never stored: a run
 * stopped between creating and storing them; deleted, and never a reason to call the rotation not due); the key
 * the secret holds (the newest created before its last update) and any created within the skew after it (it may
 * hold those; rotation is due if any of them is); and older keys it held before (deleted once `grace` has passed
 * since its last update). When the run rotates, the keys it may hold become replaced now: deleted at once with
 * grace 0, else kept for `grace`. Expired keys the secret no longer holds are deleted at once.
 */
export function plan({ keys, base, secretUpdatedAt, now, rotateAfterHours, graceHours }: PlanInput): Plan {
  const managed = keys.filter((key) => isManaged(key.name, base)).sort((a, b) => createdAt(a) - createdAt(b) || a.id.localeCompare(b.id));
  const grace = graceHours * HOUR_MS;
  const graceText = graceHours === 0 ? 'grace is 0' : `the ${formatHours(graceHours)} grace period`;
  const expired = (key: AccessKey) => key.expires_at !== null && Date.parse(key.expires_at) <= now;

  let orphans: AccessKey[] = [];
  let replaced: AccessKey[] = [];
  /** Keys the secret may hold; without a secret, every managed key (none is held, but one may have been copied). */
  let current = managed;
  let held: AccessKey | undefined;
  let due: string | undefined;
  if (secretUpdatedAt === undefined) {
    due = managed.length ? 'the secret does not exist yet' : 'there is no managed key and no secret yet';
  } else {
    orphans = managed.filter((key) => createdAt(key) > secretUpdatedAt + CLOCK_SKEW_MS);
    const candidates = managed.filter((key) => createdAt(key) <= secretUpdatedAt + CLOCK_SKEW_MS);
    const before = candidates.filter((key) => createdAt(key) <= secretUpdatedAt);
    replaced = before.slice(0, -1);
    current = candidates.slice(replaced.length);
    held = before.at(-1) ?? current.at(-1);
    due = held
      ? current.map((key) => dueReason(key, now, rotateAfterHours)).find(Boolean)
      : `the secret holds no key this action manages (it was last updated ${new Date(secretUpdatedAt).toISOString()}, before any of them was created)`;
  }

  // Strays and replaced keys exist only when the secret does.
  const stored = secretUpdatedAt ?? now;
  const remove: Verdict[] = [];
  const keep: Verdict[] = [];
  for (const key of managed) {
    if (orphans.includes(key)) {
      remove.push({ key, reason: `created ${formatSpan(createdAt(key) - stored)} after the secret was last stored, so nobody holds it (a run stopped before storing it)` });
    } else if (replaced.includes(key)) {
      const since = now - stored;
      if (expired(key)) remove.push({ key, reason: 'replaced, and expired' });
      else if (since >= grace) remove.push({ key, reason: `replaced ${formatSpan(since)} ago, past ${graceText}` });
      else keep.push({ key, reason: `replaced ${formatSpan(since)} ago, within ${graceText}`, until: stored + grace });
    } else if (!due) {
      keep.push({ key, reason: key === held ? 'held by the secret' : 'created just after the secret was last stored, so the secret may hold it' });
    } else if (expired(key) || grace === 0) {
      remove.push({ key, reason: `replaced by this run, and ${expired(key) ? 'expired' : 'grace is 0'}` });
    } else {
      keep.push({ key, reason: `replaced by this run; deleted after ${graceText}`, until: now + grace });
    }
  }
  return { due, held, heldDueAt: held && dueAt(held, rotateAfterHours), remove, keep };
}
