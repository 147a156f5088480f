import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bom, NOT_BUNDLED, bundledPackages, describeRoot, generateSbom, licenseFiles, licensedPackages, toBundled } from '../../scripts/sbom.js';

const root = join(import.meta.dirname, '..', '..');

interface LockEntry {
  version: string;
  dev?: boolean;
  link?: boolean;
}
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
/** name@version of every package that package-lock.json installs for production (what `npm ci --omit dev` installs). */
const production = [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([path, entry]) => path.includes('node_modules/') && !entry.dev && !entry.link)
      .map(([path, entry]) => `${nameOf(path)}@${entry.version}`),
  ),
].sort();
const installed = (name: string) => lock.packages[`node_modules/${name}`]?.version;

describe('licensedPackages (ncc licenses.txt)', () => {
  const lockfile = new Set(['@actions/core', 'tunnel', 'left-pad']);
  const isPackage = (name: string) => lockfile.has(name);

  it('finds each entry: a name at the start or after a blank line, with or without a license id', () => {
    const text = '@actions/core\nMIT\nThe MIT License\n\nCopyright 2019 GitHub\n\ntunnel\nMIT\n\nleft-pad\nWTFPL text without an id\n';
    expect(licensedPackages(text, isPackage)).toEqual(['@actions/core', 'tunnel', 'left-pad']);
  });

  it('does not take a line of license text for a package, even one that looks like a name', () => {
    const text = '@actions/core\nMIT\nsee below\n\nwarranty\n\nnone\nat all\n\nMIT License\n';
    expect(licensedPackages(text, isPackage)).toEqual(['@actions/core']);
  });

  it("reads the broker build's format too: `name version (license)`, entries between `---`", () => {
    const text = 'left-pad 1.3.0 (WTFPL)\n\nDo what you want.\n\n---\n\ntunnel 0.0.6 (MIT)\n\nThe MIT License\n\nnone 1.0 (x)\n';
    expect(licensedPackages(text, isPackage)).toEqual(['left-pad', 'tunnel']);
  });

  it('refuses a licenses.txt that names no package it knows, rather than leave its packages out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbom-'));
    try {
      writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ packages: { '': {}, 'node_modules/tunnel': { version: '0.0.6' } } }));
      mkdirSync(join(dir, 'dist', 'main'), { recursive: true });
      writeFileSync(join(dir, 'dist', 'main', 'licenses.txt'), '');
      expect(bundledPackages(dir)).toEqual([]);
      mkdirSync(join(dir, 'broker'));
      writeFileSync(join(dir, 'broker', 'licenses.txt'), 'tunnel\nMIT\n');
      expect(bundledPackages(dir)).toEqual(['tunnel']);
      writeFileSync(join(dir, 'broker', 'licenses.txt'), '* tunnel@0.0.6 MIT\n');
      expect(() => bundledPackages(dir)).toThrow(/broker\/licenses\.txt names no package of package-lock\.json: unknown format/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the licenses.txt of every bundle in dist/', () => {
    expect(licenseFiles(root).map((file) => file.slice(root.length + 1))).toEqual(
      expect.arrayContaining(['dist/main/licenses.txt', 'dist/post/licenses.txt']),
    );
    // main.ts imports both directly; the build stubs undici (README: "Why undici is a stub in the bundle").
    expect(bundledPackages(root)).toEqual(expect.arrayContaining(['@actions/core', '@actions/http-client']));
    expect(bundledPackages(root)).not.toContain('undici');
  });
});

describe('npm run sbom', () => {
  let bom: Bom;
  beforeAll(() => {
    bom = generateSbom(root, { version: 'v1.2.3', repository: 'acme/functions-access-key' });
  });
  const components = () => bom.components.map((c) => `${c.name}@${c.version}`).sort();
  const notBundled = () => (bom.metadata.properties ?? []).filter((p) => p.name === NOT_BUNDLED).map((p) => p.value).sort();

  it('is CycloneDX, made by npm from the lockfile', () => {
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', metadata: { tools: [expect.objectContaining({ vendor: 'npm' })] } });
    expect(Number(bom.specVersion)).toBeGreaterThanOrEqual(1.5);
  });

  it('lists exactly the packages whose code dist/ bundles, at the versions the lockfile installs', () => {
    const bundled = bundledPackages(root);
    expect(bundled.length).toBeGreaterThan(0);
    // Every production version of a bundled package: a dependency may bring its own version of one (nested).
    expect(components()).toEqual(production.filter((id) => bundled.includes(id.slice(0, id.lastIndexOf('@')))));
  });

  it('names the production packages that no bundle contains, so that none is dropped silently', () => {
    expect(notBundled()).toContain(`undici@${installed('undici')}`);
    expect([...components(), ...notBundled()].sort()).toEqual(production);
  });

  it('identifies each component by purl and by the hash the lockfile pins', () => {
    for (const component of bom.components) {
      expect(component.purl).toMatch(new RegExp(`^pkg:npm/.+@${component.version.replace(/\./g, '\\.')}$`));
      expect(component.hashes).toEqual([expect.objectContaining({ alg: 'SHA-512', content: expect.stringMatching(/^[0-9a-f]{128}$/) })]);
    }
  });

  it('describes the release: the action at its tag, and a dependency graph of bundled components only', () => {
    expect(bom.metadata.component).toMatchObject({
      'bom-ref': 'functions-access-key@1.2.3',
      name: 'functions-access-key',
      version: '1.2.3',
      type: 'application',
      purl: 'pkg:github/acme/functions-access-key@v1.2.3',
    });
    const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref'])]);
    expect(bom.dependencies.map((d) => d.ref).sort()).toEqual([...refs].sort());
    for (const dependency of bom.dependencies) for (const ref of dependency.dependsOn ?? []) expect(refs).toContain(ref);
    expect(bom.dependencies.find((d) => d.ref === 'functions-access-key@1.2.3')?.dependsOn).toContain(
      `@actions/core@${installed('@actions/core')}`,
    );
  });
});

describe('the bundle filter', () => {
  const tree: Bom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    metadata: { component: { 'bom-ref': 'app@1.0.0', name: 'dir-name', version: '1.0.0', purl: 'pkg:npm/app@1.0.0' } },
    components: [
      { 'bom-ref': 'a@1.0.0', name: 'a', version: '1.0.0' },
      { 'bom-ref': 'b@2.0.0', name: 'b', version: '2.0.0' },
    ],
    dependencies: [
      { ref: 'app@1.0.0', dependsOn: ['a@1.0.0'] },
      { ref: 'a@1.0.0', dependsOn: ['b@2.0.0'] },
      { ref: 'b@2.0.0', dependsOn: [] },
    ],
  };

  const production = ['a@1.0.0', 'b@2.0.0'];

  it('refuses a bundled package that is not a production dependency', () => {
    expect(() => toBundled(tree, ['a', 'devonly'], production)).toThrow(
      /bundled but not a production dependency in package-lock\.json: devonly/,
    );
    expect(() => toBundled(tree, ['a', 'b'], ['a@1.0.0', 'b@1.0.0'])).toThrow(/: b\. A bundle imports a devDependency/);
  });

  it('drops what no bundle contains from components and graph, and names it', () => {
    const bom = toBundled(tree, ['a'], production);
    expect(bom.components.map((c) => c.name)).toEqual(['a']);
    expect(bom.dependencies).toEqual([
      { ref: 'app@1.0.0', dependsOn: ['a@1.0.0'] },
      { ref: 'a@1.0.0', dependsOn: [] },
    ]);
    expect(bom.metadata.properties).toEqual([{ name: NOT_BUNDLED, value: 'b@2.0.0' }]);
  });

  it('keeps the production version of a package that a devDependency also brings at another version', () => {
    const devCopy = { 'bom-ref': 'b@1.0.0', name: 'b', version: '1.0.0' };
    const bom = toBundled({ ...tree, components: [...tree.components, devCopy] }, ['a', 'b'], production);
    expect(bom.components.map((c) => c['bom-ref'])).toEqual(['a@1.0.0', 'b@2.0.0']);
    expect(bom.metadata.properties).toEqual([]);
  });

  it('names the root after package.json, with no npm purl outside a release', () => {
    const bom = describeRoot(tree, 'app');
    expect(bom.metadata.component).toEqual({ 'bom-ref': 'app@1.0.0', name: 'app', version: '1.0.0' });
    expect(describeRoot(tree, 'app', { version: 'v2.0.0' }).dependencies[0]).toEqual({ ref: 'app@2.0.0', dependsOn: ['a@1.0.0'] });
  });
});
