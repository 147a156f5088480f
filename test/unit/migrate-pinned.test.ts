// Pins what people read (the rule table, the job summary, the pull request body) with snapshots, and the walk's and
// scan's edges: name order, the size bound and the binary probe at their limits, vendored names, a BOM, a root
// outside the base, the order of findings.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pullRequestBody } from '../../src/modes/migrate/pr-body.js';
import { buildReport, fixReport } from '../../src/modes/migrate/report.js';
import { RULES } from '../../src/modes/migrate/rules.js';
import { scan } from '../../src/modes/migrate/scan.js';
import { fixSummary, migrateSummary } from '../../src/modes/migrate/summary.js';
import { MAX_FILE_BYTES, VENDORED, readFile, walk } from '../../src/modes/migrate/walk.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tree(files: Record<string, string | Buffer>): string {
  dir = mkdtempSync(join(tmpdir(), 'fak-pinned-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('walk and read at their edges', () => {
  it('walks in name order, files of a directory before its subdirectories, skipping vendored names', () => {
    const root = tree({ 'b.txt': '', 'a.txt': '', 'z/x.txt': '', 'c/y.txt': '', 'vendor/v.txt': '', 'third_party/t.txt': '', '.venv/p.txt': '', 'C.txt': '' });
    const skipped: string[] = [];
    const paths = [...walk(root, { onSkip: (s) => skipped.push(`${s.path}:${s.reason}`) })].map((f) => f.path);
    expect(paths).toEqual(['C.txt', 'a.txt', 'b.txt', 'c/y.txt', 'z/x.txt']);
    expect(skipped).toEqual(['.venv:vendored', 'third_party:vendored', 'vendor:vendored']);
    expect([...VENDORED].sort()).toEqual(['.git', '.hg', '.svn', '.terraform', '.tox', '.venv', '__pycache__', 'bower_components', 'jspm_packages', 'node_modules', 'third_party', 'vendor', 'venv']);
  });

  it('reads up to the bound and probes 8000 bytes for a NUL', () => {
    const root = tree({ exact: Buffer.alloc(100, 'a'), over: Buffer.alloc(101, 'a'), 'nul-in': Buffer.concat([Buffer.alloc(7999, 'a'), Buffer.from([0])]), 'nul-past': Buffer.concat([Buffer.alloc(8000, 'a'), Buffer.from([0])]) });
    const buffer = Buffer.alloc(200);
    const read = (name: string) => readFile(join(root, name), buffer, 100);
    expect(read('exact')).toEqual({ bytes: Buffer.alloc(100, 'a') });
    expect(read('over')).toEqual({ skipped: 'too-large' });
    expect(readFile(join(root, 'nul-in'), Buffer.alloc(MAX_FILE_BYTES))).toEqual({ skipped: 'binary' });
    expect('bytes' in readFile(join(root, 'nul-past'), Buffer.alloc(MAX_FILE_BYTES))).toBe(true);
    expect(readFile(join(root, 'missing'), buffer)).toEqual({ skipped: 'unreadable' });
  });

  it('strips a BOM, sorts findings by file, line and column, and keeps paths when the root is outside the base', () => {
    const token = `dop_v1_${'a'.repeat(64)}`;
    const root = tree({ 'b.sh': `${token}\nx ${token} doctl sls connect n\n`, 'a.sh': `\uFEFF${token}\n` });
    const result = scan({ root });
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      'a.sh:1:1 hardcoded-api-token',
      'b.sh:1:1 hardcoded-api-token',
      'b.sh:2:3 hardcoded-api-token',
      'b.sh:2:75 doctl-connect-legacy',
    ]);
    expect(scan({ root, base: join(root, 'elsewhere') }).findings[0]?.file).toBe('a.sh');
    expect(scan({ root: join(root, 'a.sh'), base: root }).findings[0]?.file).toBe('a.sh');
    expect(result.secrets).toEqual([token]);
  });
});

describe('what people read', () => {
  it('the rule table', () => {
    expect(RULES).toMatchSnapshot();
  });

  it('the job summary and the fix section', () => {
    const finding = { file: 'w.yml', line: 2, column: 5, rule: 'doctl-connect-legacy' as const, severity: 'error' as const, message: 'msg', fix: 'do it', snippet: '- uses: x' };
    const report = buildReport(
      { findings: [finding, { ...finding, file: 'a.env', rule: 'hardcoded-api-token', snippet: undefined }], files: 2, bytes: 2048, skipped: [{ path: 'x.png', reason: 'binary' }], skippedCounts: { vendored: 1, ignored: 0, symlink: 0, binary: 1, 'too-large': 0, unreadable: 0 }, secrets: [] },
      'src',
      Date.parse('2026-11-30T10:00:00Z'),
    );
    const fix = { changes: [{ path: 'w.yml', before: 'a', after: 'b', outcomes: [{ line: 2, command: 'c', fixed: true, what: 'became a mint step' }, { line: 9, command: 'd', fixed: false, what: 'fix it by hand' }] }], tasks: [{ file: 'a.env', line: 2, rule: 'hardcoded-api-token' as const, what: 'revoke' }] };
    report.fix = fixReport('pull-request', fix, { url: 'https://github.com/o/r/pull/7', number: 7, action: 'updated' });
    expect(migrateSummary(report)).toMatchSnapshot();
    expect(fixSummary(report.fix)).toMatchSnapshot();
    expect(fixSummary(fixReport('files', { changes: [], tasks: [] }))).toMatchSnapshot();
    expect(pullRequestBody(fix, { repositoryUrl: 'https://github.com/o/r', ref: 'main' })).toMatchSnapshot();
  });
});
