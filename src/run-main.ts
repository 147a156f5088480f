import { tmpdir } from 'node:os';
import { type Clock, systemClock } from './api/clock.js';
import { DEFAULT_PACE, Pacer } from './api/pacer.js';
import { connectDoctl, findDoctl } from './doctl.js';
import { describe, explain } from './errors.js';
import { type MintOptions, type SweepOptions, readOptions, readToken } from './inputs.js';
import { audit } from './modes/audit.js';
import { cleanup } from './modes/cleanup.js';
import { mint } from './modes/mint.js';
import { revokeSavedKey } from './modes/revoke.js';
import { type Api, type Core, type Deps, connect } from './runner.js';
import { KeyState, revocable } from './state.js';

/** The action's main step. Never throws: a failure becomes `core.setFailed` with a message that says what to do. */
export async function runMain({ core, env, clock = systemClock }: Deps): Promise<void> {
  // Masked before anything else can print.
  const token = readToken(core.getInput, env);
  if (token) core.setSecret(token);
  let api: Api | undefined;
  try {
    const options = readOptions(core.getInput, env);
    if (options.mode === 'mint') {
      // Checked before any request, so a missing doctl never costs a key.
      const doctl = options.connectDoctl ? findDoctl(env) : undefined;
      api = connect(options, core, clock);
      await runMint(options, { core, env, clock }, api, doctl);
    } else {
      const pacer = new Pacer({ ...DEFAULT_PACE, clock, log: (message) => core.info(message) });
      api = connect(options, core, clock, pacer.hooks());
      await runSweep(options, { core, client: api.client, clock, reportDir: env.RUNNER_TEMP || tmpdir() });
    }
  } catch (error) {
    core.setFailed(explain(error));
  } finally {
    api?.transport.dispose();
  }
}

function runSweep(options: SweepOptions, deps: Parameters<typeof audit>[1]): Promise<void> {
  return options.mode === 'audit' ? audit(options, deps) : cleanup(options, deps);
}

async function runMint(options: MintOptions, { core, env, clock }: Required<Deps>, api: Api, doctl: string | undefined): Promise<void> {
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
    await revokeAfterFailure(state, core, api, clock);
    throw error;
  }
}

/** Main failed after it may have made a key: delete it now rather than leave it live until post. */
async function revokeAfterFailure(state: KeyState, core: Core, api: Api, clock: Clock): Promise<void> {
  const saved = revocable(state.saved);
  if (!saved) return;
  try {
    await revokeSavedKey(saved, core, api.client, clock);
    state.set('revoked', 'true');
  } catch (error) {
    core.warning(`${describe(error)} The post step will try again.`);
  }
}
