// The function DigitalOcean runs (bundled to broker/packages/functions-access-key/broker/index.js): one broker per
// container, configured from the environment that project.yml sets, kept across invocations.
import { systemClock } from '../api/clock.js';
import { type Handler, createBroker } from './broker.js';
import type { WebResponse } from './event.js';

let broker: Handler | undefined;

export async function main(event: unknown): Promise<WebResponse> {
  broker ??= createBroker({ env: process.env, clock: systemClock, write: (line) => console.log(line) });
  return broker(event);
}
