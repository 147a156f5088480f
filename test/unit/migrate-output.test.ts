// What migrate hands to people and tools: the CLI (arguments, formats, exit codes), the action's options, the
// ignore globs, the SARIF file and the job summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { USAGE, runCli } from '../../src/modes/migrate/cli.js';
import { globMatcher } from '../../src/modes/migrate/glob.js';
import { isInside, parseGlobList, readMigrateOptions } from '../../src/modes/migrate/options.js';
import { type MigrateReport, buildReport } from '../../src/modes/migrate/report.js';
import { RULES, RULE_IDS, type Finding } from '../../src/modes/migrate/rules.js';
import { toSarif } from '../../src/modes/migrate/sarif.js';
import { scan } from '../../src/modes/migrate/scan.js';
import { migrateSummary } from '../../src/modes/migrate/summary.js';
import { findingLine, totals } from '../../src/modes/migrate/text.js';
import { type Fixture, materialize } from '../migrate/fixture.js';
import { validateReport, validateSarif } from '../migrate/schemas.js';

let fixture: Fixture | undefined;
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
});

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  let t = 1_000;
  const code = await runCli(args, { cwd, out: (s) => (out += s), err: (s) => (err += s), now: () => (t += 250) });
  return { code, out, err };
}

describe('CLI', () => {
  it('prints one finding per line, the totals and the fixes; exits 1 on errors', async () => {
    fixture = materialize('legacy-repo');
    const { code, out, err } = await cli(['migrate'], fixture.root);
    expect(code).toBe(1);
    expect(err).toBe('');
    const lines = out.split('\n');
    expect(lines[0]).toBe('.env:2:16 error hardcoded-legacy-credential Hard-coded legacy namespace credential `' + fixture.secrets.legacyPair.slice(0, 8) + '-…:****`.');
    expect(lines).toContain('.github/workflows/deploy.yml:20:14 error doctl-connect-legacy `doctl serverless connect production` has no --access-key: doctl fetches the legacy namespace credential, which stopped authenticating after 3 June 2026.');
    expect(lines.filter((line) => /^\S+:\d+:\d+ (error|warning|notice) /.test(line))).toHaveLength(22);
    expect(out).toContain('\n15 errors, 5 warnings, 2 notices in 18 files (0.0 MB, 0.5 s); skipped 2 vendored, 1 binary, 1 too-large\n');
    expect(out).toContain(`\nHow to fix:\n  doctl-connect-legacy: ${RULES['doctl-connect-legacy'].fix}\n`);
    for (const secret of Object.values(fixture.secrets)) expect(out.includes(secret)).toBe(false);
  });

  it('takes a path relative to the working directory, --ignore, --fail-on', async () => {
    fixture = materialize('legacy-repo');
    const scripts = await cli(['migrate', 'scripts'], fixture.root);
    expect(scripts.out.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^scripts\/deploy\.sh:4:1 error /), expect.stringMatching(/^scripts\/deploy\.sh:6:11 error /)]);
    // A path outside the working directory: paths relative to it.
    const outside = await cli(['migrate', join(fixture.root, 'services')], join(fixture.root, 'docs'));
    expect(outside.out.split('\n')[0]).toMatch(/^api\/Dockerfile:2:31 warning openwhisk-legacy-auth /);
    expect(outside.code).toBe(0);
    expect((await cli(['migrate', 'services', '--fail-on', 'warning'], fixture.root)).code).toBe(1);
    expect((await cli(['migrate', '.github/workflows/stored-key.yml', '--fail-on', 'warning'], fixture.root)).code).toBe(0);
    expect((await cli(['migrate', '.github/workflows/stored-key.yml', '--fail-on=notice'], fixture.root)).code).toBe(1);
    expect((await cli(['migrate', '--fail-on', 'never'], fixture.root)).code).toBe(0);
    const ignored = await cli(['migrate', '--ignore', '.env', '--ignore', '*.tf', '--ignore', '.github/**', '--ignore', 'scripts/**', '--ignore', 'Makefile', '--ignore', 'package.json', '--ignore', 'config/**', '--ignore', 'docs', '--ignore', '.wskprops'], fixture.root);
    expect(ignored.code).toBe(0);
    expect(ignored.out).toMatch(/\n0 errors, 2 warnings, 0 notices in \d+ files/);
  });

  it('prints the report as JSON and SARIF, both valid', async () => {
    fixture = materialize('legacy-repo');
    const json = JSON.parse((await cli(['migrate', '--format', 'json'], fixture.root)).out) as MigrateReport;
    expect(validateReport(json)).toEqual([]);
    expect(json.findings).toHaveLength(22);
    expect(json.root).toBe('.');
    const sarif = JSON.parse((await cli(['migrate', 'scripts', '--format=sarif'], fixture.root)).out);
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual(['scripts/deploy.sh', 'scripts/deploy.sh']);
  });

  it('answers help and version, and refuses bad usage with exit 2', async () => {
    expect(await cli(['--help'], '/')).toEqual({ code: 0, out: `${USAGE}\n`, err: '' });
    expect((await cli(['-v'], '/')).out).toMatch(/^functions-access-key \d+\.\d+\.\d+\n$/);
    for (const [args, problem] of [
      [[], 'no command given'],
      [['scan'], 'unknown command `scan`'],
      [['migrate', 'a', 'b'], 'one path at most (got 2)'],
      [['migrate', 'does-not-exist'], '`does-not-exist` does not exist'],
      [['migrate', '--format', 'xml'], '--format: `xml` is not one of text, json, sarif'],
      [['migrate', '--fail-on', 'fatal'], '--fail-on: `fatal` is not one of error, warning, notice, never'],
      [['migrate', '--bogus'], "Unknown option '--bogus'"],
    ] as const) {
      const result = await cli([...args], '/tmp');
      expect(result.code, problem).toBe(2);
      expect(result.out).toBe('');
      expect(result.err).toContain(`functions-access-key: `);
      expect(result.err).toContain(problem);
      expect(result.err).toContain('Usage: functions-access-key migrate');
    }
  });

  it('says so when nothing is found', async () => {
    fixture = materialize('legacy-repo', { extras: false });
    mkdirSync(join(fixture.root, 'clean'));
    writeFileSync(join(fixture.root, 'clean', 'a.txt'), 'hello\n');
    const { code, out } = await cli(['migrate', 'clean'], fixture.root);
    expect({ code, out }).toEqual({ code: 0, out: '0 errors, 0 warnings, 0 notices in 1 file (0.0 MB, 0.5 s)\n' });
  });
});

describe('action options', () => {
  const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
  it('resolves path against the workspace, splits ignore globs, checks fail-on', () => {
    fixture = materialize('legacy-repo', { extras: false });
    const env = { GITHUB_WORKSPACE: fixture.root };
    expect(readMigrateOptions(read({}), env)).toEqual({ path: fixture.root, base: fixture.root, ignore: [], failOn: 'error', fix: 'none', githubToken: '' });
    expect(readMigrateOptions(read({ path: 'scripts', ignore: 'a/**, b\n\n c ', 'fail-on': 'notice', fix: 'files' }), env)).toEqual({
      path: join(fixture.root, 'scripts'),
      base: fixture.root,
      ignore: ['a/**', 'b', 'c'],
      failOn: 'notice',
      fix: 'files',
      githubToken: '',
    });
    expect(readMigrateOptions(read({ fix: 'pull-request', 'github-token': 't' }), env)).toMatchObject({ fix: 'pull-request', githubToken: 't' });
    expect(() => readMigrateOptions(read({ fix: 'pull-request' }), env)).toThrow('input `github-token`: it is empty');
    expect(() => readMigrateOptions(read({ fix: 'yes' }), env)).toThrow('input `fix`: `yes` is not a known value. Expected one of none, files, pull-request.');
    expect(readMigrateOptions(read({ path: '/tmp' }), env)).toMatchObject({ path: '/tmp', base: '/tmp' });
    expect(readMigrateOptions(read({}), {}, fixture.root).path).toBe(fixture.root);
    expect(() => readMigrateOptions(read({ path: 'nope' }), env)).toThrow(InputError);
    expect(() => readMigrateOptions(read({ path: 'nope' }), env)).toThrow('input `path`: `nope` does not exist in the workspace. Expected a directory or file');
    expect(() => readMigrateOptions(read({ 'fail-on': 'fatal' }), env)).toThrow('input `fail-on`');
    expect(parseGlobList('')).toEqual([]);
    expect(isInside('/a/b', '/a')).toBe(true);
    expect(isInside('/a', '/a')).toBe(true);
    expect(isInside('/ab', '/a')).toBe(false);
    expect(isInside('/b', '/a')).toBe(false);
  });
});

describe('ignore globs', () => {
  it('matches gitignore-style', () => {
    const match = globMatcher(['*.lock', 'docs/**', '/build', 'src/**/gen-*.ts', '{a,b}.txt', 'file?.md', 'x/']) as (p: string) => boolean;
    const yes = ['yarn.lock', 'deep/dir/yarn.lock', 'docs', 'docs/a/b.md', 'build', 'src/gen-x.ts', 'src/a/b/gen-y.ts', 'a.txt', 'sub/b.txt', 'file1.md', 'x', 'q/x'];
    const no = ['yarn.locks', 'mydocs/a', 'sub/docs/a', 'sub/build', 'src/gen-x.js', 'lib/gen-x.ts', 'c.txt', 'file10.md', 'x.txt'];
    for (const path of yes) expect(match(path), path).toBe(true);
    for (const path of no) expect(match(path), path).toBe(false);
    expect(globMatcher([])).toBeUndefined();
    expect(globMatcher(['  ', ''])).toBeUndefined();
    expect(globMatcher(['./a/*'])?.('a/b')).toBe(true);
    expect(globMatcher(['a{b'])?.('a{b')).toBe(true);
    expect(globMatcher(['a.b'])?.('axb')).toBe(false);
    expect(globMatcher(['a+(b)'])?.('a+(b)')).toBe(true);
    const classes = globMatcher(['pkg-0[5-9]*', 'x[!ab]']) as (p: string) => boolean;
    expect(['pkg-05', 'a/pkg-09x', 'xc'].map(classes)).toEqual([true, true, true]);
    expect(['pkg-04', 'pkg-0a', 'xa', 'xb', 'x/'].map(classes)).toEqual([false, false, false, false, false]);
    expect(globMatcher(['a[]'])?.('a[]')).toBe(true);
  });
});

describe('SARIF and summary', () => {
  const finding = (over: Partial<Finding> = {}): Finding => ({
    file: 'dir with space/a.yml',
    line: 3,
    column: 7,
    rule: 'doctl-connect-legacy',
    severity: 'error',
    message: 'm',
    fix: 'f',
    ...over,
  });

  it('describes every rule, maps severities to levels, points each result at its file', () => {
    const sarif = toSarif([finding(), finding({ rule: 'long-lived-access-key', severity: 'notice', line: 9, column: 1 }), finding({ rule: 'openwhisk-legacy-auth', severity: 'warning' })], '1.2.3') as {
      runs: { tool: { driver: { rules: { id: string; name: string; defaultConfiguration: { level: string }; properties: Record<string, unknown> }[]; semanticVersion: string } }; results: Record<string, unknown>[] }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    const [run] = sarif.runs;
    expect(run?.tool.driver.semanticVersion).toBe('1.2.3');
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(RULE_IDS);
    expect(run?.tool.driver.rules.map((r) => r.name)).toEqual(['DoctlConnectLegacy', 'HardcodedLegacyCredential', 'HardcodedAccessKey', 'HardcodedApiToken', 'OpenwhiskLegacyAuth', 'LongLivedAccessKey']);
    expect(run?.tool.driver.rules.map((r) => r.defaultConfiguration.level)).toEqual(['error', 'error', 'error', 'error', 'warning', 'note']);
    expect(run?.tool.driver.rules[3]?.properties).toEqual({ tags: ['security', 'secrets'], precision: 'high', 'security-severity': '9.5' });
    expect(run?.tool.driver.rules[0]?.properties).toEqual({ tags: ['maintainability'], precision: 'high' });
    expect(run?.results[1]).toEqual({
      ruleId: 'long-lived-access-key',
      ruleIndex: 5,
      level: 'note',
      message: { text: 'm Fix: f' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'dir%20with%20space/a.yml', uriBaseId: '%SRCROOT%' }, region: { startLine: 9, startColumn: 1 } } }],
    });
    expect(run?.results.map((r) => r.level)).toEqual(['error', 'note', 'warning']);
  });

  it('groups the summary by file, with the replacing step; says when all is clean; stays bounded', () => {
    const report = (findings: Finding[]): MigrateReport =>
      buildReport({ findings, files: 3, bytes: 2 * 1024 * 1024, skipped: [{ path: 'a.png', reason: 'binary' }], skippedCounts: { vendored: 0, ignored: 0, symlink: 0, binary: 1, 'too-large': 0, unreadable: 0 }, secrets: [] }, '.', 0);
    const summary = migrateSummary(report([finding({ snippet: '- uses: x' }), finding({ file: 'b.sh', rule: 'hardcoded-api-token', message: 'a | b' })]));
    expect(summary).toContain('**🔴 2 errors · 🟡 0 warnings · ⚪ 0 notices** in 3 files (2.0 MB) under `.`, 1 skipped');
    expect(summary).toContain('deprecated on 13 March 2026 and stopped authenticating after 3 June 2026');
    expect(summary).toContain('#### `dir with space/a.yml`');
    expect(summary).toContain('| 🔴 | 3:7 | `doctl-connect-legacy` | m | f |');
    expect(summary).toContain('| 🔴 | 3:7 | `hardcoded-api-token` | a \\| b | f |');
    expect(summary).toContain('Line 3: f\n\n```yaml');
    expect(summary).toContain('```yaml\n- uses: x\n```');
    expect(summary).toContain('| 🔴 error | `hardcoded-api-token` | 1 |');
    expect(summary).toContain('### Skipped (1)\n\nbinary: 1\n\n- `a.png` (binary)');
    expect(summary).not.toContain('✅');
    expect(migrateSummary(report([]))).toContain('✅ Nothing here uses the legacy credential or a hard-coded key.');
    expect(migrateSummary(report([]))).not.toContain('### Files');
    const many = Array.from({ length: 3000 }, (_, i) => finding({ file: `f${i}.sh`, message: 'x'.repeat(200) }));
    const big = migrateSummary(report(many));
    expect(Buffer.byteLength(big)).toBeLessThan(400_000);
    expect(big).toMatch(/#### … and \d+ more files \(details in the report\)/);
    expect(big).toContain('- … and ');
  });

  it('formats a finding line and the totals', async () => {
    expect(findingLine(finding())).toBe('dir with space/a.yml:3:7 error doctl-connect-legacy m');
    fixture = materialize('legacy-repo', { extras: false });
    const result = await scan({ root: fixture.root, ignore: ['*.json', '.*', 'docs'] });
    expect(totals(buildReport(result, '.', 0), 1234)).toBe('4 errors, 2 warnings, 0 notices in 7 files (0.0 MB, 1.2 s); skipped 7 ignored, 1 binary');
  });
});

describe('CLI --fix', () => {
  it('rewrites the workflows in place, says what it did, and exits on what is left', async () => {
    fixture = materialize('legacy-repo');
    const { code, out } = await cli(['migrate', '.github/workflows', '--fix'], fixture.root);
    expect(out.split('\n').slice(0, 5)).toEqual([
      '.github/workflows/anchors.yml:9 fixed: the step became a mint step (`connect-doctl: true`) in namespace `preview`',
      '.github/workflows/deploy.yml:20 fixed: the step became a mint step (`connect-doctl: true`) in namespace `production`',
      '.github/workflows/deploy.yml:24 fixed: a mint step was added before the step, and the command got `--access-key "$DO_FUNCTIONS_ACCESS_KEY"` (namespace `fn-3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b`)',
      '.github/workflows/deploy.yml:31 fixed: the step became a mint step (`connect-doctl: true`) in namespace `staging`',
      'Rewrote 2 files; 2 findings left for a person.',
    ]);
    // Only notices are left (stored keys): below fail-on error.
    expect(code).toBe(0);
    const again = await cli(['migrate', '.github/workflows', '--fix', '--fail-on', 'notice'], fixture.root);
    expect(again.out).toContain('Rewrote 0 files; 2 findings left for a person.');
    expect(again.code).toBe(1);
    const json = JSON.parse((await cli(['migrate', '.github/workflows', '--fix', '--format', 'json'], fixture.root)).out);
    expect(json.fix).toEqual({ mode: 'files', changed_files: [], connects: [], tasks: expect.any(Array) });
    expect(validateReport(json)).toEqual([]);
  });
});
