// `npm run demo`: a workflow job against the fake DigitalOcean API on loopback, printed as a workflow log.
// `npm run demo -- audit`: a scheduled audit and a cleanup dry run of a small estate, with the job summary.
// `npm run demo -- broker`: a job that mints through the broker with its OIDC token; no DigitalOcean secret in it.
// Runs the committed dist/ bundles through action.yml exactly as the end-to-end tests do.
import { BrokerHost } from '../test/fake/broker.js';
import { FakeOidcIssuer } from '../test/fake/oidc.js';
import { FakeDigitalOcean } from '../test/fake/server.js';
import { Job, type StepResult } from '../test/e2e/runner.js';

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

/** What the runner shows for a step: masked lines, workflow commands turned into their display form. */
function show(title: string, step: StepResult): void {
  console.log(bold(`\n▶ ${title}`));
  for (const line of step.maskedLog.split('\n')) {
    if (!line || line.startsWith('::add-mask::') || line.startsWith('::debug::')) continue;
    const annotation = /^::(error|warning|notice)[^:]*::(.*)$/.exec(line);
    console.log(annotation ? `${annotation[1][0].toUpperCase()}${annotation[1].slice(1)}: ${annotation[2]}` : `  ${line}`);
  }
  console.log(`  (exit ${step.exitCode}, ${step.durationMs} ms)`);
}

async function mintDemo(fake: FakeDigitalOcean): Promise<void> {
  const namespace = fake.addNamespace({ label: 'demo', region: 'nyc1', legacy: false });
  const job = new Job({ env: { DIGITALOCEAN_ACCESS_TOKEN: fake.token } });
  try {
    console.log(`Fake DigitalOcean API on ${fake.url}; namespace "demo" is ${namespace.namespace}.`);
    console.log(bold('\nworkflow:'));
    console.log(`  - uses: acme/functions-access-key@v1\n    with: { namespace: demo, expiration: 1h, api-url: ${fake.url} }`);
    console.log('  - run: curl -u "$DO_FUNCTIONS_ACCESS_KEY" -X POST "$DO_FUNCTIONS_API_HOST/api/v1/namespaces/_/actions/hello?blocking=true&result=true"');

    const main = await job.uses({ name: 'fnkey', with: { namespace: 'demo', expiration: '1h', 'api-url': fake.url } });
    show('Run acme/functions-access-key@v1', main);

    const invoke = (env: Record<string, string>) =>
      fetch(`${env.DO_FUNCTIONS_API_HOST}/api/v1/namespaces/_/actions/hello?blocking=true&result=true`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(env.DO_FUNCTIONS_ACCESS_KEY ?? '').toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'workflow' }),
      });
    await job.run(async ({ env }) => {
      const response = await invoke(env);
      console.log(bold('\n▶ Run curl -u "$DO_FUNCTIONS_ACCESS_KEY" … /actions/hello'));
      console.log(`  HTTP ${response.status} ${await response.text()}`);
    });

    const [post] = await job.end();
    show('Post Run acme/functions-access-key@v1', post);

    const after = await invoke(job.exported);
    console.log(bold('\nAfter the job:'));
    console.log(`  the same key is refused: HTTP ${after.status}; keys left in "demo": ${fake.keys(namespace.namespace).length}`);
    console.log(`  requests the action sent: ${fake.requests.filter((r) => r.path.startsWith('/v2/')).map((r) => `${r.method} ${r.path.replace(namespace.namespace, '{ns}').replace(/dof_v1_\w+/, '{key}')}`).join(', ')}`);
  } finally {
    job.dispose();
  }
}

async function auditDemo(fake: FakeDigitalOcean): Promise<void> {
  const hour = 3_600_000;
  const at = (offset: number) => new Date(Date.now() + offset).toISOString();
  const prod = fake.addNamespace({ label: 'prod', region: 'nyc1', legacy: false });
  const staging = fake.addNamespace({ label: 'staging', region: 'ams3', legacy: false });
  fake.addNamespace({ label: 'legacy-app', region: 'sfo3', legacy: true });
  const keys: [string, string, number, number | null][] = [
    [prod.namespace, 'ci-deploy-forever', 200 * 24 * hour, null],
    [prod.namespace, 'partner-webhook', 120 * 24 * hour, 30 * 24 * hour],
    [prod.namespace, 'monitoring', 20 * 24 * hour, 3 * 24 * hour],
    [prod.namespace, 'old-cron', 40 * 24 * hour, -2 * 24 * hour],
    [prod.namespace, 'frontend', 5 * 24 * hour, 85 * 24 * hour],
    [staging.namespace, 'gha-acme-app-812-1-deploy-4c1d2e', 30 * hour, -18 * hour],
    [staging.namespace, 'gha-acme-app-907-1-test-9a0b1c', hour / 2, hour / 2],
  ];
  for (const [namespace, name, age, expiresIn] of keys) {
    fake.addKey(namespace, { name, createdAt: at(-age), expiresAt: expiresIn === null ? null : at(expiresIn) });
  }
  for (const mode of ['audit', 'cleanup']) {
    const job = new Job({ env: { DIGITALOCEAN_ACCESS_TOKEN: fake.token } });
    try {
      const inputs = { mode, namespace: '*', 'api-url': fake.url, ...(mode === 'cleanup' && { 'dry-run': 'true' }) };
      console.log(bold(`\nworkflow:`) + `\n  - uses: acme/functions-access-key@v1\n    with: ${JSON.stringify(inputs)}`);
      const main = await job.uses({ with: inputs });
      show(`Run acme/functions-access-key@v1 (${mode})`, main);
      console.log(bold('\nJob summary (Markdown):\n'));
      console.log(main.summary);
    } finally {
      job.dispose();
    }
  }
}

async function brokerDemo(fake: FakeDigitalOcean): Promise<void> {
  const namespace = fake.addNamespace({ label: 'widgets-prod', region: 'nyc1', legacy: false });
  const oidc = await FakeOidcIssuer.start();
  const policy = { rules: [{ name: 'deploy-main', namespaces: ['widgets-prod'], repository_id: oidc.run.repository_id, ref: 'refs/heads/main', event_name: 'push', max_expiration: '1h' }] };
  // The broker holds the API token; the job has only `permissions: id-token: write` (the runner's token request env).
  const broker = await BrokerHost.start({ env: { DIGITALOCEAN_TOKEN: fake.token, BROKER_POLICY: JSON.stringify(policy), OIDC_ISSUER: oidc.url, API_URL: fake.url } });
  const job = new Job({ env: oidc.runnerEnv, repository: oidc.run.repository, runId: oidc.run.run_id });
  try {
    console.log(`Fake DigitalOcean API on ${fake.url}; fake GitHub OIDC issuer on ${oidc.url}; the broker (broker/…/index.js) on ${broker.url}.`);
    console.log(bold('\nbroker policy (BROKER_POLICY):'));
    console.log(`  ${JSON.stringify(policy)}`);
    console.log(bold('\nworkflow (no DigitalOcean secret):'));
    console.log(`  permissions: { id-token: write, contents: read }\n  - uses: acme/functions-access-key@v1\n    with: { broker-url: ${broker.url}, namespace: widgets-prod, expiration: 1h }`);
    const inputs = { 'broker-url': broker.url, namespace: 'widgets-prod', expiration: '1h' };
    show('Run acme/functions-access-key@v1', await job.uses({ name: 'fnkey', with: inputs }));
    console.log(bold('\n▶ Run curl -u "$DO_FUNCTIONS_ACCESS_KEY" … /actions/hello'));
    await job.run(async ({ env }) => {
      const response = await fetch(`${env.DO_FUNCTIONS_API_HOST}/api/v1/namespaces/_/actions/hello?blocking=true&result=true`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(env.DO_FUNCTIONS_ACCESS_KEY ?? '').toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'broker' }),
      });
      console.log(`  HTTP ${response.status} ${await response.text()}`);
    });
    const [post] = await job.end();
    show('Post Run acme/functions-access-key@v1', post);
    console.log(bold('\nThe broker\'s log (one line per decision):'));
    for (const line of broker.logs) console.log(`  ${line}`);

    // Another repository's workflow, with a perfectly valid token for the broker's audience.
    oidc.run = { ...oidc.run, repository: 'mallory/widgets', repository_id: '666', repository_owner: 'mallory', repository_owner_id: '667' };
    const intruder = new Job({ env: oidc.runnerEnv, repository: 'mallory/widgets' });
    try {
      console.log(bold('\nThe same step in mallory/widgets:'));
      show('Run acme/functions-access-key@v1', await intruder.uses({ with: inputs }));
      await intruder.end();
    } finally {
      intruder.dispose();
    }
    console.log(bold('\nAfter both jobs:'));
    console.log(`  keys left in "widgets-prod": ${fake.keys(namespace.namespace).length}; the DigitalOcean token never left the broker.`);
  } finally {
    job.dispose();
    await broker.close();
    await oidc.close();
  }
}

const fake = await FakeDigitalOcean.start({ latencyMs: 20 });
try {
  await (process.argv.includes('audit') ? auditDemo(fake) : process.argv.includes('broker') ? brokerDemo(fake) : mintDemo(fake));
} finally {
  await fake.close();
}
