// The sealed box GitHub opens: libsodium's crypto_box_seal against the target's public key.
import sodium from 'libsodium-wrappers';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/errors.js';
import { seal } from '../../../src/modes/rotate/seal.js';

describe('seal', () => {
  it('seals so that only the private key opens it, differently each time', async () => {
    await sodium.ready;
    const pair = sodium.crypto_box_keypair();
    const publicKey = Buffer.from(pair.publicKey).toString('base64');
    const a = await seal('dof_v1_x:secret ✓', publicKey);
    const b = await seal('dof_v1_x:secret ✓', publicKey);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const opened = sodium.crypto_box_seal_open(Buffer.from(a, 'base64'), pair.publicKey, pair.privateKey);
    expect(Buffer.from(opened).toString('utf8')).toBe('dof_v1_x:secret ✓');
    expect(Buffer.from(a, 'base64')).toHaveLength(Buffer.byteLength('dof_v1_x:secret ✓') + sodium.crypto_box_SEALBYTES);
  });

  it.each([['not base64 at all!'], [Buffer.alloc(31).toString('base64')], [Buffer.alloc(33).toString('base64')], ['']])('refuses a public key that is not 32 bytes: %s', async (key) => {
    const error = await seal('v', key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toBe("GitHub's public key for the secret is not a base64 32-byte X25519 key; nothing was stored.");
  });
});
