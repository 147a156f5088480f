// The pull request through the Git database API, against the fake GitHub: one branch, one commit, one pull request;
// a re-run updates them or writes nothing; GITHUB_TOKEN's refusal to touch workflows becomes an error that says
// which permission is missing, with nothing pushed.
import { afterEach, describe, expect, it } from 'vitest';
import { connectGitHub } from '../../src/api/github.js';
import { BRANCH, TITLE, blobSha, propose, type Proposal } from '../../src/modes/migrate/pull-request.js';
import { virtualClock } from '../fake/clock.js';
import { FakeGit } from '../fake/github/git.js';
import { FakeGitHub } from '../fake/github/server.js';

let fake: FakeGitHub | undefined;
let disposers: (() => void)[] = [];
afterEach(async () => {
  for (const dispose of disposers) dispose();
  disposers = [];
  await fake?.close();
  fake = undefined;
});

let logs: string[] = [];
let sleeps: number[] = [];
function connect(token: string, url: string) {
  const virtual = virtualClock();
  logs = [];
  sleeps = virtual.sleeps;
  const github = connectGitHub({ token, baseUrl: url, clock: virtual.clock, log: (m) => logs.push(m) });
  disposers.push(() => github.dispose());
  return github;
}

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
  return { fake, git, parent, client: connect(token, fake.url), proposal };
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
    expect(fake.requests.every((r) => r.headers['user-agent'] === 'functions-access-key')).toBe(true);
  });

  it('on a re-run updates the branch and the same pull request, and writes nothing when nothing changed', async () => {
    const { fake, git, client, proposal } = await start();
    await propose(client, proposal('v1\n'));
    const first = fake.writes().length;
    const again = await propose(client, proposal('v2\n', 'new body'));
    expect(again).toEqual({ url: 'https://github.com/acme/app/pull/1', number: 1, action: 'updated' });
    expect(fake.writes().slice(first).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/app/git/blobs',
      'POST /repos/acme/app/git/trees',
      'POST /repos/acme/app/git/commits',
      `PATCH /repos/acme/app/git/refs/heads%2F${encodeURIComponent(BRANCH)}`,
      'PATCH /repos/acme/app/pulls/1',
    ]);
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

  it('writes again when any one of the files differs from the branch, and puts back a title someone edited', async () => {
    const { fake, git, client, proposal } = await start();
    const two = (a: string, b: string): Proposal => ({ ...proposal(''), files: [{ path: WORKFLOW, content: a }, { path: '.github/workflows/b.yml', content: b }] });
    await propose(client, two('a1\n', 'b1\n'));
    await client.octokit.rest.pulls.update({ owner: 'acme', repo: 'app', pull_number: 1, title: 'Edited' });
    const writes = fake.writes().length;
    expect(await propose(client, two('a1\n', 'b2\n'))).toEqual({ url: 'https://github.com/acme/app/pull/1', number: 1, action: 'updated' });
    expect(fake.writes().length - writes).toBe(6);
    expect(git.files(REPO, BRANCH)).toMatchObject({ [WORKFLOW]: 'a1\n', '.github/workflows/b.yml': 'b2\n' });
    expect(git.pulls(REPO)).toEqual([expect.objectContaining({ number: 1, title: TITLE })]);
  });

  it('opens its own pull request beside one from another branch', async () => {
    const { git, parent, client, proposal } = await start();
    await client.octokit.rest.git.createRef({ owner: 'acme', repo: 'app', ref: 'refs/heads/other', sha: parent });
    await client.octokit.rest.pulls.create({ owner: 'acme', repo: 'app', head: 'other', base: 'main', title: 'Other' });
    expect(await propose(client, proposal('fixed\n'))).toEqual({ url: 'https://github.com/acme/app/pull/2', number: 2, action: 'created' });
    expect(git.pulls(REPO).map((p) => [p.number, p.head, p.title])).toEqual([
      [1, 'other', 'Other'],
      [2, BRANCH, TITLE],
    ]);
  });

  it("refuses with the missing permission when the token is the job's GITHUB_TOKEN; nothing is pushed", async () => {
    const { fake, git, proposal } = await start();
    const token = fake.addToken('ghs_job', { kind: 'github-actions', permissions: { contents: 'write', pull_requests: 'write', metadata: 'read' } });
    const error = await propose(connect(token, fake.url), proposal('changed\n')).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('refusing to allow a GitHub App to create or update workflow `.github/workflows/deploy.yml` without `workflows` permission');
    expect((error as Error).message).toContain('needs a token with the `workflows` permission, which GITHUB_TOKEN can never have');
    expect((error as Error).message).toContain('actions/create-github-app-token');
    expect((error as Error).message).toContain('Nothing was pushed.');
    expect(git.files(REPO, BRANCH)).toBeUndefined();
    expect(git.pulls(REPO)).toEqual([]);
    // A classic-PAT-style refusal reads the same way.
    const pat = fake.addToken('ghp_noworkflow', { kind: 'pat', permissions: { contents: 'write', pull_requests: 'write', metadata: 'read' } });
    await expect(propose(connect(pat, fake.url), proposal('changed\n'))).rejects.toThrow('refusing to allow a Personal Access Token');
    // A classic token or an OAuth App lacks the `workflow` scope.
    const oauth = 'refusing to allow an OAuth App to create or update workflow `.github/workflows/deploy.yml` without `workflow` scope';
    fake.inject({ method: 'POST', path: '/repos/acme/app/git/refs', status: 422, body: { message: oauth } });
    await expect(propose(connect('github_pat_full', fake.url), proposal('changed\n'))).rejects.toThrow(`GitHub refused to let the token change .github/workflows/ (${oauth}).`);
  });

  it('passes other errors through', async () => {
    const { fake, proposal } = await start();
    const token = fake.addToken('reader', { kind: 'pat', permissions: { contents: 'read', metadata: 'read' } });
    await expect(propose(connect(token, fake.url), proposal('x\n'))).rejects.toMatchObject({ status: 403 });
    // A 5xx is retried; one that outlasts the retries fails the run, saying so.
    fake.inject({ method: 'GET', path: `/repos/acme/app/git/ref/heads%2F${encodeURIComponent(BRANCH)}`, status: 500, times: Infinity });
    const full = connect('github_pat_full', fake.url);
    const writes = fake.writes().length;
    const error = await propose(full, proposal('x\n')).catch((e: Error) => e);
    expect(error).toMatchObject({ status: 500, cause: { message: expect.stringContaining('(gave up after 6 attempts)') } });
    expect(logs).toHaveLength(5);
    expect(fake.writes()).toHaveLength(writes);
    // Failing to make the branch is no refusal to touch workflows, whether GitHub said no or never answered.
    fake.clearFaults();
    fake.inject({ method: 'POST', path: '/repos/acme/app/git/refs', status: 422 });
    await expect(propose(full, proposal('x\n'))).rejects.toMatchObject({ status: 422, response: { data: { message: 'Injected error' } } });
    fake.inject({ method: 'POST', path: '/repos/acme/app/git/refs', status: 503, times: Infinity });
    await expect(propose(full, proposal('x\n'))).rejects.toThrow(/^POST \/repos\/acme\/app\/git\/refs failed: 503: .*\(gave up after 6 attempts\)$/);
  });
});

// Faults on the way: every request is retried as the action retries (logged), but the two creates that cannot be
// sent twice (the branch, the pull request) look for what a lost attempt made before they try again.
describe('propose under faults', () => {
  const REF = `/repos/acme/app/git/ref/heads%2F${encodeURIComponent(BRANCH)}`;
  const retried = (method: string, path: string, what: RegExp | string) =>
    expect.stringMatching(new RegExp(`^${method} ${path}: ${typeof what === 'string' ? what : what.source}; retrying in \\d+\\.\\ds \\(attempt 2 of 6\\)$`));

  it('retries a write that got a 502, and logs it', async () => {
    const { fake, git, client, proposal } = await start();
    fake.inject({ method: 'POST', path: '/repos/acme/app/git/blobs', status: 502 });
    expect((await propose(client, proposal('fixed\n'))).action).toBe('created');
    expect(git.files(REPO, BRANCH)?.[WORKFLOW]).toBe('fixed\n');
    expect(fake.count({ method: 'POST', path: '/repos/acme/app/git/blobs' })).toBe(2);
    expect(logs).toEqual([retried('POST', '/repos/acme/app/git/blobs', /502: Server Error \(request id [\w-]+\)/)]);
    expect(sleeps).toEqual([375]);
  });

  it('waits out a rate-limited write for as long as retry-after says, without looking for a lost create', async () => {
    const { fake, git, client, proposal } = await start();
    fake.inject({ method: 'POST', path: '/repos/acme/app/git/commits', status: 403, headers: { 'retry-after': '7' } });
    fake.inject({ method: 'POST', path: '/repos/acme/app/pulls', status: 429, headers: { 'retry-after': '3' } });
    expect((await propose(client, proposal('fixed\n'))).action).toBe('created');
    expect(sleeps).toEqual([7125, 3125]);
    expect(logs).toEqual([retried('POST', '/repos/acme/app/git/commits', /403: Injected error \(request id [\w-]+\)/), retried('POST', '/repos/acme/app/pulls', /429: Injected error \(request id [\w-]+\)/)]);
    expect(git.branch(REPO, BRANCH)?.message).toBe('migrate');
    // The refusal carried nothing out: no look for an open pull request between the two attempts.
    expect(fake.count({ method: 'GET', path: '/repos/acme/app/pulls' })).toBe(1);
    expect(git.pulls(REPO)).toHaveLength(1);
  });

  it('moves the branch again when the answer to the move was lost (force to the same commit changes nothing)', async () => {
    const { fake, git, client, proposal } = await start();
    await propose(client, proposal('v1\n'));
    fake.inject({ method: 'PATCH', path: /\/git\/refs\//, drop: 'after' });
    expect(await propose(client, proposal('v2\n'))).toEqual({ url: 'https://github.com/acme/app/pull/1', number: 1, action: 'updated' });
    expect(fake.count({ method: 'PATCH', path: /\/git\/refs\// })).toBe(2);
    expect(git.files(REPO, BRANCH)?.[WORKFLOW]).toBe('v2\n');
    expect(logs).toEqual([retried('PATCH', `/repos/acme/app/git/refs/heads%2F${encodeURIComponent(BRANCH)}`, /no answer \(.+\)/)]);
  });

  it('finds the branch a lost create made instead of creating it again', async () => {
    const { fake, git, client, proposal } = await start();
    fake.inject({ method: 'POST', path: '/repos/acme/app/git/refs', drop: 'after' });
    expect((await propose(client, proposal('fixed\n'))).action).toBe('created');
    expect(fake.count({ method: 'POST', path: '/repos/acme/app/git/refs' })).toBe(1);
    expect(fake.count({ method: 'GET', path: REF })).toBe(2);
    expect(git.files(REPO, BRANCH)?.[WORKFLOW]).toBe('fixed\n');
    expect(logs).toEqual([retried('POST', '/repos/acme/app/git/refs', /no answer \(.+\)/)]);
  });

  it('creates the branch again when a lost create made nothing, and not a branch someone else made', async () => {
    const { fake, git, client, proposal } = await start();
    fake.inject({ method: 'POST', path: '/repos/acme/app/git/refs', drop: 'before' });
    expect((await propose(client, proposal('fixed\n'))).action).toBe('created');
    expect(fake.count({ method: 'POST', path: '/repos/acme/app/git/refs', status: 201 })).toBe(1);
    expect(git.files(REPO, BRANCH)?.[WORKFLOW]).toBe('fixed\n');
  });

  it('finds the pull request a lost create opened instead of opening a second one', async () => {
    const { fake, git, client, proposal } = await start();
    fake.inject({ method: 'POST', path: '/repos/acme/app/pulls', drop: 'after' });
    expect(await propose(client, proposal('fixed\n'))).toEqual({ url: 'https://github.com/acme/app/pull/1', number: 1, action: 'created' });
    expect(fake.count({ method: 'POST', path: '/repos/acme/app/pulls' })).toBe(1);
    expect(fake.count({ method: 'GET', path: '/repos/acme/app/pulls' })).toBe(2);
    expect(git.pulls(REPO)).toHaveLength(1);
    expect(logs).toEqual([retried('POST', '/repos/acme/app/pulls', /no answer \(.+\)/)]);
  });

  it('opens the pull request again after a 5xx that opened none', async () => {
    const { fake, git, client, proposal } = await start();
    fake.inject({ method: 'POST', path: '/repos/acme/app/pulls', status: 502, times: 2 });
    expect(await propose(client, proposal('fixed\n'))).toEqual({ url: 'https://github.com/acme/app/pull/1', number: 1, action: 'created' });
    expect(fake.count({ method: 'POST', path: '/repos/acme/app/pulls' })).toBe(3);
    expect(fake.count({ method: 'GET', path: '/repos/acme/app/pulls' })).toBe(3);
    expect(git.pulls(REPO)).toEqual([expect.objectContaining({ number: 1, title: TITLE, body: 'body into main' })]);
    expect(sleeps).toEqual([375, 750]);
  });

  it('moves the branch a lost create made when the look-up did not see it yet and the create again says it exists', async () => {
    const { fake, git, client, proposal } = await start();
    fake.inject({ method: 'POST', path: '/repos/acme/app/git/refs', drop: 'after' });
    // The branch is absent at the start, and a stale read still says so after the lost create.
    fake.inject({ method: 'GET', path: REF, status: 404, times: 2 });
    expect(await propose(client, proposal('fixed\n'))).toEqual({ url: 'https://github.com/acme/app/pull/1', number: 1, action: 'created' });
    expect(fake.requests.filter((r) => r.path.includes('/git/ref')).map((r) => `${r.method} ${r.status}`)).toEqual(['GET 404', 'POST 201', 'GET 404', 'POST 422', 'PATCH 200']);
    expect(git.files(REPO, BRANCH)?.[WORKFLOW]).toBe('fixed\n');
    expect(git.pulls(REPO)).toHaveLength(1);
  });

  it('updates the branch and pull request another run made at the same time, instead of failing or opening a second', async () => {
    const { fake, git, client, proposal } = await start();
    await propose(client, proposal('theirs\n', 'theirs'));
    // This run looked before the other one had made anything.
    fake.inject({ method: 'GET', path: REF, status: 404 });
    fake.inject({ method: 'GET', path: '/repos/acme/app/pulls', body: [] });
    expect(await propose(client, proposal('ours\n'))).toEqual({ url: 'https://github.com/acme/app/pull/1', number: 1, action: 'updated' });
    expect(fake.requests.filter((r) => r.method !== 'GET').slice(-4).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /repos/acme/app/git/refs 422',
      `PATCH /repos/acme/app/git/refs/heads%2F${encodeURIComponent(BRANCH)} 200`,
      'POST /repos/acme/app/pulls 422',
      'PATCH /repos/acme/app/pulls/1 200',
    ]);
    expect(git.files(REPO, BRANCH)?.[WORKFLOW]).toBe('ours\n');
    expect(git.pulls(REPO)).toEqual([expect.objectContaining({ number: 1, body: 'body into main' })]);
    expect(logs).toEqual([]);
  });

  it('takes a pull request that already exists as found only when it can find it', async () => {
    const { fake, git, client, proposal } = await start();
    const exists = { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:x.' }] };
    fake.inject({ method: 'POST', path: '/repos/acme/app/pulls', status: 422, body: exists });
    await expect(propose(client, proposal('fixed\n'))).rejects.toMatchObject({ status: 422, response: { data: exists } });
    expect(git.pulls(REPO)).toEqual([]);
    expect(fake.count({ method: 'GET', path: '/repos/acme/app/pulls' })).toBe(2);
  });

  it('does not retry a create that GitHub refused, and fails when the retries run out', async () => {
    const { fake, git, client, proposal } = await start();
    // No such base branch: 422, as GitHub answers it.
    await expect(propose(client, { ...proposal('fixed\n'), base: 'gone' })).rejects.toMatchObject({ status: 422 });
    expect(fake.count({ method: 'POST', path: '/repos/acme/app/pulls' })).toBe(1);
    expect(logs).toEqual([]);
    fake.inject({ method: 'POST', path: '/repos/acme/app/pulls', status: 503, times: Infinity });
    const error = await propose(client, proposal('fixed\n')).catch((e: Error) => e);
    expect(error).toMatchObject({ message: expect.stringMatching(/^POST \/repos\/acme\/app\/pulls failed: 503: Server Error .*\(gave up after 6 attempts\)$/) });
    expect(fake.count({ method: 'POST', path: '/repos/acme/app/pulls' })).toBe(7);
    expect(git.pulls(REPO)).toEqual([]);
  });
});
