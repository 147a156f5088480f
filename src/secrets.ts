import type { Core } from './runner.js';

/**
 * Registers every form in which the key could appear in a log. The runner masks some encodings of a
 * registered value by itself, but not an `id:secret` pair or its base64 (the basic-auth header), so
 * those are registered too. Call before anything that could print them.
 */
export function maskAccessKey(core: Pick<Core, 'setSecret'>, id: string, secret: string): void {
  const pair = `${id}:${secret}`;
  core.setSecret(secret);
  core.setSecret(pair);
  core.setSecret(Buffer.from(pair).toString('base64'));
}
