// The transport over HTTPS against the fake on loopback: a certificate the runner trusts works; one it must refuse
// fails at once (no retry, nothing sent) with an error that names the host, Node's code and NODE_EXTRA_CA_CERTS.
// The trusted CA comes from test/setup/tls.ts; the untrusted ones are made here.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Clock } from '../../src/api/clock.js';
import { isAmbiguous, isRetryable } from '../../src/api/retry.js';
import { certificateFailure, describeCertificateFailure } from '../../src/api/tls.js';
import { ApiError, Transport } from '../../src/api/transport.js';
import { FakeDigitalOcean } from '../fake/server.js';
import { type ServerCredentials, TestCa } from '../fake/tls.js';

const sleeps: number[] = [];
const clock: Clock = { now: () => 0, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 };

let stranger: TestCa;
beforeAll(async () => {
  stranger = await TestCa.create('a CA nobody trusts');
});
afterAll(() => stranger.dispose());

let fake: FakeDigitalOcean | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  transport?.dispose();
  await fake?.close();
  sleeps.length = 0;
});

async function listOver(tls: ServerCredentials, host?: string): Promise<unknown> {
  fake = await FakeDigitalOcean.start({ rateLimit: false, tls, host });
  transport = new Transport({ baseUrl: fake.url, token: fake.token, clock, log: () => undefined });
  return transport.request('GET', '/v2/functions/namespaces').catch((error: unknown) => error);
}

describe('HTTPS', () => {
  it('works with a certificate from a CA in NODE_EXTRA_CA_CERTS, one full handshake for several requests', async () => {
    fake = await FakeDigitalOcean.start({ rateLimit: false, tls: inject('trustedTls'), host: 'localhost' });
    expect(fake.url).toMatch(/^https:\/\/localhost:\d+$/);
    transport = new Transport({ baseUrl: fake.url, token: fake.token, clock, log: () => undefined });
    for (let i = 0; i < 3; i++) expect((await transport.request('GET', '/v2/functions/namespaces')).status).toBe(200);
    expect(fake.tlsHandshakes).toEqual({ full: 1, resumed: 0 });
  });

  it.each([
    ['a certificate for another host', () => inject('wrongHostTls'), 'ERR_TLS_CERT_ALTNAME_INVALID', /its certificate is for DNS:wrong\.example, not 127\.0\.0\.1/],
    ['an untrusted CA (leaf only)', () => stranger.issue(undefined, { withRoot: false }), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', /signed by a certificate authority this runner does not trust/],
    ['an untrusted CA (chain with its root)', () => stranger.issue(), 'SELF_SIGNED_CERT_IN_CHAIN', /signed by a certificate authority this runner does not trust/],
    ['a self-signed certificate', () => TestCa.selfSigned(), 'DEPTH_ZERO_SELF_SIGNED_CERT', /its certificate is self-signed/],
  ])('refuses %s at once, naming the host, the code and NODE_EXTRA_CA_CERTS', async (_, credentials, code, what) => {
    const error = await listOver(await credentials());
    expect(error).toBeInstanceOf(ApiError);
    const { message, failure } = error as ApiError;
    const host = new URL((fake as FakeDigitalOcean).url).host;
    expect(message).toContain(`GET /v2/functions/namespaces failed: the TLS connection to ${host} was refused, nothing was sent`);
    expect(message).toMatch(what);
    expect(message).toContain(`(${code})`);
    expect(message).toContain('set NODE_EXTRA_CA_CERTS');
    expect(failure).toMatchObject({ kind: 'certificate', code, host });
    expect(isRetryable(failure) || isAmbiguous(failure)).toBe(false);
    // Neither retried nor sent.
    expect(sleeps).toEqual([]);
    expect(fake?.requests).toEqual([]);
  });
});

describe('certificate failures', () => {
  it.each([
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'its certificate is signed by a certificate authority this runner does not trust'],
    ['UNABLE_TO_GET_ISSUER_CERT', 'its certificate is signed by a certificate authority this runner does not trust'],
    ['CERT_UNTRUSTED', 'its certificate is signed by a certificate authority this runner does not trust'],
    ['CERT_HAS_EXPIRED', 'its certificate has expired'],
    ['CERT_NOT_YET_VALID', "its certificate is not valid yet (or the runner's clock is behind)"],
    ['CERT_SIGNATURE_FAILURE', "its certificate's signature does not verify"],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'its certificate is for another host name'],
  ])('explain %s', (code, text) => {
    const failure = certificateFailure(Object.assign(new Error('x'), { code }), 'api.example:443');
    expect(failure).toMatchObject({ kind: 'certificate', code, host: 'api.example:443', names: undefined });
    expect(describeCertificateFailure(failure as never)).toBe(
      `the TLS connection to api.example:443 was refused, nothing was sent: ${text} (${code}). If api.example:443 is reached through a private certificate authority (GitHub Enterprise Server, a TLS-inspecting proxy), set NODE_EXTRA_CA_CERTS in the job's env to a PEM file with that authority's certificate; check that the URL names the host its certificate is for`,
    );
  });

  it('leave every other error to the network kind', () => {
    for (const error of [Object.assign(new Error('x'), { code: 'ECONNRESET' }), new Error('no code'), 'text', null, { code: 42 }]) {
      expect(certificateFailure(error, 'h')).toBeUndefined();
    }
  });
});
