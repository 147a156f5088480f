// The pull request through the Git database API, against the fake GitHub: one branch, one commit, one pull request;
// a re-run updates them or writes nothing; GITHUB_TOKEN's refusal to touch workflows becomes an error that says
// which permission is missing, with nothing pushed.
import { afterEach, describe, expect, it } from 'vitest';
import { gitHubClient } from '../../src/modes/migrate/github.js';
import { BRANCH, TITLE, blobSha, propose, type Proposal } from '../../src/modes/migrate/pull-request.js';
import { FakeGit } from '../fake/github/git.js';
import { FakeGitHub } from '../fake/github/server.js';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const REPO = 'acme/app';
const WORKFLOW = '.github/workflows/deploy.yml';
const FULL = { contents: 'write', pull_requests: 'write', workflows: 'write', metadata: 'read' } as const;

async function start() {
  fake = await FakeGitHub.start();
  const git = new FakeGit(fake);
  const parent = git.addRepo(REPO, { [WORKFLOW]: 'run: doctl sls connect x\n', 'README.md': '# app\n' });
  const token = fake.addToken('github_pat_full', { kind: 'pat', permissions: { ...FULL } });
  const proposal = (content: string, body = 'body'): Proposal => ({
    owner: 'acme',
    repo: 'app',
    parent,
    files: [{ path: WORKFLOW, content }],
    message: 'migrate',
    body: (base) => `${body} into ${base}`,
  });
  return { fake, git, parent, client: gitHubClient(token, fake.url), proposal };
}

describe('propose', () => {
  it('creates the branch with one commit on the checked-out commit, and the pull request', async () => {
    const { fake, git, parent, client, proposal } = await start();
    const result = await propose(client, proposal('uses: acme/functions-access-key@v1\n'));
    expect(result).toEqual({ url: 'https://github.com/acme/app/pull/1', number: 1, action: 'created' });
    expect(git.files(REPO, BRANCH)).toEqual({ [WORKFLOW]: 'uses: acme/functions-access-key@v1\n', 'README.md': '# app\n' });
    expect(git.branch(REPO, BRANCH)).toMatchObject({ parents: [parent], message: 'migrate' });
    expect(git.files(REPO, 'main')?.[WORKFLOW]).toBe('run: doctl sls connect x\n');
    expect(git.pulls(REPO)).toEqual([expect.objectContaining({ title: TITLE, head: BRANCH, base: 'main', body: 'body into main', state: 'open' })]);
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/app/git/blobs',
      'POST /repos/acme/app/git/trees',
      'POST /repos/acme/app/git/commits',
      'POST /repos/acme/app/git/refs',
      'POST /repos/acme/app/pulls',
    ]);
    // No author or committer: GitHub uses the token's identity (and signs for an App).
    const commit = fake.requests.find((r) => r.path.endsWith('/git/commits') && r.method === 'POST')?.body as Record<string, unknown>;
    expect(Object.keys(commit).sort()).toEqual(['message', 'parents', 'tree']);
    expect(fake.requests.every((r) => String(r.headers['user-agent']).startsWith('functions-access-key-migrate'))).toBe(true);
  });

  it('on a re-run updates the branch and the same pull request, and writes nothing when nothing changed', async () => {
    const { fake, git, client, proposal } = await start();
    await propose(client, proposal('v1\n'));
    const again = await propose(client, proposal('v2\n', 'new body'));
    expect(again).toEqual({ url: 'https://github.com/acme/app/pull/1', number: 1, action: 'updated' });
    expect(git.files(REPO, BRANCH)?.[WORKFLOW]).toBe('v2\n');
    expect(git.pulls(REPO)).toHaveLength(1);
    expect(git.pulls(REPO)[0]?.body).toBe('new body into main');
    const writes = fake.writes().length;
    expect(await propose(client, proposal('v2\n', 'new body'))).toEqual({ url: 'https://github.com/acme/app/pull/1', number: 1, action: 'unchanged' });
    expect(fake.writes()).toHaveLength(writes);
    // Same files, new body (say the base moved): only the pull request is updated.
    expect((await propose(client, { ...proposal('v2\n', 'other'), base: 'main' })).action).toBe('updated');
    expect(fake.writes().slice(writes).map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /repos/acme/app/pulls/1']);
    expect(blobSha('v2\n')).toBe('8c1384d825dbbe41309b7dc18ee7991a9085c46e');
  });

  it("refuses with the missing permission when the token is the job's GITHUB_TOKEN; nothing is pushed", async () => {
    const { fake, git, proposal } = await start();
    const token = fake.addToken('ghs_job', { kind: 'github-actions', permissions: { contents: 'write', pull_requests: 'write', metadata: 'read' } });
    const error = await propose(gitHubClient(token, fake.url), proposal('changed\n')).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('refusing to allow a GitHub App to create or update workflow `.github/workflows/deploy.yml` without `workflows` permission');
    expect((error as Error).message).toContain('needs a token with the `workflows` permission, which GITHUB_TOKEN can never have');
    expect((error as Error).message).toContain('actions/create-github-app-token');
    expect((error as Error).message).toContain('Nothing was pushed.');
    expect(git.files(REPO, BRANCH)).toBeUndefined();
    expect(git.pulls(REPO)).toEqual([]);
    // A classic-PAT-style refusal reads the same way.
    const pat = fake.addToken('ghp_noworkflow', { kind: 'pat', permissions: { contents: 'write', pull_requests: 'write', metadata: 'read' } });
    await expect(propose(gitHubClient(pat, fake.url), proposal('changed\n'))).rejects.toThrow('refusing to allow a Personal Access Token');
  });

  it('passes other errors through', async () => {
    const { fake, proposal } = await start();
    const token = fake.addToken('reader', { kind: 'pat', permissions: { contents: 'read', metadata: 'read' } });
    await expect(propose(gitHubClient(token, fake.url), proposal('x\n'))).rejects.toMatchObject({ status: 403 });
    fake.inject({ method: 'GET', path: `/repos/acme/app/git/ref/heads%2F${encodeURIComponent(BRANCH)}`, status: 500, times: 1 });
    const full = gitHubClient('github_pat_full', fake.url);
    await expect(propose(full, proposal('x\n'))).rejects.toMatchObject({ status: 500 });
  });
});
