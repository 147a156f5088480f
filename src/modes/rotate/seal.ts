import sodium from 'libsodium-wrappers';
import { ActionError } from '../../errors.js';

/**
 * Seals a value for GitHub Actions secrets: libsodium's sealed box (`crypto_box_seal`) against the target's
 * X25519 public key, base64 in and out, as GitHub's documentation does it. Only GitHub can open it.
 */
export async function seal(value: string, publicKey: string): Promise<string> {
  await sodium.ready;
  let key: Uint8Array;
  try {
    key = sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL);
  } catch {
    key = new Uint8Array();
  }
  if (key.length !== sodium.crypto_box_PUBLICKEYBYTES) {
    throw new ActionError(`GitHub's public key for the secret is not a base64 ${sodium.crypto_box_PUBLICKEYBYTES}-byte X25519 key; nothing was stored.`);
  }
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key), sodium.base64_variants.ORIGINAL);
}
