// Accounts to render summaries of, seeded into the fake DigitalOcean at a fixed moment, and the action's own mode code
// run in this process against them (API client to Markdown), so a summary here is the one the step would write.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DigitalOceanClient } from '../../src/api/digitalocean.js';
import { Transport } from '../../src/api/transport.js';
import { ActionError } from '../../src/errors.js';
import { readSweepOptions } from '../../src/inputs.js';
import { audit } from '../../src/modes/audit.js';
import { cleanup } from '../../src/modes/cleanup.js';
import type { Core } from '../../src/runner.js';
import { FakeDigitalOcean } from '../fake/server.js';

/** The moment every estate is seen at (and the page's clock, for the gantt chart's today line). */
export const NOW = Date.parse('2026-06-02T09:30:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Estate = 'small' | 'large' | 'hostile';

/** Names and labels that hold everything Markdown, tables, HTML and Mermaid would interpret. */
export const HOSTILE = [
  'pipe | `tick` *star* _under_ \\',
  '<img src=x onerror=alert(1)> &amp;',
  '[link](https://x) ~~s~~ $m$ <b>',
  '# head : colon ; semi #hash',
  '```fence``` **bold** __b__',
  '| --- | --- |',
];

const at = (offset: number) => new Date(NOW + offset).toISOString();

/** Seeds `estate` into a fresh fake. */
async function seeded(estate: Estate): Promise<FakeDigitalOcean> {
  const fake = await FakeDigitalOcean.start({ now: () => NOW, rateLimit: false, recordRequests: false });
  const key = (namespace: string, name: string, age: number, expiresIn: number | null) =>
    fake.addKey(namespace, { name, createdAt: at(-age), expiresAt: expiresIn === null ? null : at(expiresIn) });
  if (estate === 'small') {
    // Every audit rule and every cleanup reason, in a few namespaces a team might have.
    const prod = fake.addNamespace({ label: 'prod', region: 'nyc1', legacy: false }).namespace;
    const staging = fake.addNamespace({ label: 'staging', region: 'ams3', legacy: false }).namespace;
    const legacy = fake.addNamespace({ label: 'reports-legacy', region: 'sfo3', legacy: true }).namespace;
    const gone = fake.addNamespace({ label: 'archive', region: 'fra1', legacy: false }).namespace;
    key(prod, 'ci-deploy-forever', 200 * DAY, null);
    key(prod, 'billing-webhook', 120 * DAY, 30 * DAY);
    key(prod, 'partner-api', 60 * DAY, 2 * DAY);
    key(prod, 'old-cron', 40 * DAY, -5 * DAY);
    key(prod, 'frontend', 5 * DAY, 60 * DAY);
    key(staging, 'gha-acme-app-7312-1-deploy-4f2a9c', 13 * HOUR, 11 * HOUR);
    key(staging, 'gha-acme-app-7390-1-deploy-b81d07', 6 * HOUR, -5 * HOUR);
    key(staging, 'gha-acme-app-7411-1-e2e-9ae310', HOUR, 5 * HOUR);
    key(staging, 'gha-acme-app-7412-1-deploy-c0ffee', 14 * HOUR, 10 * HOUR);
    key(staging, 'qa-manual', 2 * DAY, 80 * DAY);
    key(legacy, 'nightly-export', DAY, 50 * DAY);
    key(gone, 'gha-acme-app-7000-1-deploy-0d15ea', 3 * DAY, -2 * DAY);
    // One namespace that vanishes mid-run, one delete that is refused.
    fake.inject({ method: 'GET', path: `/v2/functions/namespaces/${gone}/keys`, status: 404, times: Infinity });
    const stuck = fake.keys(staging).find((k) => k.name.endsWith('c0ffee'));
    fake.inject({ method: 'DELETE', path: `/v2/functions/namespaces/${staging}/keys/${stuck?.id}`, status: 403, times: Infinity });
  } else if (estate === 'large') {
    // 500 namespaces x 20 keys: a few risky namespaces, many left-behind minted keys, most keys healthy.
    for (let n = 0; n < 500; n++) {
      const ns = fake.addNamespace({ label: `team-${String(n).padStart(3, '0')}`, region: ['nyc1', 'ams3', 'sfo3', 'fra1'][n % 4], legacy: n % 50 === 0 }).namespace;
      for (let k = 0; k < 20; k++) {
        const name = k < 2 ? `gha-acme-svc${n}-${1000 + k}-1-deploy-${(n * 20 + k).toString(16).padStart(6, '0')}` : `service-${k}`;
        if (k < 2) key(ns, name, (k + 1) * 13 * HOUR, k === 0 ? -HOUR : 11 * HOUR);
        else if (n % 7 === 0 && k === 2) key(ns, name, 200 * DAY, null);
        else if (n % 11 === 0 && k === 3) key(ns, name, 30 * DAY, 3 * DAY);
        else key(ns, name, (k + 1) * DAY, 60 * DAY);
      }
    }
  } else {
    HOSTILE.forEach((label, n) => {
      const ns = fake.addNamespace({ label, region: 'nyc1', legacy: n === 0 }).namespace;
      key(ns, `gha-${label}`, 13 * HOUR, -HOUR);
      for (const [i, name] of HOSTILE.entries()) key(ns, name, (i + 1) * 30 * DAY, i % 2 ? null : 3 * DAY);
    });
  }
  return fake;
}

const quiet = () => undefined;

/** Runs audit or cleanup over a freshly seeded estate in this process; returns the Markdown of its job summary. */
export async function sweepSummary(mode: 'audit' | 'cleanup', estate: Estate, inputs: Record<string, string> = {}): Promise<string> {
  const fake = await seeded(estate);
  let markdown = '';
  const summary = {
    addRaw(text: string) {
      markdown += text;
      return summary;
    },
    write: async () => summary,
  };
  const core = { info: quiet, notice: quiet, warning: quiet, error: quiet, debug: quiet, setOutput: quiet, summary } as unknown as Core;
  const clock = { now: () => NOW, sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)), random: Math.random };
  const transport = new Transport({ baseUrl: fake.url, token: fake.token, clock, log: quiet });
  const reportDir = mkdtempSync(join(tmpdir(), 'fak-render-'));
  const read = (name: string) => ({ token: fake.token, 'api-url': fake.url, 'fail-on': 'never', ...inputs })[name] ?? '';
  try {
    await (mode === 'audit' ? audit : cleanup)(readSweepOptions(mode, read, {}), {
      core,
      client: new DigitalOceanClient(transport, quiet),
      clock,
      reportDir,
    });
  } catch (error) {
    // Cleanup fails the step when a delete failed; its summary is written first and is what is checked here.
    if (!(error instanceof ActionError)) throw error;
  } finally {
    transport.dispose();
    await fake.close();
    rmSync(reportDir, { recursive: true, force: true });
  }
  return markdown;
}
