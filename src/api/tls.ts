import type { Failure } from './retry.js';

const UNTRUSTED = 'its certificate is signed by a certificate authority this runner does not trust';

/**
 * Node's codes for a server certificate the client refused, and what each means. Such a failure is not retried
 * (the certificate will not change in a second) and is not ambiguous: the TLS handshake failed, so nothing was sent.
 */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED,
  SELF_SIGNED_CERT_IN_CHAIN: UNTRUSTED,
  CERT_UNTRUSTED: UNTRUSTED,
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: "its certificate is not valid yet (or the runner's clock is behind)",
  CERT_SIGNATURE_FAILURE: "its certificate's signature does not verify",
};

/** A refused server certificate as a failure naming `host`; undefined for any other error. */
export function certificateFailure(error: unknown, host: string): Failure | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code in CERTIFICATE_PROBLEMS)) return undefined;
  // For a name mismatch, Node puts the certificate on the error: its names are what the user needs to see.
  const names = (error as { cert?: { subjectaltname?: unknown } }).cert?.subjectaltname;
  return { kind: 'certificate', error: error as Error, code, host, names: typeof names === 'string' ? names : undefined };
}

export function describeCertificateFailure(failure: Extract<Failure, { kind: 'certificate' }>): string {
  const { code, host, names } = failure;
  const problem = CERTIFICATE_PROBLEMS[code] as string;
  const what = code === 'ERR_TLS_CERT_ALTNAME_INVALID' && names ? `its certificate is for ${names}, not ${host.replace(/:\d+$/, '')}` : problem;
  return (
    `the TLS connection to ${host} was refused, nothing was sent: ${what} (${code}). ` +
    `If ${host} is reached through a private certificate authority (GitHub Enterprise Server, a TLS-inspecting proxy), ` +
    `set NODE_EXTRA_CA_CERTS in the job's env to a PEM file with that authority's certificate; ` +
    `check that the URL names the host its certificate is for`
  );
}
