// Repositories to render the migrate summary of: the migrate mode's own entry (runMigrate) run in this process over a
// checkout in a temporary directory, its summary kept. Credentials are generated on the spot (test/migrate/fixture.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ActionError } from '../../src/errors.js';
import { runMigrate } from '../../src/modes/migrate/action.js';
import { BUILT_READ_WORKER, generateSecrets, materialize } from '../migrate/fixture.js';
import { type Estate, HOSTILE, clock, summaryCore } from './estates.js';

/** A workflow with a legacy connect in a step of its own and one inside a longer script. */
function workflow(name: string, namespace: string): string {
  return [
    `name: ${JSON.stringify(name)}`,
    'on: push',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: digitalocean/action-doctl@v2',
    '        with:',
    '          token: ${{ secrets.DO_API_TOKEN }}',
    '      - name: Connect',
    '        run: |',
    `          doctl serverless connect ${JSON.stringify(namespace)}`,
    '      - name: Deploy',
    '        run: |',
    `          doctl serverless connect ${JSON.stringify(namespace)}`,
    '          doctl serverless deploy .',
    '',
  ].join('\n');
}

/** A script with a hidden-form login, an OpenWhisk login and hard-coded credentials. */
function script(namespace: string): string {
  const { legacyPair, apiToken, accessKey } = generateSecrets();
  return [
    '#!/usr/bin/env bash',
    `doctl serverless connect ${JSON.stringify(namespace)} --apihost https://faas-nyc1-2ef2e6cc.doserverless.co --auth "${legacyPair}"`,
    `wsk property set --auth ${legacyPair}`,
    `export DIGITALOCEAN_ACCESS_TOKEN=${apiToken}`,
    `curl -u "${accessKey}" https://faas-nyc1-2ef2e6cc.doserverless.co/api/v1/namespaces`,
    '',
  ].join('\n');
}

/** Writes `files` (path relative to the root: content) under a fresh directory; returns it. */
function tree(files: Record<string, string>): { root: string; dispose: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'fak-render-migrate-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Hostile names as file names: `/` would make directories, so it becomes `∕` (U+2215), which reads the same. */
const HOSTILE_FILES = HOSTILE.map((text) => text.replaceAll('/', '∕'));

/**
 * What the hostile summary must show as it is: every file's path, and a command as the file has it (the scanner
 * ends a command at a shell operator, `|`, `&`, `;`, `#` or a backtick, so only this name reaches a message whole).
 */
export const HOSTILE_SHOWN = [...HOSTILE_FILES.flatMap((name) => [`.github/workflows/${name}.yml`, `scripts/${name}.sh`]), `doctl serverless connect ${JSON.stringify(HOSTILE[2])}`];

/**
 * small: the fixture repository, fixed in place (`fix: files`), so the fix section shows too. large: 400 workflows
 * and 400 scripts of a monorepo, 4,000 findings: past the summary's detail budget. hostile: workflows and scripts
 * named, and connecting to namespaces named, with Markdown, HTML and Mermaid syntax.
 */
export async function migrateSummary(estate: Estate): Promise<string> {
  const checkout =
    estate === 'small'
      ? materialize('legacy-repo')
      : estate === 'large'
        ? tree(
            Object.fromEntries(
              Array.from({ length: 400 }, (_, n) => [
                [`.github/workflows/service-${String(n).padStart(3, '0')}.yml`, workflow(`deploy service ${n}`, `svc-${n}`)],
                [`services/svc-${String(n).padStart(3, '0')}/deploy.sh`, script(`svc-${n}`)],
              ]).flat(),
            ),
          )
        : tree(Object.fromEntries(HOSTILE_FILES.flatMap((name, n) => [[`.github/workflows/${name}.yml`, workflow(HOSTILE[n] as string, HOSTILE[n] as string)], [`scripts/${name}.sh`, script(HOSTILE[n] as string)]])));
  const temp = mkdtempSync(join(tmpdir(), 'fak-render-temp-'));
  const { core, markdown } = summaryCore({ mode: 'migrate', path: '.', 'fail-on': 'never', fix: estate === 'small' ? 'files' : 'none' });
  try {
    // The large estate is read on worker threads: the built worker, as the action starts it from dist/.
    await runMigrate({ core, env: { GITHUB_WORKSPACE: checkout.root, RUNNER_TEMP: temp }, clock }, { worker: BUILT_READ_WORKER });
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
  } finally {
    checkout.dispose();
    rmSync(temp, { recursive: true, force: true });
  }
  return markdown();
}
