// The scan of a fixture repository that looks real: every finding's file, line, column and rule; what is skipped;
// false positives that must stay quiet; secrets redacted everywhere; the report and SARIF against their schemas.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/modes/migrate/report.js';
import { toSarif } from '../../src/modes/migrate/sarif.js';
import { MAX_SKIPPED_LISTED, scan } from '../../src/modes/migrate/scan.js';
import { migrateSummary } from '../../src/modes/migrate/summary.js';
import { type Fixture, LEGACY_FINDINGS, materialize } from '../migrate/fixture.js';
import { validateReport, validateSarif } from '../migrate/schemas.js';

let fixture: Fixture | undefined;
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
});

function start(name = 'legacy-repo'): Fixture {
  fixture = materialize(name);
  return fixture;
}


const list = (findings: { file: string; line: number; column: number; rule: string }[]) =>
  findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`).sort();

describe('scan of a legacy repository', () => {
  it('finds every use at its file, line and column, and nothing else', async () => {
    const { root } = start();
    const result = await scan({ root });
    expect(list(result.findings)).toEqual([...LEGACY_FINDINGS].sort());
    // Quiet: the migrated workflow, the lockfile and checksums (UUIDs next to digests), OpenWhisk's public guest
    // key, a line marked to ignore, a commented-out command, the binary, node_modules, .git, the huge file.
    const files = new Set(result.findings.map((f) => f.file));
    for (const quiet of ['.github/workflows/migrated.yml', 'package-lock.json', 'checksums.txt', 'local/openwhisk/auth.guest', 'scripts/ignored.sh', 'huge.sql']) {
      expect(files.has(quiet), quiet).toBe(false);
    }
    expect(result.findings.filter((f) => f.file === '.github/workflows/stored-key.yml').map((f) => f.line)).toEqual([9, 11]);
    expect(result.skipped).toEqual([
      { path: '.git', reason: 'vendored' },
      { path: 'huge.sql', reason: 'too-large' },
      { path: 'node_modules', reason: 'vendored' },
      { path: 'assets/logo.png', reason: 'binary' },
    ]);
    expect(result.skippedCounts).toEqual({ vendored: 2, ignored: 0, symlink: 0, binary: 1, 'too-large': 1, unreadable: 0 });
    expect(result.files).toBe(18);
    expect(result.bytes).toBeGreaterThan(3000);
  });

  it('gives each finding its severity, a message and a fix; workflow connects get the replacing step', async () => {
    const { root } = start();
    const { findings } = await scan({ root, uses: 'acme/functions-access-key@v2' });
    const at = (file: string, line: number) => findings.find((f) => f.file === file && f.line === line);
    expect(at('.github/workflows/deploy.yml', 20)).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('`doctl serverless connect production` has no --access-key'),
      snippet: ['- uses: acme/functions-access-key@v2', '  with:', '    token: ${{ secrets.DO_API_TOKEN }}', '    namespace: production', '    connect-doctl: true'].join('\n'),
    });
    // Inside a longer script the step comes before and the line keeps running; the namespace comes from env.
    expect(at('.github/workflows/deploy.yml', 24)?.snippet).toBe(
      ['- uses: acme/functions-access-key@v2', '  with:', '    token: ${{ secrets.DO_API_TOKEN }}', '    namespace: fn-3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b'].join('\n'),
    );
    expect(at('.github/workflows/anchors.yml', 9)?.snippet).toContain('token: ${{ secrets.DIGITALOCEAN_TOKEN }}');
    expect(at('.github/actions/deploy/action.yml', 13)?.snippet).toContain('namespace: ${{ inputs.namespace }}');
    expect(at('scripts/deploy.sh', 4)?.message).toContain('hidden --apihost/--auth form');
    expect(at('.wskprops', 2)?.severity).toBe('warning');
    expect(at('.github/workflows/stored-key.yml', 11)).toMatchObject({ severity: 'notice', message: expect.stringContaining('`$FN_KEY` is a stored access key') });
    for (const finding of findings) {
      expect(finding.fix.length, finding.rule).toBeGreaterThan(20);
      if (!finding.file.startsWith('.github/') || finding.rule !== 'doctl-connect-legacy') expect(finding.snippet).toBeUndefined();
    }
  });

  it('never shows a secret it found: messages, report, SARIF and summary hold the redacted form only', async () => {
    const { root, secrets } = start();
    const result = await scan({ root });
    const report = buildReport(result, '.', Date.parse('2026-11-30T10:00:00Z'));
    const sarif = toSarif(result.findings, '1.0.0');
    const outputs = [JSON.stringify(report), JSON.stringify(sarif), migrateSummary(report)];
    const secretParts = [secrets.legacyPair, secrets.legacyPair.slice(37), secrets.legacyBasic, secrets.apiToken, secrets.apiToken.slice(7), secrets.accessKey, secrets.accessKey.split(':')[1] as string];
    for (const output of outputs) for (const part of secretParts) expect(output.includes(part)).toBe(false);
    expect(JSON.stringify(report)).toContain(`${secrets.legacyPair.slice(0, 8)}-…:****`);
    expect(JSON.stringify(report)).toContain(`${secrets.accessKey.split(':')[0]}:****`);
    // The raw values are kept apart, for masking.
    expect(result.secrets.sort()).toEqual([secrets.legacyPair, secrets.legacyBasic, secrets.apiToken, secrets.accessKey].sort());
    expect(validateReport(report)).toEqual([]);
    expect(validateSarif(sarif)).toEqual([]);
  });

  it('leaves out what the ignore globs match, and makes paths relative to the base', async () => {
    const { root } = start();
    const ignored = await scan({ root, ignore: ['docs/**', '*.tf', '.github/workflows/deploy.yml'] });
    const files = new Set(ignored.findings.map((f) => f.file));
    expect(files.has('docs/invoke.md') || files.has('infra/main.tf') || files.has('.github/workflows/deploy.yml')).toBe(false);
    expect(files.has('.github/workflows/anchors.yml')).toBe(true);
    expect(ignored.skipped).toContainEqual({ path: 'docs', reason: 'ignored' });
    expect(ignored.skipped).toContainEqual({ path: 'infra/main.tf', reason: 'ignored' });
    expect(ignored.skippedCounts.ignored).toBe(3);

    const sub = await scan({ root: join(root, 'scripts'), base: root });
    expect(list(sub.findings)).toEqual(['scripts/deploy.sh:4:1 doctl-connect-legacy', 'scripts/deploy.sh:6:11 hardcoded-legacy-credential']);
    const single = await scan({ root: join(root, '.env') });
    expect(list(single.findings)).toEqual(['.env:2:16 hardcoded-legacy-credential', '.env:3:27 hardcoded-api-token']);
  });

  it('does not follow symbolic links, and caps the skipped list while still counting', async () => {
    const { root } = start();
    symlinkSync(join(root, 'scripts'), join(root, 'linked'));
    mkdirSync(join(root, 'bin'));
    for (let i = 0; i < MAX_SKIPPED_LISTED + 5; i++) writeFileSync(join(root, 'bin', `blob-${i}`), Buffer.from([0, 1, 2]));
    // Read on this thread: migrate-read-pool.test.ts shows that worker threads find the same.
    const result = await scan({ root, threads: 0 });
    expect(result.skipped).toContainEqual({ path: 'linked', reason: 'symlink' });
    expect(result.skipped).toHaveLength(MAX_SKIPPED_LISTED);
    expect(result.skippedCounts.binary).toBe(MAX_SKIPPED_LISTED + 6);
    expect(buildReport(result, '.', 0).skipped.truncated).toBe(true);
    expect(list(result.findings)).toEqual([...LEGACY_FINDINGS].sort());
  });
});
