import type { Clock } from '../../api/clock.js';
import type { MintOptions } from '../../inputs.js';
import type { Core } from '../../runner.js';
import type { KeyState } from '../../state.js';
import { handOut } from '../mint.js';
import type { BrokerClient } from './client.js';

/**
 * Mint with `broker-url`: the broker mints the key for this job's OIDC token; the action checks its expiry as if
 * it had made the key itself and hands it out exactly as mint with a token does.
 */
export async function mintThroughBroker(
  options: MintOptions,
  { core, clock, state, broker }: { core: Core; clock: Clock; state: KeyState; broker: BrokerClient },
): Promise<void> {
  const requestedAt = clock.now();
  const { key, namespace } = await broker.mint('id' in options.namespace ? options.namespace.id : options.namespace.label, options.expiresIn);
  // Recorded at once: from here on main's failure path and post delete the key, through the broker.
  state.set('broker', 'true');
  state.set('keyId', key.id);
  state.set('namespace', namespace.namespace);
  state.set('keyName', key.name || key.id);
  await handOut({ namespace, key, requestedAt }, options, { core, clock, state });
}
