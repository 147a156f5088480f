// `npm run demo`: a workflow job against the fake DigitalOcean API on loopback, printed as a workflow log.
// Runs the committed dist/ bundles through action.yml exactly as the end-to-end tests do.
import { FakeDigitalOcean } from '../test/fake/server.js';
import { Job, type StepResult } from '../test/e2e/runner.js';

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

/** What the runner shows for a step: masked lines, workflow commands turned into their display form. */
function show(title: string, step: StepResult): void {
  console.log(bold(`\n▶ ${title}`));
  for (const line of step.maskedLog.split('\n')) {
    if (!line || line.startsWith('::add-mask::')) continue;
    const annotation = /^::(error|warning|notice)[^:]*::(.*)$/.exec(line);
    console.log(annotation ? `${annotation[1][0].toUpperCase()}${annotation[1].slice(1)}: ${annotation[2]}` : `  ${line}`);
  }
  console.log(`  (exit ${step.exitCode}, ${step.durationMs} ms)`);
}

const fake = await FakeDigitalOcean.start({ latencyMs: 20 });
const namespace = fake.addNamespace({ label: 'demo', region: 'nyc1' });
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
  await fake.close();
}
