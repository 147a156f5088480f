import type { DigitalOceanClient } from '../api/digitalocean.js';
import type { Clock } from '../api/clock.js';
import { ActionError, describe } from '../errors.js';
import type { Core } from '../runner.js';
import type { RevocableKey } from '../state.js';

/** What deletes keys: DigitalOcean's API, or the broker that minted them. */
export type KeyDeleter = Pick<DigitalOceanClient, 'deleteKey' | 'deleteKeysNamed'>;

/**
 * Deletes the key main saved in state. 404 means it is already gone. A key that cannot be deleted fails
 * loudly (throws) with its ID unless it has expired anyway. Used by post, and by main when it fails after
 * creating a key.
 */
export async function revokeSavedKey(saved: RevocableKey, core: Core, client: KeyDeleter, clock: Clock): Promise<void> {
  const { namespace, keyName: name, keyId, expiresAt } = saved;
  try {
    if (!keyId) {
      // Main stopped while creating the key: if the create went through, the key has this step's unique name.
      const ids = await client.deleteKeysNamed(namespace, name);
      core.info(ids.length ? `Deleted key ${ids.join(', ')} (${name}), which main had created but not recorded.` : `No key named ${name} exists: nothing to delete.`);
      return;
    }
    if (await client.deleteKey(namespace, keyId)) {
      core.info(`Deleted access key ${name} (${keyId}) from namespace ${namespace}.`);
    } else {
      core.notice(`Access key ${keyId} was already gone from namespace ${namespace}.`);
    }
  } catch (error) {
    const what = `access key ${keyId || name} in namespace ${namespace}`;
    if (expiresAt && Date.parse(expiresAt) <= clock.now()) {
      core.warning(`Could not delete ${what}, but it expired at ${expiresAt} and no longer works: ${describe(error)}`);
      return;
    }
    const command = keyId
      ? `doctl serverless key delete ${keyId} --namespace ${namespace} --force`
      : `doctl serverless key list --namespace ${namespace}\` to find the key named ${name}, then \`doctl serverless key delete <id> --namespace ${namespace} --force`;
    throw new ActionError(
      `Could not delete ${what}: ${describe(error)}. It stays usable until ${expiresAt || 'it is deleted'}: ` +
        `delete it now in the control panel or with \`${command}\`.`,
    );
  }
}
