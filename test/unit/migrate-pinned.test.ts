// Pins what people read (the rule table, the job summary, the pull request body) with snapshots, and the walk's and
// scan's edges: name order, the size bound and the binary probe at their limits, vendored names, a BOM, a root
// outside the base, the order of findings.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pullRequestBody } from '../../src/modes/migrate/pr-body.js';
import { buildReport, fixReport } from '../../src/modes/migrate/report.js';
import { type Finding, RULES } from '../../src/modes/migrate/rules.js';
import type { ScanResult } from '../../src/modes/migrate/scan.js';
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
    const walked = [...walk(root)].map((w) => ('reason' in w ? `${w.path}:${w.reason}` : w.path));
    // Where they are met: a directory's entries in name order, then its subdirectories.
    expect(walked).toEqual(['.venv:vendored', 'C.txt', 'a.txt', 'b.txt', 'third_party:vendored', 'vendor:vendored', 'c/y.txt', 'z/x.txt']);
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

  it('strips a BOM, sorts findings by file, line and column, and keeps paths when the root is outside the base', async () => {
    const token = `dop_v1_${'a'.repeat(64)}`;
    const root = tree({ 'b.sh': `${token}\nx ${token} doctl sls connect n\n`, 'a.sh': `\uFEFF${token}\n` });
    const result = await scan({ root });
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      'a.sh:1:1 hardcoded-api-token',
      'b.sh:1:1 hardcoded-api-token',
      'b.sh:2:3 hardcoded-api-token',
      'b.sh:2:75 doctl-connect-legacy',
    ]);
    expect((await scan({ root, base: join(root, 'elsewhere') })).findings[0]?.file).toBe('a.sh');
    expect((await scan({ root: join(root, 'a.sh'), base: root })).findings[0]?.file).toBe('a.sh');
    expect(result.secrets).toEqual([token]);
  });

  it('sorts findings by path, not in walk order (a directory\'s files before its subdirectories)', async () => {
    const token = `dop_v1_${'a'.repeat(64)}`;
    const root = tree({ 'z.sh': `${token}\n`, 'b/x.sh': `x\n${token}\n`, 'b/y/w.sh': `${token}\n` });
    expect((await scan({ root })).findings.map((f) => `${f.file}:${f.line}`)).toEqual(['b/x.sh:2', 'b/y/w.sh:1', 'z.sh:1']);
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

describe('walk, read and scan: more edges', () => {
  it('orders names by UTF-16 code unit, whatever order the file system lists them in', () => {
    // libuv lists a directory in byte order, where U+FF41 (EF BD 81) comes before U+1F600 (F0 9F 98 80).
    const root = tree({ 'ａ.txt': '', '😀.txt': '', 'b.txt': '' });
    expect([...walk(root)].map((f) => f.path)).toEqual(['b.txt', '😀.txt', 'ａ.txt']);
  });

  it('reports a directory that is gone by the time it is read, and yields only regular files', () => {
    const root = tree({ 'a.txt': '', 'sub/b.txt': '', 'sub/deeper/c.txt': '' });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const walked: string[] = [];
    for (const item of walk(root)) {
      walked.push('reason' in item ? `${item.path}:${item.reason}` : item.path);
      // Listed with the root, read only after the root's files.
      if (item.path === 'a.txt') rmSync(join(root, 'sub'), { recursive: true });
    }
    expect(walked).toEqual(['a.txt', 'sub:unreadable']);
  });

  it('closes every file it opens, whatever it finds', () => {
    const root = tree({ text: 'a', big: Buffer.alloc(101, 'a'), binary: Buffer.from([0]) });
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    const buffer = Buffer.alloc(200);
    for (let n = 0; n < 20; n++) for (const name of ['text', 'big', 'binary']) readFile(join(root, name), buffer, 100);
    expect(open()).toBe(before);
  });

  // A pseudo-file says 4096 bytes and holds a few: reading stops at the end of what it holds.
  const pseudo = '/sys/devices/system/cpu/online';
  it.skipIf(!existsSync(pseudo) || statSync(pseudo).size <= 64)('reads a file that holds less than its size says', () => {
    const read = readFile(pseudo, Buffer.alloc(statSync(pseudo).size));
    expect('bytes' in read && read.bytes.toString()).toMatch(/^[\d,-]+\n$/);
  });

  it('strips only a leading BOM', async () => {
    const token = `dop_v1_${'a'.repeat(64)}`;
    const root = tree({ 'a.sh': `\uFEFFx\uFEFF${token}\n`, 'b.sh': `x\uFEFF${token}\n` });
    expect((await scan({ root })).findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['a.sh:1:3', 'b.sh:1:3']);
  });

  it('shows a path above the base relative to the root', async () => {
    const root = tree({ 'a.sh': 'doctl sls connect a\n', 'node_modules/inner/x.sh': 'doctl sls connect x\n' });
    const result = await scan({ root, base: join(root, 'node_modules', 'inner') });
    expect(result.skipped).toEqual([{ path: 'node_modules', reason: 'vendored' }]);
    expect(result.findings.map((f) => f.file)).toEqual(['a.sh']);
  });

  it('parses every workflow, also one without a literal trigger, and orders findings by file, then line and column', async () => {
    const workflow = 'jobs:\n  a:\n    runs-on: x\n    env:\n      K: ${{ secrets.K }}\n    steps:\n      - run: curl -u "$K" https://x\n';
    const token = `dop_v1_${'b'.repeat(64)}`;
    const root = tree({ '.github/workflows/w.yml': workflow, 'z.sh': `${token} ${token}\n${token}\n`, 'a/b.sh': `doctl sls connect b\n` });
    expect((await scan({ root })).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      '.github/workflows/w.yml:7:23 long-lived-access-key',
      'a/b.sh:1:1 doctl-connect-legacy',
      'z.sh:1:1 hardcoded-api-token',
      'z.sh:1:73 hardcoded-api-token',
      'z.sh:2:1 hardcoded-api-token',
    ]);
  });
});

describe('the job summary at its bounds', () => {
  const finding = (over: Partial<Finding> = {}): Finding => ({ file: 'f.sh', line: 3, column: 7, rule: 'doctl-connect-legacy', severity: 'error', message: 'm', fix: 'f', ...over });
  const result = (findings: Finding[], skipped: ScanResult['skipped'] = []): ScanResult => ({
    findings,
    files: 1,
    bytes: 1,
    skipped,
    skippedCounts: { vendored: 0, ignored: 0, symlink: 0, binary: skipped.length, 'too-large': 0, unreadable: 0 },
    secrets: [],
  });
  const summary = (findings: Finding[], skipped: ScanResult['skipped'] = []) => migrateSummary(buildReport(result(findings, skipped), '.', 0));

  it('groups a file’s findings under one heading, counts each rule, and fences a snippet past its longest backtick run', () => {
    const text = summary([finding({ snippet: 'run: echo ```` x' }), finding({ line: 4, rule: 'hardcoded-api-token' }), finding({ file: 'g.sh' })]);
    expect(text.match(/#### `f\.sh`/g)).toHaveLength(1);
    expect(text).toContain('| 🔴 | 3:7 | `doctl-connect-legacy` | m | f |\n| 🔴 | 4:7 | `hardcoded-api-token` | m | f |\n');
    expect(text).toContain('| 🔴 error | `doctl-connect-legacy` | 2 |');
    expect(text).toContain('| 🔴 error | `hardcoded-api-token` | 1 |');
    expect(text).toContain('Line 3: f\n\n`````yaml\nrun: echo ```` x\n`````\n');
    expect(summary([finding({ snippet: 'x' })])).toContain('```yaml\nx\n```');
    expect(text).not.toContain('### Skipped');
  });

  it('fills the detail budget exactly, then lists files one line each, up to 200', () => {
    // Every section the same size: the budget holds exactly 750 of 400 bytes.
    const files = (n: number, message: string) => Array.from({ length: n }, (_, i) => finding({ file: `f${String(i).padStart(4, '0')}.sh`, message }));
    const probe = summary(files(2, 'm'));
    // Sections are joined by a line break that the budget does not count.
    const sectionBytes = Buffer.byteLength(probe.slice(probe.indexOf('#### `f0000.sh`'), probe.indexOf('#### `f0001.sh`'))) - 1;
    const message = 'm'.repeat(400 - sectionBytes + 1);
    const fits = summary(files(950, message));
    expect(fits.match(/^#### `f\d{4}\.sh`$/gm)).toHaveLength(750);
    const condensed = Array.from({ length: 200 }, (_, i) => `- \`f${String(750 + i).padStart(4, '0')}.sh\`: 1 finding`).join('\n');
    expect(fits).toContain(`#### \`f0749.sh\``);
    expect(fits).toContain(`\n#### … and 200 more files (details in the report)\n\n${condensed}\n\n\nThe JSON report`);
    const over = summary(files(951, message));
    expect(over).toContain(`${condensed}\n- … and 1 more\n\nThe JSON report`);
  });

  it('lists up to 20 skipped paths, and says when there are more', () => {
    const skipped = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `s${i}.png`, reason: 'binary' as const }));
    const twenty = summary([], skipped(20));
    expect(twenty).toContain(`### Skipped (20)\n\nbinary: 20\n\n${skipped(20).map((s) => `- \`${s.path}\` (binary)`).join('\n')}\n\n`);
    expect(twenty).not.toContain('see the report for the rest');
    const more = summary([], skipped(25));
    expect(more).toContain('- `s19.png` (binary)\n- … see the report for the rest\n');
    expect(more).not.toContain('s20.png');
  });

  it('says what a fix rewrote or proposed', () => {
    const fix = { changes: ['a.yml', 'b.yml'].map((path) => ({ path, before: 'a', after: 'b', outcomes: [] })), tasks: [] };
    expect(fixSummary(fixReport('files', fix))).toContain('Rewrote 2 files: `a.yml`, `b.yml`.\n');
    expect(fixSummary(fixReport('pull-request', fix))).toContain('Proposed 2 files: `a.yml`, `b.yml`.\n');
  });
});

describe('the pull request body at its bounds', () => {
  const context = { repositoryUrl: 'https://g/o/r', ref: 'm' };
  const task = (line: number, what: string) => ({ file: 'a', line, rule: 'openwhisk-legacy-auth' as const, what });

  it('quotes source on one line, without HTML, cut at its limit', () => {
    const outcome = (command: string) => ({ line: 1, command, fixed: true, what: 'w' });
    const body = pullRequestBody(
      { changes: [{ path: 'a`b', before: '', after: '', outcomes: [outcome('a \t\n b & <c> `d`'), outcome('x'.repeat(100)), outcome('y'.repeat(101))] }], tasks: [task(1, 'z'.repeat(600)), task(2, 'q'.repeat(601))] },
      context,
    );
    expect(body).toContain("- [`ab` line 1](https://g/o/r/blob/m/a%60b#L1): `a b &amp; &lt;c&gt; 'd'`: w.");
    expect(body).toContain(`: \`${'x'.repeat(100)}\`: w.`);
    expect(body).toContain(`: \`${'y'.repeat(99)}…\`: w.`);
    expect(body).toContain(`(\`openwhisk-legacy-auth\`): ${'z'.repeat(600)}\n`);
    expect(body).toContain(`(\`openwhisk-legacy-auth\`): ${'q'.repeat(599)}…\n`);
    expect(pullRequestBody({ changes: [], tasks: [] }, context)).not.toContain('Needs a human');
  });

  it('lists tasks while the body stays within 60,000 characters, then says how many more', () => {
    // Entries of a known length, the last one that fits ending exactly at the limit.
    // The header counts the tasks: probe it with as many digits as the real count has.
    const probe = pullRequestBody({ changes: [], tasks: Array.from({ length: 100 }, (_, i) => task(100 + i, 'x')) }, context);
    const header = probe.indexOf('\n- [`a` line 100]');
    const base = probe.slice(header + 1).indexOf('\n') - 1;
    const entry = base + 500;
    const full = Math.floor((60_000 - header - base - 2) / (entry + 1));
    const last = 60_000 - header - full * (entry + 1) - 1 - base;
    expect(last).toBeGreaterThan(0);
    expect(last).toBeLessThan(600);
    expect(String(full + 3)).toHaveLength(3);
    const tasks = [...Array.from({ length: full }, (_, i) => task(100 + i, 'x'.repeat(500))), task(100 + full, 'y'.repeat(last)), task(101 + full, 'z'), task(102 + full, 'z')];
    const body = pullRequestBody({ changes: [], tasks }, context);
    expect(body).toContain(`${'y'.repeat(last)}\n- … and 2 more: see the job summary and the report of the run.\n`);
    expect(body.slice(0, body.indexOf('\n- … and'))).toHaveLength(60_000);
  });
});
