// Bundles src/main.ts and src/post.ts (the action), src/cli.ts (the `bin`) and migrate's file-reading worker into
// dist/ with ncc (ESM, licenses of what is bundled beside each), and the broker (src/broker/main.ts) into the one
// CommonJS file that broker/project.yml deploys.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ncc = new URL('../node_modules/@vercel/ncc/dist/ncc/cli.js', import.meta.url).pathname;
rmSync('dist', { recursive: true, force: true });
// The worker that reads files for a large migrate scan is its own bundle: the migrate code (in dist/main/'s chunks and
// in dist/cli/) starts it from ../read-worker/.
const ENTRIES = { main: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli.ts', 'read-worker': 'src/modes/migrate/read-worker.ts' };
for (const [name, source] of Object.entries(ENTRIES)) {
  execFileSync(process.execPath, [ncc, 'build', source, '-o', `dist/${name}`, '--minify', '--license', 'licenses.txt', '--quiet'], {
    stdio: 'inherit',
  });
}

// The broker: CommonJS for DigitalOcean's Node.js runtime, which evaluates a single-file function and takes its
// `main` (declared at top level, exported too). Not minified, so whoever deploys it can read what it does.
export const BROKER_BUNDLE = 'broker/packages/functions-access-key/broker/index.js';
const result = await build({
  entryPoints: ['src/broker/main.ts'],
  outfile: BROKER_BUNDLE,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  alias: { undici: './src/stubs/undici.ts' },
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  banner: { js: '// functions-access-key broker: built by `npm run build` from src/broker/ (see broker/README.md). Do not edit.' },
});
// The licenses of the packages in the bundle, beside the project rather than in the function's directory.
const packages = new Set(
  Object.keys(result.metafile.inputs)
    .map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1])
    .filter(Boolean),
);
const licenses = [...packages].sort().map((name) => {
  const dir = join('node_modules', name);
  const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = ['LICENSE', 'LICENSE.md', 'license', 'LICENSE.txt'].map((f) => join(dir, f)).find((f) => { try { return readFileSync(f); } catch { return false; } });
  return `${name} ${version} (${license})\n\n${file ? readFileSync(file, 'utf8').trim() : ''}\n`;
});
writeFileSync('broker/licenses.txt', licenses.join('\n---\n\n'));
