import { DEFAULT_PACE, Pacer } from '../api/pacer.js';
import { readSweepOptions } from '../inputs.js';
import { type Api, type Deps, connect } from '../runner.js';
import { tmpdir } from 'node:os';
import { audit } from './audit.js';
import { cleanup } from './cleanup.js';

/** Audit or cleanup: every request paced under the token's rate limit. Loaded on demand, so mint never pays for it. */
export async function runSweep(mode: 'audit' | 'cleanup', { core, env, clock }: Required<Deps>): Promise<void> {
  const options = readSweepOptions(mode, core.getInput, env);
  const pacer = new Pacer({ ...DEFAULT_PACE, clock, log: (message) => core.info(message) });
  let api: Api | undefined;
  try {
    api = connect(options, core, clock, pacer.hooks());
    const deps = { core, client: api.client, clock, reportDir: env.RUNNER_TEMP || tmpdir() };
    await (mode === 'audit' ? audit(options, deps) : cleanup(options, deps));
  } finally {
    api?.transport.dispose();
  }
}
