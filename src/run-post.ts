import { systemClock } from './api/clock.js';
import { explain } from './errors.js';
import { readBroker, readConnection } from './inputs.js';
import { BrokerClient } from './modes/broker/client.js';
import { revokeSavedKey } from './modes/revoke.js';
import { withDeadline } from './api/transport.js';
import { type Api, type Deps, connect, stepDeadlineMs } from './runner.js';
import { KeyState, revocable } from './state.js';

/** The post step: deletes the key main created, whatever happened in between, and says why when it does nothing. */
export async function runPost({ core, env, clock = systemClock }: Deps): Promise<void> {
  // Post's API calls (a look-up by name and a delete at most) end by one deadline, as main's do.
  await withDeadline(stepDeadlineMs(env), clock, () => revokeInPost({ core, env, clock }));
}

async function revokeInPost({ core, env, clock }: Required<Deps>): Promise<void> {
  const saved = revocable(KeyState.load(core));
  if (!saved) {
    const mode = core.getInput('mode') || 'mint';
    if (mode === 'rotate') {
      core.info('Nothing to delete: rotate keeps the key it stored in the secret; main deletes a key it could not store, and the next run one an interrupted run left.');
      return;
    }
    core.info(mode === 'mint' ? 'Nothing to delete: the main step did not start creating a key.' : `Nothing to delete: mode ${mode} creates no key.`);
    return;
  }
  if (saved.revoked) {
    core.info(`Nothing to delete: the main step already deleted ${saved.keyId ?? saved.keyName} after it failed.`);
    return;
  }
  let api: Api | undefined;
  try {
    const broker = saved.broker ? readBroker(core.getInput) : undefined;
    if (broker) {
      // The broker minted the key: it deletes it too, for a fresh OIDC token of this job.
      await revokeSavedKey(saved, core, new BrokerClient(broker, core, env, clock), clock);
      return;
    }
    const connection = readConnection(core.getInput, env);
    core.setSecret(connection.token);
    api = connect(connection, core, clock);
    await revokeSavedKey(saved, core, api.client, clock);
  } catch (error) {
    core.setFailed(explain(error));
  } finally {
    api?.transport.dispose();
  }
}
