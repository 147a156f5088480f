// The route family migrate's pull request needs, on FakeGitHub: repositories, the Git database (blobs, trees,
// commits, refs) and pulls, with GitHub's permission checks, including the refusal to let a token without the
// `workflows` permission (always so for GITHUB_TOKEN, `kind: 'github-actions'`) move a ref to a commit that
// changes .github/workflows/. Blob ids are real git blob ids; trees are kept flat (path → blob), which is what
// `?recursive=1` shows; without it a tree shows its top level, each folder as one `tree` entry, as GitHub does.
// State is in memory; tests read results back through `files()`, `branch()`, `pulls`.
import { createHash } from 'node:crypto';
import { type Ctx, type FakeGitHub, type Reply, error, requirePermission } from './server.js';

interface Commit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  html_url: string;
}

interface Repo {
  owner: string;
  name: string;
  defaultBranch: string;
  blobs: Map<string, Buffer>;
  /** tree sha → path → blob sha */
  trees: Map<string, Map<string, string>>;
  commits: Map<string, Commit>;
  refs: Map<string, string>;
  pulls: FakePull[];
}

const sha1 = (text: string | Buffer) => createHash('sha1').update(text).digest('hex');
const blobId = (content: Buffer) => sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));

/** The workflow files a refusal names: changed between two trees. */
function changedPaths(a: Map<string, string> | undefined, b: Map<string, string>): string[] {
  const paths = new Set([...(a?.keys() ?? []), ...b.keys()]);
  return [...paths].filter((path) => a?.get(path) !== b.get(path)).sort();
}

export class FakeGit {
  private readonly repos = new Map<string, Repo>();
  private nextPull = 1;

  constructor(private readonly github: FakeGitHub) {
    const repoPath = String.raw`^/repos/([^/]+)/([^/]+)`;
    const route = (method: string, path: string, handler: (ctx: Ctx, repo: Repo, m: RegExpExecArray) => Reply) =>
      github.route(method, new RegExp(`${repoPath}${path}$`), (ctx, m) => {
        const repo = this.repos.get(`${m[1]}/${m[2]}`);
        return repo ? handler(ctx, repo, m) : error(404, 'Not Found');
      });
    route('GET', '', (ctx, repo) => requirePermission(ctx, 'metadata', 'read') ?? { status: 200, body: { full_name: `${repo.owner}/${repo.name}`, default_branch: repo.defaultBranch, private: true } });
    route('GET', '/git/ref/(.+)', (ctx, repo, m) => requirePermission(ctx, 'contents', 'read') ?? this.getRef(repo, `refs/${decodeURIComponent(m[3] as string)}`));
    route('POST', '/git/refs', (ctx, repo) => requirePermission(ctx, 'contents', 'write') ?? this.createRef(ctx, repo));
    route('PATCH', '/git/refs/(.+)', (ctx, repo, m) => requirePermission(ctx, 'contents', 'write') ?? this.updateRef(ctx, repo, `refs/${decodeURIComponent(m[3] as string)}`));
    route('POST', '/git/blobs', (ctx, repo) => requirePermission(ctx, 'contents', 'write') ?? this.createBlob(ctx, repo));
    route('GET', '/git/blobs/([0-9a-f]{40})', (ctx, repo, m) => requirePermission(ctx, 'contents', 'read') ?? this.getBlob(repo, m[3] as string));
    route('POST', '/git/trees', (ctx, repo) => requirePermission(ctx, 'contents', 'write') ?? this.createTree(ctx, repo));
    route('GET', '/git/trees/([0-9a-f]{40})', (ctx, repo, m) => requirePermission(ctx, 'contents', 'read') ?? this.getTree(repo, m[3] as string, Boolean(ctx.query.recursive)));
    route('POST', '/git/commits', (ctx, repo) => requirePermission(ctx, 'contents', 'write') ?? this.createCommit(ctx, repo));
    route('GET', '/git/commits/([0-9a-f]{40})', (ctx, repo, m) => requirePermission(ctx, 'contents', 'read') ?? this.getCommit(repo, m[3] as string));
    route('GET', '/pulls', (ctx, repo) => requirePermission(ctx, 'pull_requests', 'read') ?? this.listPulls(ctx, repo));
    route('POST', '/pulls', (ctx, repo) => requirePermission(ctx, 'pull_requests', 'write') ?? this.createPull(ctx, repo));
    route('PATCH', '/pulls/(\\d+)', (ctx, repo, m) => requirePermission(ctx, 'pull_requests', 'write') ?? this.updatePull(ctx, repo, Number(m[3])));
  }

  /** A repository whose default branch holds `files`; returns the commit sha. */
  addRepo(fullName: string, files: Record<string, string | Buffer>, defaultBranch = 'main'): string {
    const [owner, name] = fullName.split('/') as [string, string];
    const repo: Repo = { owner, name, defaultBranch, blobs: new Map(), trees: new Map(), commits: new Map(), refs: new Map(), pulls: [] };
    this.repos.set(fullName, repo);
    const tree = new Map(Object.entries(files).map(([path, content]) => [path, this.storeBlob(repo, Buffer.from(content))]));
    const commit = this.storeCommit(repo, this.storeTree(repo, tree), [], 'initial');
    repo.refs.set(`refs/heads/${defaultBranch}`, commit);
    return commit;
  }

  /** The files at a branch (undefined when it does not exist), as text. */
  files(fullName: string, branch: string): Record<string, string> | undefined {
    const repo = this.repo(fullName);
    const sha = repo.refs.get(`refs/heads/${branch}`);
    if (!sha) return undefined;
    const tree = repo.trees.get((repo.commits.get(sha) as Commit).tree) as Map<string, string>;
    return Object.fromEntries([...tree].map(([path, blob]) => [path, (repo.blobs.get(blob) as Buffer).toString('utf8')]));
  }

  /** The branch's head commit: its message and parents. */
  branch(fullName: string, branch: string): Commit | undefined {
    const repo = this.repo(fullName);
    const sha = repo.refs.get(`refs/heads/${branch}`);
    return sha ? repo.commits.get(sha) : undefined;
  }

  pulls(fullName: string): FakePull[] {
    return this.repo(fullName).pulls;
  }

  private repo(fullName: string): Repo {
    const repo = this.repos.get(fullName);
    if (!repo) throw new Error(`fake git: no repository ${fullName}`);
    return repo;
  }

  private storeBlob(repo: Repo, content: Buffer): string {
    const sha = blobId(content);
    repo.blobs.set(sha, content);
    return sha;
  }

  private storeTree(repo: Repo, entries: Map<string, string>): string {
    const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : 1)));
    const sha = sha1(`tree ${JSON.stringify([...sorted])}`);
    repo.trees.set(sha, sorted);
    return sha;
  }

  private storeCommit(repo: Repo, tree: string, parents: string[], message: string): string {
    const sha = sha1(`commit ${tree} ${parents.join(',')} ${message} ${repo.commits.size}`);
    repo.commits.set(sha, { sha, tree, parents, message });
    return sha;
  }

  private refBody(repo: Repo, ref: string): Reply {
    const sha = repo.refs.get(ref) as string;
    return { status: 200, body: { ref, node_id: sha1(ref), url: `${this.github.url}/repos/${repo.owner}/${repo.name}/git/${ref}`, object: { sha, type: 'commit' } } };
  }

  private getRef(repo: Repo, ref: string): Reply {
    return repo.refs.has(ref) ? this.refBody(repo, ref) : error(404, 'Not Found');
  }

  /** GitHub's check: a token without `workflows` may not point a ref at a commit that changes a workflow. */
  private refusal(ctx: Ctx, repo: Repo, sha: string, current: string | undefined): Reply | undefined {
    if (ctx.info.permissions.workflows === 'write' && ctx.info.kind !== 'github-actions') return undefined;
    const commit = repo.commits.get(sha) as Commit;
    const before = current ?? commit.parents[0];
    const beforeTree = before ? repo.trees.get((repo.commits.get(before) as Commit).tree) : undefined;
    const workflow = changedPaths(beforeTree, repo.trees.get(commit.tree) as Map<string, string>).find((path) => path.startsWith('.github/workflows/'));
    if (!workflow) return undefined;
    const who = ctx.info.kind === 'pat' ? 'a Personal Access Token' : 'a GitHub App';
    return error(422, `refusing to allow ${who} to create or update workflow \`${workflow}\` without \`workflows\` permission`);
  }

  private createRef(ctx: Ctx, repo: Repo): Reply {
    const { ref, sha } = (ctx.body ?? {}) as { ref?: string; sha?: string };
    if (!ref?.startsWith('refs/') || ref.split('/').length < 3 || !sha) return error(422, 'Reference name must start with refs/ and have at least two slashes.');
    if (!repo.commits.has(sha)) return error(422, 'Object does not exist');
    if (repo.refs.has(ref)) return error(422, 'Reference already exists');
    const refused = this.refusal(ctx, repo, sha, undefined);
    if (refused) return refused;
    repo.refs.set(ref, sha);
    return { ...this.refBody(repo, ref), status: 201 };
  }

  private updateRef(ctx: Ctx, repo: Repo, ref: string): Reply {
    const { sha, force } = (ctx.body ?? {}) as { sha?: string; force?: boolean };
    const current = repo.refs.get(ref);
    if (!current) return error(422, 'Reference does not exist');
    if (!sha || !repo.commits.has(sha)) return error(422, 'Object does not exist');
    if (!force && !(repo.commits.get(sha) as Commit).parents.includes(current)) return error(422, 'Update is not a fast forward');
    const refused = this.refusal(ctx, repo, sha, current);
    if (refused) return refused;
    repo.refs.set(ref, sha);
    return this.refBody(repo, ref);
  }

  private createBlob(ctx: Ctx, repo: Repo): Reply {
    const { content, encoding = 'utf-8' } = (ctx.body ?? {}) as { content?: string; encoding?: string };
    if (typeof content !== 'string' || !['utf-8', 'base64'].includes(encoding)) return error(422, 'Invalid request.');
    const sha = this.storeBlob(repo, Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
    return { status: 201, body: { sha, url: `${this.github.url}/repos/${repo.owner}/${repo.name}/git/blobs/${sha}` } };
  }

  private getBlob(repo: Repo, sha: string): Reply {
    const content = repo.blobs.get(sha);
    return content ? { status: 200, body: { sha, size: content.length, encoding: 'base64', content: content.toString('base64') } } : error(404, 'Not Found');
  }

  private createTree(ctx: Ctx, repo: Repo): Reply {
    const { base_tree: baseTree, tree } = (ctx.body ?? {}) as { base_tree?: string; tree?: { path: string; mode: string; type: string; sha?: string | null; content?: string }[] };
    if (!Array.isArray(tree)) return error(422, 'Invalid tree info');
    if (baseTree && !repo.trees.has(baseTree)) return error(422, 'Invalid tree info');
    const entries = new Map(baseTree ? repo.trees.get(baseTree) : []);
    for (const entry of tree) {
      if (entry.type !== 'blob' || !/^100(644|755)$/.test(entry.mode)) return error(422, 'Invalid tree info');
      if (entry.sha === null) entries.delete(entry.path);
      else if (entry.sha && repo.blobs.has(entry.sha)) entries.set(entry.path, entry.sha);
      else if (typeof entry.content === 'string') entries.set(entry.path, this.storeBlob(repo, Buffer.from(entry.content)));
      else return error(422, 'Invalid tree info');
    }
    const sha = this.storeTree(repo, entries);
    return { status: 201, body: this.treeBody(repo, sha) };
  }

  private treeBody(repo: Repo, sha: string) {
    const entries = repo.trees.get(sha) as Map<string, string>;
    return { sha, truncated: false, tree: [...entries].map(([path, blob]) => ({ path, mode: '100644', type: 'blob', sha: blob, size: (repo.blobs.get(blob) as Buffer).length })) };
  }

  private getTree(repo: Repo, sha: string, recursive: boolean): Reply {
    if (!repo.trees.has(sha)) return error(404, 'Not Found');
    const body = this.treeBody(repo, sha);
    if (recursive) return { status: 200, body };
    const folders = [...new Set(body.tree.filter((e) => e.path.includes('/')).map((e) => e.path.slice(0, e.path.indexOf('/'))))];
    const tree = [...body.tree.filter((e) => !e.path.includes('/')), ...folders.map((path) => ({ path, mode: '040000', type: 'tree', sha: sha1(`${sha} ${path}`) }))];
    return { status: 200, body: { ...body, tree } };
  }

  private createCommit(ctx: Ctx, repo: Repo): Reply {
    const { message, tree, parents = [] } = (ctx.body ?? {}) as { message?: string; tree?: string; parents?: string[] };
    if (typeof message !== 'string' || !tree || !repo.trees.has(tree) || parents.some((p) => !repo.commits.has(p))) return error(422, 'Invalid request.');
    const sha = this.storeCommit(repo, tree, parents, message);
    return { status: 201, body: { sha, message, tree: { sha: tree }, parents: parents.map((p) => ({ sha: p })), verification: { verified: ctx.info.kind !== 'pat', reason: ctx.info.kind === 'pat' ? 'unsigned' : 'valid' } } };
  }

  private getCommit(repo: Repo, sha: string): Reply {
    const commit = repo.commits.get(sha);
    return commit ? { status: 200, body: { sha, message: commit.message, tree: { sha: commit.tree }, parents: commit.parents.map((p) => ({ sha: p })) } } : error(404, 'Not Found');
  }

  private listPulls(ctx: Ctx, repo: Repo): Reply {
    const { head, state = 'open' } = ctx.query;
    const branch = head?.includes(':') ? head.slice(head.indexOf(':') + 1) : head;
    return { status: 200, body: repo.pulls.filter((p) => (state === 'all' || p.state === state) && (!branch || p.head === branch)) };
  }

  private createPull(ctx: Ctx, repo: Repo): Reply {
    const { title, head, base, body = '' } = (ctx.body ?? {}) as { title?: string; head?: string; base?: string; body?: string };
    if (!title || !head || !base) return error(422, 'Validation Failed');
    if (!repo.refs.has(`refs/heads/${head}`) || !repo.refs.has(`refs/heads/${base}`)) return error(422, 'Validation Failed', { errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }] });
    if (repo.pulls.some((p) => p.head === head && p.base === base && p.state === 'open')) {
      return error(422, 'Validation Failed', { errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` }] });
    }
    const number = this.nextPull++;
    const pull: FakePull = { number, title, body, head, base, state: 'open', html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${number}` };
    repo.pulls.push(pull);
    return { status: 201, body: pull };
  }

  private updatePull(ctx: Ctx, repo: Repo, number: number): Reply {
    const pull = repo.pulls.find((p) => p.number === number);
    if (!pull) return error(404, 'Not Found');
    const { title, body } = (ctx.body ?? {}) as { title?: string; body?: string };
    if (title !== undefined) pull.title = title;
    if (body !== undefined) pull.body = body;
    return { status: 200, body: pull };
  }
}
