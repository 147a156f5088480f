// mode: migrate with `fix` end to end, through the committed dist/: files mode rewrites the workspace; pull-request
// mode pushes one branch and opens one pull request on the fake GitHub, a re-run updates the same one, GITHUB_TOKEN
// is refused with the missing permission and nothing pushed; every run goes through the leak scan.
import { cpSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeGit } from '../fake/github/git.js';
import { FakeGitHub } from '../fake/github/server.js';
import { materialize } from '../migrate/fixture.js';
import { validateReport } from '../migrate/schemas.js';
import { e2eWorlds, tokenSecret, type World } from './leak.js';
import type { Job, StepResult } from './runner.js';

const world = e2eWorlds();
const REPO = 'acme/app';
const BRANCH = 'functions-access-key/migrate';
const FIXED = ['.github/workflows/anchors.yml', '.github/workflows/deploy.yml'];

/** Every text file of a tree, by relative path. */
function tree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.png')) files[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

async function start(): Promise<{ w: World; github: FakeGitHub; git: FakeGit; sha: string; original: Record<string, string>; run: (inputs: Record<string, string>) => Promise<{ main: StepResult; job: Job }> }> {
  const w = await world();
  const fixture = materialize('legacy-repo', { extras: false });
  for (const value of Object.values(fixture.secrets)) w.extraSecrets.push(tokenSecret(value, 'a credential in the fixture'));
  const original = tree(fixture.root);
  const github = await FakeGitHub.start();
  const git = new FakeGit(github);
  const sha = git.addRepo(REPO, original);
  const run = async (inputs: Record<string, string>) => {
    const job = w.job({
      env: { GITHUB_API_URL: github.url, GITHUB_SHA: sha, GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_ACTION_REPOSITORY: 'acme/functions-access-key', GITHUB_ACTION_REF: 'v1' },
    });
    cpSync(fixture.root, job.workspace, { recursive: true });
    const main = await job.uses({ with: { mode: 'migrate', ...inputs } });
    await job.end();
    return { main, job };
  };
  // The world closes its jobs; the fake GitHub and the fixture copy are closed here.
  const close = w.close.bind(w);
  w.close = async () => {
    await close();
    await github.close();
    fixture.dispose();
  };
  return { w, github, git, sha, original, run };
}

describe('mode: migrate, fix: files', () => {
  it('rewrites the workflows in the workspace, byte for byte elsewhere; fails only on what it left', async () => {
    const { original, run, github } = await start();
    const { main, job } = await run({ fix: 'files' });
    expect(main.outputs['changed-files']).toBe(FIXED.join('\n'));
    const after = tree(job.workspace);
    for (const [path, text] of Object.entries(original)) if (!FIXED.includes(path)) expect(after[path], path).toBe(text);
    expect(after['.github/workflows/deploy.yml']).toContain('      - name: Connect\n        uses: acme/functions-access-key@v1\n        with:\n          token: ${{ secrets.DO_API_TOKEN }}\n          namespace: production\n          connect-doctl: true\n      - uses: acme/functions-access-key@v1\n');
    expect(after['.github/workflows/deploy.yml']).toContain('doctl serverless connect "$FUNCTIONS_NAMESPACE" --access-key "$DO_FUNCTIONS_ACCESS_KEY"\n');
    const report = JSON.parse(readFileSync(main.outputs.report as string, 'utf8'));
    expect(validateReport(report)).toEqual([]);
    expect(report.fix.changed_files).toEqual(FIXED);
    expect(report.fix.connects.filter((c: { fixed: boolean }) => c.fixed)).toHaveLength(4);
    // Hard-coded credentials and scripts are left: the step still fails on them.
    expect(main.exitCode).toBe(1);
    expect(main.annotations.some((a) => /findings that the fix left at or above fail-on `error`/.test(a.message))).toBe(true);
    expect(main.summary).toContain('### 🛠️ Fix (files)');
    expect(main.summary).toContain('✅ `.github/workflows/deploy.yml` line 20');
    expect(main.maskedLog).toContain('Rewrote .github/workflows/deploy.yml');
    expect(github.requests).toEqual([]);
  });
});

describe('mode: migrate, fix: pull-request', () => {
  it('opens one pull request with one commit; a re-run updates it, then changes nothing', async () => {
    const { w, github, git, sha, original, run } = await start();
    const token = github.addToken('github_pat_migration', { kind: 'pat', permissions: { contents: 'write', pull_requests: 'write', workflows: 'write', metadata: 'read' } });
    w.extraSecrets.push(tokenSecret(token, 'GitHub token'));
    const first = await run({ fix: 'pull-request', 'github-token': token, 'fail-on': 'never' });
    expect(first.main.exitCode).toBe(0);
    expect(first.main.outputs['pull-request-url']).toBe('https://github.com/acme/app/pull/1');
    expect(first.main.outputs['changed-files']).toBe(FIXED.join('\n'));
    // The workspace is untouched; the branch holds the rewrite, one commit on the checked-out one.
    expect(tree(first.job.workspace)['.github/workflows/deploy.yml']).toBe(original['.github/workflows/deploy.yml']);
    const branch = git.files(REPO, BRANCH) as Record<string, string>;
    expect(branch['.github/workflows/deploy.yml']).toBe(readFixed(original, 'deploy'));
    for (const [path, text] of Object.entries(original)) if (!FIXED.includes(path)) expect(branch[path], path).toBe(text);
    expect(git.branch(REPO, BRANCH)?.parents).toEqual([sha]);
    const [pull] = git.pulls(REPO);
    expect(pull).toMatchObject({ number: 1, head: BRANCH, base: 'main', title: 'Move CI off the legacy DigitalOcean Functions credential' });
    expect(pull?.body).toContain('- [`.github/workflows/deploy.yml` line 20](https://github.com/acme/app/blob/main/.github/workflows/deploy.yml#L20)');
    expect(pull?.body).toContain('### Needs a human (18)');
    expect(pull?.body).toContain('[`.env` line 3](https://github.com/acme/app/blob/main/.env#L3) (`hardcoded-api-token`): Hard-coded API token `dop_v1_****`. Revoke this token');
    expect(first.main.maskedLog).toContain('Pull request created: https://github.com/acme/app/pull/1');
    expect(first.main.summary).toContain('Pull request created: https://github.com/acme/app/pull/1');

    const writes = github.writes().length;
    const second = await run({ fix: 'pull-request', 'github-token': token, 'fail-on': 'never' });
    expect(second.main.outputs['pull-request-url']).toBe('https://github.com/acme/app/pull/1');
    expect(second.main.maskedLog).toContain('Pull request unchanged: https://github.com/acme/app/pull/1');
    expect(github.writes()).toHaveLength(writes);
    expect(git.pulls(REPO)).toHaveLength(1);
  });

  it("refuses GITHUB_TOKEN: names the workflows permission and how to get a token that has it; pushes nothing", async () => {
    const { w, github, git, run } = await start();
    const token = github.addToken('ghs_jobtoken', { kind: 'github-actions', permissions: { contents: 'write', pull_requests: 'write', metadata: 'read' } });
    w.extraSecrets.push(tokenSecret(token, 'GITHUB_TOKEN'));
    const { main } = await run({ fix: 'pull-request', 'github-token': token });
    expect(main.exitCode).toBe(1);
    const error = main.annotations.find((a) => a.level === 'error' && !a.properties.file)?.message ?? '';
    expect(error).toMatch(/^functions-access-key: GitHub refused to let the token change \.github\/workflows\/ \(refusing to allow a GitHub App to create or update workflow `\.github\/workflows\/anchors\.yml` without `workflows` permission\)/);
    expect(error).toContain('fine-grained personal access token with Contents, Pull requests and Workflows');
    expect(error).toContain('actions/create-github-app-token');
    expect(git.files(REPO, BRANCH)).toBeUndefined();
    expect(git.pulls(REPO)).toEqual([]);
    expect(main.outputs['pull-request-url']).toBeUndefined();
  });

  it('asks for github-token before anything else', async () => {
    const { github, run } = await start();
    const { main } = await run({ fix: 'pull-request' });
    expect(main.exitCode).toBe(1);
    expect(main.annotations[0]?.message).toMatch(/^functions-access-key: input `github-token`: it is empty, and `fix: pull-request` pushes a branch that changes \.github\/workflows\/\. Expected a token with Contents, Pull requests and Workflows write access/);
    expect(main.outputs).toEqual({});
    expect(github.requests).toEqual([]);
  });
});

function readFixed(original: Record<string, string>, name: string): string {
  const text = original[`.github/workflows/${name}.yml`] as string;
  return text
    .replace('        run: doctl serverless connect production\n', '        uses: acme/functions-access-key@v1\n        with:\n          token: ${{ secrets.DO_API_TOKEN }}\n          namespace: production\n          connect-doctl: true\n')
    .replace('      - name: Deploy\n', '      - uses: acme/functions-access-key@v1\n        with:\n          token: ${{ secrets.DO_API_TOKEN }}\n          namespace: fn-3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b\n      - name: Deploy\n')
    .replace('doctl serverless connect "$FUNCTIONS_NAMESPACE"\n', 'doctl serverless connect "$FUNCTIONS_NAMESPACE" --access-key "$DO_FUNCTIONS_ACCESS_KEY"\n')
    .replace('        run: >-\n          doctl sbx connect\n          staging\n', '        uses: acme/functions-access-key@v1\n        with:\n          token: ${{ secrets.DO_API_TOKEN }}\n          namespace: staging\n          connect-doctl: true\n');
}
