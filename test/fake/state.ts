// In-memory state of the fake: namespaces and their access keys. No HTTP here.
import { randomBytes, randomUUID } from 'node:crypto';

/** namespace_info.yml. uuid/key are the legacy shared credential; migrated namespaces have them empty or absent. */
export interface NamespaceInfo {
  api_host: string;
  namespace: string;
  created_at: string;
  updated_at: string;
  label: string;
  region: string;
  uuid?: string;
  key?: string;
}

/** access_key.yml: what list and update return. */
export interface AccessKey {
  id: string;
  name: string;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** access_key_create_response.yml: create is the only response with the secret. */
export interface AccessKeyWithSecret extends AccessKey {
  secret: string;
}

/** What the fake keeps per key (returned by FakeDigitalOcean.keys() for assertions). */
export interface FakeKey extends AccessKeyWithSecret {
  namespace: string;
}

interface StoredKey {
  id: string;
  name: string;
  secret: string;
  namespace: string;
  createdAtMs: number;
  updatedAtMs: number;
  expiresAtMs: number | null;
}

export interface NamespaceSeed {
  label: string;
  region?: string;
  /** The namespace id, `fn-<uuid>`; generated when omitted. */
  id?: string;
  /**
   * The legacy uuid/key credential: true (default) sets both, 'empty' sends them as "", false omits them
   * (a namespace migrated to access keys).
   */
  legacy?: boolean | 'empty';
}

export interface KeySeed {
  name: string;
  /** ISO date-time; defaults to now. */
  createdAt?: string;
  /** ISO date-time, or null (default) for a key that never expires. */
  expiresAt?: string | null;
  secret?: string;
}

/** DigitalOcean timestamps carry whole seconds: 2026-12-19T10:30:00Z. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function newKeyId(): string {
  return `dof_v1_${randomBytes(16).toString('hex')}`;
}

/** Format of the example in access_key_create_response.yml ("fn_secret_" + 32 characters). */
export function newSecret(): string {
  return `fn_secret_${randomBytes(16).toString('hex')}`;
}

const HOUR = 3_600_000;

/**
 * Parses `expires_in` as access_key_create_request.yml defines it: `<int>h` or `<int>d`, minimum 1h.
 * Returns the duration in ms, or an error message for a 400.
 */
export function parseExpiresIn(value: unknown): { ms: number } | { error: string } {
  if (typeof value !== 'string') return { error: 'expires_in must be a string like "1h" or "7d"' };
  const m = /^(\d+)([hd])$/.exec(value);
  if (!m) return { error: `invalid expires_in "${value}": use <int>h or <int>d` };
  const ms = Number(m[1]) * (m[2] === 'd' ? 24 * HOUR : HOUR);
  if (ms < HOUR) return { error: `invalid expires_in "${value}": minimum is 1h` };
  // Date cannot represent more than 8.64e15 ms; a larger request is a bad request, not a crash.
  if (ms > 100 * 365 * 24 * HOUR) return { error: `invalid expires_in "${value}": too large` };
  return { ms };
}

export class FakeState {
  private readonly ns = new Map<string, NamespaceInfo>();
  /** Keys by id; insertion order is creation order, which is the order the list returns. */
  private readonly keyMap = new Map<string, StoredKey>();

  constructor(private readonly now: () => number) {}

  addNamespace(apiHost: string, seed: NamespaceSeed): NamespaceInfo {
    const id = seed.id ?? `fn-${randomUUID()}`;
    if (this.ns.has(id)) throw new Error(`namespace ${id} already exists`);
    const at = isoSeconds(this.now());
    const info: NamespaceInfo = {
      api_host: apiHost,
      namespace: id,
      created_at: at,
      updated_at: at,
      label: seed.label,
      region: seed.region ?? 'nyc1',
    };
    const legacy = seed.legacy ?? true;
    if (legacy === 'empty') Object.assign(info, { uuid: '', key: '' });
    else if (legacy) Object.assign(info, { uuid: randomUUID(), key: randomBytes(32).toString('base64url') });
    this.ns.set(id, info);
    return { ...info };
  }

  namespace(id: string): NamespaceInfo | undefined {
    const info = this.ns.get(id);
    return info && { ...info };
  }

  namespaces(): NamespaceInfo[] {
    return [...this.ns.values()].map((n) => ({ ...n }));
  }

  /** Adds a key with explicit timestamps (seeding or the API's create). No name check here. */
  addKey(namespace: string, seed: KeySeed): FakeKey {
    if (!this.ns.has(namespace)) throw new Error(`no namespace ${namespace}`);
    const createdAtMs = seed.createdAt ? Date.parse(seed.createdAt) : this.now();
    const expiresAtMs = seed.expiresAt ? Date.parse(seed.expiresAt) : null;
    if (Number.isNaN(createdAtMs) || Number.isNaN(expiresAtMs)) throw new Error('bad createdAt/expiresAt');
    return this.store(namespace, seed.name, createdAtMs, expiresAtMs, seed.secret);
  }

  /** The API's create: timestamps are whole seconds so expires_at as shown is exactly when the key dies. */
  createKey(namespace: string, name: string, ttlMs: number | null, expiresAtMs?: number | null): FakeKey {
    const created = Math.floor(this.now() / 1000) * 1000;
    const expires = expiresAtMs !== undefined ? expiresAtMs : ttlMs === null ? null : created + ttlMs;
    return this.store(namespace, name, created, expires);
  }

  private store(namespace: string, name: string, createdAtMs: number, expiresAtMs: number | null, secret?: string): FakeKey {
    const key: StoredKey = {
      id: newKeyId(),
      name,
      secret: secret ?? newSecret(),
      namespace,
      createdAtMs,
      updatedAtMs: createdAtMs,
      expiresAtMs,
    };
    this.keyMap.set(key.id, key);
    return toFakeKey(key);
  }

  /** All keys of a namespace, expired ones included (DigitalOcean keeps listing them). */
  keys(namespace: string): FakeKey[] {
    return [...this.keyMap.values()].filter((k) => k.namespace === namespace).map(toFakeKey);
  }

  key(namespace: string, id: string): FakeKey | undefined {
    const k = this.keyMap.get(id);
    return k && k.namespace === namespace ? toFakeKey(k) : undefined;
  }

  nameTaken(namespace: string, name: string, exceptId?: string): boolean {
    for (const k of this.keyMap.values()) if (k.namespace === namespace && k.name === name && k.id !== exceptId) return true;
    return false;
  }

  renameKey(namespace: string, id: string, name: string): FakeKey | undefined {
    const k = this.keyMap.get(id);
    if (!k || k.namespace !== namespace) return undefined;
    k.name = name;
    k.updatedAtMs = Math.max(k.createdAtMs, this.now());
    return toFakeKey(k);
  }

  deleteKey(namespace: string, id: string): boolean {
    const k = this.keyMap.get(id);
    if (!k || k.namespace !== namespace) return false;
    return this.keyMap.delete(id);
  }

  /**
   * Basic-auth check of the Functions API: a live (not deleted, not expired) access key, or a namespace's
   * legacy uuid:key pair. Returns the namespace the credential belongs to.
   */
  authenticate(user: string, password: string): string | undefined {
    const k = this.keyMap.get(user);
    if (k) {
      const live = k.secret === password && (k.expiresAtMs === null || this.now() < k.expiresAtMs);
      return live ? k.namespace : undefined;
    }
    for (const n of this.ns.values()) if (n.uuid && n.key && n.uuid === user && n.key === password) return n.namespace;
    return undefined;
  }
}

function toFakeKey(k: StoredKey): FakeKey {
  return {
    id: k.id,
    name: k.name,
    secret: k.secret,
    namespace: k.namespace,
    expires_at: k.expiresAtMs === null ? null : isoSeconds(k.expiresAtMs),
    created_at: isoSeconds(k.createdAtMs),
    updated_at: isoSeconds(k.updatedAtMs),
  };
}

/** The public shape (access_key.yml), without secret and namespace. */
export function publicKey(k: FakeKey): AccessKey {
  return { id: k.id, name: k.name, expires_at: k.expires_at, created_at: k.created_at, updated_at: k.updated_at };
}
