// The GitHub Actions secrets of one target (repository, environment or organization), through the action's one
// GitHub client (src/api/github.ts: its retries, proxy handling and log lines).
import type { Clock } from '../../api/clock.js';
import { type Octokit, apiErrorOf, connectGitHub } from '../../api/github.js';
import type { Failure } from '../../api/retry.js';
import { ActionError, sentence } from '../../errors.js';
import type { SecretTarget } from './options.js';

export type Visibility = 'all' | 'private' | 'selected';

export interface SecretInfo {
  createdAt: string;
  updatedAt: string;
  /** Organization secrets only. */
  visibility?: Visibility;
  /** Organization secrets with visibility `selected`: the repositories that may use it. */
  selectedRepositoryIds?: number[];
}

export interface PublicKey {
  keyId: string;
  /** Base64 X25519 public key to seal values for this target. */
  key: string;
}

/** A GitHub request that failed, with the failure kept for the caller (was it ambiguous?) and a next step. */
export class GitHubError extends ActionError {
  override name = 'GitHubError';
  constructor(
    readonly failure: Failure,
    message: string,
  ) {
    super(message);
  }

  get notFound(): boolean {
    return this.failure.kind === 'status' && this.failure.status === 404;
  }
}

export class GitHubSecrets {
  private constructor(
    private readonly octokit: Octokit,
    private readonly target: SecretTarget,
    private readonly name: string,
  ) {}

  /** A client for one secret; `dispose` closes its sockets. */
  static connect(options: { token: string; baseUrl: string; target: SecretTarget; secretName: string; clock: Clock; log: (message: string) => void }): {
    secrets: GitHubSecrets;
    dispose: () => void;
  } {
    const { octokit, dispose } = connectGitHub(options);
    return { secrets: new GitHubSecrets(octokit, options.target, options.secretName), dispose };
  }

  /** The secret's metadata; undefined when it does not exist yet. */
  async get(): Promise<SecretInfo | undefined> {
    const { target, name: secret_name } = this;
    try {
      if (target.kind === 'organization') {
        const { data } = await this.octokit.rest.actions.getOrgSecret({ org: target.org, secret_name });
        const info: SecretInfo = { createdAt: data.created_at, updatedAt: data.updated_at, visibility: data.visibility };
        if (data.visibility === 'selected') {
          const repositories = await this.octokit.paginate(this.octokit.rest.actions.listSelectedReposForOrgSecret, { org: target.org, secret_name, per_page: 100 });
          info.selectedRepositoryIds = repositories.map((repository) => repository.id);
        }
        return info;
      }
      const { data } =
        target.kind === 'environment'
          ? await this.octokit.rest.actions.getEnvironmentSecret({ owner: target.owner, repo: target.repo, environment_name: target.environment, secret_name })
          : await this.octokit.rest.actions.getRepoSecret({ owner: target.owner, repo: target.repo, secret_name });
      return { createdAt: data.created_at, updatedAt: data.updated_at };
    } catch (error) {
      const failure = this.failed(error, 'read');
      if (failure instanceof GitHubError && failure.notFound) return undefined;
      throw failure;
    }
  }

  /** The target's public key, which values must be sealed with. */
  async publicKey(): Promise<PublicKey> {
    const { target } = this;
    try {
      const { data } =
        target.kind === 'organization'
          ? await this.octokit.rest.actions.getOrgPublicKey({ org: target.org })
          : target.kind === 'environment'
            ? await this.octokit.rest.actions.getEnvironmentPublicKey({ owner: target.owner, repo: target.repo, environment_name: target.environment })
            : await this.octokit.rest.actions.getRepoPublicKey({ owner: target.owner, repo: target.repo });
      return { keyId: data.key_id, key: data.key };
    } catch (error) {
      throw this.failed(error, 'read');
    }
  }

  /**
   * Stores a sealed value. An organization secret keeps its visibility and selected repositories (`current`);
   * a new one is `private`.
   */
  async put(sealed: string, key: PublicKey, current: SecretInfo | undefined): Promise<void> {
    const { target, name: secret_name } = this;
    const value = { secret_name, encrypted_value: sealed, key_id: key.keyId };
    try {
      if (target.kind === 'organization') {
        const visibility = current?.visibility ?? 'private';
        await this.octokit.rest.actions.createOrUpdateOrgSecret({
          org: target.org,
          ...value,
          visibility,
          ...(visibility === 'selected' ? { selected_repository_ids: current?.selectedRepositoryIds ?? [] } : {}),
        });
      } else if (target.kind === 'environment') {
        await this.octokit.rest.actions.createOrUpdateEnvironmentSecret({ owner: target.owner, repo: target.repo, environment_name: target.environment, ...value });
      } else {
        await this.octokit.rest.actions.createOrUpdateRepoSecret({ owner: target.owner, repo: target.repo, ...value });
      }
    } catch (error) {
      throw this.failed(error, 'write');
    }
  }

  /**
   * One error for Octokit's (an answer it rejected) and ours (retries ran out, or no answer), saying what to do;
   * anything else as it was.
   */
  private failed(error: unknown, access: 'read' | 'write'): unknown {
    const apiError = apiErrorOf(error);
    if (!apiError) return error;
    const hint = hintFor(apiError.failure, this.target, access);
    return new GitHubError(apiError.failure, hint ? `GitHub: ${sentence(apiError.message)} ${hint}` : `GitHub: ${apiError.message}`);
  }
}

/** The permission each target needs, named as GitHub's token settings name it. */
export function permissionFor(target: SecretTarget, access: 'read' | 'write'): string {
  if (target.kind === 'organization') return `organization permission "Secrets" (${access}) on ${target.org}`;
  const permissions = target.kind === 'environment' ? `"Secrets" (${access}) and "Environments" (${access})` : `"Secrets" (${access})`;
  return `repository permission ${permissions} on ${target.owner}/${target.repo}`;
}

function hintFor(failure: Failure, target: SecretTarget, access: 'read' | 'write'): string | undefined {
  if (failure.kind !== 'status') return undefined;
  if (failure.status === 401) return 'Check that `github-token` is a current token (it may have expired or been revoked).';
  if (failure.status === 403) {
    return `\`github-token\` needs the ${permissionFor(target, access)} (a fine-grained token or a GitHub App token; the job's GITHUB_TOKEN cannot manage secrets).`;
  }
  if (failure.status === 404) {
    const where = target.kind === 'organization' ? `\`org\` (${target.org})` : target.kind === 'environment' ? `\`repository\` and \`environment\`` : '`repository`';
    return `Check ${where}: it does not exist, or \`github-token\` cannot see it (a fine-grained token must include the repository; a GitHub App must be installed on it).`;
  }
  return undefined;
}
