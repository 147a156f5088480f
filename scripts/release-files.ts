// `npm run release-files -- vX.Y.Z <out-dir> [--repository owner/name]`: the files a release carries, from the commit
// at HEAD (what `uses: …@<sha>` runs), not from the working tree:
//   functions-access-key-vX.Y.Z.tar.gz          action.yml, dist/ and, when the commit has it, broker/
//   functions-access-key-vX.Y.Z.tar.gz.sha256   its SHA-256, in `sha256sum --check` form
//   functions-access-key-vX.Y.Z.cdx.json        the SBOM of the bundled dependencies (scripts/sbom.ts)
// The release workflow runs it in its build job, after checking that dist/ is a fresh build of the commit.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSbom } from './sbom.js';

/** What `uses:` runs; broker/ is the broker's deployable (issue 10), shipped from the first release that has it. */
const SHIPPED = ['action.yml', 'dist', 'broker'];
const TAG = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export interface ReleaseFiles {
  tarball: string;
  checksum: string;
  sbom: string;
  sha256: string;
}

const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

/** The shipped paths that the commit at HEAD has. */
export function shippedPaths(root: string): string[] {
  return SHIPPED.filter((path) => git(root, 'ls-tree', '--name-only', 'HEAD', '--', path).trim() !== '');
}

/** The tarball of the shipped paths at HEAD, under a `functions-access-key-vX.Y.Z/` prefix, and its SHA-256. */
export function archive(root: string, version: string, outDir: string): Pick<ReleaseFiles, 'tarball' | 'checksum' | 'sha256'> {
  if (!TAG.test(version)) throw new Error(`release version "${version}" is not a tag like v1.2.3 or v1.2.3-rc.1`);
  const paths = shippedPaths(root);
  if (!paths.includes('action.yml') || !paths.includes('dist')) throw new Error('HEAD has no action.yml or dist/: nothing to release');
  mkdirSync(outDir, { recursive: true });
  const name = `functions-access-key-${version}`;
  const tarball = join(outDir, `${name}.tar.gz`);
  git(root, 'archive', '--format=tar.gz', `--prefix=${name}/`, '-o', tarball, 'HEAD', '--', ...paths);
  const sha256 = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  const checksum = `${tarball}.sha256`;
  writeFileSync(checksum, `${sha256}  ${basename(tarball)}\n`);
  return { tarball, checksum, sha256 };
}

export function releaseFiles(root: string, version: string, outDir: string, repository?: string): ReleaseFiles {
  const files = archive(root, version, outDir);
  const sbom = join(outDir, `functions-access-key-${version}.cdx.json`);
  writeFileSync(sbom, `${JSON.stringify(generateSbom(root, { version, repository }), null, 2)}\n`);
  return { ...files, sbom };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { repository: { type: 'string' } } });
  const [version, outDir] = positionals;
  if (!version || !outDir) {
    console.error('usage: npm run release-files -- vX.Y.Z <out-dir> [--repository owner/name]');
    process.exit(2);
  }
  const files = releaseFiles(process.cwd(), version, outDir, values.repository);
  console.log(`${files.tarball}  sha256:${files.sha256}\n${files.checksum}\n${files.sbom}`);
}
