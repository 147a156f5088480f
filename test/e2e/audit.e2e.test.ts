// mode: audit end to end: the committed dist/ bundles run as the runner runs them, against the stateful fake.
// Ages are seeded relative to Date.now() (the fake's and the action's clock), so nothing waits for time to pass.
import { describe, expect, it } from 'vitest';
import type { NamespaceInfo } from '../fake/server.js';
import { e2eWorlds, tokenSecret, type World } from './leak.js';
import { DAY, HOUR, expectNoSecretsIn, keySeeder, reportValidator, runSweep } from './sweep.js';

const world = e2eWorlds();
const expectValid = reportValidator('audit');

interface Report {
  generated_at: string;
  namespaces: { id: string; label: string; region: string; legacy_credentials: boolean; keys: { id: string; name: string }[]; error?: string }[];
  findings: { severity: string; rule: string; namespace: string; key_id?: string; key_name?: string; message: string }[];
}

interface Estate {
  prod: NamespaceInfo;
  staging: NamespaceInfo;
  legacy: NamespaceInfo;
  archive: NamespaceInfo;
}

/**
 * prod: one key for each key rule but orphaned-ephemeral, and a healthy key. staging: a left-behind minted key,
 * a fresh minted key that expires within hours (not expires-soon: it has the prefix), a healthy key. legacy:
 * still shows uuid:key. archive: healthy (used for the 404 mid-run).
 */
function seed(w: World): Estate {
  const { fake } = w;
  const add = keySeeder(w);
  const prod = w.ns;
  const staging = fake.addNamespace({ label: 'staging', region: 'ams3', legacy: false });
  const legacy = fake.addNamespace({ label: 'legacy', region: 'sfo3', legacy: true });
  const archive = fake.addNamespace({ label: 'archive', region: 'nyc1', legacy: 'empty' });
  add(prod, 'ci-forever', 10 * DAY, null);
  add(prod, 'ancient', 100 * DAY, 30 * DAY);
  add(prod, 'rotating-soon', 20 * DAY, 2 * DAY);
  add(prod, 'retired', 40 * DAY, -5 * DAY);
  add(prod, 'healthy-prod', 5 * DAY, 60 * DAY);
  add(staging, 'gha-acme-app-7-1-deploy-abc123', 13 * HOUR, 11 * HOUR);
  add(staging, 'gha-acme-app-8-1-deploy-def456', HOUR, 5 * HOUR);
  add(staging, 'healthy-staging', 2 * DAY, 80 * DAY);
  add(legacy, 'healthy-legacy', DAY, 50 * DAY);
  add(archive, 'healthy-archive', 3 * DAY, 60 * DAY);
  // The legacy key is a credential too: it must not reach the report, the log or the summary.
  w.extraSecrets.push(tokenSecret(legacy.key as string, 'legacy key of namespace legacy'));
  return { prod, staging, legacy, archive };
}

async function start(): Promise<{ w: World; estate: Estate }> {
  const w = await world({ namespace: { label: 'prod', region: 'nyc1', legacy: false } });
  return { w, estate: seed(w) };
}

const audit = (w: World, inputs: Record<string, string>) => runSweep<Report>(w, 'audit', inputs);

/** `rule@key name` (or `rule@namespace label`) for every finding, sorted. */
function findingList(report: Report): string[] {
  const labels = new Map(report.namespaces.map((ns) => [ns.id, ns.label]));
  return report.findings.map((f) => `${f.severity}:${f.rule}@${f.key_name ?? labels.get(f.namespace) ?? f.namespace}`).sort();
}

const ALL_FINDINGS = [
  'error:never-expires@ci-forever',
  'error:older-than-max-age@ancient',
  'notice:expired@retired',
  'warning:expires-soon@rotating-soon',
  'warning:legacy-credentials@legacy',
  'warning:orphaned-ephemeral@gha-acme-app-7-1-deploy-abc123',
];

describe('mode: audit', () => {
  it('audits every namespace (`*`, the default): findings, report, annotations, outputs, summary; GET only', async () => {
    const { w, estate } = await start();
    const { main, post, report, reportText } = await audit(w, {});

    // Errors found, fail-on defaults to error: the step fails, saying why.
    expect(main.exitCode).toBe(1);
    expect(main.annotations.some((a) => a.level === 'error' && !a.properties.title && /6 findings|2 findings at or above fail-on `error`/.test(a.message))).toBe(true);
    expect(post.exitCode).toBe(0);

    expect(findingList(report)).toEqual(ALL_FINDINGS);
    expect(main.outputs.findings).toBe('6');
    expectValid(report);
    expect(report.namespaces.map((ns) => ns.label).sort()).toEqual(['archive', 'legacy', 'prod', 'staging']);
    expect(report.namespaces.find((ns) => ns.label === 'legacy')?.legacy_credentials).toBe(true);
    expect(report.namespaces.find((ns) => ns.label === 'archive')?.legacy_credentials).toBe(false);
    expect(report.namespaces.find((ns) => ns.id === estate.prod.namespace)?.keys).toHaveLength(5);
    expect(Math.abs(Date.parse(report.generated_at) - Date.now())).toBeLessThan(60_000);

    // Each finding is an annotation of its severity, titled with its rule.
    const annotated = main.annotations.filter((a) => a.properties.title).map((a) => `${a.level}:${a.properties.title}`).sort();
    expect(annotated).toEqual(ALL_FINDINGS.map((f) => f.split('@')[0]).sort());
    for (const level of ['error', 'warning', 'notice'] as const) expect(main.annotations.some((a) => a.level === level)).toBe(true);

    // The summary: headline, rule table, key tables, a gantt.
    const summary = main.summary;
    expect(summary).toContain('🔴 2 errors · 🟡 3 warnings · ⚪ 1 notice');
    expect(summary).toContain('### Findings by rule');
    expect(summary).toContain('| | Key | ID | Age | Expires in | Findings |');
    expect(summary).toMatch(/\| 🔴 \| ci-forever \| `dof_v1_[0-9a-f]+` \| 10d \| never \| never-expires \|/);
    expect(summary).toMatch(/\| 🟢 \| gha-acme-app-8-1-deploy-def456 \| `dof_v1_[0-9a-f]+` \| 1h \| 5h \| — \|/);
    expect(summary).toMatch(/```mermaid\ngantt\n[\s\S]*todayMarker[\s\S]*ci-forever ∞ never expires :crit,[\s\S]*```/);
    expect(summary).toMatch(/Namespaces without findings \(1\)[\s\S]*\| archive \|/);

    // Read-only: one list of namespaces, one list of keys per namespace, nothing else.
    expect(w.fake.requests.map((r) => r.method)).toEqual(Array(5).fill('GET'));
    expect(w.fake.count({ method: 'GET', path: '/v2/functions/namespaces' })).toBe(1);
    expect(w.fake.count({ method: 'GET', path: /\/keys$/ })).toBe(4);
    expect(w.fake.keys(estate.staging.namespace)).toHaveLength(3);

    expectNoSecretsIn(w, reportText, 'the report');
    expect(main.maskedLog).toContain('Audited 10 keys in 4 namespaces: 6 findings.');
  });

  it('audits a list of labels (comma and newline separated) and follows fail-on', async () => {
    const { w, estate } = await start();
    // Only warnings here: fail-on error passes...
    const lenient = await audit(w, { namespace: 'staging,\nlegacy', 'fail-on': 'error' });
    expect(lenient.main.exitCode).toBe(0);
    expect(findingList(lenient.report)).toEqual(['warning:legacy-credentials@legacy', 'warning:orphaned-ephemeral@gha-acme-app-7-1-deploy-abc123']);
    expect(lenient.main.outputs.findings).toBe('2');
    expect(lenient.report.namespaces.map((ns) => ns.label)).toEqual(['staging', 'legacy']);
    expectValid(lenient.report);
    expect(lenient.main.annotations.map((a) => a.level)).toEqual(['warning', 'warning']);
    expect(lenient.main.summary).toContain('🔴 0 errors · 🟡 2 warnings · ⚪ 0 notices');
    // prod's keys were never listed.
    expect(w.fake.count({ path: `/v2/functions/namespaces/${estate.prod.namespace}/keys` })).toBe(0);

    // ... fail-on warning fails on the same findings.
    const strict = await audit(w, { namespace: 'staging, legacy', 'fail-on': 'warning' });
    expect(strict.main.exitCode).toBe(1);
    expect(strict.main.annotations.some((a) => a.level === 'error' && /2 findings at or above fail-on `warning`/.test(a.message))).toBe(true);
    expect(w.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('audits a single namespace ID; fail-on never passes despite errors', async () => {
    const { w, estate } = await start();
    const { main, report } = await audit(w, { namespace: estate.prod.namespace, 'fail-on': 'never' });
    expect(main.exitCode).toBe(0);
    expect(findingList(report)).toEqual([
      'error:never-expires@ci-forever',
      'error:older-than-max-age@ancient',
      'notice:expired@retired',
      'warning:expires-soon@rotating-soon',
    ]);
    expect(report.namespaces.map((ns) => ns.id)).toEqual([estate.prod.namespace]);
    expect(main.outputs.findings).toBe('4');
    expectValid(report);
    // The findings are still annotated, at their severities.
    expect(main.annotations.map((a) => a.level).sort()).toEqual(['error', 'error', 'notice', 'warning']);
    expect(w.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v2/functions/namespaces',
      `GET /v2/functions/namespaces/${estate.prod.namespace}/keys`,
    ]);
  });

  it('follows max-age and expiry-warning', async () => {
    const { w } = await start();
    const { main, report } = await audit(w, { namespace: 'prod', 'max-age': '7d', 'expiry-warning': '90d', 'fail-on': 'never' });
    expect(main.exitCode).toBe(0);
    const rules = findingList(report);
    // Now everything older than 7d is too old, and everything expiring within 90d expires soon.
    expect(rules).toContain('error:older-than-max-age@ci-forever');
    expect(rules).toContain('error:older-than-max-age@retired');
    expect(rules).toContain('warning:expires-soon@healthy-prod');
    expect(rules).toContain('warning:expires-soon@ancient');
  });

  it('reports a namespace that 404s mid-run, and a requested one the account does not have; audits the others', async () => {
    const { w, estate } = await start();
    w.fake.inject({ method: 'GET', path: `/v2/functions/namespaces/${estate.archive.namespace}/keys`, status: 404 });
    const { main, report } = await audit(w, { namespace: `prod\narchive\nstaging\ndoes-not-exist`, 'fail-on': 'error' });
    expect(main.exitCode).toBe(1);
    expectValid(report);
    const unavailable = report.findings.filter((f) => f.rule === 'namespace-unavailable');
    expect(unavailable.map((f) => [f.severity, f.namespace])).toEqual([
      ['error', estate.archive.namespace],
      ['error', 'does-not-exist'],
    ]);
    expect(unavailable[0]?.message).toMatch(/404/);
    const archive = report.namespaces.find((ns) => ns.id === estate.archive.namespace);
    expect(archive?.error).toMatch(/404/);
    expect(archive?.keys).toEqual([]);
    // The others were still audited.
    expect(report.namespaces.find((ns) => ns.label === 'prod')?.keys).toHaveLength(5);
    expect(report.namespaces.find((ns) => ns.label === 'staging')?.keys).toHaveLength(3);
    expect(findingList(report)).toEqual(
      expect.arrayContaining(['error:never-expires@ci-forever', 'warning:orphaned-ephemeral@gha-acme-app-7-1-deploy-abc123']),
    );
    expect(main.outputs.findings).toBe(String(report.findings.length));
    expect(main.annotations.filter((a) => a.properties.title === 'namespace-unavailable')).toHaveLength(2);
    expect(main.summary).toMatch(/#### 🔴 archive/);
    expect(main.summary).toContain('Requested namespaces not found');
    expect(main.summary).toContain('does-not-exist');
    expect(w.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('rides out 429s from another client on the same token: pauses, then completes with no failed request', async () => {
    const { w } = await start();
    w.fake.inject({ method: 'GET', path: /\/keys$/, status: 429, headers: { 'retry-after': '1' }, times: 3 });
    const started = Date.now();
    const { main, report } = await audit(w, { 'fail-on': 'never' });
    expect(main.exitCode).toBe(0);
    expect(w.fake.count({ status: 429 })).toBe(3);
    expect(w.fake.pendingFaults).toBe(0);
    // Every namespace was listed in the end: nothing unavailable, the same findings as without 429s.
    expect(report.namespaces.every((ns) => ns.error === undefined)).toBe(true);
    expect(findingList(report)).toEqual(ALL_FINDINGS);
    expect(w.fake.count({ method: 'GET', path: /\/keys$/, status: 200 })).toBe(4);
    // The pause was logged, and it was honoured: no request while paused.
    expect(main.maskedLog).toMatch(/Rate limited \(another client may share the token\): pausing all requests for 1s\./);
    expect(main.maskedLog).toMatch(/429 too_many_requests.*retrying in 1\.\ds/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(w.fake.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('puts no token or secret in outputs, logs, the report or the summary (even on a wrong token)', async () => {
    const { w } = await start();
    const { main, reportText } = await audit(w, { 'fail-on': 'never' });
    expect(main.exitCode).toBe(0);
    expect(main.masks).toContain(w.fake.token);
    expectNoSecretsIn(w, reportText, 'the report');
    expectNoSecretsIn(w, main.files.output, 'GITHUB_OUTPUT');
    expectNoSecretsIn(w, main.summary, 'the summary');
    expect(main.files.env).toBe('');

    const wrong = `dop_v1_${'e'.repeat(64)}`;
    w.extraSecrets.push(tokenSecret(wrong, 'the wrong token'));
    const job = w.job();
    const failed = await job.uses({ with: w.inputs({ mode: 'audit', namespace: undefined, token: wrong }) });
    await job.end();
    expect(failed.exitCode).toBe(1);
    expect(failed.maskedLog).toMatch(/401/);
    expect(failed.outputs.report).toBeUndefined();
    // The leak check over every step runs after each test (e2eWorlds).
  });
});
