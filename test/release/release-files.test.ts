import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archive, releaseFiles } from '../../scripts/release-files.js';

const root = join(import.meta.dirname, '..', '..');
const temp = mkdtempSync(join(tmpdir(), 'release-files-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
const entries = (tarball: string) => execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter((e) => e && !e.endsWith('/'));

/** A repository with one commit holding these files. */
function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(join(temp, 'repo-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'init', '--quiet');
  git(dir, 'add', '.');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', 'release');
  return dir;
}

describe('npm run release-files', () => {
  it('packs action.yml, dist/ and broker/ of the commit at HEAD, with its SHA-256 and the SBOM', () => {
    const out = join(temp, 'out');
    const files = releaseFiles(root, 'v1.2.3', out, 'acme/functions-access-key');
    const committed = git(root, 'ls-tree', '-r', '--name-only', 'HEAD', '--', 'action.yml', 'dist', 'broker').trim().split('\n');
    expect(entries(files.tarball).sort()).toEqual(committed.map((path) => `functions-access-key-v1.2.3/${path}`).sort());
    expect(readFileSync(files.checksum, 'utf8')).toBe(`${files.sha256}  functions-access-key-v1.2.3.tar.gz\n`);
    execFileSync('sha256sum', ['--check', '--strict', '--quiet', files.checksum], { cwd: out });
    expect(JSON.parse(readFileSync(files.sbom, 'utf8'))).toMatchObject({ bomFormat: 'CycloneDX', metadata: { component: { version: '1.2.3' } } });
  });

  it('ships broker/ once the commit has it, and nothing else of the repository', () => {
    const dir = repository({ 'action.yml': 'name: x\n', 'dist/main/index.js': '', 'broker/project.yml': 'packages: []\n', 'src/main.ts': '' });
    expect(entries(archive(dir, 'v2.0.0-rc.1', join(dir, 'out')).tarball).sort()).toEqual([
      'functions-access-key-v2.0.0-rc.1/action.yml',
      'functions-access-key-v2.0.0-rc.1/broker/project.yml',
      'functions-access-key-v2.0.0-rc.1/dist/main/index.js',
    ]);
  });

  it('makes the same tarball twice from the same commit', () => {
    const dir = repository({ 'action.yml': 'name: x\n', 'dist/main/index.js': 'x' });
    const first = archive(dir, 'v1.0.0', join(dir, 'a'));
    expect(archive(dir, 'v1.0.0', join(dir, 'b')).sha256).toBe(first.sha256);
  });

  it('refuses a version that is not a tag, and a commit without the action', () => {
    const dir = repository({ 'README.md': 'x' });
    for (const version of ['1.2.3', 'v1.2', 'v1.2.3/../../x', 'latest']) {
      expect(() => archive(dir, version, join(dir, 'out'))).toThrow(/is not a tag like v1\.2\.3/);
    }
    expect(() => archive(dir, 'v1.0.0', join(dir, 'out'))).toThrow(/no action\.yml or dist\//);
  });
});
