// Vitest setup file, in every test worker: trust the CA of test/setup/tls.ts also where the worker started before
// NODE_EXTRA_CA_CERTS was set (Stryker runs vitest in processes of its own). Node 22.15+ can add a CA at run time;
// on Node 20 the workers are started after the global setup and inherit NODE_EXTRA_CA_CERTS.
import tls from 'node:tls';
import { inject } from 'vitest';

const pem = inject('testCaPem');
const runtime = tls as typeof tls & { setDefaultCACertificates?: (certs: string[]) => void; getCACertificates?: (kind: string) => string[] };
if (pem && runtime.setDefaultCACertificates && runtime.getCACertificates && !runtime.getCACertificates('default').includes(pem.trim())) {
  runtime.setDefaultCACertificates([...runtime.getCACertificates('default'), pem]);
}
