import { systemClock } from './api/clock.js';
import { connectDoctl, findDoctl } from './doctl.js';
import { describe, explain } from './errors.js';
import { readOptions, readToken } from './inputs.js';
import { mint } from './modes/mint.js';
import { revokeSavedKey } from './modes/revoke.js';
import { type Api, type Deps, connect } from './runner.js';
import { KeyState } from './state.js';

/** The action's main step. Never throws: a failure becomes `core.setFailed` with a message that says what to do. */
export async function runMain({ core, env, clock = systemClock }: Deps): Promise<void> {
  // Masked before anything else can print.
  const token = readToken(core.getInput, env);
  if (token) core.setSecret(token);
  let api: Api | undefined;
  try {
    const options = readOptions(core.getInput, env);
    if (options.mode !== 'mint') throw new Error(`mode ${options.mode} is not built yet`);
    const doctl = options.connectDoctl ? findDoctl(env) : undefined;
    api = connect(options, core, clock);
    const state = new KeyState(core);
    try {
      await mint(options, {
        core,
        client: api.client,
        clock,
        state,
        connectDoctl: doctl
          ? (namespace, accessKey) =>
              connectDoctl({ doctl, namespace, accessKey, token: options.token, apiUrl: options.apiUrl, env, log: core.info })
          : undefined,
      });
    } catch (error) {
      await revokeAfterFailure(state, core, api, clock);
      throw error;
    }
  } catch (error) {
    core.setFailed(explain(error));
  } finally {
    api?.transport.dispose();
  }
}

/** Main failed after it may have made a key: delete it now rather than leave it live until post. */
async function revokeAfterFailure(state: KeyState, core: Deps['core'], api: Api, clock: typeof systemClock): Promise<void> {
  const { keyName, namespace } = state.saved;
  if (!keyName || !namespace) return;
  try {
    await revokeSavedKey({ ...state.saved, keyName, namespace }, core, api.client, clock);
    state.set('revoked', 'true');
  } catch (error) {
    core.warning(`${describe(error)} The post step will try again.`);
  }
}
