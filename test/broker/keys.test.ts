// Key names: the run they belong to shows, a token's key is found by name, and only its own run may delete it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/api/clock.js';
import { DigitalOceanClient, type Namespace } from '../../src/api/digitalocean.js';
import { ExpiryError } from '../../src/api/expiry.js';
import { Transport } from '../../src/api/transport.js';
import { findMinted, keyName, mintKey, mintedForRun } from '../../src/broker/keys.js';
import type { Claims } from '../../src/broker/policy.js';
import { FakeDigitalOcean } from '../fake/server.js';

const RUN: Claims = { iss: 'https://token.actions.githubusercontent.com', repository: 'acme/widgets', repository_id: '100', run_id: '4242', run_attempt: '1', jti: 'jti-1' };

describe('keyName', () => {
  it('is gha-<repository>-<run>-<attempt>- and two 8-hex tags, the same for the same token', () => {
    expect(keyName(RUN)).toMatch(/^gha-acme-widgets-4242-1-[0-9a-f]{16}$/);
    expect(keyName({ ...RUN })).toBe(keyName(RUN));
  });

  it('differs for another token of the same run only in the last tag', () => {
    const other = keyName({ ...RUN, jti: 'jti-2' });
    expect(other).not.toBe(keyName(RUN));
    expect(other.slice(0, -8)).toBe(keyName(RUN).slice(0, -8));
  });

  it.each<[string, Claims]>([
    ['another attempt', { ...RUN, run_attempt: '2' }],
    ['another run', { ...RUN, run_id: '4243' }],
    ['a re-created repository of the same name', { ...RUN, repository_id: '101' }],
    ['another issuer', { ...RUN, iss: 'https://ghe.example/_services/token' }],
  ])('has another run tag for %s', (_, claims) => {
    expect(keyName(claims).slice(0, -8)).not.toBe(keyName(RUN).slice(0, -8));
  });

  it('stays within 63 characters and keeps only name-safe characters', () => {
    const long = keyName({ ...RUN, repository: `org/${'very.long_name'.repeat(8)}`, run_id: '99999999999' });
    expect(long.length).toBe(63);
    expect(long).toMatch(/^gha-org-very\.long_name[\w.-]+-[0-9a-f]{16}$/);
    expect(keyName({ ...RUN, repository: 'a b//c' })).toMatch(/^gha-a-b-c-4242-1-[0-9a-f]{16}$/);
    // A body cut at a dot or dash does not end in one.
    const cut = keyName({ ...RUN, repository: `o/${'x'.repeat(36)}-.-.-`, run_id: '1' });
    expect(cut).toMatch(/^gha-o-x{36}-[0-9a-f]{16}$/);
  });
});

describe('mintedForRun', () => {
  const name = keyName(RUN);
  it('is true for any key of the run, whichever token minted it', () => {
    expect(mintedForRun(name, { ...RUN, jti: 'another' })).toBe(true);
  });
  it.each<[string, string, Claims]>([
    ['another run', name, { ...RUN, run_id: '1' }],
    ['another attempt', name, { ...RUN, run_attempt: '2' }],
    ['a name with more after the run', `${name}0`, RUN],
    ['a name with less', name.slice(0, -1), RUN],
    ['a token tag that is not hex', `${name.slice(0, -8)}zzzzzzzz`, RUN],
    ['a key made by hand', 'gha-acme-widgets-4242-1-deploy-abc123', RUN],
  ])('is false for %s', (_, keyNameValue, claims) => {
    expect(mintedForRun(keyNameValue, claims)).toBe(false);
  });
});

describe('against DigitalOcean', () => {
  let fake: FakeDigitalOcean;
  let client: DigitalOceanClient;
  let transport: Transport;
  let namespaces: Namespace[];
  beforeEach(async () => {
    fake = await FakeDigitalOcean.start({ rateLimit: false });
    fake.addNamespace({ label: 'a' });
    fake.addNamespace({ label: 'b' });
    transport = new Transport({ baseUrl: fake.url, token: fake.token, clock: systemClock, log: () => undefined });
    client = new DigitalOceanClient(transport, () => undefined);
    namespaces = await client.listNamespaces();
  });
  afterEach(async () => {
    transport.dispose();
    await fake.close();
  });

  it('finds the key minted for a token in any of the namespaces, and nothing for another token', async () => {
    const [a, b] = namespaces as [Namespace, Namespace];
    const key = await mintKey(client, systemClock, { namespace: b, claims: RUN, expiresIn: '2h', hours: 2 });
    expect(key.name).toBe(keyName(RUN));
    expect(Date.parse(key.expires_at!) - Date.parse(key.created_at)).toBe(2 * 3_600_000);
    expect((await findMinted(client, [a, b], RUN))?.id).toBe(key.id);
    expect(await findMinted(client, [a], RUN)).toBeUndefined();
    expect(await findMinted(client, [a, b], { ...RUN, jti: 'jti-2' })).toBeUndefined();
  });

  it('deletes a key DigitalOcean made longer-lived than asked, and throws', async () => {
    fake.expiryOverride = () => '3h';
    const [a] = namespaces as [Namespace];
    await expect(mintKey(client, systemClock, { namespace: a, claims: RUN, expiresIn: '2h', hours: 2 })).rejects.toThrow(ExpiryError);
    expect(fake.keys(a.namespace)).toEqual([]);
    expect(fake.count({ method: 'DELETE' })).toBe(1);
  });
});
