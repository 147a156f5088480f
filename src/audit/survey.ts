import type { AccessKey, DigitalOceanClient, Namespace } from '../api/digitalocean.js';
import { describe } from '../errors.js';
import type { NamespaceRef } from '../inputs.js';

/** One namespace and its keys, or why its keys could not be listed. */
export interface NamespaceKeys {
  namespace: Namespace;
  keys: AccessKey[];
  error?: string;
}

export interface Survey {
  namespaces: NamespaceKeys[];
  /** Requested IDs or labels the account does not have. */
  missing: string[];
}

/** How many namespaces are listed at once; the pacer, not this, keeps the request rate under the limit. */
export const CONCURRENCY = 8;

/**
 * Lists the namespaces once, picks the requested ones, then lists their keys concurrently. A namespace that
 * fails (deleted mid-run: 404) is reported with its error, and the others are still surveyed.
 */
export async function surveyKeys(selection: NamespaceRef[] | '*', client: DigitalOceanClient): Promise<Survey> {
  const all = await client.listNamespaces();
  const missing: string[] = [];
  let chosen = all;
  if (selection !== '*') {
    chosen = [];
    for (const ref of selection) {
      const match = all.filter((namespace) => ('id' in ref ? namespace.namespace === ref.id : namespace.label === ref.label));
      if (match.length === 0) missing.push('id' in ref ? ref.id : ref.label);
      for (const namespace of match) if (!chosen.includes(namespace)) chosen.push(namespace);
    }
  }
  const namespaces = await mapConcurrently(chosen, CONCURRENCY, async (namespace): Promise<NamespaceKeys> => {
    try {
      return { namespace, keys: await client.listKeys(namespace.namespace) };
    } catch (error) {
      return { namespace, keys: [], error: describe(error) };
    }
  });
  return { namespaces, missing };
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
