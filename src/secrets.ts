import { readToken } from './inputs.js';
import type { Core } from './runner.js';

/** Inputs that hold a token, whatever the mode: masked before any input is parsed or anything printed. */
const TOKEN_INPUTS = ['github-token'];

/** Masks the DigitalOcean token (input or `DIGITALOCEAN_ACCESS_TOKEN`) and every other token input. */
export function maskInputTokens(core: Pick<Core, 'getInput' | 'setSecret'>, env: Record<string, string | undefined>): void {
  for (const token of [readToken(core.getInput, env), ...TOKEN_INPUTS.map((name) => core.getInput(name))]) {
    if (token) core.setSecret(token);
  }
}

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
