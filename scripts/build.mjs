// Bundles src/main.ts and src/post.ts (the action) and src/cli.ts (the `bin`) into dist/ with ncc (ESM, licenses of
// what is bundled beside each).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const ncc = new URL('../node_modules/@vercel/ncc/dist/ncc/cli.js', import.meta.url).pathname;
rmSync('dist', { recursive: true, force: true });
for (const entry of ['main', 'post', 'cli']) {
  execFileSync(process.execPath, [ncc, 'build', `src/${entry}.ts`, '-o', `dist/${entry}`, '--minify', '--license', 'licenses.txt', '--quiet'], {
    stdio: 'inherit',
  });
}
