// `npm run sbom -- <out.cdx.json> [--version v1.2.3 --repository owner/name]`: the CycloneDX SBOM of the third-party
// code that the bundles carry.
//
// npm's own generator (`npm sbom --package-lock-only`) lists the dependency tree of package-lock.json, with versions,
// purls, licenses and the lockfile's integrity hashes. The tree is not what ships, though: ncc bundles only the modules
// the code reaches, and the build resolves undici to a stub (README: "Why undici is a stub in the bundle"). So the SBOM
// keeps the components that some bundle contains, as named by the licenses.txt that ncc writes beside each bundle, at
// the version the lockfile installs for production; the production packages that no bundle contains are listed in
// metadata.properties (`functions-access-key:not-bundled`), so that nothing leaves silently. A bundled package that
// the lockfile has only as a devDependency is an error. (Not `npm sbom --omit dev`: it also drops a production package
// that a devDependency shares, npm/cli#7909; here tunnel, through @stryker-mutator/core.)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

export const NOT_BUNDLED = 'functions-access-key:not-bundled';

interface Component {
  'bom-ref': string;
  name: string;
  version: string;
  purl?: string;
  [key: string]: unknown;
}
export interface Bom {
  bomFormat: string;
  specVersion: string;
  metadata: { component: Component; properties?: { name: string; value: string }[]; [key: string]: unknown };
  components: Component[];
  dependencies: { ref: string; dependsOn?: string[] }[];
  [key: string]: unknown;
}

/** An entry's first line: `name` (ncc) or `name version (license)` (the broker's build). */
const ENTRY = /^((?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*)(?: \S+ \(.*\))?$/;

/**
 * Package names in a licenses.txt. ncc writes `name\n[license id\n][license text\n]` per package, the broker's build
 * `name version (license)\n\n[license text\n]`, both joined by blank lines (the broker's with `---` between): a name
 * starts the file or follows a blank line. License texts have blank lines too; `isPackage` (is it in the lockfile?)
 * tells a name from a line of text that merely looks like one.
 */
export function licensedPackages(text: string, isPackage: (name: string) => boolean): string[] {
  const lines = text.split(/\r?\n/);
  return lines
    .filter((_, i) => i === 0 || lines[i - 1].trim() === '')
    .map((line) => ENTRY.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && isPackage(name));
}

/** The licenses.txt files the build wrote: one per bundle in dist/, and any under broker/ (the broker's bundle). */
export function licenseFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(join(dir, entry.name));
      else if (entry.isFile() && entry.name === 'licenses.txt') found.push(join(dir, entry.name));
    }
  };
  for (const dir of ['dist', 'broker']) if (existsSync(join(root, dir))) walk(join(root, dir));
  return found.sort();
}

interface LockEntry {
  name?: string;
  version: string;
  dev?: boolean;
  link?: boolean;
}

/** name → the versions package-lock.json installs, each marked whether `npm ci --omit dev` installs it too. */
export function lockfilePackages(root: string): Map<string, { version: string; production: boolean }[]> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages = new Map<string, { version: string; production: boolean }[]>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || entry.link) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const versions = packages.get(name) ?? [];
    const same = versions.find((v) => v.version === entry.version);
    if (same) same.production ||= !entry.dev;
    else versions.push({ version: entry.version, production: !entry.dev });
    packages.set(name, versions);
  }
  return packages;
}

/** name@version of every package that `npm ci --omit dev` installs, sorted. */
export function productionPackages(root: string): string[] {
  return [...lockfilePackages(root)]
    .flatMap(([name, versions]) => versions.filter((v) => v.production).map((v) => `${name}@${v.version}`))
    .sort();
}

/** The union of the packages that the bundles under root contain, sorted. */
export function bundledPackages(root: string): string[] {
  const known = lockfilePackages(root);
  const names = new Set(
    licenseFiles(root).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const found = licensedPackages(text, (name) => known.has(name));
      // A bundle of no third-party code has an empty file; text that names no package is a format this cannot read.
      if (found.length === 0 && text.trim() !== '') throw new Error(`${file} names no package of package-lock.json: unknown format`);
      return found;
    }),
  );
  return [...names].sort();
}

function npmSbom(root: string): Bom {
  const args = ['sbom', '--sbom-format', 'cyclonedx', '--sbom-type', 'application', '--package-lock-only'];
  const out = execFileSync('npm', args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as Bom;
}

/**
 * Keeps the components of bundled packages at their production versions, prunes the dependency graph to match, and
 * names the production packages left out.
 */
export function toBundled(bom: Bom, bundled: readonly string[], production: readonly string[]): Bom {
  const ships = (c: Component) => bundled.includes(c.name) && production.includes(`${c.name}@${c.version}`);
  const keep = bom.components.filter(ships);
  const missing = bundled.filter((name) => !keep.some((c) => c.name === name));
  if (missing.length > 0) {
    throw new Error(
      `bundled but not a production dependency in package-lock.json: ${missing.join(', ')}. ` +
        'A bundle imports a devDependency: move it to "dependencies" (or stop importing it).',
    );
  }
  const left = production.filter((id) => !bundled.includes(id.slice(0, id.lastIndexOf('@'))));
  const refs = new Set([bom.metadata.component['bom-ref'], ...keep.map((c) => c['bom-ref'])]);
  return {
    ...bom,
    metadata: {
      ...bom.metadata,
      properties: [...(bom.metadata.properties ?? []), ...left.map((value) => ({ name: NOT_BUNDLED, value }))],
    },
    components: keep,
    dependencies: bom.dependencies
      .filter((d) => refs.has(d.ref))
      .map((d) => ({ ...d, dependsOn: (d.dependsOn ?? []).filter((ref) => refs.has(ref)) })),
  };
}

export interface Release {
  /** The tag, `v1.2.3`: package.json's version is not bumped per release, the tag is what users pin. */
  version: string;
  /** `owner/name` on GitHub, for the purl. */
  repository?: string;
}

/**
 * Names the root component after package.json (npm takes the directory's name) and, for a release, after its tag. The
 * package is private, so its `pkg:npm` purl would name someone else's package on npm: a release gets `pkg:github`
 * instead, anything else no purl.
 */
export function describeRoot(bom: Bom, name: string, release?: Release): Bom {
  const root = bom.metadata.component;
  const version = release?.version.replace(/^v/, '') ?? root.version;
  const ref = `${name}@${version}`;
  const swap = (r: string) => (r === root['bom-ref'] ? ref : r);
  const { purl: _npmPurl, ...rest } = root;
  const purl = release?.repository ? { purl: `pkg:github/${release.repository}@${release.version}` } : {};
  return {
    ...bom,
    metadata: { ...bom.metadata, component: { ...rest, 'bom-ref': ref, name, version, ...purl } },
    dependencies: bom.dependencies.map((d) => ({ ...d, ref: swap(d.ref), dependsOn: d.dependsOn?.map(swap) })),
  };
}

/** The SBOM of what the bundles under root carry. */
export function generateSbom(root: string, release?: Release): Bom {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
  return describeRoot(toBundled(npmSbom(root), bundledPackages(root), productionPackages(root)), pkg.name, release);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { version: { type: 'string' }, repository: { type: 'string' } } });
  const [out] = positionals;
  if (!out || (values.repository && !values.version)) {
    console.error('usage: npm run sbom -- <out.cdx.json> [--version vX.Y.Z [--repository owner/name]]');
    process.exit(2);
  }
  const root = process.cwd();
  const bom = generateSbom(root, values.version ? { version: values.version, repository: values.repository } : undefined);
  writeFileSync(out, `${JSON.stringify(bom, null, 2)}\n`);
  const left = (bom.metadata.properties ?? []).filter((p) => p.name === NOT_BUNDLED).map((p) => p.value);
  console.log(`${out}: ${bom.components.map((c) => `${c.name}@${c.version}`).join(', ')}`);
  if (left.length > 0) console.log(`In the production tree but in no bundle (listed as ${NOT_BUNDLED}): ${left.join(', ')}`);
}
