// mode: migrate end to end: the committed dist/ run as the runner runs it, on a copy of the fixture repository in
// the job's workspace, with no DigitalOcean token; then the CLI bundle run as a user runs it. Every secret the
// fixture holds goes into the leak scan: found, it is masked and shown redacted, never in full.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Fixture, LEGACY_FINDINGS, materialize } from '../migrate/fixture.js';
import { validateReport, validateSarif } from '../migrate/schemas.js';
import { e2eWorlds, tokenSecret, type World } from './leak.js';
import { NODE, REPO_ROOT, type StepResult } from './runner.js';

const world = e2eWorlds();

/** A world whose job workspace holds the legacy fixture; its secrets join the leak scan. */
async function start(name = 'legacy-repo'): Promise<{ w: World; fixture: Fixture; run: (inputs?: Record<string, string>) => Promise<{ main: StepResult; post: StepResult }> }> {
  const w = await world();
  const fixture = materialize(name);
  const labels = { legacyPair: 'legacy pair', legacyBasic: 'base64 legacy pair', apiToken: 'API token in the tree', accessKey: 'access key in the tree' } as const;
  for (const [key, value] of Object.entries(fixture.secrets)) w.extraSecrets.push(tokenSecret(value, labels[key as keyof typeof labels]));
  const run = async (inputs: Record<string, string> = {}) => {
    const job = w.job({ env: { GITHUB_ACTION_REPOSITORY: 'acme/functions-access-key', GITHUB_ACTION_REF: 'v1' } });
    cpSync(fixture.root, job.workspace, { recursive: true });
    const main = await job.uses({ with: { mode: 'migrate', ...inputs } });
    const [post] = await job.end();
    return { main, post: post as StepResult };
  };
  return { w, fixture, run };
}

/** Files past one batch (read-pool.ts), so that dist/read-worker, beside the bundles, reads them. */
function pad(root: string, files = 600): void {
  mkdirSync(join(root, 'generated'));
  for (let i = 0; i < files; i++) writeFileSync(join(root, 'generated', `file-${i}.txt`), `nothing to find here ${i}\n`);
}

describe('mode: migrate (action)', () => {
  it('scans the workspace without a token: annotations, outputs, report, SARIF, summary; fails on errors', async () => {
    const { w, fixture, run } = await start();
    const { main, post } = await run();
    try {
      expect(main.exitCode).toBe(1);
      expect(main.annotations.some((a) => a.level === 'error' && !a.properties.file && /15 findings at or above fail-on `error`/.test(a.message))).toBe(true);
      const annotated = main.annotations.filter((a) => a.properties.file).map((a) => `${a.properties.file}:${a.properties.line}:${a.properties.col} ${a.properties.title}`);
      expect(annotated.sort()).toEqual([...LEGACY_FINDINGS].sort());
      const levels = main.annotations.filter((a) => a.properties.file).map((a) => a.level);
      expect(levels.filter((l) => l === 'notice')).toHaveLength(2);
      expect(levels.filter((l) => l === 'warning')).toHaveLength(5);

      expect(main.outputs.findings).toBe('22');
      const report = JSON.parse(readFileSync(main.outputs.report as string, 'utf8'));
      expect(validateReport(report)).toEqual([]);
      expect(report.root).toBe('.');
      const sarif = JSON.parse(readFileSync(main.outputs.sarif as string, 'utf8'));
      expect(validateSarif(sarif)).toEqual([]);
      expect(sarif.runs[0].results).toHaveLength(22);
      for (const output of [main.outputs.report, main.outputs.sarif]) expect(output?.startsWith(join(main.env.RUNNER_TEMP as string))).toBe(true);

      // The found secrets are masked before anything else is printed; the log shows the redacted forms.
      for (const secret of Object.values(fixture.secrets)) expect(main.masks).toContain(secret);
      expect(main.maskedLog).toContain(`.env:2:16 error hardcoded-legacy-credential Hard-coded legacy namespace credential \`${fixture.secrets.legacyPair.slice(0, 8)}-…:****\`.`);
      expect(main.maskedLog).toMatch(/15 errors, 5 warnings, 2 notices in 18 files \(0\.0 MB, \d+\.\d s\); skipped 2 vendored, 1 binary, 1 too-large/);
      expect(main.summary).toContain('## 🔑 Functions access key migration');
      expect(main.summary).toContain('#### `.github/workflows/deploy.yml`');
      expect(main.summary).toContain('    namespace: production\n    connect-doctl: true');
      expect(main.summary).toContain('- uses: acme/functions-access-key@v1');
      expect(post.exitCode).toBe(0);
      expect(post.maskedLog).toContain('Nothing to delete: mode migrate creates no key.');
      expect(w.fake.requests).toEqual([]);
    } finally {
      fixture.dispose();
    }
  });

  it('reads a large tree on worker threads started from the chunk that dist/main loads', async () => {
    const { fixture, run } = await start();
    try {
      pad(fixture.root);
      const { main } = await run({ 'fail-on': 'never' });
      expect(main.exitCode).toBe(0);
      expect(main.outputs.findings).toBe('22');
      expect(main.maskedLog).toMatch(/15 errors, 5 warnings, 2 notices in 618 files/);
    } finally {
      fixture.dispose();
    }
  });

  it('follows path, ignore and fail-on', async () => {
    const { fixture, run } = await start();
    try {
      const scripts = await run({ path: 'scripts', 'fail-on': 'never' });
      expect(scripts.main.exitCode).toBe(0);
      expect(scripts.main.outputs.findings).toBe('2');
      expect(scripts.main.annotations.map((a) => `${a.properties.file}:${a.properties.line}`)).toEqual(['scripts/deploy.sh:4', 'scripts/deploy.sh:6']);

      const warnings = await run({ ignore: '.env, *.tf\n.github/**\nscripts/**\nMakefile\npackage.json\nconfig/**\ndocs\n.wskprops', 'fail-on': 'warning' });
      expect(warnings.main.outputs.findings).toBe('2');
      expect(warnings.main.exitCode).toBe(1);
      expect(warnings.main.annotations.some((a) => /2 findings at or above fail-on `warning`/.test(a.message))).toBe(true);

      const clean = await run({ path: '.github/workflows/migrated.yml' });
      expect(clean.main.exitCode).toBe(0);
      expect(clean.main.outputs.findings).toBe('0');
      expect(clean.main.summary).toContain('✅ Nothing here uses the legacy credential');

      const missing = await run({ path: 'no-such-dir' });
      expect(missing.main.exitCode).toBe(1);
      expect(missing.main.annotations[0]?.message).toBe(
        'functions-access-key: input `path`: `no-such-dir` does not exist in the workspace. Expected a directory or file of the checked-out repository, relative to GITHUB_WORKSPACE (run actions/checkout first).',
      );
      expect(missing.main.outputs).toEqual({});
    } finally {
      fixture.dispose();
    }
  });
});

describe('functions-access-key migrate (CLI bundle)', () => {
  const bin = join(REPO_ROOT, (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['functions-access-key'] as string);

  it('is an executable script with a node shebang that runs without installing anything', () => {
    expect(bin).toBe(join(REPO_ROOT, 'dist/cli/index.js'));
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
  });

  it('prints findings one per line and exits 1; --format sarif is valid SARIF', () => {
    const fixture = materialize('legacy-repo');
    try {
      const env = { PATH: `${join(NODE, '..')}:/usr/bin:/bin`, HOME: fixture.root };
      const text = spawnSync(bin, ['migrate'], { cwd: fixture.root, env, encoding: 'utf8' });
      expect(text.status).toBe(1);
      expect(text.stderr).toBe('');
      const lines = text.stdout.split('\n').filter((line) => /^\S+:\d+:\d+ (error|warning|notice) /.test(line));
      expect(lines.map((line) => line.split(' ').slice(0, 1).concat(line.split(' ')[2] as string).join(' ')).sort()).toEqual([...LEGACY_FINDINGS].sort());
      expect(text.stdout).toMatch(/\n15 errors, 5 warnings, 2 notices in 18 files/);
      for (const secret of Object.values(fixture.secrets)) expect(text.stdout.includes(secret)).toBe(false);

      const sarif = spawnSync(NODE, [bin, 'migrate', '.', '--format', 'sarif', '--fail-on', 'never'], { cwd: fixture.root, env, encoding: 'utf8' });
      expect(sarif.status).toBe(0);
      expect(validateSarif(JSON.parse(sarif.stdout))).toEqual([]);
      pad(fixture.root);
      const large = spawnSync(bin, ['migrate'], { cwd: fixture.root, env, encoding: 'utf8' });
      expect(large.stderr).toBe('');
      expect(large.stdout).toMatch(/\n15 errors, 5 warnings, 2 notices in 618 files/);

      const usage = spawnSync(NODE, [bin, 'nope'], { cwd: fixture.root, env, encoding: 'utf8' });
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain('unknown command `nope`');
    } finally {
      fixture.dispose();
    }
  });
});
