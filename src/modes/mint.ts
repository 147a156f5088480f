import type { Clock } from '../api/clock.js';
import type { DigitalOceanClient, Namespace, NewAccessKey } from '../api/digitalocean.js';
import { provenExpiry } from '../api/expiry.js';
import { isAmbiguous } from '../api/retry.js';
import { ApiError } from '../api/transport.js';
import { formatSpan } from '../duration.js';
import { ActionError } from '../errors.js';
import type { MintOptions } from '../inputs.js';
import type { Core } from '../runner.js';
import type { KeyState } from '../state.js';
import { maskAccessKey } from '../secrets.js';

export interface MintDeps {
  core: Core;
  client: DigitalOceanClient;
  clock: Clock;
  state: KeyState;
  /** Runs `doctl serverless connect`; absent unless `connect-doctl` is true (main checks doctl is there first). */
  connectDoctl?: (namespace: string, accessKey: string) => Promise<void>;
}

/** Creates a short-lived key, proves it is short-lived, and hands it to later steps. */
export async function mint(options: MintOptions, deps: MintDeps): Promise<void> {
  const requestedAt = deps.clock.now();
  // Saved first: if main dies while creating the key, post finds it by this unique name.
  deps.state.set('keyName', options.keyName);
  const { namespace, key } = await createKey(options, deps.core, deps.client, deps.state);
  await handOut({ namespace, key, requestedAt }, options, deps);
}

/** A key just created, with its namespace, and when it was asked for. */
export interface MintedKey {
  namespace: Namespace;
  key: NewAccessKey;
  requestedAt: number;
}

/**
 * Proves the key short-lived (else throws, and the caller deletes it), then hands it to later steps: doctl,
 * outputs, env. Shared by mint with a token and mint through the broker; the key is masked already.
 */
export async function handOut(
  { namespace, key, requestedAt }: MintedKey,
  options: Pick<MintOptions, 'expirationHours' | 'expiresIn' | 'exportEnv'>,
  { core, clock, state, connectDoctl }: Omit<MintDeps, 'client'>,
): Promise<void> {
  core.info(`Namespace ${namespace.label} (${namespace.namespace}, ${namespace.region}), Functions API ${namespace.api_host}`);
  const expiresAt = provenExpiry(key, requestedAt, options.expirationHours, options.expiresIn);
  const expiresIso = new Date(expiresAt).toISOString().replace('.000Z', 'Z');
  state.set('expiresAt', expiresIso);
  core.info(`Created access key ${key.name} (${key.id}), expires ${expiresIso} (in ${formatSpan(expiresAt - clock.now())}).`);

  const accessKey = `${key.id}:${key.secret}`;
  // Before any output: if doctl fails, the key is deleted and no later step is handed a dead key.
  if (connectDoctl) {
    await connectDoctl(namespace.namespace, accessKey);
    core.info(`doctl is connected to ${namespace.namespace} with the new key.`);
  }
  const values = {
    'key-id': key.id,
    secret: key.secret,
    'access-key': accessKey,
    'expires-at': expiresIso,
    'api-host': namespace.api_host,
    namespace: namespace.namespace,
  };
  for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
  if (options.exportEnv) {
    const env = {
      DO_FUNCTIONS_ACCESS_KEY: accessKey,
      DO_FUNCTIONS_KEY_ID: key.id,
      DO_FUNCTIONS_KEY_SECRET: key.secret,
      DO_FUNCTIONS_API_HOST: namespace.api_host,
      DO_FUNCTIONS_NAMESPACE: namespace.namespace,
    };
    for (const [name, value] of Object.entries(env)) core.exportVariable(name, value);
    core.info(`Exported ${Object.keys(env).join(', ')} to later steps.`);
  }
  core.info('The post step deletes the key when the job ends.');
}

/**
 * Resolves the namespace and creates the key: concurrently when the ID is known (two requests, one round
 * trip), else after finding the label in the account's namespace list. The key is masked and recorded in
 * state as soon as it exists, before anything else can fail.
 */
async function createKey(
  options: MintOptions,
  core: Core,
  client: DigitalOceanClient,
  state: KeyState,
): Promise<{ namespace: Namespace; key: NewAccessKey }> {
  const create = async (namespaceId: string) => {
    state.set('namespace', namespaceId);
    const key = await client.createKey(namespaceId, options.keyName, options.expiresIn).catch((error: unknown) => {
      // Refused outright (4xx): no key exists, so neither main nor post has anything to look for by name.
      if (error instanceof ApiError && !isAmbiguous(error.failure)) state.set('keyName', '');
      throw error;
    });
    maskAccessKey(core, key.id, key.secret);
    state.set('keyId', key.id);
    return key;
  };
  const ref = options.namespace;
  if ('label' in ref) {
    const namespace = findByLabel(await client.listNamespaces(), ref.label);
    return { namespace, key: await create(namespace.namespace) };
  }
  const [namespace, key] = await Promise.allSettled([client.getNamespace(ref.id), create(ref.id)]);
  if (namespace.status === 'rejected') throw namespace.reason;
  if (key.status === 'rejected') throw key.reason;
  return { namespace: namespace.value, key: key.value };
}

/** The one namespace with this label; else an error that lists what the account has. */
export function findByLabel(namespaces: Namespace[], label: string): Namespace {
  const matches = namespaces.filter((namespace) => namespace.label === label);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    const ids = matches.map((namespace) => namespace.namespace).join(', ');
    throw new ActionError(`Several namespaces are labelled "${label}" (${ids}): set \`namespace\` to the ID of the one you mean.`);
  }
  const known = namespaces.map((namespace) => `"${namespace.label}" (${namespace.namespace})`).join(', ') || 'none';
  throw new ActionError(`No namespace is labelled "${label}". The token's account has: ${known}. Set \`namespace\` to one of these labels or IDs.`);
}
