// A throwaway PKI for the fakes' TLS: a CA and server certificates made when a test starts (ECDSA P-256 through
// Node's WebCrypto, X.509 by @peculiar/x509), never a private key checked in. The action trusts the CA the way a
// GitHub Enterprise Server user with a private CA does: NODE_EXTRA_CA_CERTS names a PEM file holding it.
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

x509.cryptoProvider.set(webcrypto as never);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;

/** What an HTTPS server needs: its key and certificate chain, in PEM. */
export interface ServerCredentials {
  key: string;
  cert: string;
}

/** The names a fake is reached by on loopback, all of which its default certificate covers. */
export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];

let serial = 1;

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function pemKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').trim()}\n-----END PRIVATE KEY-----\n`;
}

function altNames(names: readonly string[]): x509.SubjectAlternativeNameExtension {
  return new x509.SubjectAlternativeNameExtension(names.map((name) => ({ type: isIP(name) ? 'ip' : 'dns', value: name })));
}

/** A certificate authority of its own; `caFile` is the PEM file to put in NODE_EXTRA_CA_CERTS. */
export class TestCa {
  private constructor(
    readonly name: string,
    readonly certificate: x509.X509Certificate,
    private readonly keys: CryptoKeyPair,
    private readonly dir: string,
    readonly caFile: string,
  ) {}

  static async create(name = 'functions-access-key test CA'): Promise<TestCa> {
    const keys = await keyPair();
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: String(serial++).padStart(2, '0'),
      name: `CN=${name}`,
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date(Date.now() + 7 * DAY),
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'fak-ca-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, `${certificate.toString('pem')}\n`);
    return new TestCa(name, certificate, keys, dir, caFile);
  }

  get pem(): string {
    return this.certificate.toString('pem');
  }

  /**
   * A server certificate for these DNS names and IP addresses, signed by this CA. The chain holds the CA too unless
   * `withRoot` is false (a client that does not trust the CA then says UNABLE_TO_VERIFY_LEAF_SIGNATURE rather than
   * SELF_SIGNED_CERT_IN_CHAIN).
   */
  async issue(names: readonly string[] = LOOPBACK_NAMES, { withRoot = true } = {}): Promise<ServerCredentials> {
    const keys = await keyPair();
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: String(serial++).padStart(2, '0'),
      subject: `CN=${names[0] ?? 'server'}`,
      issuer: this.certificate.subject,
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date(Date.now() + 7 * DAY),
      publicKey: keys.publicKey,
      signingKey: this.keys.privateKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        altNames(names),
        await x509.AuthorityKeyIdentifierExtension.create(this.keys.publicKey),
      ],
    });
    return { key: await pemKey(keys.privateKey), cert: `${certificate.toString('pem')}\n${withRoot ? `${this.pem}\n` : ''}` };
  }

  /** A certificate that signs itself (no CA at all): DEPTH_ZERO_SELF_SIGNED_CERT to any client. */
  static async selfSigned(names: readonly string[] = LOOPBACK_NAMES): Promise<ServerCredentials> {
    const keys = await keyPair();
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: String(serial++).padStart(2, '0'),
      name: `CN=${names[0] ?? 'server'}`,
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date(Date.now() + 7 * DAY),
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [altNames(names)],
    });
    return { key: await pemKey(keys.privateKey), cert: certificate.toString('pem') };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
