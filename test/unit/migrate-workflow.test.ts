// Workflows and composite actions through the YAML-aware scanner: exact positions inside every kind of scalar,
// anchors, flow style, CRLF and tabs; stored keys; the mint step each legacy connect gets.
import { describe, expect, it } from 'vitest';
import { namespaceFor, parseWorkflow, runsAlone, scanWorkflow, workflowKind } from '../../src/modes/migrate/detect-workflow.js';
import { actionUses, mintStepLines, yamlScalar } from '../../src/modes/migrate/mint-step.js';
import { scanFile } from '../../src/modes/migrate/scan.js';

const USES = 'acme/functions-access-key@v1';
const scanYaml = (text: string, path = '.github/workflows/w.yml') => scanFile(path, text, USES);
const brief = (text: string, path?: string) => scanYaml(text, path).map((h) => `${h.line}:${h.column} ${h.rule}`);
const workflow = (steps: string) => `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;

describe('workflow scanner', () => {
  it('knows which files are workflows and composite actions', () => {
    expect(workflowKind('.github/workflows/ci.yml')).toBe('workflow');
    expect(workflowKind('svc/.github/workflows/ci.yaml')).toBe('workflow');
    expect(workflowKind('.github/workflows/sub/ci.yml')).toBeUndefined();
    expect(workflowKind('.github/workflows/readme.md')).toBeUndefined();
    expect(workflowKind('action.yml')).toBe('action');
    expect(workflowKind('.github/actions/x/action.yaml')).toBe('action');
    expect(workflowKind('myaction.yml')).toBeUndefined();
  });

  it('places a connect in plain, quoted, literal and folded scalars, with CRLF and tabs', () => {
    const text = workflow(
      [
        '      - run: doctl sls connect a',
        '      - run: "doctl sls connect b"',
        "      - run: 'echo x; doctl sls connect c'",
        '      - run: |',
        '          echo one',
        '          \tdoctl sls connect d',
        '      - run: >-',
        '          echo two &&',
        '          doctl sls connect',
        '          e',
        '      - {name: flow, run: doctl sls connect f, if: always()}',
        '      - name: with comments',
        '        # a comment between keys',
        '        if: github.event_name == \'push\'',
        '        env: { X: "1" }',
        '        run: |-',
        '          # doctl sls connect not-this',
        '          doctl sls connect g',
      ].join('\r\n'),
    );
    expect(brief(text)).toEqual([
      '6:14 doctl-connect-legacy',
      '7:15 doctl-connect-legacy',
      '8:23 doctl-connect-legacy',
      '11:12 doctl-connect-legacy',
      '14:11 doctl-connect-legacy',
      '16:27 doctl-connect-legacy',
      '23:11 doctl-connect-legacy',
    ]);
    const namespaces = scanYaml(text).map((h) => /namespace: (\S+)/.exec(h.snippet ?? '')?.[1]);
    expect(namespaces).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('does not mistake a folded continuation for a missing --access-key', () => {
    const text = workflow(['      - run: >', '          doctl serverless connect ns', '          --access-key "$DO_FUNCTIONS_ACCESS_KEY"', ''].join('\n'));
    expect(brief(text)).toEqual([]);
  });

  it('reports an anchored step once, at the anchor, however often it is aliased', () => {
    const text = [
      'x-connect: &connect',
      '  run: doctl sls connect shared',
      'jobs:',
      '  a: { runs-on: x, steps: [*connect, *connect] }',
      '  b:',
      '    runs-on: x',
      '    steps:',
      '      - *connect',
      '      - run: &script doctl sls connect other',
      '      - run: *script',
      '',
    ].join('\n');
    expect(brief(text)).toEqual(['2:8 doctl-connect-legacy', '9:22 doctl-connect-legacy']);
  });

  it('scans a composite action and a workflow whose YAML does not parse as text', () => {
    const action = 'runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: doctl sls connect x\n';
    expect(brief(action, 'action.yml')).toEqual(['5:12 doctl-connect-legacy']);
    expect(scanYaml(action, 'action.yml')[0]?.snippet).toContain('namespace: x');
    const broken = 'jobs: [\n  doctl sls connect x\n';
    expect(brief(broken)).toEqual(['2:3 doctl-connect-legacy']);
    expect(scanYaml(broken)[0]?.snippet).toBeUndefined();
    expect(parseWorkflow('- a\n- b\n', 'workflow')).toBeUndefined();
    // A step-less workflow parses, and a connect outside any `run:` is not a command.
    expect(brief('name: doctl sls connect x\non: push\n')).toEqual([]);
  });

  it('takes the token the workflow already passes to doctl: action-doctl first, then DIGITALOCEAN_ACCESS_TOKEN', () => {
    const viaAction = workflow(['      - uses: digitalocean/action-doctl@v2', '        with: { token: "${{ secrets.A }}" }', '      - run: doctl sls connect x', ''].join('\n'));
    expect(parseWorkflow(viaAction, 'workflow')?.token).toBe('${{ secrets.A }}');
    const viaEnv = `env:\n  DIGITALOCEAN_ACCESS_TOKEN: \${{ secrets.B }}\n${workflow('      - run: doctl sls connect x\n')}`;
    expect(parseWorkflow(viaEnv, 'workflow')?.token).toBe('${{ secrets.B }}');
    expect(parseWorkflow(workflow('      - run: doctl sls connect x\n'), 'workflow')?.token).toBe('${{ secrets.DIGITALOCEAN_TOKEN }}');
  });

  it('reads the namespace from a literal, an expression, or an env variable holding one; else TODO', () => {
    const hit = (namespace?: string) => ({ rule: 'doctl-connect-legacy' as const, index: 0, keyword: 'doctl', command: '', namespace });
    const env = { NS: 'prod', EXPR: '${{ vars.NS }}', SHELL: '$OTHER' };
    expect(namespaceFor(hit('prod'), env)).toBe('prod');
    expect(namespaceFor(hit('${{ inputs.ns }}'), env)).toBe('${{ inputs.ns }}');
    expect(namespaceFor(hit('$NS'), env)).toBe('prod');
    expect(namespaceFor(hit('${EXPR}'), env)).toBe('${{ vars.NS }}');
    expect(namespaceFor(hit('$SHELL'), env)).toBeUndefined();
    expect(namespaceFor(hit('$MISSING'), env)).toBeUndefined();
    expect(namespaceFor(hit('pre-$NS'), env)).toBeUndefined();
    expect(namespaceFor(hit(undefined), env)).toBeUndefined();
    const [todo] = scanYaml(workflow('      - run: doctl sls connect\n'));
    expect(todo?.snippet).toContain('namespace: TODO # functions-access-key:');
    expect(todo?.severity).toBe('error');
  });

  it('notices stored keys fed to doctl --access-key or curl -u, directly or through env; not minted ones', () => {
    const text = [
      'env:',
      '  TOP: ${{ secrets.TOP_KEY }}',
      'jobs:',
      '  a:',
      '    runs-on: x',
      '    env: { JOB: "${{ secrets.JOB_KEY }}", PLAIN: "x" }',
      '    steps:',
      '      - env:',
      '          STEP: ${{ secrets.STEP_KEY }}',
      '        run: |',
      '          doctl sls connect ns --access-key=$TOP',
      '          curl --user "${JOB}" https://x',
      '          curl -u $STEP https://x',
      '          curl -u $PLAIN https://x',
      '          curl -u "$DO_FUNCTIONS_ACCESS_KEY" https://x',
      '          doctl sls connect ns --access-key "$DO_FUNCTIONS_ACCESS_KEY"',
      '          echo -u ${{ secrets.NOT_CURL }}',
      '          curl https://x --access-key ${{ secrets.NOT_DOCTL }}',
      '      - run: doctl sls connect ns --access-key ${{ secrets.DIRECT }} # functions-access-key: ignore',
      '',
    ].join('\n');
    expect(brief(text)).toEqual(['11:45 long-lived-access-key', '12:24 long-lived-access-key', '13:19 long-lived-access-key']);
    expect(scanYaml(text)[1]?.message).toBe('`${JOB}` is a stored access key passed to doctl or curl: it lives until someone deletes it.');
  });
});

describe('mint step', () => {
  it('is the action at the major version the workflow runs, else the default', () => {
    expect(actionUses({ GITHUB_ACTION_REPOSITORY: 'org/fak', GITHUB_ACTION_REF: 'v3.1.0' })).toBe('org/fak@v3');
    expect(actionUses({ GITHUB_ACTION_REPOSITORY: 'org/fak', GITHUB_ACTION_REF: 'main' })).toBe(USES);
    expect(actionUses({ GITHUB_ACTION_REF: 'v2' })).toBe(USES);
    expect(actionUses({})).toBe(USES);
  });

  it('writes the step, quoting a namespace only when YAML would misread it', () => {
    expect(mintStepLines({ uses: USES, token: 't', namespace: 'ns', connectDoctl: false })).toEqual([`- uses: ${USES}`, '  with:', '    token: t', '    namespace: ns']);
    expect(mintStepLines({ uses: USES, token: 't', connectDoctl: true }).slice(3)).toEqual([expect.stringMatching(/^ {4}namespace: TODO # /), '    connect-doctl: true']);
    expect(['prod', 'fn-1a2b', 'true', 'No', '123', '1e5', 'my ns', "it's", '${{ vars.NS }}', 'a:b', '#x'].map(yamlScalar)).toEqual([
      'prod',
      'fn-1a2b',
      "'true'",
      "'No'",
      "'123'",
      "'1e5'",
      "'my ns'",
      "'it''s'",
      '${{ vars.NS }}',
      "'a:b'",
      "'#x'",
    ]);
  });
});

describe('scanWorkflow', () => {
  it('skips a line marked ignore inside a block', () => {
    const text = workflow('      - run: |\n          doctl sls connect a # functions-access-key: ignore\n          doctl sls connect b\n');
    const parsed = parseWorkflow(text, 'workflow');
    expect(parsed).toBeDefined();
    expect(scanWorkflow(text, parsed!, USES).map((h) => h.line)).toEqual([8]);
  });
});

// The edges of what the workflow scanner reads: which names are workflows, env values it can use, steps that are not
// run steps, uses: it recognises, positions when the source spells a keyword differently, what runs alone.
describe('workflow scanner edges', () => {
  const parse = (text: string) => parseWorkflow(text, 'workflow');

  it('takes only names that end in .yml or .yaml', () => {
    expect(workflowKind('.github/workflows/ci.yml.bak')).toBeUndefined();
    expect(workflowKind('action.yml.orig')).toBeUndefined();
  });

  it('keeps env values that are scalars, and leaves out empty and nested ones', () => {
    const parsed = parse(workflow(['      - env: { NS: fn-1, EMPTY: , NESTED: { a: b }, [k]: v, N: 3 }', '        run: doctl sls connect "$EMPTY"', ''].join('\n')));
    expect(parsed?.steps[0]?.env).toEqual({ NS: 'fn-1', N: '3' });
    expect(scanYaml(workflow('      - env: { EMPTY: }\n        run: doctl sls connect "$EMPTY"\n'))[0]?.snippet).toContain('namespace: TODO');
  });

  it('reads a workflow with a key given twice, a job without steps, and steps that run nothing it can read', () => {
    const text = [
      'on: push',
      'jobs:',
      '  called:',
      '    uses: ./.github/workflows/other.yml',
      '  a:',
      '    name: one',
      '    name: two',
      '    runs-on: x',
      '    steps:',
      '      - just a string',
      '      - run: 42',
      '      - run: { a: b }',
      '      - run: doctl sls connect x',
      '',
    ].join('\n');
    expect(parse(text)?.steps.map((s) => s.script)).toEqual(['doctl sls connect x']);
    expect(brief(text)).toEqual(['13:14 doctl-connect-legacy']);
  });

  it('places an aliased step where its anchor is', () => {
    const text = ['on: push', 'jobs:', '  a:', '    steps:', '      - run: echo', '      - &s', '        run: doctl sls connect x', '  b:', '    steps:', '      - *s', ''].join('\n');
    expect(parse(text)?.steps.map((s) => [s.index, s.aliased])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it('takes the token from digitalocean/action-doctl only, and a TODO only from a functions-access-key step', () => {
    const steps = [
      '      - uses: actions/checkout@v4',
      '        with: { token: "${{ secrets.CHECKOUT }}" }',
      '      - uses: acme/digitalocean/action-doctl@v2',
      '        with: { token: "${{ secrets.FORK }}" }',
      '      - uses: other/thing@v1',
      '        with: { namespace: TODO }',
      '      - uses: acme/my-functions-access-key@v1',
      '        with: { namespace: TODO }',
      '      - uses: functions-access-key@v1',
      '        with: { namespace: "TODO: the namespace" }',
      '      - uses: acme/functions-access-key@v1',
      '        with: { namespace: fn-TODO }',
      '',
    ];
    const parsed = parse(workflow(steps.join('\n')));
    expect(parsed?.token).toBe('${{ secrets.DIGITALOCEAN_TOKEN }}');
    expect(parsed?.todos.map((t) => t.value)).toEqual(['TODO: the namespace']);
    expect(scanYaml(workflow(steps.join('\n')))).toEqual([
      expect.objectContaining({ line: 15, rule: 'doctl-connect-legacy', fix: "Set `namespace:` to the namespace's ID (fn-…) or label." }),
    ]);
  });

  it('places each of two connects in one line, and a connect the source spells with an escape at its value', () => {
    expect(brief(workflow('      - run: doctl sls connect a && doctl sls connect b\n'))).toEqual(['6:14 doctl-connect-legacy', '6:37 doctl-connect-legacy']);
    // `\x64` is `d`: the source never spells the keyword; the value's start is the place to show.
    expect(brief(workflow('      - run: "\\x64octl sls connect a"\n'))).toEqual(['6:14 doctl-connect-legacy']);
    expect(brief(workflow('      - run: "\\x64octl sls connect a"\n      - run: doctl version\n'))).toEqual(['6:14 doctl-connect-legacy']);
    expect(brief(`# doctl\n${workflow('      - run: "doctl a; \\x64octl b; \\x64octl sls connect c"\n')}`)).toEqual(['7:14 doctl-connect-legacy']);
  });

  it('reads a namespace only from a whole expression or a bare variable', () => {
    const hit = (namespace: string) => ({ rule: 'doctl-connect-legacy' as const, index: 0, keyword: 'doctl', command: '', namespace });
    const env = { NS: 'prod', PART: '${{ vars.NS }}-x', PRE: 'x-${{ vars.NS }}' };
    for (const named of ['${{ vars.NS }}-x', 'x-${{ vars.NS }}', '$NS-x', '$PART', '$PRE']) expect(namespaceFor(hit(named), env), named).toBeUndefined();
  });

  it('knows when a connect runs alone: continued lines, comments and blank lines aside', () => {
    expect(runsAlone('doctl serverless \\\nconnect a', 0)).toBe(true);
    expect(runsAlone('# a note\n\n  doctl sls connect a # why\n', 11)).toBe(true);
    expect(runsAlone('doctl sls connect a #note', 0)).toBe(true);
    expect(runsAlone('echo x\ndoctl sls connect a', 7)).toBe(false);
  });

  it('reports a stored key only for doctl or curl themselves, a bare variable, or secrets written without spaces', () => {
    const env = '        env: { K: "${{secrets.K}}" }';
    const keys = (run: string) => scanYaml(workflow(`      - run: ${run}\n${env}\n`)).filter((h) => h.rule === 'long-lived-access-key').length;
    expect(keys('mydoctl sls connect ns --access-key "${{ secrets.K }}"')).toBe(0);
    expect(keys('FOO=1 doctl sls connect ns --access-key "${{ secrets.K }}"')).toBe(1);
    expect(keys('curl -u ${{secrets.K}} https://x')).toBe(1);
    expect(keys('curl -u "$K" https://x')).toBe(1);
    expect(keys('curl -u "$K-x" https://x')).toBe(0);
    expect(keys('curl -u "x$K" https://x')).toBe(0);
  });

  it('gives a login with the legacy credential and an OpenWhisk login no mint step', () => {
    const hits = scanYaml(workflow('      - run: doctl sls connect --apihost h --auth "$K"\n      - run: wsk property set --auth "$K"\n'));
    expect(hits.map((h) => [h.rule, h.snippet])).toEqual([
      ['doctl-connect-legacy', undefined],
      ['openwhisk-legacy-auth', undefined],
    ]);
  });
});
