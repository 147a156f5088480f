// The workflow rewrite: byte for byte on tricky YAML (flow style, comments between keys, CRLF, tabs in block
// scalars, folded `>-` blocks, steps with if: and env:), on the fixture repository, idempotent, and refusing what
// it cannot rewrite safely; the pull request body.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { fixFindings, fixWorkflow, taskFor } from '../../src/modes/migrate/fix/index.js';
import { applyEdits, planWorkflow } from '../../src/modes/migrate/fix/plan.js';
import { pullRequestBody } from '../../src/modes/migrate/pr-body.js';
import { type Finding } from '../../src/modes/migrate/rules.js';
import { scan, scanFile } from '../../src/modes/migrate/scan.js';
import { type Fixture, generateSecrets, materialize } from '../migrate/fixture.js';

const USES = 'acme/functions-access-key@v1';
const PATH = '.github/workflows/w.yml';
const fix = (text: string) => fixWorkflow(PATH, text, USES);
const head = 'jobs:\n  a:\n    runs-on: x\n    steps:\n';

let fixture: Fixture | undefined;
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
});

/** Fixed text, checked: it parses, migrate finds no connect in it but TODOs, and a second fix changes nothing. */
function fixed(text: string): string {
  const change = fix(text);
  expect(change).toBeDefined();
  const after = change?.after as string;
  expect(parseDocument(after).errors).toEqual([]);
  expect(scanFile(PATH, after, USES).filter((f) => f.rule === 'doctl-connect-legacy' && !f.message.includes('TODO'))).toEqual([]);
  expect(fix(after)).toBeUndefined();
  return after;
}

describe('workflow rewrite', () => {
  it('replaces a step that only connects with a mint step; keeps name, comments, env, if; drops shell', () => {
    const text = `${head}      - uses: digitalocean/action-doctl@v2\r\n        with:\r\n          token: \${{ secrets.T }}\r\n      - name: one\r\n        # comment between keys\r\n        shell: bash\r\n        run: doctl serverless connect prod   # trailing\r\n        env:\r\n          A: b\r\n`.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r');
    expect(fixed(text)).toBe(
      `${head}      - uses: digitalocean/action-doctl@v2\n        with:\n          token: \${{ secrets.T }}\n      - name: one\n        # comment between keys\n        uses: ${USES}\n        with:\n          token: \${{ secrets.T }}\n          namespace: prod\n          connect-doctl: true\n        env:\n          A: b\n`.replace(/\n/g, '\r\n'),
    );
  });

  it('inside a longer block adds the mint step before and --access-key to that command only; tabs and continuations kept', () => {
    const text = `${head}      - run: |\n          echo x\n          \tdoctl sls connect prod \\\n          \t  --trace\n          doctl sls deploy\n        if: \${{ always() }}\n`;
    expect(fixed(text)).toBe(
      `${head}      - uses: ${USES}\n        if: \${{ always() }}\n        with:\n          token: \${{ secrets.DIGITALOCEAN_TOKEN }}\n          namespace: prod\n      - run: |\n          echo x\n          \tdoctl sls connect prod \\\n          \t  --trace --access-key "$DO_FUNCTIONS_ACCESS_KEY"\n          doctl sls deploy\n        if: \${{ always() }}\n`,
    );
  });

  it('handles folded `>-` blocks and leaves a TODO (still an error) when the namespace is unknown', () => {
    const text = `${head}      - run: >-\n          echo a &&\n          doctl sls connect\n          prod && doctl sls deploy\n      - shell: bash\n        run: doctl sls connect\n`;
    const after = fixed(text);
    expect(after).toBe(
      `${head}      - uses: ${USES}\n        with:\n          token: \${{ secrets.DIGITALOCEAN_TOKEN }}\n          namespace: prod\n      - run: >-\n          echo a &&\n          doctl sls connect\n          prod --access-key "$DO_FUNCTIONS_ACCESS_KEY" && doctl sls deploy\n      - uses: ${USES}\n        with:\n          token: \${{ secrets.DIGITALOCEAN_TOKEN }}\n          namespace: TODO # functions-access-key: the namespace could not be told from the command; set its ID (fn-…) or label\n          connect-doctl: true\n`,
    );
    const todo = scanFile(PATH, after, USES);
    expect(todo.map((f) => `${f.line}:${f.column} ${f.rule} ${f.severity}`)).toEqual(['16:22 doctl-connect-legacy error']);
    expect(todo[0]?.message).toContain('namespace: TODO');
  });

  it('rewrites flow-style steps in flow style, quoting what flow context needs', () => {
    const text = `${head}      - {name: c, run: doctl sls connect f, if: always(), shell: bash}\n      - {run: "echo; doctl sls connect g", if: always()}\n      - {shell: bash, run: doctl sls connect h}\n`;
    expect(fixed(text)).toBe(
      `${head}      - {name: c, uses: ${USES}, with: {token: '\${{ secrets.DIGITALOCEAN_TOKEN }}', namespace: f, connect-doctl: true}, if: always()}\n` +
        `      - uses: ${USES}\n        if: always()\n        with:\n          token: \${{ secrets.DIGITALOCEAN_TOKEN }}\n          namespace: g\n` +
        `      - {run: "echo; doctl sls connect g --access-key \\"$DO_FUNCTIONS_ACCESS_KEY\\"", if: always()}\n` +
        `      - {uses: ${USES}, with: {token: '\${{ secrets.DIGITALOCEAN_TOKEN }}', namespace: h, connect-doctl: true}}\n`,
    );
  });

  it('moves a pair that shares the `- ` line up when it drops one', () => {
    const text = `${head}      - shell: bash\n        name: x\n        run: doctl sls connect p\n      - working-directory: app\n        run: doctl sls connect q\n`;
    expect(fixed(text)).toBe(
      `${head}      - name: x\n        uses: ${USES}\n        with:\n          token: \${{ secrets.DIGITALOCEAN_TOKEN }}\n          namespace: p\n          connect-doctl: true\n      - uses: ${USES}\n        with:\n          token: \${{ secrets.DIGITALOCEAN_TOKEN }}\n          namespace: q\n          connect-doctl: true\n`,
    );
    // A file without a final newline keeps it that way.
    expect(fixed(`${head}      - run: doctl sls connect p`)).toBe(`${head}      - uses: ${USES}\n        with:\n          token: \${{ secrets.DIGITALOCEAN_TOKEN }}\n          namespace: p\n          connect-doctl: true`);
  });

  it('leaves for a person what it cannot rewrite safely, and says why', () => {
    const cases: [string, RegExp][] = [
      [`${head}      - run: doctl sls connect --apihost h --auth "$K"\n`, /hidden|literal legacy credential/],
      [`${head}      - run: &r doctl sls connect a\n      - run: *r\n`, /anchored/],
      [`${head}      - run: |\n          doctl sls connect a\n          doctl sls connect b\n`, /several legacy connects/],
      [`${head}      - &s\n        run: |\n          echo\n          doctl sls connect a\n      - *s\n`, /YAML alias/],
      [`jobs:\n  a:\n    runs-on: x\n    steps: [{run: "echo; doctl sls connect a"}]\n`, /flow-style steps/],
      [`${head}      - run: "echo; doctl sls connect \\"a\\""\n`, /flow-style steps or escaped quotes/],
    ];
    for (const [text, why] of cases) {
      const change = fix(text);
      expect(change?.after, text).toBe(text);
      expect(change?.outcomes.every((o) => !o.fixed && why.test(o.what)), text).toBe(true);
    }
    expect(fix(`${head}      - run: echo\n`)).toBeUndefined();
    expect(planWorkflow('not: [valid', USES)).toEqual({ edits: [], outcomes: [] });
  });

  it('applies edits from the last to the first', () => {
    expect(applyEdits('abcdef', [{ start: 1, end: 2, text: 'X' }, { start: 4, end: 4, text: 'Y' }, { start: 0, end: 0, text: '>' }])).toBe('>aXcdYef');
  });
});

describe('checks on a rewrite', () => {
  const CHECK = /^the rewrite did not check out/;
  const unfixed = (change: ReturnType<typeof fix>) => change?.outcomes.map((o) => [o.fixed, CHECK.test(o.what)]);

  it('keeps no rewrite that would not parse, or that leaves a legacy connect; each connect is then left for a person', () => {
    const text = `${head}      - run: doctl sls connect p\n      - run: |\n          echo\n          doctl sls connect q\n`;
    for (const uses of ['[not yaml', `${USES}\n      - run: doctl sls connect again`]) {
      const change = fixWorkflow(PATH, text, uses);
      expect(change?.after, uses).toBe(text);
      expect(unfixed(change), uses).toEqual([
        [false, true],
        [false, true],
      ]);
    }
  });

  it('counts only the legacy connects it left (not a TODO it wrote, nor other findings) when it checks a rewrite', () => {
    const { legacyPair } = generateSecrets();
    const text = `${head}      - run: doctl sls connect --apihost h --auth "$K"\n      - run: doctl sls connect\n      - run: curl -u ${legacyPair} https://x\n`;
    const change = fix(text);
    expect(change?.outcomes.map((o) => [o.line, o.fixed])).toEqual([
      [5, false],
      [6, true],
    ]);
    expect(change?.after).toContain('namespace: TODO');
  });
});

describe('fix of findings', () => {
  const { legacyPair } = generateSecrets();
  const run = (text: string) => {
    const findings: Finding[] = scanFile(PATH, text, USES).map(({ secret: _secret, ...hit }) => ({ ...hit, file: PATH }));
    return { findings, result: fixFindings(findings, () => text, USES) };
  };

  it('leaves a connect marked `functions-access-key: ignore` as it is, and fixes the others', () => {
    const text = `${head}      - run: doctl sls connect p # functions-access-key: ignore\n      - run: doctl sls connect q\n`;
    const { result } = run(text);
    expect(result.changes.map((c) => c.after)).toEqual([
      `${head}      - run: doctl sls connect p # functions-access-key: ignore\n      - uses: ${USES}\n        with:\n          token: \${{ secrets.DIGITALOCEAN_TOKEN }}\n          namespace: q\n          connect-doctl: true\n`,
    ]);
    expect(result.tasks).toEqual([]);
    // Only ignored connects: nothing to change.
    expect(run(`${head}      - run: doctl sls connect p # functions-access-key: ignore\n      - run: curl -u ${legacyPair} x\n`).result.changes).toEqual([]);
  });

  it('changes no file whose connects it could not fix, and says for each why not', () => {
    const { findings, result } = run(`${head}      - run: doctl sls connect --apihost h --auth "$K"\n`);
    expect(result.changes).toEqual([]);
    expect(result.tasks).toEqual([
      { file: PATH, line: 5, rule: 'doctl-connect-legacy', what: `${findings[0]?.message} Not fixed: it logs in with a literal legacy credential (\`--apihost\`/\`--auth\`): remove the credential and mint an access key instead.` },
    ]);
  });

  it('lists a connect in a workflow that does not parse with what to do', () => {
    const { findings, result } = run('jobs: [\n  doctl sls connect p\n');
    expect(findings.map((f) => f.rule)).toEqual(['doctl-connect-legacy']);
    expect(result).toEqual({ changes: [], tasks: [{ file: PATH, line: 2, rule: 'doctl-connect-legacy', what: taskFor(findings[0] as Finding) }] });
  });

  it('keeps a credential on the line of a fixed connect as a task', () => {
    const { result } = run(`${head}      - run: doctl sls connect p && curl -u ${legacyPair} x\n`);
    expect(result.changes).toHaveLength(1);
    expect(result.tasks.map((t) => `${t.line} ${t.rule}`)).toEqual(['5 hardcoded-legacy-credential']);
  });
});

describe('fix of the fixture repository', () => {
  it('rewrites the workflows it can, lists every other finding with what to do, and is idempotent', async () => {
    fixture = materialize('legacy-repo');
    const root = fixture.root;
    const result = await scan({ root });
    const read = (path: string) => readFileSync(join(root, path), 'utf8');
    const first = fixFindings(result.findings, read, USES);
    expect(first.changes.map((c) => c.path).sort()).toEqual(['.github/workflows/anchors.yml', '.github/workflows/deploy.yml']);
    const deploy = first.changes.find((c) => c.path === '.github/workflows/deploy.yml');
    expect(deploy?.outcomes.map((o) => [o.line, o.fixed])).toEqual([
      [20, true],
      [24, true],
      [31, true],
    ]);
    // Only the touched lines differ.
    const before = read('.github/workflows/deploy.yml').split('\n');
    const after = (deploy?.after as string).split('\n');
    expect(after.slice(0, 19)).toEqual(before.slice(0, 19));
    expect(after.slice(-4)).toEqual(['          PAYLOAD: \'{"name": "ci"}\'', `        uses: ${USES}`, '        with:', '          token: ${{ secrets.DO_API_TOKEN }}', '          namespace: staging', '          connect-doctl: true', ''].slice(-4));
    expect(first.tasks.map((t) => `${t.file}:${t.line} ${t.rule}`)).toEqual(
      result.findings.filter((f) => !(f.rule === 'doctl-connect-legacy' && /workflows\/(deploy|anchors)/.test(f.file))).map((f) => `${f.file}:${f.line} ${f.rule}`),
    );
    const composite = first.tasks.find((t) => t.file === '.github/actions/deploy/action.yml');
    expect(composite?.what).toContain('has no --access-key');
    for (const task of first.tasks) for (const secret of Object.values(fixture.secrets)) expect(task.what.includes(secret)).toBe(false);

    // Written out and scanned again: the rewritten workflows are clean, and a second fix changes nothing.
    for (const change of first.changes) writeFileSync(join(root, change.path), change.after);
    const again = await scan({ root });
    expect(again.findings.filter((f) => /workflows\/(deploy|anchors)/.test(f.file))).toEqual([]);
    expect(fixFindings(again.findings, read, USES).changes).toEqual([]);
  });

  it('says what to do for each kind of finding, never by moving a credential', () => {
    const finding = (rule: Finding['rule']): Finding => ({ file: 'a', line: 1, column: 1, rule, severity: 'error', message: 'M.', fix: 'F.' });
    expect(taskFor(finding('hardcoded-legacy-credential'))).toMatch(/^M\. The legacy pair stopped working after 3 June 2026: delete it from the file \(there is nothing to revoke\)/);
    expect(taskFor(finding('hardcoded-access-key'))).toMatch(/^M\. Delete this key in DigitalOcean first/);
    expect(taskFor(finding('hardcoded-api-token'))).toMatch(/^M\. Revoke this token in DigitalOcean/);
    expect(taskFor(finding('openwhisk-legacy-auth'))).toBe('M. F.');
  });
});

describe('pull request body', () => {
  it('links each change and each task to its file and line, and stays under GitHub’s limit', () => {
    const change = { path: '.github/workflows/a b.yml', before: '', after: '', outcomes: [{ line: 3, command: 'doctl sls connect `x` <y>', fixed: true, what: 'it was fixed' }, { line: 9, command: 'c', fixed: false, what: 'not this' }] };
    const body = pullRequestBody({ changes: [change], tasks: [{ file: '.env', line: 2, rule: 'hardcoded-api-token', what: 'Revoke <it>.' }] }, { repositoryUrl: 'https://github.com/acme/app', ref: 'release/1' });
    expect(body).toContain('stopped authenticating after 3 June 2026');
    expect(body).toContain("### Changes (1)\n\n- [`.github/workflows/a b.yml` line 3](https://github.com/acme/app/blob/release/1/.github/workflows/a%20b.yml#L3): `doctl sls connect 'x' &lt;y&gt;`: it was fixed.");
    expect(body).toContain('### Needs a human (1)\n\n- [`.env` line 2](https://github.com/acme/app/blob/release/1/.env#L2) (`hardcoded-api-token`): Revoke &lt;it&gt;.');
    expect(body).not.toContain('not this');
    const many = Array.from({ length: 2000 }, (_, i) => ({ file: `f${i}`, line: 1, rule: 'hardcoded-api-token' as const, what: 'x'.repeat(100) }));
    const long = pullRequestBody({ changes: [], tasks: many }, { repositoryUrl: 'https://github.com/acme/app', ref: 'main' });
    expect(long.length).toBeLessThan(65_536);
    expect(long).toMatch(/- … and \d+ more: see the job summary/);
    expect(long).not.toContain('### Changes (0)\n\n-');
  });
});
