// Fixture repositories for the migrate tests, copied to a temp directory with their credentials generated on the
// spot: nothing committed looks like a live credential (secret scanners and push protection would rightly flag
// it). Placeholders in the fixture files: {{LEGACY_PAIR}}, {{LEGACY_BASIC}}, {{API_TOKEN}}, {{ACCESS_KEY}}. The
// trees a repository has but git does not keep here (node_modules, .git) and a file over the size bound are
// made here too.
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'migrate');

export interface FixtureSecrets {
  legacyPair: string;
  legacyBasic: string;
  apiToken: string;
  accessKey: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alnum(n: number): string {
  return [...randomBytes(n)].map((byte) => ALNUM[byte % ALNUM.length]).join('');
}

/** Fresh values that match the patterns (a legacy key always has a letter past `f`, as real ones do). */
export function generateSecrets(): FixtureSecrets {
  const legacyPair = `${randomUUID()}:z${alnum(63)}`;
  return {
    legacyPair,
    legacyBasic: Buffer.from(legacyPair).toString('base64'),
    apiToken: `dop_v1_${randomBytes(32).toString('hex')}`,
    accessKey: `dof_v1_${randomBytes(16).toString('hex')}:${alnum(40)}`,
  };
}

function fill(directory: string, secrets: FixtureSecrets): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) fill(path, secrets);
    else if (entry.isFile()) {
      const text = readFileSync(path, 'latin1');
      if (!text.includes('{{')) continue;
      writeFileSync(
        path,
        text
          .replaceAll('{{LEGACY_PAIR}}', secrets.legacyPair)
          .replaceAll('{{LEGACY_BASIC}}', secrets.legacyBasic)
          .replaceAll('{{API_TOKEN}}', secrets.apiToken)
          .replaceAll('{{ACCESS_KEY}}', secrets.accessKey),
        'latin1',
      );
    }
  }
}

export interface Fixture {
  root: string;
  secrets: FixtureSecrets;
  dispose(): void;
}

/**
 * The file-reading worker as the action ships it (`npm run build` writes it; CI checks that dist/ is a fresh build),
 * for tests that scan a large tree from src/, where the worker is not beside the code.
 */
export const BUILT_READ_WORKER = new URL('../../dist/read-worker/index.js', import.meta.url);

/** A copy of test/fixtures/migrate/<name> with generated credentials, vendored trees and a huge file. */
export function materialize(name: string, { extras = true } = {}): Fixture {
  const root = join(mkdtempSync(join(tmpdir(), 'fak-migrate-')), name);
  cpSync(join(FIXTURES, name), root, { recursive: true });
  const secrets = generateSecrets();
  fill(root, secrets);
  if (extras) {
    // Skipped trees: a finding in either must not be reported.
    mkdirSync(join(root, 'node_modules', 'legacy-dep'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'legacy-dep', 'deploy.sh'), 'doctl serverless connect vendored\n');
    mkdirSync(join(root, '.git'), { recursive: true });
    writeFileSync(join(root, '.git', 'config'), `[remote "origin"]\n\turl = https://${secrets.legacyPair}@example.com/x.git\n`);
    // Over the 1 MiB bound: skipped, not read.
    writeFileSync(join(root, 'huge.sql'), `-- doctl serverless connect huge\n${'INSERT INTO t VALUES (1);\n'.repeat(45_000)}`);
  }
  return { root, secrets, dispose: () => rmSync(dirname(root), { recursive: true, force: true }) };
}

export function fileSize(path: string): number {
  return statSync(path).size;
}

/** Every finding of the legacy fixture, as `file:line:column rule`. */
export const LEGACY_FINDINGS = [
  '.env:2:16 hardcoded-legacy-credential',
  '.env:3:27 hardcoded-api-token',
  '.github/actions/deploy/action.yml:13:9 doctl-connect-legacy',
  '.github/workflows/anchors.yml:9:14 doctl-connect-legacy',
  '.github/workflows/deploy.yml:20:14 doctl-connect-legacy',
  '.github/workflows/deploy.yml:24:11 doctl-connect-legacy',
  '.github/workflows/deploy.yml:31:11 doctl-connect-legacy',
  '.github/workflows/stored-key.yml:9:92 long-lived-access-key',
  '.github/workflows/stored-key.yml:11:25 long-lived-access-key',
  '.wskprops:2:1 openwhisk-legacy-auth',
  '.wskprops:2:6 hardcoded-legacy-credential',
  'Makefile:4:2 doctl-connect-legacy',
  'config/functions.json:3:17 hardcoded-access-key',
  'docs/invoke.md:6:26 hardcoded-legacy-credential',
  'docs/invoke.md:8:29 openwhisk-legacy-auth',
  'docs/invoke.md:8:55 openwhisk-legacy-auth',
  'infra/main.tf:2:12 hardcoded-api-token',
  'package.json:5:16 doctl-connect-legacy',
  'scripts/deploy.sh:4:1 doctl-connect-legacy',
  'scripts/deploy.sh:6:11 hardcoded-legacy-credential',
  'services/api/Dockerfile:2:31 openwhisk-legacy-auth',
  'services/api/Dockerfile:3:5 openwhisk-legacy-auth',
];
