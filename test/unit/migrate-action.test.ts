// runMigrate with a recording core: outputs, masking first, annotations (capped), summary, fail-on, both fix modes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ANNOTATIONS, runMigrate } from '../../src/modes/migrate/action.js';
import type { Core } from '../../src/runner.js';
import { FakeGit } from '../fake/github/git.js';
import { FakeGitHub } from '../fake/github/server.js';
import { openConnections } from '../fake/sockets.js';
import { type Fixture, materialize } from '../migrate/fixture.js';

let fixture: Fixture | undefined;
let github: FakeGitHub | undefined;
afterEach(async () => {
  fixture?.dispose();
  fixture = undefined;
  await github?.close();
  github = undefined;
});

function recordingCore(inputs: Record<string, string>) {
  const log: string[] = [];
  const outputs: Record<string, string> = {};
  let summary = '';
  const annotate = (level: string) => (message: unknown, props?: Record<string, unknown>) => void log.push(`${level}${props?.file ? ` ${props.file}:${props.startLine}:${props.startColumn} ${props.title}` : ''}: ${String(message)}`);
  const core = {
    getInput: (name: string) => inputs[name] ?? '',
    setSecret: (value: string) => void log.push(`mask ${value}`),
    setOutput: (name: string, value: unknown) => void (outputs[name] = String(value)),
    info: (message: string) => void log.push(`info: ${message}`),
    debug: () => undefined,
    error: annotate('error'),
    warning: annotate('warning'),
    notice: annotate('notice'),
    summary: { addRaw: (text: string) => ({ write: async () => void (summary += text) }) },
  } as unknown as Core;
  return { core, log, outputs, summary: () => summary };
}

const clock = { now: () => Date.parse('2026-11-30T10:00:00Z'), sleep: async () => undefined, random: () => 0.5 };

async function run(inputs: Record<string, string>, env: Record<string, string> = {}) {
  fixture ??= materialize('legacy-repo');
  const recorded = recordingCore(inputs);
  const error = await runMigrate({ core: recorded.core, env: { GITHUB_WORKSPACE: fixture.root, RUNNER_TEMP: join(fixture.root, '..'), ...env }, clock }).catch((e: Error) => e);
  return { ...recorded, error };
}

describe('runMigrate', () => {
  it('masks what it found before printing, sets the outputs, annotates, writes the summary, fails on errors', async () => {
    const { log, outputs, summary, error } = await run({});
    const firstOther = log.findIndex((line) => !line.startsWith('mask '));
    expect(log.slice(0, firstOther).sort()).toEqual(Object.values(fixture!.secrets).map((s) => `mask ${s}`).sort());
    expect(outputs.findings).toBe('22');
    // In RUNNER_TEMP, named for what they hold.
    expect([outputs.report, outputs.sarif]).toEqual(['json', 'sarif'].map((ext) => join(fixture!.root, '..', `functions-access-key-migrate.${ext}`)));
    expect(JSON.parse(readFileSync(outputs.report as string, 'utf8'))).toMatchObject({ root: '.', findings: expect.any(Array) });
    expect(JSON.parse(readFileSync(outputs.report as string, 'utf8')).findings).toHaveLength(22);
    expect(JSON.parse(readFileSync(outputs.sarif as string, 'utf8')).version).toBe('2.1.0');
    expect(log).toContain('error .github/workflows/deploy.yml:20:14 doctl-connect-legacy: `doctl serverless connect production` has no --access-key: doctl fetches the legacy namespace credential, which stopped authenticating after 3 June 2026. Fix: Replace this step with the step below: it mints a key for the job and connects doctl with it.');
    expect(log).toContain('error .github/workflows/deploy.yml:24:11 doctl-connect-legacy: `doctl serverless connect "$FUNCTIONS_NAMESPACE"` has no --access-key: doctl fetches the legacy namespace credential, which stopped authenticating after 3 June 2026. Fix: Add the step below before this one, and change the command to `doctl serverless connect "$FUNCTIONS_NAMESPACE" --access-key "$DO_FUNCTIONS_ACCESS_KEY"`.');
    expect(log).toContain('notice .github/workflows/stored-key.yml:11:25 long-lived-access-key: `$FN_KEY` is a stored access key passed to doctl or curl: it lives until someone deletes it. Fix: Mint a key per job instead (`uses: acme/functions-access-key@v1`), then delete the stored key in DigitalOcean and the secret.');
    expect(log.some((line) => line.startsWith('info: 15 errors, 5 warnings, 2 notices in 18 files (0.0 MB, 0.0 s)'))).toBe(true);
    expect(summary()).toContain('## 🔑 Functions access key migration');
    expect(summary()).not.toContain('### 🛠️ Fix');
    expect(summary()).toMatch(/list every finding\.\n$/);
    expect(error?.message).toBe('15 findings at or above fail-on `error`: pipelines still use the legacy credential or hard-coded keys (see the annotations and the job summary).');
    expect(outputs['changed-files']).toBeUndefined();
    const passing = await run({ 'fail-on': 'never' });
    expect(passing.error).toBeUndefined();
  });

  it('annotates the first MAX_ANNOTATIONS findings only, and logs every one', async () => {
    fixture = materialize('legacy-repo');
    const many = Array.from({ length: MAX_ANNOTATIONS + 5 }, (_, i) => `doctl sls connect ns-${i}`).join('\n');
    writeFileSync(join(fixture.root, 'many.sh'), many);
    const { log } = await run({ path: 'many.sh', 'fail-on': 'never' });
    expect(log.filter((line) => line.startsWith('error many.sh:'))).toHaveLength(MAX_ANNOTATIONS);
    expect(log.filter((line) => line.startsWith('info: many.sh:'))).toHaveLength(MAX_ANNOTATIONS + 5);
    expect(log).toContain(`info: 5 more findings are not annotated; the job summary, the report and the SARIF file have them all.`);
    writeFileSync(join(fixture.root, 'many.sh'), many.split('\n').slice(0, MAX_ANNOTATIONS).join('\n'));
    const all = await run({ path: 'many.sh', 'fail-on': 'never' });
    expect(all.log.filter((line) => line.startsWith('error many.sh:'))).toHaveLength(MAX_ANNOTATIONS);
    expect(all.log.filter((line) => line.includes('not annotated'))).toEqual([]);
  });

  it('fix: files rewrites the workflows and fails only on what is left', async () => {
    const { outputs, summary, error, log } = await run({ fix: 'files', path: '.github/workflows' }, { GITHUB_ACTION_REPOSITORY: 'acme/fak', GITHUB_ACTION_REF: 'v3' });
    expect(outputs['changed-files']).toBe('.github/workflows/anchors.yml\n.github/workflows/deploy.yml');
    expect(readFileSync(join(fixture!.root, '.github/workflows/deploy.yml'), 'utf8')).toContain('uses: acme/fak@v3');
    expect(log).toContain('info: Rewrote .github/workflows/deploy.yml');
    expect(summary()).toContain('### 🛠️ Fix (files)');
    expect(error).toBeUndefined();
    expect(JSON.parse(readFileSync(outputs.report as string, 'utf8')).fix.changed_files).toHaveLength(2);
    const strict = await run({ fix: 'files', path: '.github/workflows', 'fail-on': 'notice' });
    expect(strict.error?.message).toMatch(/^2 findings that the fix left at or above fail-on `notice`/);
  });

  it('fix: pull-request proposes the rewrite; needs the repository from the runner', async () => {
    github = await FakeGitHub.start();
    const git = new FakeGit(github);
    fixture = materialize('legacy-repo');
    const sha = git.addRepo('acme/app', { '.github/workflows/deploy.yml': readFileSync(join(fixture.root, '.github/workflows/deploy.yml'), 'utf8'), '.github/workflows/anchors.yml': 'x\n' });
    const token = github.addToken('t', { kind: 'app', permissions: { contents: 'write', pull_requests: 'write', workflows: 'write', metadata: 'read' } });
    const env = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/app', GITHUB_SHA: sha, GITHUB_REF: 'refs/tags/v1', GITHUB_REF_NAME: 'v1', GITHUB_SERVER_URL: 'https://ghe.example' };
    github.inject({ method: 'POST', path: '/repos/acme/app/git/trees', status: 502 });
    const { outputs, log, error } = await run({ fix: 'pull-request', 'github-token': token, 'fail-on': 'never' }, env);
    expect(error).toBeUndefined();
    // GitHub's answers go through the action's retries, logged in the job log; its sockets are closed at the end.
    expect(log).toContainEqual(expect.stringMatching(/^info: POST \/repos\/acme\/app\/git\/trees: 502: Server Error \(request id [\w-]+\); retrying in 0\.4s \(attempt 2 of 6\)$/));
    expect(await openConnections(github)).toBe(0);
    expect(outputs['pull-request-url']).toBe('https://github.com/acme/app/pull/1');
    expect(log).toContain('info: Pull request created: https://github.com/acme/app/pull/1');
    expect(log).toContain('info: Proposed .github/workflows/deploy.yml');
    // A tag is no branch: the pull request goes into the default branch; links go to the server the runner names.
    expect(git.pulls('acme/app')[0]?.base).toBe('main');
    expect(git.pulls('acme/app')[0]?.body).toContain('https://ghe.example/acme/app/blob/main/.github/workflows/deploy.yml#L20');
    expect(git.branch('acme/app', 'functions-access-key/migrate')?.message).toMatch(/^Move CI off the legacy DigitalOcean Functions credential\n\n.*\nChanged: \.github\/workflows\/anchors\.yml, \.github\/workflows\/deploy\.yml$/s);
    // On a branch, into that branch (the links of the updated body point there); without GITHUB_REF, the default branch.
    await run({ fix: 'pull-request', 'github-token': token, 'fail-on': 'never' }, { ...env, GITHUB_REF: 'refs/heads/dev', GITHUB_REF_NAME: 'dev' });
    expect(git.pulls('acme/app')[0]?.body).toContain('https://ghe.example/acme/app/blob/dev/.github/workflows/deploy.yml#L20');
    const { GITHUB_REF: _ref, ...noRef } = env;
    expect((await run({ fix: 'pull-request', 'github-token': token, 'fail-on': 'never' }, noRef)).log).toContain('info: Pull request updated: https://github.com/acme/app/pull/1');
    const before = github.requests.length;
    for (const outside of [{}, { GITHUB_REPOSITORY: 'acme/app' }, { GITHUB_SHA: sha }, { GITHUB_REPOSITORY: 'acme', GITHUB_SHA: sha }] as Record<string, string>[]) {
      const { error: refused } = await run({ fix: 'pull-request', 'github-token': token }, { GITHUB_API_URL: github.url, ...outside });
      expect(refused?.message, JSON.stringify(outside)).toBe('fix: pull-request needs GITHUB_REPOSITORY and GITHUB_SHA, which the runner sets: run it in a workflow, or use `fix: files`.');
    }
    expect(github.requests).toHaveLength(before);
    // Nothing to fix: no pull request, no request at all.
    const requests = github.requests.length;
    const clean = await run({ fix: 'pull-request', 'github-token': token, path: '.github/workflows/migrated.yml' }, env);
    expect(clean.outputs['changed-files']).toBe('');
    expect(clean.outputs['pull-request-url']).toBeUndefined();
    expect(github.requests).toHaveLength(requests);
  });
});
