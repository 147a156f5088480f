import { beforeEach, describe, expect, it } from 'vitest';
import type { AccessKey, Namespace } from '../../src/api/digitalocean.js';
import { type AuditRules, type Finding, RULES, findingsFor } from '../../src/audit/findings.js';
import { type AuditReport, type CleanupReport, reportNamespaces } from '../../src/audit/report.js';
import {
  MAX_GANTT_KEYS,
  MAX_KEY_ROWS,
  auditSummary,
  cleanupSummary,
  codeSpan,
  escapeMarkdown,
} from '../../src/audit/summary.js';
import type { NamespaceKeys } from '../../src/audit/survey.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MIB = 1024 * 1024;
const RULE_SET: AuditRules = { maxAgeHours: 90 * 24, expiryWarningHours: 7 * 24, keyPrefix: 'gha-' };

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const nsId = (n: number) => `fn-${hex(n, 8)}-0000-4000-8000-${hex(n, 12)}`;

let keyCounter = 0;
function key(name: string, ageMs: number, expiresInMs: number | null): AccessKey {
  return { id: `dof_v1_${hex(++keyCounter, 32)}`, name, created_at: iso(NOW - ageMs), expires_at: expiresInMs === null ? null : iso(NOW + expiresInMs) };
}

function namespace(n: number, label: string, legacy = false): Namespace {
  return { namespace: nsId(n), label, region: 'nyc1', api_host: 'https://faas-nyc1.example', uuid: legacy ? 'u' : '', key: legacy ? 'k' : '' };
}

function auditReport(surveyed: NamespaceKeys[], extra: Finding[] = []): AuditReport {
  const findings = [...surveyed.flatMap((entry) => findingsFor(entry, RULE_SET, NOW)), ...extra];
  return { generated_at: iso(NOW), namespaces: reportNamespaces(surveyed), findings };
}

/** Table cells of a Markdown row, split on unescaped pipes. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

const WEIRD = 'ops | `prod`\nkey';

/** One key for every rule, healthy keys, a legacy namespace, an unavailable one, a requested one not found. */
function estate(): AuditReport {
  const surveyed: NamespaceKeys[] = [
    {
      namespace: namespace(1, 'prod'),
      keys: [
        key('forever', 10 * DAY, null),
        key('ancient', 100 * DAY, 30 * DAY),
        key('soon', 20 * DAY, 2 * DAY),
        key('retired', 40 * DAY, -5 * DAY),
        key('gha-acme-app-7-1-deploy-abc123', 13 * HOUR, 11 * HOUR),
        key('gha-fresh', HOUR, 5 * HOUR),
        key(WEIRD, 5 * DAY, 60 * DAY),
      ],
    },
    { namespace: namespace(2, 'legacy', true), keys: [key('fine', DAY, 50 * DAY)] },
    { namespace: namespace(3, 'gone'), keys: [], error: 'GET /v2/functions/namespaces/x/keys failed: 404 not_found' },
    { namespace: namespace(4, 'healthy'), keys: [key('fine-too', DAY, 50 * DAY)] },
  ];
  return auditReport(surveyed, [{ severity: 'error', rule: 'namespace-unavailable', namespace: 'staging', message: "No namespace staging in the token's account." }]);
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1] as string);
}

describe('auditSummary', () => {
  // Made in each test, not once for the file: mutation testing (npm run mutate) maps code to the tests that run it.
  let report: AuditReport;
  let md: string;
  beforeEach(() => {
    report = estate();
    md = auditSummary(report, NOW);
  });

  it('opens with a headline of counts by severity', () => {
    expect(md.split('\n')[0]).toMatch(/^## .*audit/i);
    expect(md).toContain('🔴 4 errors · 🟡 3 warnings · ⚪ 1 notice');
    expect(md).toMatch(/in 9 keys of 4 namespaces/);
  });

  it('has a findings-by-rule table saying what each rule means and how to fix it', () => {
    const rows = md.split('\n').filter((line) => /^\| .* \| `[a-z-]+` \|/.test(line));
    const byRule = Object.fromEntries(rows.map((row) => [cells(row)[1]?.replace(/`/g, ''), cells(row)]));
    for (const rule of Object.keys(RULES)) {
      expect(byRule[rule], rule).toBeDefined();
      expect(byRule[rule]?.[3]).toBe(RULES[rule as keyof typeof RULES].means);
      expect(byRule[rule]?.[4]).toBe(RULES[rule as keyof typeof RULES].fix);
    }
    expect(byRule['namespace-unavailable']?.[2]).toBe('2');
    expect(byRule['never-expires']?.[0]).toContain('🔴');
    expect(byRule['expires-soon']?.[0]).toContain('🟡');
    expect(byRule.expired?.[0]).toContain('⚪');
  });

  it('has a key table per namespace with findings: risk, name, ID, age, expires in, findings', () => {
    expect(md).toContain('| | Key | ID | Age | Expires in | Findings |');
    const row = (name: string) => md.split('\n').find((line) => line.startsWith('|') && cells(line)[1] === name);
    const forever = report.namespaces[0]?.keys[0];
    expect(cells(row('forever') as string)).toEqual(['🔴', 'forever', `\`${forever?.id}\``, '10d', 'never', 'never-expires']);
    expect(cells(row('ancient') as string)).toEqual(['🔴', 'ancient', expect.any(String), '100d', '30d', 'older-than-max-age']);
    expect(cells(row('soon') as string).slice(3)).toEqual(['20d', '2d', 'expires-soon']);
    expect(cells(row('retired') as string)).toEqual(['⚪', 'retired', expect.any(String), '40d', 'expired 5d ago', 'expired']);
    expect(cells(row('gha-acme-app-7-1-deploy-abc123') as string)).toEqual(['🟡', 'gha-acme-app-7-1-deploy-abc123', expect.any(String), '13h', '11h', 'orphaned-ephemeral']);
    expect(cells(row('gha-fresh') as string)).toEqual(['🟢', 'gha-fresh', expect.any(String), '1h', '5h', '—']);
    // Riskiest first.
    const order = md.split('\n').filter((line) => line.startsWith('| 🔴 |') || line.startsWith('| 🟡 |') || line.startsWith('| ⚪ |') || line.startsWith('| 🟢 |'));
    expect(order.findIndex((line) => line.includes('forever'))).toBeLessThan(order.findIndex((line) => line.includes('gha-fresh')));
  });

  it('shows namespace-level findings under their namespace, and namespaces that were not found', () => {
    expect(md).toMatch(/#### 🔴 gone · `fn-00000003-[^`]+` · nyc1/);
    expect(md).toMatch(/- 🔴 \*\*namespace-unavailable\*\*: .*404 not_found/);
    expect(md).toMatch(/#### 🟡 legacy/);
    expect(md).toMatch(/- 🟡 \*\*legacy-credentials\*\*/);
    expect(md).toContain("No namespace staging in the token's account.");
  });

  it('condenses namespaces without findings into one row each', () => {
    expect(md).toMatch(/### 🟢 Namespaces without findings \(1\)/);
    const healthy = md.split('\n').find((line) => line.startsWith('| healthy |'));
    expect(cells(healthy as string)).toEqual(['healthy', `\`${nsId(4)}\``, 'nyc1', '1', '24h', '50d']);
    expect(md).not.toMatch(/#### .*healthy/);
  });

  it('draws a Mermaid gantt of key lifetimes with a today marker; never-expiring keys to a horizon, marked', () => {
    const [chart] = mermaidBlocks(md);
    expect(chart).toBeDefined();
    const lines = (chart as string).split('\n').map((line) => line.trim());
    expect(lines[0]).toBe('gantt');
    expect(lines).toContain('dateFormat YYYY-MM-DD HH:mm');
    expect(lines.some((line) => line.startsWith('todayMarker '))).toBe(true);
    expect(lines).toContain('section prod');
    const tasks = lines.filter((line) => / :.*\d{4}-\d{2}-\d{2} \d{2}:\d{2}, \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(line));
    expect(tasks).toHaveLength(9);
    const forever = tasks.find((line) => line.includes('forever')) as string;
    // Created 10d ago, drawn to the horizon (the latest expiry shown, 60d ahead; at least 30d), critical and marked.
    expect(forever).toMatch(/^🔴 forever ∞ never expires :crit, 2026-05-22 12:00, 2026-07-31 12:00$/);
    expect(tasks.find((line) => line.includes('retired'))).toMatch(/:done, 2026-04-22 12:00, 2026-05-27 12:00$/);
    expect(tasks.find((line) => line.includes('soon'))).toMatch(/:active, /);
    // Task names can hold no `:`, `;`, `#` or line break (the gantt lexer splits on them).
    for (const task of tasks) expect(task.slice(0, task.lastIndexOf(' :'))).not.toMatch(/[:;#\n]/);
  });

  it('escapes |, backticks and new lines in names, and keeps each row one line with six cells', () => {
    const row = md.split('\n').find((line) => line.startsWith('|') && line.includes('ops ')) as string;
    expect(row).toContain('ops \\| \\`prod\\` key');
    expect(cells(row)).toHaveLength(6);
    expect(md).not.toContain(WEIRD);
    expect(md).not.toContain('`prod`');
  });

  it('says so when there are no findings', () => {
    const clean = auditSummary(auditReport([{ namespace: namespace(9, 'clean'), keys: [key('ok', DAY, 30 * DAY)] }]), NOW);
    expect(clean).toContain('🔴 0 errors · 🟡 0 warnings · ⚪ 0 notices');
    expect(clean).toContain('No findings');
    expect(clean).not.toContain('Findings by rule');
    expect(mermaidBlocks(clean)).toHaveLength(1);
  });

  it('caps a namespace table and points to the report', () => {
    const keys = Array.from({ length: MAX_KEY_ROWS + 15 }, (_, i) => key(`k${i}`, DAY, i < 3 ? null : 60 * DAY));
    const big = auditSummary(auditReport([{ namespace: namespace(5, 'big'), keys }]), NOW);
    const rows = big.split('\n').filter((line) => /^\| (🔴|🟡|⚪|🟢) \| k\d+ \|/.test(line));
    expect(rows).toHaveLength(MAX_KEY_ROWS);
    expect(big).toContain('… and 15 more keys (0 with findings), see the report.');
    // The gantt shows the riskiest keys, never more than the cap.
    const tasks = (mermaidBlocks(big)[0] as string).split('\n').filter((line) => / :/.test(line) && !line.includes('title'));
    expect(tasks).toHaveLength(MAX_GANTT_KEYS);
    expect(tasks.slice(0, 3).every((task) => task.includes('never expires'))).toBe(true);
    expect(big).toMatch(/the 30 riskiest of 40 keys/);
  });
});

describe('auditSummary at scale: 500 namespaces × 20 keys', () => {
  function bigEstate(withFindings: boolean): AuditReport {
    const surveyed: NamespaceKeys[] = Array.from({ length: 500 }, (_, n) => ({
      namespace: namespace(n + 1, `team-${n}-functions-with-a-rather-long-label`, withFindings && n % 7 === 0),
      keys: Array.from({ length: 20 }, (_, i) =>
        withFindings && i < 4
          ? key(`gha-acme-service-${n}-pipeline-${i}-deploy-production-abcdef`, (100 + i) * DAY, i % 2 ? null : -DAY)
          : key(`service-${n}-key-${i}-for-the-deploy-pipeline`, (i + 1) * DAY, (30 + i) * DAY),
      ),
    }));
    return auditReport(surveyed);
  }

  it('stays well under the 1 MiB step summary limit when every namespace has findings', () => {
    const report = bigEstate(true);
    expect(report.findings.length).toBeGreaterThan(5000);
    const md = auditSummary(report, NOW);
    const size = Buffer.byteLength(md);
    expect(size).toBeLessThan(MIB / 2);
    expect(md).toMatch(/… and \d+ more namespaces with findings/);
    expect(md).toContain('see the report');
    expect(mermaidBlocks(md)).toHaveLength(1);
    const tasks = (mermaidBlocks(md)[0] as string).split('\n').filter((line) => /\d{2}:\d{2}, \d{4}/.test(line));
    expect(tasks).toHaveLength(MAX_GANTT_KEYS);
    expect(tasks.every((task) => task.trimStart().startsWith('🔴'))).toBe(true);
  });

  it('condenses healthy namespaces when none has findings', () => {
    const md = auditSummary(bigEstate(false), NOW);
    expect(Buffer.byteLength(md)).toBeLessThan(MIB / 4);
    expect(md).toContain('Namespaces without findings (500)');
    expect(md).toMatch(/… and 300 more namespaces, see the report/);
  });
});

describe('cleanupSummary', () => {
  let namespaces: CleanupReport['namespaces'];
  beforeEach(() => {
    namespaces = reportNamespaces([
      { namespace: namespace(1, 'prod'), keys: [] },
      { namespace: namespace(2, 'gone'), keys: [], error: 'GET … failed: 404 not_found' },
    ]);
  });
  type Entry = CleanupReport['keys'][number];
  const entry = (key_name: string, action: Entry['action'], reason_code: Entry['reason_code'], reason: string): Entry => ({
    namespace: nsId(1),
    key_id: `dof_v1_${hex(++keyCounter, 32)}`,
    key_name,
    action,
    reason_code,
    reason,
  });

  it('groups deleted, failed and kept keys, each with counts and reasons', () => {
    const report: CleanupReport = {
      schema_version: 2,
      generated_at: iso(NOW),
      dry_run: false,
      namespaces,
      keys: [
        entry('gha-expired', 'deleted', 'expired', 'expired (created 5h ago)'),
        entry('gha-old', 'deleted', 'older-than-max-mint', 'older than 12h (created 13h ago)'),
        entry('gha-stuck', 'failed', 'delete-failed', 'could not delete: DELETE … failed: 500 server_error'),
        entry('manual | `x`', 'kept', 'not-made-by-action', 'not made by this action (name does not start with gha-)'),
        entry('gha-fresh', 'kept', 'may-be-running', 'created 1h ago: may belong to a job still running'),
        entry('gha-fresh-2', 'kept', 'may-be-running', 'created 2h ago: may belong to a job still running'),
        entry('gha-expired-2', 'deleted', 'expired', 'expired (created 7h ago)'),
      ],
    };
    const md = cleanupSummary(report, NOW);
    expect(md.split('\n')[0]).toMatch(/^## .*cleanup/i);
    expect(md).toContain('**🗑️ 3 deleted · ✋ 3 kept · ❌ 1 failed** of 7 keys in 2 namespaces');
    // Grouped by reason_code, in the order each code first appears: the reason text differs within a group.
    const headings = md.split('\n').filter((line) => line.startsWith('###'));
    expect(headings).toEqual([
      '### ⚠️ Namespaces skipped (1)',
      '### 🗑️ Deleted (3)',
      '#### Expired: 2 keys',
      '#### Older than 12h: 1 key',
      '### ❌ Could not delete (1)',
      '#### Could not delete: 1 key',
      '### ✋ Kept (3)',
      '#### Not made by this action (name does not start with `key-prefix`): 1 key',
      '#### May belong to a job still running: 2 keys',
    ]);
    const section = md.slice(md.indexOf('#### Expired'), md.indexOf('#### Older'));
    expect(section).toContain('| gha-expired |');
    expect(section).toContain('| gha-expired-2 |');
    expect(md).toMatch(/### ⚠️ Namespaces skipped \(1\)\n\n- gone/);
    const row = md.split('\n').find((line) => line.includes('manual')) as string;
    expect(cells(row)).toEqual(['prod', 'manual \\| \\`x\\`', expect.stringMatching(/^`dof_v1_/), 'not made by this action (name does not start with gha-)']);
    expect(md).not.toContain('Would delete');
  });

  it('lists what a dry run would delete', () => {
    const md = cleanupSummary(
      {
        schema_version: 2,
        generated_at: iso(NOW),
        dry_run: true,
        namespaces,
        keys: [entry('gha-expired', 'would-delete', 'expired', 'expired (created 5h ago)'), entry('ok', 'kept', 'not-made-by-action', 'not made by this action (name does not start with gha-)')],
      },
      NOW,
    );
    expect(md.split('\n')[0]).toContain('(dry run)');
    expect(md).toContain('**🔎 1 would be deleted · ✋ 1 kept**');
    expect(md).toContain('### 🔎 Would delete (dry run) (1)');
    expect(md).toContain('nothing was deleted');
    expect(md).not.toContain('### 🗑️ Deleted');
  });

  it('stays small for 10 000 kept keys', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) =>
      entry(`service-${i}-key-for-the-deploy-pipeline`, 'kept', 'not-made-by-action', 'not made by this action (name does not start with gha-)'),
    );
    const md = cleanupSummary({ schema_version: 2, generated_at: iso(NOW), dry_run: false, namespaces, keys }, NOW);
    expect(Buffer.byteLength(md)).toBeLessThan(100 * 1024);
    expect(md).toContain('… and 9800 more keys, see the report.');
  });
});

describe('escaping', () => {
  it('escapes what Markdown, tables, math and HTML would interpret, on one line', () => {
    expect(escapeMarkdown('a|b`c\nd\r\ne')).toBe('a\\|b\\`c d e');
    expect(escapeMarkdown('<img src=x> & *b* [l](u) ~~s~~ $x$ \\')).toBe('&lt;img src=x&gt; &amp; \\*b\\* \\[l\\](u) \\~\\~s\\~\\~ \\$x\\$ \\\\');
    expect(escapeMarkdown('_lead my_key trail_')).toBe('\\_lead my_key trail\\_');
    expect(escapeMarkdown('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('makes code spans that hold backticks and pipes', () => {
    expect(codeSpan('dof_v1_abc')).toBe('`dof_v1_abc`');
    expect(codeSpan('a`b')).toBe('`` a`b ``');
    expect(codeSpan('a``b|c')).toBe('``` a``b\\|c ```');
  });
});
