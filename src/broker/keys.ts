// Minting and deleting keys for verified workflow runs, with nothing stored but the keys' names.
//
// A key's name is `gha-<repository>-<run_id>-<run_attempt>-<run tag><token tag>`: the `gha-` prefix lets
// `mode: cleanup` sweep it, the middle shows the run, and the tags, hashes of the run and of the token's `jti`,
// let any container of the broker, however fresh, tell whether a token was used already and which run a key
// belongs to.
import { createHash } from 'node:crypto';
import type { Clock } from '../api/clock.js';
import type { AccessKey, DigitalOceanClient, Namespace, NewAccessKey } from '../api/digitalocean.js';
import { provenExpiry } from '../api/expiry.js';
import type { Claims } from './policy.js';

const TAG_LENGTH = 8;
/** Leaves room for `-` and both tags within 63 characters. */
const BODY_MAX = 63 - 1 - 2 * TAG_LENGTH;

/** The name of the key minted for this token; a second token of the same run gets a different name. */
export function keyName(claims: Claims): string {
  return `${runPart(claims)}${tag(`jti|${claims.iss}|${claims.jti}`)}`;
}

/** Whether the broker minted this key for a token of the run these claims belong to. */
export function mintedForRun(name: string, claims: Claims): boolean {
  const run = runPart(claims);
  return name.length === run.length + TAG_LENGTH && name.startsWith(run) && /^[0-9a-f]+$/.test(name.slice(run.length));
}

function runPart(claims: Claims): string {
  const body = `gha-${claims.repository}-${claims.run_id}-${claims.run_attempt}`
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, BODY_MAX)
    .replace(/[-.]+$/, '');
  return `${body}-${tag(`run|${claims.iss}|${claims.repository_id}|${claims.run_id}|${claims.run_attempt}`)}`;
}

function tag(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, TAG_LENGTH);
}

/** A key already minted for this token in one of the namespaces, if any. */
export async function findMinted(client: DigitalOceanClient, namespaces: Namespace[], claims: Claims): Promise<AccessKey | undefined> {
  const name = keyName(claims);
  const lists = await Promise.all(namespaces.map((namespace) => client.listKeys(namespace.namespace)));
  return lists.flat().find((key) => key.name === name);
}

/**
 * Creates the key exactly as mint mode does: orphan-safe create, then the fail-closed expiry check, which
 * deletes the key and throws when DigitalOcean made it longer-lived than asked.
 */
export async function mintKey(
  client: DigitalOceanClient,
  clock: Clock,
  { namespace, claims, expiresIn, hours }: { namespace: Namespace; claims: Claims; expiresIn: string; hours: number },
): Promise<NewAccessKey> {
  const requestedAt = clock.now();
  const key = await client.createKey(namespace.namespace, keyName(claims), expiresIn);
  try {
    provenExpiry(key, requestedAt, hours, expiresIn);
  } catch (error) {
    await client.deleteKey(namespace.namespace, key.id);
    throw error;
  }
  return key;
}
