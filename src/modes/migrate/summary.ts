// The job summary: counts, the rules that fired with their fixes, then each file with its findings and, for a
// workflow, the steps that replace the legacy connect. Capped well under GitHub's 1 MiB (the report has all).
import { plural } from '../../audit/summary.js';
import { codeSpan, inlineMarkdown } from '../../markdown.js';
import type { FixReport, MigrateReport } from './report.js';
import { RULES, RULE_IDS, type Finding, type Severity } from './rules.js';

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟡', notice: '⚪' };
const SEVERITIES: Severity[] = ['error', 'warning', 'notice'];
/** Bytes for the per-file sections; past it files are listed one line each. */
const DETAIL_BUDGET = 300_000;
const MAX_CONDENSED_FILES = 200;
const MAX_SKIPPED_ROWS = 20;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A fenced block that no line of `text` can close early. */
function fence(text: string, language: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${language}\n${text}\n${marks}`;
}

function byFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const files = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = files.get(finding.file);
    if (list) list.push(finding);
    else files.set(finding.file, [finding]);
  }
  return files;
}

function fileSection(file: string, findings: readonly Finding[]): string {
  const lines = [`#### ${codeSpan(file, 200, 'text')}`, '', '| | Line | Rule | What | Fix |', '|:-:|--:|---|---|---|'];
  for (const finding of findings) {
    lines.push(`| ${ICON[finding.severity]} | ${finding.line}:${finding.column} | \`${finding.rule}\` | ${inlineMarkdown(finding.message, 300)} | ${inlineMarkdown(finding.fix, 400)} |`);
  }
  lines.push('');
  for (const finding of findings.filter((f) => f.snippet)) {
    lines.push(`Line ${finding.line}: ${inlineMarkdown(finding.fix, 400, 'text')}`, '', fence(finding.snippet as string, 'yaml'), '');
  }
  return lines.join('\n');
}

export function migrateSummary(report: MigrateReport): string {
  const { counts, findings } = report;
  const parts: string[] = [];
  const skippedTotal = Object.values(report.skipped.counts).reduce((sum, n) => sum + n, 0);
  parts.push(
    [
      '## 🔑 Functions access key migration',
      '',
      `**${SEVERITIES.map((s) => `${ICON[s]} ${plural(counts[s], s)}`).join(' · ')}** in ${plural(report.scanned.files, 'file')} (${megabytes(report.scanned.bytes)}) under ${codeSpan(report.root, 80, 'text')}, ${skippedTotal} skipped`,
      '',
      'The legacy namespace credential (`uuid:key`) was deprecated on 13 March 2026 and stopped authenticating after 3 June 2026: every use below is broken, or breaks the next time it runs.',
      '',
      findings.length === 0 ? '✅ Nothing here uses the legacy credential or a hard-coded key.\n' : '',
    ].join('\n'),
  );
  if (findings.length > 0) {
    const fired = RULE_IDS.filter((id) => findings.some((f) => f.rule === id));
    parts.push(
      [
        '### Findings by rule',
        '',
        '| Severity | Rule | Findings | What it means | How to fix |',
        '|---|---|--:|---|---|',
        ...fired.map((id) => `| ${ICON[RULES[id].severity]} ${RULES[id].severity} | \`${id}\` | ${findings.filter((f) => f.rule === id).length} | ${RULES[id].means} | ${RULES[id].fix} |`),
        '',
      ].join('\n'),
    );
    const files = [...byFile(findings)];
    parts.push(`### Files (${files.length})\n`);
    let used = 0;
    let shown = 0;
    for (const [file, list] of files) {
      const section = fileSection(file, list);
      if (used + Buffer.byteLength(section) > DETAIL_BUDGET) break;
      parts.push(section);
      used += Buffer.byteLength(section);
      shown++;
    }
    const rest = files.slice(shown);
    if (rest.length > 0) {
      parts.push(
        [
          `#### … and ${plural(rest.length, 'more file')} (details in the report)`,
          '',
          ...rest.slice(0, MAX_CONDENSED_FILES).map(([file, list]) => `- ${codeSpan(file, 200, 'text')}: ${plural(list.length, 'finding')}`),
          rest.length > MAX_CONDENSED_FILES ? `- … and ${rest.length - MAX_CONDENSED_FILES} more` : '',
          '',
        ].join('\n'),
      );
    }
  }
  if (skippedTotal > 0) {
    const reasons = Object.entries(report.skipped.counts).filter(([, n]) => n > 0);
    parts.push(
      [
        `### Skipped (${skippedTotal})`,
        '',
        reasons.map(([reason, n]) => `${reason}: ${n}`).join(' · '),
        '',
        ...report.skipped.paths.slice(0, MAX_SKIPPED_ROWS).map((s) => `- ${codeSpan(s.path, 200, 'text')} (${s.reason})`),
        skippedTotal > MAX_SKIPPED_ROWS ? `- … see the report for the rest` : '',
        '',
      ].join('\n'),
    );
  }
  parts.push('The JSON report (output `report`) and the SARIF file (output `sarif`) list every finding.\n');
  return parts.join('\n');
}

/** What a fix did: the pull request or the rewritten files, each legacy connect (fixed or why not), and what is left. */
export function fixSummary(fix: FixReport): string {
  const lines = [`### 🛠️ Fix (${fix.mode})`, ''];
  if (fix.pull_request) lines.push(`Pull request ${fix.pull_request.action}: ${fix.pull_request.url}`, '');
  if (fix.changed_files.length === 0) lines.push('No workflow could be rewritten safely.', '');
  else lines.push(`${fix.mode === 'files' ? 'Rewrote' : 'Proposed'} ${plural(fix.changed_files.length, 'file')}: ${fix.changed_files.map((file) => codeSpan(file, 200, 'text')).join(', ')}.`, '');
  for (const connect of fix.connects) lines.push(`- ${connect.fixed ? '✅' : '✋'} ${codeSpan(connect.file, 200, 'text')} line ${connect.line}: ${inlineMarkdown(connect.what, 300, 'text')}`);
  if (fix.connects.length) lines.push('');
  lines.push(`${plural(fix.tasks.length, 'finding')} left for a person (hard-coded credentials are never moved by a fix).`, '');
  return lines.join('\n');
}
