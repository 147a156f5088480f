// Vitest global setup: a throwaway CA that the test processes trust, as a runner with NODE_EXTRA_CA_CERTS would.
// It runs before the test workers start, so worker processes inherit NODE_EXTRA_CA_CERTS (Node reads it only at
// start-up); workers that already run (Stryker's) trust it through test/setup/trust.ts. The server credentials the
// unit tests use are handed over with provide/inject. The end-to-end tests do not rely on it: the runner stand-in
// gives the action a clean environment, and each test brings its own CA.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import type { TestProject } from 'vitest/node';
import { LOOPBACK_NAMES, type ServerCredentials, TestCa } from '../fake/tls.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The CA's certificate, PEM. */
    testCaPem: string;
    /** Loopback names (127.0.0.1, localhost, ::1), signed by the CA the test processes trust. */
    trustedTls: ServerCredentials;
    /** Signed by that CA too, for wrong.example only. */
    wrongHostTls: ServerCredentials;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const ca = await TestCa.create();
  // Keep whatever extra CAs the developer's machine already trusts.
  const own = process.env.NODE_EXTRA_CA_CERTS ? readFileSync(process.env.NODE_EXTRA_CA_CERTS, 'utf8') : '';
  const bundle = join(dirname(ca.caFile), 'bundle.pem');
  writeFileSync(bundle, `${own}\n${ca.pem}\n`);
  process.env.NODE_EXTRA_CA_CERTS = bundle;
  project.provide('testCaPem', ca.pem);
  project.provide('trustedTls', await ca.issue(LOOPBACK_NAMES));
  project.provide('wrongHostTls', await ca.issue(['wrong.example']));
  return () => ca.dispose();
}
