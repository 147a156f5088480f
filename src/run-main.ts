import { type Clock, systemClock } from './api/clock.js';
import { connectDoctl, findDoctl } from './doctl.js';
import { describe, explain } from './errors.js';
import { readMintOptions, readMode } from './inputs.js';
import { BrokerClient } from './modes/broker/client.js';
import { mintThroughBroker } from './modes/broker/mint.js';
import { mint } from './modes/mint.js';
import { type KeyDeleter, revokeSavedKey } from './modes/revoke.js';
import { withDeadline } from './api/transport.js';
import { type Core, type Deps, connect, stepDeadlineMs } from './runner.js';
import { maskInputTokens } from './secrets.js';
import { KeyState, revocable } from './state.js';

/** The action's main step. Never throws: a failure becomes `core.setFailed` with a message that says what to do. */
export async function runMain({ core, env, clock = systemClock }: Deps): Promise<void> {
  // Masked before anything else can print.
  maskInputTokens(core, env);
  try {
    const mode = readMode(core.getInput);
    const deps = { core, env, clock };
    // Mint runs in every job, so only it is in the entry bundle; other modes are chunks loaded on demand.
    // Its API calls, clean-up included, end by one deadline: a server that stops answering cannot hold the step
    // longer, and a key main could not delete in time, post deletes.
    if (mode === 'mint') await withDeadline(stepDeadlineMs(env), clock, () => runMint(deps));
    else if (mode === 'rotate') await (await import('./modes/rotate/run.js')).runRotate(deps);
    // migrate reads files, not the DigitalOcean API: it needs no token.
    else if (mode === 'migrate') await (await import('./modes/migrate/action.js')).runMigrate(deps);
    else await (await import('./modes/sweep.js')).runSweep(mode, deps);
  } catch (error) {
    core.setFailed(explain(error));
  }
}

async function runMint({ core, env, clock }: Required<Deps>): Promise<void> {
  const options = readMintOptions(core.getInput, env);
  if (options.broker) {
    // Mint through the broker: no API token, the job's OIDC token instead (issue 10).
    const state = new KeyState(core);
    const broker = new BrokerClient(options.broker, core, env, clock);
    try {
      await mintThroughBroker(options, { core, clock, state, broker });
    } catch (error) {
      await revokeAfterFailure(state, core, broker, clock);
      throw error;
    }
    return;
  }
  // Checked before any request, so a missing doctl never costs a key.
  const doctl = options.connectDoctl ? findDoctl(env) : undefined;
  const api = connect(options, core, clock);
  const state = new KeyState(core);
  try {
    await mint(options, {
      core,
      client: api.client,
      clock,
      state,
      connectDoctl:
        doctl === undefined
          ? undefined
          : (namespace, accessKey) => connectDoctl({ doctl, namespace, accessKey, token: options.token, apiUrl: options.apiUrl, env, log: core.info }),
    });
  } catch (error) {
    await revokeAfterFailure(state, core, api.client, clock);
    throw error;
  } finally {
    api.transport.dispose();
  }
}

/** Main failed after it may have made a key: delete it now rather than leave it live until post. */
async function revokeAfterFailure(state: KeyState, core: Core, client: KeyDeleter, clock: Clock): Promise<void> {
  const saved = revocable(state.saved);
  if (!saved) return;
  try {
    await revokeSavedKey(saved, core, client, clock);
    state.set('revoked', 'true');
  } catch (error) {
    core.warning(`${describe(error)} The post step will try again.`);
  }
}
