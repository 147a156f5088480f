import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { steps, triggers, workflowProblems } from './workflow-rules.js';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

const CHECKOUT = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0';
/** A workflow that follows every rule, for the tests below to break one rule at a time. */
const good = (overrides: { on?: string; permissions?: string; steps?: string; jobPermissions?: string } = {}) => `
on: ${overrides.on ?? '[push]'}
${overrides.permissions ?? 'permissions:\n  contents: read'}
jobs:
  test:
    runs-on: ubuntu-latest
${overrides.jobPermissions ?? ''}
    steps:
${
  overrides.steps ??
  `      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - run: npm test`
}
`;

describe('every workflow in .github/workflows', () => {
  it('finds the workflows', () => {
    expect(files).toEqual(expect.arrayContaining(['check-dist.yml', 'ci.yml', 'e2e.yml', 'release.yml']));
  });

  it.each(files)('%s: pinned actions, read-only top level, no pull_request_target, no untrusted input in scripts', (file) => {
    expect(workflowProblems(read(file), file)).toEqual([]);
  });
});

describe('the rules fail a workflow that breaks them', () => {
  const problems = (text: string) => workflowProblems(text, 'w.yml');

  it('passes the model workflow', () => {
    expect(problems(good())).toEqual([]);
  });

  it.each([
    ['a tag', 'actions/setup-node@v5', /not pinned to a full commit SHA/],
    ['a branch', 'actions/setup-node@main', /not pinned to a full commit SHA/],
    ['a short SHA', 'actions/setup-node@a0853c2', /not pinned to a full commit SHA/],
    ['a SHA without a version comment', 'actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444', /no version comment/],
    ['a SHA with another comment', 'actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # pinned', /no version comment/],
    ['a docker image by tag', 'docker://alpine:3.20', /image digest/],
  ])('refuses %s', (_, uses, message) => {
    expect(problems(good({ steps: `      - uses: ${uses}` }))).toEqual([expect.stringMatching(message)]);
  });

  it('accepts local actions, digest-pinned images and reusable workflows pinned by SHA', () => {
    const digest = 'a'.repeat(64);
    expect(problems(good({ steps: `      - uses: ./\n      - uses: docker://alpine@sha256:${digest}` }))).toEqual([]);
    const reusable = `on: push\npermissions: {}\njobs:\n  call:\n    uses: acme/flows/.github/workflows/x.yml@${'b'.repeat(40)} # v2.1.0\n`;
    expect(problems(reusable)).toEqual([]);
    expect(problems(reusable.replace(/@b+ # v2\.1\.0/, '@v2'))).toEqual([expect.stringMatching(/not pinned/)]);
  });

  it('requires top-level permissions, read only', () => {
    expect(problems(good({ permissions: '' }))).toEqual([expect.stringMatching(/no top-level permissions/)]);
    expect(problems(good({ permissions: 'permissions: write-all' }))).toEqual([expect.stringMatching(/"write-all"/)]);
    expect(problems(good({ permissions: 'permissions: read-all' }))).toEqual([expect.stringMatching(/"read-all"/)]);
    expect(problems(good({ permissions: 'permissions:\n  contents: write' }))).toEqual([expect.stringMatching(/contents: write/)]);
    expect(problems(good({ permissions: 'permissions:\n  contents: read\n  id-token: write' }))).toEqual([expect.stringMatching(/id-token: write/)]);
    expect(problems(good({ permissions: 'permissions: {}' }))).toEqual([]);
  });

  it('refuses pull_request_target in every form of on:', () => {
    for (const on of ['pull_request_target', '[push, pull_request_target]', '{ pull_request_target: { types: [opened] } }']) {
      expect(problems(good({ on }))).toEqual([expect.stringMatching(/pull_request_target/)]);
    }
    expect(triggers({ push: null, pull_request: null })).toEqual(['push', 'pull_request']);
  });

  it.each([
    'echo "${{ github.event.pull_request.title }}"',
    'echo ${{github.head_ref}}',
    'echo "${{ github.ref_name }}"',
    "echo ${{ github['event'].issue.body }}",
    'echo ${{ inputs.tag }}',
    'echo ${{ format(\'{0}\', github.event.comment.body) }}',
  ])('refuses an untrusted expression inside run: %s', (run) => {
    const step = `      - uses: ${CHECKOUT}\n        with:\n          persist-credentials: false\n      - run: ${JSON.stringify(run)}`;
    expect(problems(good({ steps: step }))).toEqual([expect.stringMatching(/expanded inside a script; pass it through env:/)]);
  });

  it('allows the same values through env:, and expressions the workflow itself controls', () => {
    const step = `      - env:\n          TITLE: \${{ github.event.pull_request.title }}\n        run: echo "$TITLE" \${{ matrix.node }} \${{ runner.temp }}`;
    expect(problems(good({ steps: step }))).toEqual([]);
  });

  it("checks actions/github-script's script: as a script", () => {
    const step = `      - uses: actions/github-script@${'c'.repeat(40)} # v8.0.0\n        with:\n          script: console.log("\${{ github.event.issue.title }}")`;
    expect(problems(good({ steps: step }))).toEqual([expect.stringMatching(/expanded inside a script/)]);
  });

  it('requires persist-credentials: false on checkout unless the job may push', () => {
    const checkout = `      - uses: ${CHECKOUT}`;
    expect(problems(good({ steps: checkout }))).toEqual([expect.stringMatching(/persist-credentials: false/)]);
    expect(problems(good({ steps: checkout, jobPermissions: '    permissions:\n      contents: write' }))).toEqual([]);
  });

  it('grants attestations: write only to a job that attests', () => {
    const jobPermissions = '    permissions:\n      attestations: write\n      id-token: write';
    expect(problems(good({ jobPermissions }))).toEqual([expect.stringMatching(/attestations: write but no actions\/attest/)]);
    const attest = `      - uses: actions/attest-build-provenance@${'d'.repeat(40)} # v3.0.0`;
    expect(problems(good({ jobPermissions, steps: attest }))).toEqual([]);
    expect(problems(good({ jobPermissions: '    permissions: write-all' }))).toEqual([expect.stringMatching(/write-all/)]);
  });

  it('finds no steps in a workflow without jobs', () => {
    expect(steps({ on: 'push' })).toEqual([]);
    expect(problems('on: push\npermissions: {}\n')).toEqual([]);
  });

  it('reports YAML that does not parse', () => {
    expect(problems('on: [push\n')).toEqual([expect.stringMatching(/^w\.yml: /)]);
  });
});

describe('release.yml', () => {
  const release = YAML.parse(read('release.yml')) as {
    on: { push: { tags: string[] } };
    jobs: Record<string, { needs?: string; permissions?: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
  };
  const { build, publish } = release.jobs;
  const uses = (job: typeof build) => job.steps.map((step) => step.uses?.split('@')[0]).filter(Boolean);
  const runs = (job: typeof build) => job.steps.map((step) => step.run ?? '').join('\n');

  it('runs on version tags, in two jobs: build, then publish', () => {
    expect(release.on.push.tags).toEqual(['v*.*.*']);
    expect(Object.keys(release.jobs)).toEqual(['build', 'publish']);
    expect(publish.needs).toBe('build');
  });

  it('builds with a read-only token: install, test, a fresh dist/, the release files, an artifact', () => {
    expect(build.permissions).toEqual({ contents: 'read' });
    const script = runs(build);
    for (const command of ['npm ci', 'npm test', 'npm run build', 'git diff --exit-code', 'npm run release-files']) {
      expect(script).toContain(command);
    }
    expect(script).toMatch(/npm ci [^\n]*--ignore-scripts/);
    expect(uses(build)).toEqual(['actions/checkout', 'actions/setup-node', 'actions/upload-artifact']);
  });

  it('publishes without installing or running anything of this repository', () => {
    expect(uses(publish)).toEqual(['actions/download-artifact', 'actions/attest-build-provenance', 'actions/attest-sbom']);
    expect(runs(publish)).not.toMatch(/\b(npm|npx|node|yarn|pnpm|tsx)\b/);
    expect(publish.permissions).toEqual({ contents: 'write', 'id-token': 'write', attestations: 'write' });
  });

  it('attests the tarball and the SBOM, and puts the SHA-256 and the commit in the notes', () => {
    const provenance = publish.steps.find((step) => step.uses?.startsWith('actions/attest-build-provenance@'));
    expect(String(provenance?.with?.['subject-path'])).toMatch(/TARBALL[\s\S]*SBOM/);
    const sbom = publish.steps.find((step) => step.uses?.startsWith('actions/attest-sbom@'));
    expect(sbom?.with).toEqual({ 'subject-path': '${{ env.TARBALL }}', 'sbom-path': '${{ env.SBOM }}' });
    const script = runs(publish);
    expect(script).toContain('sha256sum --check');
    expect(script).toMatch(/sha256sum -- "\$TARBALL"/);
    expect(script).toContain('$GITHUB_REPOSITORY@$GITHUB_SHA');
    expect(script).toContain('gh release create');
    expect(script).toMatch(/git\/refs\/tags\/\$major/);
  });
});

describe('dependabot', () => {
  it('keeps the SHA pins of the workflows fresh', () => {
    const config = YAML.parse(readFileSync(join(root, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string; directory: string }[];
    };
    expect(config.updates).toContainEqual(expect.objectContaining({ 'package-ecosystem': 'github-actions', directory: '/' }));
  });
});
