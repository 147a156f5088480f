import type { Core } from './runner.js';

/** What main hands post about the key it creates: never a secret. */
export interface SavedKey {
  keyName?: string;
  namespace?: string;
  keyId?: string;
  expiresAt?: string;
  /** Main already deleted the key (it failed after creating it). */
  revoked?: string;
  /** The broker minted the key; post asks it to delete the key (`broker-url` is an input, read again). */
  broker?: string;
}

/** A saved key main may have created: its name and namespace are known, its ID only once the create answered. */
export type RevocableKey = SavedKey & { keyName: string; namespace: string };

/** The key to delete, or undefined when main never got as far as sending the create request (or it was refused). */
export function revocable(saved: SavedKey): RevocableKey | undefined {
  const { keyName, namespace } = saved;
  return keyName && namespace ? { ...saved, keyName, namespace } : undefined;
}

const NAMES: Record<keyof SavedKey, string> = {
  keyName: 'key-name',
  namespace: 'namespace',
  keyId: 'key-id',
  expiresAt: 'expires-at',
  revoked: 'revoked',
  broker: 'broker',
};

/**
 * Post runs in a new process and reads state from `STATE_*` env; main cannot read back what it saved.
 * This keeps main's own copy, so main's failure path and post share one record.
 */
export class KeyState {
  readonly saved: SavedKey = {};

  constructor(private readonly core: Pick<Core, 'saveState'>) {}

  set(field: keyof SavedKey, value: string): void {
    this.saved[field] = value;
    this.core.saveState(NAMES[field], value);
  }

  /** In post: what main saved. */
  static load(core: Pick<Core, 'getState'>): SavedKey {
    const saved: SavedKey = {};
    for (const [field, name] of Object.entries(NAMES) as [keyof SavedKey, string][]) {
      const value = core.getState(name);
      if (value) saved[field] = value;
    }
    return saved;
  }
}
