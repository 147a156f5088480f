// GitHub Actions secrets on the fake GitHub: repository, environment and organization secrets, each target with
// its own X25519 key pair (libsodium). A stored value is opened with the private key, so tests can assert the
// plaintext. Paths as @octokit/plugin-rest-endpoint-methods calls them (environments under /repos/{owner}/{repo}).
// Permissions as GitHub's docs list them for fine-grained tokens: `secrets` for repository secrets, `secrets` and
// `environments` for environment secrets, `organization_secrets` for organization secrets.
import sodium from 'libsodium-wrappers';
import { isoSeconds } from '../state.js';
import { type Ctx, type FakeGitHub, type Level, type Reply, error, requirePermission } from './server.js';

export type Visibility = 'all' | 'private' | 'selected';

/** A repository (`owner/repo`), one of its environments, or an organization. */
export type Scope = { repo: string; environment?: string } | { org: string };

export interface StoredSecret {
  name: string;
  /** The plaintext: what the fake opened from the sealed value, or what a test seeded. */
  value: string;
  createdAtMs: number;
  updatedAtMs: number;
  /** Organization secrets only. */
  visibility?: Visibility;
  selectedRepositoryIds?: number[];
}

interface Store {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
  /** By upper-case name: GitHub's secret names are case-insensitive. */
  secrets: Map<string, StoredSecret>;
}

export interface SeedOptions {
  createdAt?: string;
  updatedAt?: string;
  visibility?: Visibility;
  /** `owner/repo` of repositories added with addRepository. */
  selectedRepositories?: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SEGMENT = '([^/]+)';

export class FakeSecrets {
  private readonly stores = new Map<string, Store>();
  private readonly repositories = new Map<string, { id: number; environments: Set<string> }>();
  private readonly orgs = new Set<string>();
  private nextId = 1_296_269;

  private constructor(private readonly github: FakeGitHub) {
    const repo = `/repos/${SEGMENT}/${SEGMENT}`;
    const env = `${repo}/environments/${SEGMENT}`;
    const org = `/orgs/${SEGMENT}`;
    const route = (method: string, path: string, handler: (ctx: Ctx, parts: string[]) => Reply) =>
      github.route(method, new RegExp(`^${path}$`), (ctx, match) => handler(ctx, match.slice(1).map(decodeURIComponent)));
    // Public keys first: `public-key` would otherwise match as a secret name.
    route('GET', `${repo}/actions/secrets/public-key`, (ctx, [o, r]) => this.publicKeyReply(ctx, { repo: `${o}/${r}` }));
    route('GET', `${env}/secrets/public-key`, (ctx, [o, r, e]) => this.publicKeyReply(ctx, { repo: `${o}/${r}`, environment: e }));
    route('GET', `${org}/actions/secrets/public-key`, (ctx, [o]) => this.publicKeyReply(ctx, { org: o as string }));
    route('GET', `${org}/actions/secrets/${SEGMENT}/repositories`, (ctx, [o, name]) => this.selectedReply(ctx, o as string, name as string));
    route('GET', `${repo}/actions/secrets/${SEGMENT}`, (ctx, [o, r, name]) => this.getReply(ctx, { repo: `${o}/${r}` }, name as string));
    route('GET', `${env}/secrets/${SEGMENT}`, (ctx, [o, r, e, name]) => this.getReply(ctx, { repo: `${o}/${r}`, environment: e }, name as string));
    route('GET', `${org}/actions/secrets/${SEGMENT}`, (ctx, [o, name]) => this.getReply(ctx, { org: o as string }, name as string));
    route('PUT', `${repo}/actions/secrets/${SEGMENT}`, (ctx, [o, r, name]) => this.putReply(ctx, { repo: `${o}/${r}` }, name as string));
    route('PUT', `${env}/secrets/${SEGMENT}`, (ctx, [o, r, e, name]) => this.putReply(ctx, { repo: `${o}/${r}`, environment: e }, name as string));
    route('PUT', `${org}/actions/secrets/${SEGMENT}`, (ctx, [o, name]) => this.putReply(ctx, { org: o as string }, name as string));
  }

  /** Registers the secrets routes on a fake GitHub. */
  static async attach(github: FakeGitHub): Promise<FakeSecrets> {
    await sodium.ready;
    return new FakeSecrets(github);
  }

  /** Adds a repository (`owner/repo`) and its environments; returns its numeric ID. */
  addRepository(fullName: string, environments: string[] = []): number {
    const id = this.nextId++;
    this.repositories.set(fullName.toLowerCase(), { id, environments: new Set(environments) });
    return id;
  }

  addOrganization(org: string): void {
    this.orgs.add(org.toLowerCase());
  }

  /** Seeds a secret with a plaintext value, as if someone had stored it at `updatedAt`. */
  setSecret(scope: Scope, name: string, value: string, options: SeedOptions = {}): StoredSecret {
    const store = this.store(scope);
    if (!store) throw new Error(`fake: no such ${describe(scope)}`);
    const now = this.github.now();
    const secret: StoredSecret = {
      name: name.toUpperCase(),
      value,
      createdAtMs: options.createdAt ? Date.parse(options.createdAt) : now,
      updatedAtMs: options.updatedAt ? Date.parse(options.updatedAt) : now,
    };
    if ('org' in scope) {
      secret.visibility = options.visibility ?? 'private';
      secret.selectedRepositoryIds = (options.selectedRepositories ?? []).map((repo) => this.repositoryId(repo));
    }
    store.secrets.set(secret.name, secret);
    return { ...secret };
  }

  /** The stored secret with its plaintext, or undefined. */
  secret(scope: Scope, name: string): StoredSecret | undefined {
    const secret = this.store(scope)?.secrets.get(name.toUpperCase());
    return secret && { ...secret };
  }

  /** The target's key ID and base64 public key, as GET .../public-key answers. */
  publicKey(scope: Scope): { key_id: string; key: string } {
    const store = this.store(scope);
    if (!store) throw new Error(`fake: no such ${describe(scope)}`);
    return { key_id: store.keyId, key: sodium.to_base64(store.publicKey, sodium.base64_variants.ORIGINAL) };
  }

  /** A new key pair for the target, as when GitHub rotates it: values sealed for the old key are refused. */
  rotatePublicKey(scope: Scope): void {
    const store = this.store(scope);
    if (store) Object.assign(store, newKeyPair());
  }

  private repositoryId(fullName: string): number {
    const repository = this.repositories.get(fullName.toLowerCase());
    if (!repository) throw new Error(`fake: no repository ${fullName}`);
    return repository.id;
  }

  /** The store of a target that exists; created on first use. */
  private store(scope: Scope): Store | undefined {
    if ('org' in scope) {
      if (!this.orgs.has(scope.org.toLowerCase())) return undefined;
    } else {
      const repository = this.repositories.get(scope.repo.toLowerCase());
      if (!repository || (scope.environment !== undefined && !repository.environments.has(scope.environment))) return undefined;
    }
    const id = describe(scope).toLowerCase();
    let store = this.stores.get(id);
    if (!store) this.stores.set(id, (store = { ...newKeyPair(), secrets: new Map() }));
    return store;
  }

  private authorize(ctx: Ctx, scope: Scope, level: Level): Reply | undefined {
    if ('org' in scope) return requirePermission(ctx, 'organization_secrets', level);
    return requirePermission(ctx, 'secrets', level) ?? (scope.environment === undefined ? undefined : requirePermission(ctx, 'environments', level));
  }

  private publicKeyReply(ctx: Ctx, scope: Scope): Reply {
    const denied = this.authorize(ctx, scope, 'read');
    if (denied) return denied;
    if (!this.store(scope)) return error(404, 'Not Found');
    return { status: 200, body: this.publicKey(scope) };
  }

  private getReply(ctx: Ctx, scope: Scope, name: string): Reply {
    const denied = this.authorize(ctx, scope, 'read');
    if (denied) return denied;
    const secret = this.store(scope)?.secrets.get(name.toUpperCase());
    if (!secret) return error(404, 'Not Found');
    const body: Record<string, unknown> = { name: secret.name, created_at: isoSeconds(secret.createdAtMs), updated_at: isoSeconds(secret.updatedAtMs) };
    if ('org' in scope) {
      body.visibility = secret.visibility;
      if (secret.visibility === 'selected') body.selected_repositories_url = `https://api.github.com/orgs/${scope.org}/actions/secrets/${secret.name}/repositories`;
    }
    return { status: 200, body };
  }

  private selectedReply(ctx: Ctx, org: string, name: string): Reply {
    const denied = this.authorize(ctx, { org }, 'read');
    if (denied) return denied;
    const secret = this.store({ org })?.secrets.get(name.toUpperCase());
    if (!secret) return error(404, 'Not Found');
    if (secret.visibility !== 'selected') return error(409, 'The secret visibility is not set to selected.');
    const perPage = Math.min(100, Number(ctx.query.per_page ?? 30) || 30);
    const page = Math.max(1, Number(ctx.query.page ?? 1) || 1);
    const ids = secret.selectedRepositoryIds ?? [];
    const names = new Map([...this.repositories].map(([fullName, { id }]) => [id, fullName]));
    const repositories = ids.slice((page - 1) * perPage, page * perPage).map((id) => {
      const fullName = names.get(id) ?? `unknown/${id}`;
      return { id, name: fullName.split('/')[1], full_name: fullName };
    });
    const headers: Record<string, string> = {};
    if (page * perPage < ids.length) {
      headers.link = `<${this.github.url}/orgs/${org}/actions/secrets/${secret.name}/repositories?per_page=${perPage}&page=${page + 1}>; rel="next"`;
    }
    return { status: 200, body: { total_count: ids.length, repositories }, headers };
  }

  private putReply(ctx: Ctx, scope: Scope, name: string): Reply {
    const denied = this.authorize(ctx, scope, 'write');
    if (denied) return denied;
    const store = this.store(scope);
    if (!store) return error(404, 'Not Found');
    if (!NAME.test(name) || /^GITHUB_/i.test(name)) return error(422, 'Secret names can only contain alphanumeric characters or underscores and must not start with GITHUB_.');
    const body = (ctx.body ?? {}) as { encrypted_value?: unknown; key_id?: unknown; visibility?: unknown; selected_repository_ids?: unknown };
    if (typeof body.encrypted_value !== 'string' || typeof body.key_id !== 'string') return error(422, 'Invalid request.\n\n"encrypted_value" and "key_id" are required.');
    if (body.key_id !== store.keyId) return error(422, 'Bad request, key_id does not match the current public key.');
    let value: string;
    try {
      const sealed = sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL);
      value = sodium.to_string(sodium.crypto_box_seal_open(sealed, store.publicKey, store.privateKey));
    } catch {
      return error(422, 'Bad request, encrypted_value could not be decrypted with the public key.');
    }
    const upper = name.toUpperCase();
    const existing = store.secrets.get(upper);
    const now = this.github.now();
    const secret: StoredSecret = { name: upper, value, createdAtMs: existing?.createdAtMs ?? now, updatedAtMs: now };
    if ('org' in scope) {
      if (body.visibility !== 'all' && body.visibility !== 'private' && body.visibility !== 'selected') {
        return error(422, 'Invalid request.\n\n"visibility" must be one of all, private, selected.');
      }
      if (body.selected_repository_ids !== undefined && body.visibility !== 'selected') {
        return error(422, 'Invalid request.\n\n"selected_repository_ids" can only be set when visibility is selected.');
      }
      // Strict where GitHub's docs are silent: a `selected` secret sent without IDs is visible to no repository.
      const ids = body.selected_repository_ids;
      if (ids !== undefined && !(Array.isArray(ids) && ids.every((id) => Number.isInteger(id)))) return error(422, 'Invalid request.\n\n"selected_repository_ids" must be integers.');
      secret.visibility = body.visibility;
      secret.selectedRepositoryIds = body.visibility === 'selected' ? ((ids as number[] | undefined) ?? []) : [];
    }
    store.secrets.set(upper, secret);
    return existing ? { status: 204 } : { status: 201, body: {} };
  }
}

function newKeyPair(): Pick<Store, 'keyId' | 'publicKey' | 'privateKey'> {
  const pair = sodium.crypto_box_keypair();
  return { keyId: String(sodium.randombytes_uniform(1e9) + 1e9), publicKey: pair.publicKey, privateKey: pair.privateKey };
}

function describe(scope: Scope): string {
  if ('org' in scope) return `organization ${scope.org}`;
  return scope.environment === undefined ? `repository ${scope.repo}` : `environment ${scope.environment} of ${scope.repo}`;
}
