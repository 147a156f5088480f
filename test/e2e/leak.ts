// The leak check every e2e test runs, and the per-test world (own fake, own namespace, own jobs) it runs on.
//
// What counts as a secret: every access key the fake created during the test (its secret, `id:secret`, and the
// base64 of `id:secret`, i.e. the basic-auth header), the fake's API token and any other token a test used.
// Where a secret may be: GITHUB_OUTPUT and GITHUB_ENV (that is their job; the API token not even there), and
// raw stdout on `::add-mask::` lines only, the first line holding a value being `::add-mask::<that value>`.
// Nowhere else: not in stderr, the masked log, GITHUB_STATE, the step summary or GITHUB_PATH.
import { afterEach } from 'vitest';
import { FakeGitHub, type GitHubFakeOptions } from '../fake/github/server.js';
import { FakeDigitalOcean, type FakeKey, type FakeOptions, type NamespaceInfo, type NamespaceSeed } from '../fake/server.js';
import { Job, type JobOptions, type StepResult } from './runner.js';

export interface Secret {
  /** What it is, for the failure message (never the value itself). */
  label: string;
  value: string;
  /** May sit in GITHUB_OUTPUT / GITHUB_ENV. */
  mayBeOutput: boolean;
}

/** The forms of an access key that must never reach a log unmasked. */
export function keySecrets(key: { id: string; secret: string }): Secret[] {
  const pair = `${key.id}:${key.secret}`;
  return [
    { label: `secret of ${key.id}`, value: key.secret, mayBeOutput: true },
    { label: `id:secret of ${key.id}`, value: pair, mayBeOutput: true },
    { label: `base64(id:secret) of ${key.id}`, value: Buffer.from(pair).toString('base64'), mayBeOutput: true },
  ];
}

export function tokenSecret(token: string, label = 'API token'): Secret {
  return { label, value: token, mayBeOutput: false };
}

/** Every place in these steps where a secret is where it must not be; [] when clean. */
export function findLeaks(steps: readonly StepResult[], secrets: readonly Secret[]): string[] {
  const problems: string[] = [];
  for (const step of steps) {
    for (const secret of secrets) {
      const { value, label } = secret;
      if (!value) continue;
      const where = (place: string) => problems.push(`${step.name}: ${label} in ${place}`);
      if (step.stderr.includes(value)) where('stderr');
      if (step.maskedLog.includes(value)) where('the masked log');
      if (step.files.state.includes(value)) where('GITHUB_STATE');
      if (step.files.summary.includes(value)) where('the step summary');
      if (step.files.path.includes(value)) where('GITHUB_PATH');
      if (!secret.mayBeOutput) {
        if (step.files.output.includes(value)) where('GITHUB_OUTPUT');
        if (step.files.env.includes(value)) where('GITHUB_ENV');
      }
      const lines = step.stdout.split('\n').map((line) => line.replace(/\r$/, ''));
      const holding = lines.map((line, n) => ({ line, n: n + 1 })).filter(({ line }) => line.includes(value));
      for (const { line, n } of holding) {
        if (!line.startsWith('::add-mask::')) where(`stdout line ${n}, which is not an ::add-mask:: line`);
      }
      const first = holding[0];
      if (first && first.line !== `::add-mask::${value}`) {
        where(`stdout line ${first.n} before its own ::add-mask:: line`);
      }
    }
  }
  return problems;
}

export function assertNoLeaks(steps: readonly StepResult[], secrets: readonly Secret[]): void {
  const problems = findLeaks(steps, secrets);
  if (problems.length) throw new Error(`secrets leaked:\n  ${problems.join('\n  ')}`);
}

/**
 * Records every key the fake creates (through the API or seeded), with its secret, even when the key is
 * deleted again before the test looks. Wraps the fake's state object: the fake has no hook for it.
 */
export function trackKeys(fake: FakeDigitalOcean): () => FakeKey[] {
  const created: FakeKey[] = [];
  const state = (fake as unknown as { state?: Record<string, unknown> }).state;
  for (const method of ['createKey', 'addKey'] as const) {
    const original = state?.[method];
    if (typeof original !== 'function') {
      throw new Error(`leak check: FakeDigitalOcean has no state.${method} any more; update trackKeys()`);
    }
    (state as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const key = (original as (...a: unknown[]) => FakeKey).apply(state, args);
      created.push(key);
      return key;
    };
  }
  return () => [...created];
}

/** Records every token the fake GitHub is told to accept, so the leak check looks for each of them. */
export function trackTokens(github: FakeGitHub): () => string[] {
  const tokens: string[] = [];
  const addToken = github.addToken.bind(github);
  github.addToken = (token, info) => {
    tokens.push(token);
    return addToken(token, info);
  };
  return () => [...tokens];
}

export interface WorldOptions extends FakeOptions {
  namespace?: NamespaceSeed;
  /** Also start a fake GitHub (rotate), with these options (e.g. `tls`, `host`); every token it accepts is scanned for. */
  github?: boolean | GitHubFakeOptions;
}

/** One test's fake, namespace and jobs; `check()` runs the leak check over everything its jobs ran. */
export class World {
  readonly jobs: Job[] = [];
  /** More values that must not leak, e.g. a wrong token a test passed. */
  readonly extraSecrets: Secret[] = [];
  /** More secrets, known only when the check runs (e.g. every OIDC token an issuer signed). */
  readonly secretSources: (() => Secret[])[] = [];
  /** Logs besides the steps' that must hold no secret at all (e.g. the broker's), by what they are. */
  readonly extraLogs: [what: string, lines: () => readonly string[]][] = [];

  private constructor(
    readonly fake: FakeDigitalOcean,
    readonly ns: NamespaceInfo,
    readonly createdKeys: () => FakeKey[],
    readonly github?: FakeGitHub,
  ) {}

  static async start(options: WorldOptions = {}): Promise<World> {
    const { namespace, github: withGitHub, ...fakeOptions } = options;
    const fake = await FakeDigitalOcean.start({ rateLimit: false, ...fakeOptions });
    const created = trackKeys(fake);
    const ns = fake.addNamespace(namespace ?? { label: 'e2e', region: 'nyc1' });
    if (!withGitHub) return new World(fake, ns, created);
    const github = await FakeGitHub.start(withGitHub === true ? {} : withGitHub);
    const tokens = trackTokens(github);
    const world = new World(fake, ns, created, github);
    world.secretSources.push(() => tokens().map((token) => tokenSecret(token, 'GitHub token')));
    return world;
  }

  /** The inputs of a working mint use, overridden by `inputs`; a key set to undefined is left out. */
  inputs(inputs: Record<string, string | undefined> = {}): Record<string, string> {
    const all: Record<string, string | undefined> = { token: this.fake.token, namespace: this.ns.namespace, 'api-url': this.fake.url, ...inputs };
    return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
  }

  job(options: JobOptions = {}): Job {
    const job = new Job(options);
    this.jobs.push(job);
    return job;
  }

  secrets(): Secret[] {
    return [tokenSecret(this.fake.token), ...this.extraSecrets, ...this.secretSources.flatMap((source) => source()), ...this.createdKeys().flatMap(keySecrets)];
  }

  check(): void {
    const secrets = this.secrets();
    assertNoLeaks(
      this.jobs.flatMap((job) => job.actionSteps()),
      secrets,
    );
    const leaks = this.extraLogs.flatMap(([what, lines]) => findLeaksInLines(what, lines(), secrets));
    if (leaks.length) throw new Error(`secrets leaked:\n  ${leaks.join('\n  ')}`);
  }

  async close(): Promise<void> {
    for (const job of this.jobs) job.dispose();
    await Promise.all([this.fake.close(), this.github?.close()]);
  }
}

/**
 * Registers an afterEach that runs the leak check over every world the test started, then closes them.
 * Returns the function a test calls to start its world.
 */
export function e2eWorlds(): (options?: WorldOptions) => Promise<World> {
  let worlds: World[] = [];
  afterEach(async () => {
    const started = worlds;
    worlds = [];
    try {
      for (const world of started) world.check();
    } finally {
      await Promise.all(started.map((world) => world.close()));
    }
  });
  return async (options) => {
    const world = await World.start(options);
    worlds.push(world);
    return world;
  };
}

// ------------------------------------------------------------------------------------------------------------
// The broker (issue 10): OIDC tokens are secrets too, and the broker's own log lines are scanned.
// ------------------------------------------------------------------------------------------------------------

/** Every token an OIDC issuer signed and the runner's request token: secrets that belong in no output either. */
export function oidcSecrets(issuer: { issued: readonly string[]; requestToken: string }): Secret[] {
  return [tokenSecret(issuer.requestToken, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'), ...issuer.issued.map((token, n) => tokenSecret(token, `OIDC token ${n + 1}`))];
}

/** Log lines (the broker's) that hold any secret at all, by line number and label; [] when clean. */
export function findLeaksInLines(what: string, lines: readonly string[], secrets: readonly Secret[]): string[] {
  return lines.flatMap((line, n) => secrets.filter((secret) => secret.value && line.includes(secret.value)).map((secret) => `${what} line ${n + 1}: ${secret.label}`));
}
