// Shared by the rotate end-to-end tests: a world with the fake DigitalOcean and the fake GitHub (Actions secrets),
// keys and a stored secret seeded by age, and a rotate step run as the runner runs it (main, then post).
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { FakeSecrets, type Scope } from '../fake/github/secrets.js';
import type { TokenInfo } from '../fake/github/server.js';
import type { FakeKey } from '../fake/server.js';
import type { World, WorldOptions } from './leak.js';
import type { StepResult } from './runner.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const SECRET = 'DO_FUNCTIONS_ACCESS_KEY';
export const REPO: Scope = { repo: 'acme/app' };
export const ENVIRONMENT: Scope = { repo: 'acme/app', environment: 'production' };
export const ORG: Scope = { org: 'acme' };
const ALL: TokenInfo = { kind: 'pat', permissions: { secrets: 'write', environments: 'write', organization_secrets: 'write', metadata: 'read' } };

export interface RotateRun {
  main: StepResult;
  post: StepResult;
}

export class RotateWorld {
  /** A fine-grained token that may write every kind of secret. */
  readonly token: string;

  constructor(
    readonly w: World,
    readonly secrets: FakeSecrets,
  ) {
    this.token = this.addToken(ALL);
  }

  /** `options` start the fakes differently, e.g. over TLS (`tls`, `host`, and `github: { tls, host }`). */
  static async start(world: (options?: WorldOptions) => Promise<World>, options: WorldOptions = {}): Promise<RotateWorld> {
    const w = await world({ github: true, namespace: { label: 'widgets-prod', region: 'nyc1', legacy: false }, ...options });
    const secrets = await FakeSecrets.attach(w.github!);
    secrets.addRepository('acme/app', ['production']);
    secrets.addRepository('acme/partner');
    secrets.addOrganization('acme');
    return new RotateWorld(w, secrets);
  }

  addToken(info: TokenInfo): string {
    return this.w.github!.addToken(`github_pat_${randomBytes(20).toString('hex')}`, info);
  }

  /** A managed key created `age` ago that expires `expiresIn` from now (null: never). */
  key(name: string, age: number, expiresIn: number | null = 90 * DAY - age): FakeKey {
    const at = (offset: number) => new Date(Date.now() + offset).toISOString();
    return this.w.fake.addKey(this.w.ns.namespace, { name, createdAt: at(-age), expiresAt: expiresIn === null ? null : at(expiresIn) });
  }

  /** The secret as a run stored it `age` ago, holding `key`. */
  store(key: FakeKey, age: number, scope: Scope = REPO, options: Parameters<FakeSecrets['setSecret']>[3] = {}): void {
    const at = new Date(Date.now() - age).toISOString();
    this.secrets.setSecret(scope, SECRET, `${key.id}:${key.secret}`, { createdAt: at, updatedAt: at, ...options });
  }

  /** The held key `age` old, stored in the secret a few seconds after it was created. */
  held(age: number, scope: Scope = REPO, name = 'partner-deploy-aaaaaa'): FakeKey {
    const key = this.key(name, age);
    this.store(key, age - 5_000, scope);
    return key;
  }

  /** What the secret holds now, as `id:secret`. */
  stored(scope: Scope = REPO): string | undefined {
    return this.secrets.secret(scope, SECRET)?.value;
  }

  keys(): FakeKey[] {
    return this.w.fake.keys(this.w.ns.namespace);
  }

  inputs(extra: Record<string, string | undefined> = {}): Record<string, string> {
    return this.w.inputs({ mode: 'rotate', 'key-name': 'partner-deploy', 'secret-name': SECRET, 'github-token': this.token, ...extra });
  }

  /** One job with a rotate step; GITHUB_API_URL points at the fake GitHub (`ghes`: its /api/v3 base). */
  async run(extra: Record<string, string | undefined> = {}, options: { ghes?: boolean; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RotateRun> {
    const github = this.w.github!;
    const job = this.w.job({ env: { GITHUB_API_URL: options.ghes ? github.ghesUrl : github.url, ...options.env }, timeoutMs: options.timeoutMs });
    const main = await job.uses({ with: this.inputs(extra) });
    const [post] = await job.end();
    expect(post!.exitCode, post!.stdout).toBe(0);
    expect(post!.maskedLog).toContain('Nothing to delete: rotate keeps the key it stored in the secret');
    return { main, post: post as StepResult };
  }
}

/** The key the secret holds after a run, from the fake's decrypted value. */
export function heldKey(rw: RotateWorld, scope: Scope = REPO): FakeKey | undefined {
  const value = rw.stored(scope);
  return rw.keys().find((key) => `${key.id}:${key.secret}` === value);
}

/** Writes to either API: none in a dry run. */
export function writes(rw: RotateWorld): string[] {
  const github = rw.w.github!.writes().map((r) => `GitHub ${r.method} ${r.path}`);
  const digitalocean = rw.w.fake.requests.filter((r) => r.method !== 'GET').map((r) => `DigitalOcean ${r.method} ${r.path}`);
  return [...github, ...digitalocean];
}
