// Proposes the fixed workflows as one pull request through the Git database API (blobs, a tree, a commit, the
// branch ref) and the pulls API: no git binary, and GitHub signs the commit when the token is an App's. One branch,
// one pull request: a re-run updates both, and writes nothing when the branch already holds the same files.
import { createHash } from 'node:crypto';
import { ActionError } from '../../errors.js';
import type { GitHub } from './github.js';

export const BRANCH = 'functions-access-key/migrate';
export const TITLE = 'Move CI off the legacy DigitalOcean Functions credential';

export interface Proposal {
  owner: string;
  repo: string;
  /** The commit the files were read from: the new commit's parent. */
  parent: string;
  /** The branch the pull request goes into; the repository's default branch when undefined. */
  base?: string;
  files: { path: string; content: string }[];
  message: string;
  /** The pull request's body, given the base branch (its links point there, so a re-run writes the same body). */
  body: (base: string) => string;
}

export interface Proposed {
  url: string;
  number: number;
  /** What happened: a new pull request, an updated one, or nothing to do. */
  action: 'created' | 'updated' | 'unchanged';
}

/** Git's blob id of `content`, to tell without a write whether the branch already holds it. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

/** GitHub's refusal to let a token without `workflows` change a workflow, as an error that says what to do. */
function workflowsRefusal(error: unknown): ActionError | undefined {
  const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? (error as Error).message ?? '';
  if (!/without `workflows?` (permission|scope)/.test(message)) return undefined;
  return new ActionError(
    `GitHub refused to let the token change .github/workflows/ (${message}). The pull request needs a token with the \`workflows\` permission, which GITHUB_TOKEN can never have: ` +
      'pass `github-token` a fine-grained personal access token with Contents, Pull requests and Workflows (read and write) on this repository, ' +
      'or a GitHub App token from actions/create-github-app-token for an App granted those permissions. Nothing was pushed.',
  );
}

export async function propose(github: GitHub, proposal: Proposal): Promise<Proposed> {
  const { owner, repo } = proposal;
  const base = proposal.base ?? (await github.rest.repos.get({ owner, repo })).data.default_branch;
  let existing: string | undefined;
  try {
    existing = (await github.rest.git.getRef({ owner, repo, ref: `heads/${BRANCH}` })).data.object.sha;
  } catch (error) {
    if (status(error) !== 404) throw error;
  }
  let unchanged = false;
  if (existing) {
    const head = await github.rest.git.getCommit({ owner, repo, commit_sha: existing });
    const tree = await github.rest.git.getTree({ owner, repo, tree_sha: head.data.tree.sha, recursive: 'true' });
    const held = new Map(tree.data.tree.map((entry) => [entry.path, entry.sha]));
    unchanged = proposal.files.every((file) => held.get(file.path) === blobSha(file.content));
  }
  if (!unchanged) {
    const parent = await github.rest.git.getCommit({ owner, repo, commit_sha: proposal.parent });
    const entries = [];
    for (const file of proposal.files) {
      const blob = await github.rest.git.createBlob({ owner, repo, content: Buffer.from(file.content).toString('base64'), encoding: 'base64' });
      entries.push({ path: file.path, mode: '100644' as const, type: 'blob' as const, sha: blob.data.sha });
    }
    const tree = await github.rest.git.createTree({ owner, repo, base_tree: parent.data.tree.sha, tree: entries });
    // No author or committer: GitHub uses the token's identity, and signs the commit for an App.
    const commit = await github.rest.git.createCommit({ owner, repo, message: proposal.message, tree: tree.data.sha, parents: [proposal.parent] });
    try {
      if (existing) await github.rest.git.updateRef({ owner, repo, ref: `heads/${BRANCH}`, sha: commit.data.sha, force: true });
      else await github.rest.git.createRef({ owner, repo, ref: `refs/heads/${BRANCH}`, sha: commit.data.sha });
    } catch (error) {
      throw workflowsRefusal(error) ?? error;
    }
  }
  const body = proposal.body(base);
  const open = await github.rest.pulls.list({ owner, repo, head: `${owner}:${BRANCH}`, state: 'open' });
  const pull = open.data[0];
  if (pull) {
    const same = pull.title === TITLE && (pull.body ?? '') === body;
    if (!same) await github.rest.pulls.update({ owner, repo, pull_number: pull.number, title: TITLE, body });
    return { url: pull.html_url, number: pull.number, action: unchanged && same ? 'unchanged' : 'updated' };
  }
  const created = await github.rest.pulls.create({ owner, repo, head: BRANCH, base, title: TITLE, body });
  return { url: created.data.html_url, number: created.data.number, action: 'created' };
}
