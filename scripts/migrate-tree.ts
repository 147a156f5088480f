// The tree `npm run bench` scans in migrate mode: a generated monorepo of >= 50,000 text files and >= 500 MB,
// with a few planted legacy-credential uses, lockfiles full of UUIDs and digests, a vendored node_modules and a
// .git (both skipped), binaries and one file over the size bound. Deterministic (seeded), written under the temp
// directory (never in the repository) and reused by later runs while its manifest matches.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const VERSION = 3;
export const TREE_FILES = 52_000;
const TARGET_BYTES = 540 * 1024 * 1024;

export interface Tree {
  root: string;
  /** Files the scanner reads (not skipped): count and bytes. */
  files: number;
  bytes: number;
  /** `path:line` of every planted finding, and its rule. */
  planted: { file: string; line: number; rule: string }[];
}

/** mulberry32: a small seeded PRNG, so every run generates the same tree. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20260603);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const uuid = () => `${chars(HEX, 8)}-${chars(HEX, 4)}-4${chars(HEX, 3)}-a${chars(HEX, 3)}-${chars(HEX, 12)}`;

const WORDS = 'const let return function async await import export from default class extends interface type string number boolean value result error request response config options handler deploy build namespace action trigger package route token user data items index length push map filter reduce'.split(' ');

/** Lines that look like source code, configuration and prose, with the punctuation (`:`, `-`, `=`) real trees have. */
function corpus(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) {
    const w = () => pick(WORDS);
    switch (i % 8) {
      case 0: lines.push(`  const ${w()}${i} = await ${w()}.${w()}(${w()}, { ${w()}: ${i}, ${w()}: '${w()}-${w()}' });`); break;
      case 1: lines.push(`export function ${w()}${i}(${w()}: ${pick(['string', 'number', 'Options'])}): Promise<${pick(['void', 'string', 'Result'])}> {`); break;
      case 2: lines.push(`    "${w()}-${w()}": "^${i % 9}.${i % 17}.${i % 5}",`); break;
      case 3: lines.push(`// ${w()} ${w()} ${w()}: ${w()} the ${w()} before ${w()} (see ${w()}-${w()}.md).`); break;
      case 4: lines.push(`  ${w()}: ${w()}-${i}  # ${w()} ${w()}`); break;
      case 5: lines.push(`    if (${w()}.${w()} === '${w()}' && ${w()}[${i % 10}] !== undefined) return ${w()};`); break;
      case 6: lines.push(`| ${w()} | \`${w()}\` | ${w()} ${w()} ${w()} | ${i} |`); break;
      default: lines.push(`  }${i % 3 === 0 ? '' : ';'}`);
    }
  }
  return lines;
}

/** A package-lock.json body: many UUID-ish ids next to sha256 hex and sha512 base64 digests; nothing to flag. */
function lockfile(entries: number): string {
  const rows: string[] = ['{', '  "lockfileVersion": 3,', '  "packages": {'];
  for (let i = 0; i < entries; i++) {
    rows.push(
      `    "node_modules/${pick(WORDS)}-${i}": {`,
      `      "version": "1.${i % 20}.${i % 7}",`,
      `      "resolved": "https://registry.npmjs.org/${pick(WORDS)}/-/${pick(WORDS)}-1.${i % 20}.${i % 7}.tgz",`,
      `      "integrity": "sha512-${chars(ALNUM + '+/', 86)}==",`,
      `      "checksum": "${uuid()}:${chars(HEX, 64)}"`,
      '    },',
    );
  }
  rows.push('  }', '}');
  return rows.join('\n');
}

function plantedFiles(): { file: string; lines: string[]; rule: string; at: number }[] {
  const legacyPair = `${uuid()}:${chars(ALNUM, 64)}`;
  const apiToken = `dop_v1_${chars(HEX, 64)}`;
  return [
    { file: 'packages/pkg-00007/.github/workflows/deploy.yml', rule: 'doctl-connect-legacy', at: 12, lines: ['name: deploy', 'on: push', 'jobs:', '  deploy:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - uses: digitalocean/action-doctl@v2', '        with:', '          token: ${{ secrets.DIGITALOCEAN_TOKEN }}', '      - run: |', '          doctl serverless connect fn-prod', '          doctl serverless deploy .'] },
    { file: 'packages/pkg-00123/.env.production', rule: 'hardcoded-legacy-credential', at: 2, lines: ['API_HOST=https://faas-nyc1-2ef2e6cc.doserverless.co', `FUNCTIONS_AUTH=${legacyPair}`] },
    { file: 'packages/pkg-00456/scripts/release.sh', rule: 'hardcoded-api-token', at: 3, lines: ['#!/usr/bin/env bash', 'set -euo pipefail', `export DIGITALOCEAN_ACCESS_TOKEN=${apiToken}`] },
    { file: 'packages/pkg-00789/.wskprops', rule: 'openwhisk-legacy-auth', at: 2, lines: ['APIHOST=https://faas-nyc1-2ef2e6cc.doserverless.co', 'AUTH=$FUNCTIONS_AUTH'] },
    { file: 'packages/pkg-01011/Makefile', rule: 'doctl-connect-legacy', at: 2, lines: ['deploy:', '\tdoctl sls connect staging && doctl sls deploy .'] },
  ];
}

function writeFile(path: string, text: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** The bench tree under the temp directory, generated unless a matching one is already there. */
export function benchTree(root = join(tmpdir(), `functions-access-key-migrate-tree-v${VERSION}`)): Tree {
  // Beside the tree, not in it: the scanners must not read it.
  const manifestPath = `${root}.manifest.json`;
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Tree & { version: number };
    if (manifest.version === VERSION) return { ...manifest, root };
  }
  rmSync(root, { recursive: true, force: true });
  const lines = corpus();
  const planted = plantedFiles();
  let files = 0;
  let bytes = 0;
  const add = (rel: string, text: string) => {
    writeFile(join(root, rel), text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  for (const { file, lines: body } of planted) add(file, `${body.join('\n')}\n`);
  const perFile = Math.floor(TARGET_BYTES / TREE_FILES);
  const extensions = ['ts', 'ts', 'js', 'json', 'md', 'yml', 'py', 'go'];
  for (let n = 0; files < TREE_FILES; n++) {
    const pkg = `packages/pkg-${String(n % 2000).padStart(5, '0')}`;
    const rel = n % 500 === 0 ? `${pkg}/package-lock.json` : `${pkg}/${pick(['src', 'lib', 'test', 'docs'])}/${pick(WORDS)}-${n}.${pick(extensions)}`;
    if (n % 500 === 0) {
      add(rel, lockfile(200));
      continue;
    }
    // Sizes from a quarter to twice the average, so a few files are much larger than most.
    const target = Math.floor(perFile * (0.25 + random() * 1.75));
    const chunk: string[] = [];
    let size = 0;
    let at = Math.floor(random() * lines.length);
    while (size < target) {
      const line = lines[at++ % lines.length] as string;
      chunk.push(line);
      size += line.length + 1;
    }
    add(rel, `${chunk.join('\n')}\n`);
  }
  // Skipped by both scanners: vendored and VCS trees, binaries, a file over the size bound.
  for (let i = 0; i < 2000; i++) writeFile(join(root, `node_modules/dep-${i % 100}/lib/file-${i}.js`), `module.exports = ${i};\n`);
  for (let i = 0; i < 500; i++) writeFile(join(root, `.git/objects/${String(i % 256).padStart(2, '0')}/${chars(HEX, 38)}`), Buffer.from([120, 1, 0, i % 256]));
  for (let i = 0; i < 200; i++) writeFile(join(root, `assets/image-${i}.png`), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(4096, i)]));
  writeFile(join(root, 'data/huge.sql'), Buffer.alloc(8 * 1024 * 1024, 'INSERT INTO t VALUES (1);\n'));
  const tree: Tree = { root, files, bytes, planted: planted.map(({ file, rule, at }) => ({ file, rule, line: at })) };
  writeFileSync(manifestPath, JSON.stringify({ ...tree, version: VERSION }));
  return tree;
}
