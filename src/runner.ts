import type * as actionsCore from '@actions/core';
import type { Connection } from './inputs.js';
import { type Clock, systemClock } from './api/clock.js';
import { DigitalOceanClient } from './api/digitalocean.js';
import { DEFAULT_RETRY } from './api/retry.js';
import { Transport, type TransportOptions } from './api/transport.js';

/** The part of @actions/core the action uses; main and post take it as an argument so tests can pass their own. */
export type Core = Pick<
  typeof actionsCore,
  | 'getInput'
  | 'setSecret'
  | 'setOutput'
  | 'exportVariable'
  | 'saveState'
  | 'getState'
  | 'debug'
  | 'info'
  | 'notice'
  | 'warning'
  | 'error'
  | 'setFailed'
  | 'summary'
  | 'getIDToken'
>;

/** What main and post need from the outside world. */
export interface Deps {
  core: Core;
  env: Record<string, string | undefined>;
  clock?: Clock;
}

export interface Api {
  client: DigitalOceanClient;
  transport: Transport;
}

/** An API client for these credentials that reports retries in the log. */
export function connect(
  connection: Connection,
  core: Core,
  clock: Clock = systemClock,
  pacing: Pick<TransportOptions, 'beforeSend' | 'onResponse'> = {},
): Api {
  const log = (message: string) => core.info(message);
  const transport = new Transport({ baseUrl: connection.apiUrl, token: connection.token, clock, log, ...pacing });
  return { transport, client: new DigitalOceanClient(transport, log) };
}

/**
 * How long main's or post's API work may take in all: one call's budget. FUNCTIONS_ACCESS_KEY_TEST_DEADLINE_MS
 * shortens it, for the end-to-end tests only (a step against a server that never answers, in seconds not a minute);
 * it is not an input and not meant for workflows.
 */
export function stepDeadlineMs(env: Record<string, string | undefined>): number {
  const test = Number(env.FUNCTIONS_ACCESS_KEY_TEST_DEADLINE_MS);
  return Number.isInteger(test) && test > 0 ? test : DEFAULT_RETRY.budgetMs;
}
