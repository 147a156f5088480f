// The fix of a scanned tree: which workflows change and how (checked before anything is written: the new text
// parses, and migrate finds no legacy connect left in it but those it said it could not fix), and what is left for
// a human: hard-coded credentials are never "fixed" by moving them, only reported with what to do.
import { parseDocument } from 'yaml';
import { parseWorkflow, workflowKind } from '../detect-workflow.js';
import type { Finding } from '../rules.js';
import { scanFile } from '../scan.js';
import { type Outcome, applyEdits, planWorkflow } from './plan.js';

export interface FileChange {
  /** Relative to the base, with `/`. */
  path: string;
  before: string;
  after: string;
  outcomes: Outcome[];
}

export interface HumanTask {
  file: string;
  line: number;
  rule: Finding['rule'];
  /** What to do, without any secret. */
  what: string;
}

export interface FixResult {
  changes: FileChange[];
  /** Findings the fix left: each with what a person has to do. */
  tasks: HumanTask[];
}

/** What a person does about a finding no fix touches. */
export function taskFor(finding: Finding): string {
  switch (finding.rule) {
    case 'hardcoded-legacy-credential':
      return `${finding.message} The legacy pair stopped working after 3 June 2026: delete it from the file (there is nothing to revoke) and use a per-job access key.`;
    case 'hardcoded-access-key':
      return `${finding.message} Delete this key in DigitalOcean first (doctl serverless key delete <id>), then remove it from the file and keep a replacement in a secret, or mint per job.`;
    case 'hardcoded-api-token':
      return `${finding.message} Revoke this token in DigitalOcean (API → Tokens) first, then remove it from the file and pass a new one from a secret.`;
    default:
      return `${finding.message} ${finding.fix}`;
  }
}

/** Plans and checks the rewrite of one workflow; undefined when nothing in it can be fixed. */
export function fixWorkflow(path: string, text: string, uses: string): FileChange | undefined {
  const plan = planWorkflow(text, uses, parseWorkflow(text, 'workflow'));
  if (plan.edits.length === 0) return plan.outcomes.length ? { path, before: text, after: text, outcomes: plan.outcomes } : undefined;
  const after = applyEdits(text, plan.edits);
  const left = plan.outcomes.filter((o) => !o.fixed).length;
  const remaining = scanFile(path, after, uses).filter((f) => f.rule === 'doctl-connect-legacy' && !f.message.includes('namespace: TODO')).length;
  if (parseDocument(after).errors.length > 0 || remaining !== left) {
    const why = 'the rewrite did not check out (it would not parse, or left a legacy connect): fix it by hand';
    return { path, before: text, after: text, outcomes: plan.outcomes.map((o) => ({ ...o, fixed: false, what: why })) };
  }
  return { path, before: text, after, outcomes: plan.outcomes };
}

/**
 * Fixes the workflows among the findings' files (read with `read`), and lists every other finding as a task.
 * Composite actions are not rewritten: they cannot read secrets, so the token has to come in as an input.
 */
export function fixFindings(findings: readonly Finding[], read: (path: string) => string, uses: string): FixResult {
  const changes: FileChange[] = [];
  const tasks: HumanTask[] = [];
  // Only a narrowing: a file without a legacy connect finding, or a composite action read as a workflow, has no step
  // a fix would touch (ignored connects are left alone by the plan too).
  // Stryker disable next-line ConditionalExpression: see above
  const files = [...new Set(findings.filter((f) => f.rule === 'doctl-connect-legacy' && workflowKind(f.file) === 'workflow').map((f) => f.file))];
  const outcomes = new Map<string, Outcome>();
  for (const file of files) {
    const change = fixWorkflow(file, read(file), uses);
    if (!change) continue;
    if (change.after !== change.before) changes.push(change);
    for (const outcome of change.outcomes) outcomes.set(`${file}:${outcome.line}`, outcome);
  }
  for (const finding of findings) {
    const outcome = finding.rule === 'doctl-connect-legacy' ? outcomes.get(`${finding.file}:${finding.line}`) : undefined;
    if (outcome?.fixed) continue;
    tasks.push({ file: finding.file, line: finding.line, rule: finding.rule, what: outcome ? `${finding.message} Not fixed: ${outcome.what}.` : taskFor(finding) });
  }
  return { changes, tasks };
}
