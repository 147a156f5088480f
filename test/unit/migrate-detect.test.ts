// The text scanner and the credential patterns: what counts as a legacy connect, an OpenWhisk login or a
// hard-coded secret, and what must stay quiet; the prefilter never drops a file the scanner would flag.
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findCredentials, redact } from '../../src/modes/migrate/credentials.js';
import { Lines, commandAt, findCommands, scanText, worthScanning, words } from '../../src/modes/migrate/detect-text.js';
import { generateSecrets } from '../migrate/fixture.js';

const text = (source: string, name = 'script.sh') => scanText(source, { name, commands: true });
const brief = (source: string, name?: string) => text(source, name).map((h) => `${h.line}:${h.column} ${h.rule}`);
const { legacyPair, legacyBasic, apiToken, accessKey } = generateSecrets();
const GUEST = '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';
const SYSTEM = '789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';

describe('doctl serverless connect', () => {
  it.each([
    ['doctl serverless connect', undefined],
    ['doctl serverless connect fn-prod', 'fn-prod'],
    ['doctl sls connect staging', 'staging'],
    ['doctl sandbox connect x', 'x'],
    ['doctl sbx connect "my ns"', 'my ns'],
    ['/usr/local/bin/doctl serverless connect ns', 'ns'],
    ['doctl -t "$TOKEN" serverless connect ns', 'ns'],
    ['doctl --context work --trace serverless connect ns', 'ns'],
    ['doctl serverless --trace connect ns', 'ns'],
    ['doctl serverless connect -t $T ns', 'ns'],
    ['sudo doctl serverless connect ns', 'ns'],
    ["doctl serverless connect 'quoted'", 'quoted'],
  ])('flags `%s` (namespace %s)', (command, namespace) => {
    const hits = findCommands(`set -e\n${command}\n`);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ rule: 'doctl-connect-legacy', index: 7 + command.indexOf('doctl'), namespace, hiddenLogin: false });
  });

  it.each([
    'doctl serverless connect ns --access-key "$DO_FUNCTIONS_ACCESS_KEY"',
    'doctl serverless connect --access-key="$KEY" ns',
    'doctl serverless connect ns \\\n  --access-key "$KEY"',
    'doctl serverless deploy .',
    'doctl serverless functions invoke hello',
    'doctl compute droplet list',
    'doctl serverless',
    'mydoctl serverless connect ns',
    'doctl.old serverless connect ns',
    '# doctl serverless connect ns',
    '  // doctl serverless connect ns',
    'echo hi # doctl serverless connect ns',
    'doctlserverless connect',
  ])('leaves `%s` alone', (command) => {
    expect(findCommands(command)).toEqual([]);
  });

  it('flags the hidden --apihost/--auth login even with --access-key, and follows continuations', () => {
    const [hit] = findCommands(`doctl serverless connect \\\n  --apihost https://x \\\r\n  --auth "${legacyPair}" --access-key k\n`);
    expect(hit).toMatchObject({ hiddenLogin: true, namespace: undefined });
    expect(hit?.command).toBe(`doctl serverless connect --apihost https://x --auth "${legacyPair.slice(0, 8)}-…:****" --access-key k`);
    expect(findCommands('doctl serverless connect --auth=x')[0]?.hiddenLogin).toBe(true);
  });

  it('ends a command at ; & | a backtick a comment or a newline', () => {
    expect(commandAt('doctl sls connect a; doctl sls deploy', 0)).toBe('doctl sls connect a');
    expect(commandAt('doctl sls connect a && x', 0)).toBe('doctl sls connect a');
    expect(commandAt('doctl sls connect a | tee', 0)).toBe('doctl sls connect a');
    expect(commandAt('doctl sls connect a` and', 0)).toBe('doctl sls connect a');
    expect(commandAt('doctl sls connect a # c', 0)).toBe('doctl sls connect a');
    expect(commandAt('doctl sls connect a#b', 0)).toBe('doctl sls connect a#b');
    expect(commandAt('doctl  sls\tconnect a\r\nnext', 0)).toBe('doctl sls connect a');
    expect(words(`a "b c" 'd e' \${{ f.g }} h`)).toEqual(['a', '"b c"', "'d e'", '${{ f.g }}', 'h']);
    expect(findCommands('doctl sls connect a; doctl sls connect b --access-key k; doctl sls connect c').map((h) => h.namespace)).toEqual(['a', 'c']);
  });

  it('shortens a long command and redacts it', () => {
    const [hit] = findCommands(`doctl serverless connect ns ${'x'.repeat(200)}`);
    expect(hit?.command).toHaveLength(120);
    expect(hit?.command.endsWith('…')).toBe(true);
  });
});

describe('OpenWhisk-era logins', () => {
  it('flags wsk and wskdeploy with -u/--auth, nim auth login, the variables, and AUTH= in .wskprops', () => {
    const source = [
      'wsk property set --auth "$KEY"',
      'wsk -i action list -u $KEY',
      'wskdeploy -m manifest.yml --auth=$KEY',
      'nim  auth login --apihost x',
      'export WHISK_AUTH=$X',
      'echo $OW_AUTH ${__OW_API_KEY}',
      'wsk action list',
      'wskdeploy -m manifest.yml',
      'nim project deploy .',
      'MY_WHISK_AUTHORITY=1 OW_AUTHOR=2',
      '# wsk property set --auth x',
    ].join('\n');
    expect(brief(source)).toEqual([
      '1:1 openwhisk-legacy-auth',
      '2:1 openwhisk-legacy-auth',
      '3:1 openwhisk-legacy-auth',
      '4:1 openwhisk-legacy-auth',
      '5:8 openwhisk-legacy-auth',
      '6:7 openwhisk-legacy-auth',
      '6:17 openwhisk-legacy-auth',
    ]);
    expect(brief('APIHOST=x\n  AUTH = $K\nNAMESPACE=_\n', '.wskprops')).toEqual(['2:3 openwhisk-legacy-auth']);
    expect(brief('AUTH=x\n', 'settings.env')).toEqual([]);
    expect(text('wsk property set --auth x')[0]?.message).toContain('`wsk property set --auth x` logs in with the legacy namespace credential');
  });
});

describe('hard-coded credentials', () => {
  it('finds a legacy pair, its base64 in a Basic header, an access key and an API token', () => {
    const source = `a=${legacyPair}\nAuthorization: Basic ${legacyBasic}\nkey: "${accessKey}"\n\ttoken=${apiToken}\n`;
    expect(brief(source)).toEqual(['1:3 hardcoded-legacy-credential', '2:16 hardcoded-legacy-credential', '3:7 hardcoded-access-key', '4:8 hardcoded-api-token']);
    const found = findCredentials(source);
    expect(found.map((c) => c.value)).toEqual([legacyPair, legacyBasic, accessKey, apiToken]);
    expect(found.map((c) => c.redacted)).toEqual([`${legacyPair.slice(0, 8)}-…:****`, 'Basic ****', `${accessKey.split(':')[0]}:****`, 'dop_v1_****']);
    expect(found.map((c) => c.length)).toEqual([101, 6 + 136, accessKey.length, apiToken.length]);
    expect(text(`x ${apiToken}`)[0]).toMatchObject({ message: 'Hard-coded API token `dop_v1_****`.', secret: apiToken });
    expect(findCredentials(`basic ${legacyBasic}`)).toHaveLength(1);
    expect(findCredentials(`doo_v1_${'a'.repeat(64)} dor_v1_${'b'.repeat(64)}`).map((c) => c.redacted)).toEqual(['doo_v1_****', 'dor_v1_****']);
  });

  it('stays quiet on digests next to UUIDs, public OpenWhisk keys, placeholders and near misses', () => {
    const quiet = [
      `"_id": "${randomUUID()}:${randomBytes(32).toString('hex')}"`,
      `${randomUUID().toUpperCase()}:${randomBytes(32).toString('hex').toUpperCase()}`,
      GUEST,
      SYSTEM,
      `Basic ${Buffer.from(GUEST).toString('base64')}`,
      `Basic ${Buffer.from(`${randomUUID()}:${randomBytes(32).toString('hex')}`).toString('base64')}`,
      `x${legacyPair}`,
      `${legacyPair}x`,
      `${legacyPair.slice(0, -1)}`,
      'dof_v1_d79e8aeb42e5476893c7d4c59a166264:fn_secret_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'dof_v1_d79e8aeb42e5476893c7d4c59a166264:DOSECRETKEYEXAMPLE',
      'dof_v1_d79e8aeb42e5476893c7d4c59a166264:your-secret-here',
      'dof_v1_d79e8aeb42e5476893c7d4c59a166264:${{ secrets.KEY }}',
      'dof_v1_d79e8aeb42e5476893c7d4c59a166264:short',
      'dof_v1-xxxx-xxxx-xxxx-xxxxxxxxxxxx:secret',
      `dop_v1_${'a'.repeat(63)}`,
      `dop_v1_${'a'.repeat(65)}`,
      `xdop_v1_${'a'.repeat(64)}`,
      `dox_v1_${'a'.repeat(64)}`,
    ];
    for (const line of quiet) expect(findCredentials(line), line).toEqual([]);
  });

  it('redacts every credential in a text and leaves the rest as it was', () => {
    expect(redact(`a ${legacyPair} b ${apiToken} c Basic ${legacyBasic} d ${accessKey} e`)).toBe(
      `a ${legacyPair.slice(0, 8)}-…:**** b dop_v1_**** c Basic **** d ${accessKey.split(':')[0]}:**** e`,
    );
    expect(redact('nothing here')).toBe('nothing here');
    expect(redact(GUEST)).toBe(GUEST);
  });
});

describe('scanText', () => {
  it('reports positions in UTF-16 columns with CRLF and tabs, skips lines marked ignore, sorts by position', () => {
    const source = `é\r\n\tdoctl sls connect x\r\nx=${apiToken} # functions-access-key: ignore\r\n${apiToken} doctl sls connect y\r\n`;
    expect(brief(source)).toEqual(['2:2 doctl-connect-legacy', '4:1 hardcoded-api-token', '4:73 doctl-connect-legacy']);
    expect(scanText('doctl sls connect x', { name: 'a.yml', commands: false })).toEqual([]);
  });

  it('Lines maps offsets to lines and columns, and back to line text', () => {
    const lines = new Lines('ab\r\ncd\n\nef');
    expect([0, 1, 4, 5, 7, 8, 9].map((i) => lines.position(i))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 2, column: 1 },
      { line: 2, column: 2 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ]);
    expect([1, 2, 3, 4, 5].map((n) => lines.line(n))).toEqual(['ab', 'cd', '', 'ef', '']);
  });

  it('the prefilter passes every text the scanner would flag, and drops plain text', () => {
    const flagged = [
      'doctl sls connect',
      legacyPair,
      `Basic ${legacyBasic}`,
      `basic ${legacyBasic}`,
      accessKey,
      apiToken,
      'wsk -u x',
      'wskdeploy --auth x',
      'nim auth login',
      'WHISK_AUTH',
      'OW_AUTH',
      '__OW_API_KEY',
      'AUTH=x',
      `${'x:'.repeat(40)} ${legacyPair}`,
    ];
    for (const source of flagged) {
      expect(text(source, '.wskprops').length, source).toBeGreaterThan(0);
      expect(worthScanning(Buffer.from(source).toString('latin1')), source).toBe(true);
    }
    for (const plain of ['const x = 1;\nexport default x;', `id: ${randomUUID()}`, `a: ${randomUUID()}`, 'a:b', '']) {
      expect(worthScanning(plain), plain).toBe(false);
    }
  });
});
