// Starts the fake for the demo or manual poking:
//   tsx test/fake/cli.ts [--port N] [--latency MS] [--seed demo|none]
// Prints one JSON line {url, token, namespaces} on stdout and runs until SIGTERM/SIGINT.
import { parseArgs } from 'node:util';
import { FakeDigitalOcean } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    latency: { type: 'string', default: '0' },
    seed: { type: 'string', default: 'demo' },
  },
});

const port = Number(values.port);
const latencyMs = Number(values.latency);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${values.port}`);
if (!(latencyMs >= 0)) throw new Error(`bad --latency ${values.latency}`);
if (values.seed !== 'demo' && values.seed !== 'none') throw new Error(`bad --seed ${values.seed} (demo or none)`);

const fake = await FakeDigitalOcean.start({ port, latencyMs });
const namespaces = values.seed === 'demo' ? [fake.addNamespace({ label: 'demo', region: 'nyc1' })] : [];
process.stdout.write(`${JSON.stringify({ url: fake.url, token: fake.token, namespaces })}\n`);

const stop = (): void => {
  void fake.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
