// The job summary of a rotation run: what the secret holds now, the old and the new key, what was stored where,
// what was deleted or kept, and when the next rotation falls due. Never a secret: key IDs and names only.
import type { AccessKey, Namespace } from '../../api/digitalocean.js';
import { plural } from '../../audit/summary.js';
import { codeSpan, escapeMarkdown, inlineMarkdown } from '../../markdown.js';
import { formatHours, formatSpan } from '../../duration.js';
import type { Plan, Verdict } from './plan.js';

/** Everything the summary shows, filled in as the run goes; a run that failed early has only some of it. */
export interface Report {
  /** `repository secret FOO of acme/app`. */
  target: string;
  dryRun: boolean;
  rotateAfterHours: number;
  graceHours: number;
  now: number;
  namespace?: Namespace;
  /** The secret's `updated_at` before the run; undefined when it did not exist (or could not be read). */
  secretUpdatedAt?: string;
  plan?: Plan;
  rotated: boolean;
  newKey?: AccessKey;
  storedAt?: number;
  deleted: Verdict[];
  undeleted: Verdict[];
  /** When the key the secret holds after the run falls due. */
  nextDueAt?: number;
  error?: string;
}

/** `2026-11-30 09:41 UTC (31d ago)`. */
function when(ms: number, now: number): string {
  const at = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const span = formatSpan(ms - now);
  return Math.abs(ms - now) < 60_000 ? `${at} (now)` : ms > now ? `${at} (in ${span})` : `${at} (${span} ago)`;
}

function keyRow(role: string, key: AccessKey, now: number): string {
  const expires = key.expires_at === null ? 'never' : when(Date.parse(key.expires_at), now);
  return `| ${role} | ${codeSpan(key.id)} | ${codeSpan(key.name)} | ${when(Date.parse(key.created_at), now)} | ${expires} |`;
}

function headline(report: Report): string {
  const target = escapeMarkdown(report.target, 200);
  const held = report.newKey ?? report.plan?.held;
  const holds = held ? `holds ${codeSpan(held.id, 80, 'text')}` : 'holds no key this action manages';
  if (report.error) return `❌ **Failed.** ${inlineMarkdown(report.error, 1000, 'text')}\n\nThe ${target} ${report.rotated ? 'holds the new key' : 'was not changed'}.`;
  if (report.dryRun) {
    const would = report.plan?.due ? `Would rotate: ${escapeMarkdown(report.plan.due, 300)}.` : 'Would not rotate.';
    return `🧪 **Dry run.** ${would} Nothing was changed; the ${target} ${holds}.`;
  }
  if (report.rotated) return `✅ **Rotated** (${escapeMarkdown(report.plan?.due ?? '', 300)}). The ${target} now ${holds}.`;
  return `⏸️ **Not due.** The ${target} ${holds}.`;
}

function verdictTable(title: string, verdicts: Verdict[], now: number, withUntil: boolean): string[] {
  if (!verdicts.length) return [];
  const rows = verdicts.map(({ key, reason, until }) => {
    const cells = [codeSpan(key.id), codeSpan(key.name), escapeMarkdown(reason, 200)];
    if (withUntil) cells.push(until === undefined ? '' : when(until, now));
    return `| ${cells.join(' | ')} |`;
  });
  const header = withUntil ? '| Key | Name | Why | Deleted from |\n| --- | --- | --- | --- |' : '| Key | Name | Why |\n| --- | --- | --- |';
  return [`### ${title}`, '', header, ...rows, ''];
}

export function rotateSummary(report: Report): string {
  const { now, plan } = report;
  const lines = ['## 🔑 Functions access key rotation', '', headline(report), ''];
  const old = plan?.held;
  if (old || report.newKey) {
    lines.push('| | Key | Name | Created | Expires |', '| --- | --- | --- | --- | --- |');
    if (old) lines.push(keyRow(report.newKey ? 'Old' : 'Current', old, now));
    if (report.newKey) lines.push(keyRow('New', report.newKey, now));
    lines.push('');
  }
  const facts: string[] = [];
  if (report.namespace) {
    const { label, namespace, region } = report.namespace;
    facts.push(`**Namespace:** ${escapeMarkdown(label)} (${codeSpan(namespace, 80, 'text')}, ${escapeMarkdown(region)})`);
  }
  if (report.storedAt !== undefined) facts.push(`**Stored:** in the ${escapeMarkdown(report.target, 200)}, ${when(report.storedAt, now)}`);
  else if (report.secretUpdatedAt) facts.push(`**Secret last updated:** ${when(Date.parse(report.secretUpdatedAt), now)}`);
  if (report.nextDueAt !== undefined && !report.error) {
    facts.push(
      report.nextDueAt <= now
        ? `**Rotation due since:** ${when(report.nextDueAt, now)}`
        : `**Next rotation due:** ${when(report.nextDueAt, now)}; the first scheduled run from then replaces the key`,
    );
  }
  facts.push(`**Policy:** rotate after ${formatHours(report.rotateAfterHours)}, grace ${report.graceHours ? formatHours(report.graceHours) : '0'}`);
  lines.push(...facts.map((fact) => `- ${fact}`), '');
  const wouldDelete = report.dryRun ? (plan?.remove ?? []) : [];
  lines.push(...verdictTable(`${report.dryRun ? 'Would delete' : 'Deleted'} (${plural(report.deleted.length + wouldDelete.length, 'key')})`, [...report.deleted, ...wouldDelete], now, false));
  lines.push(...verdictTable(`Not deleted (${plural(report.undeleted.length, 'key')})`, report.undeleted, now, false));
  // A failed run kept every key; the plan's reasons ("replaced by this run") would not hold.
  const kept = report.error ? [] : (plan?.keep ?? []).filter((verdict) => verdict.key !== old || report.rotated || report.dryRun);
  lines.push(...verdictTable(`${report.dryRun ? 'Would keep' : 'Kept'} (${plural(kept.length, 'key')})`, kept, now, true));
  return `${lines.join('\n').trimEnd()}\n`;
}
