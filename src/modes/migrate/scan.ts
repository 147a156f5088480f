// One scan of a tree: walk, read, prefilter, then the text scanner for every file and the workflow scanner for
// workflows and composite actions. Pure apart from reading files; the action, the CLI and the fix all call it.
import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { type Hit, scanText, sortHits, worthScanning } from './detect-text.js';
import { parseWorkflow, scanWorkflow, workflowKind } from './detect-workflow.js';
import { globMatcher } from './glob.js';
import { DEFAULT_ACTION } from './mint-step.js';
import type { Finding } from './rules.js';
import { MAX_FILE_BYTES, type SkipReason, type Skipped, readFile, walk } from './walk.js';

export interface ScanOptions {
  /** A directory or a file. */
  root: string;
  /** Paths in findings are relative to this directory (the repository root); default `root` (its directory for a file). */
  base?: string;
  /** Globs, relative to `root`, of paths to leave out. */
  ignore?: readonly string[];
  /** How the fix refers to this action (`owner/repo@vN`). */
  uses?: string;
  maxFileBytes?: number;
}

/** Skipped paths kept for the report; past this only the counts grow, so memory stays flat on any tree. */
export const MAX_SKIPPED_LISTED = 1000;

export interface ScanResult {
  findings: Finding[];
  files: number;
  bytes: number;
  skipped: Skipped[];
  skippedCounts: Record<SkipReason, number>;
  /** Raw values of the secrets found: to mask, never to print. */
  secrets: string[];
}

/** The hits of one file's text; `path` decides how it is read (workflow, .wskprops, anything else). */
export function scanFile(path: string, text: string, uses = DEFAULT_ACTION): Hit[] {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const kind = workflowKind(path);
  const workflow = kind ? parseWorkflow(text, kind) : undefined;
  if (!workflow) return worthScanning(text) ? scanText(text, { name, commands: true }) : [];
  // Stryker disable next-line ObjectLiteral: a workflow's name is never .wskprops, and its commands are the workflow scanner's either way
  return sortHits([...scanText(text, { name, commands: false }), ...scanWorkflow(text, workflow, uses)]);
}

export function scan(options: ScanOptions): ScanResult {
  const root = resolve(options.root);
  const base = resolve(options.base ?? (statSync(root).isFile() ? dirname(root) : root));
  const buffer = Buffer.allocUnsafe(options.maxFileBytes ?? MAX_FILE_BYTES);
  const result: Omit<ScanResult, 'secrets'> = {
    findings: [],
    files: 0,
    bytes: 0,
    skipped: [],
    skippedCounts: { vendored: 0, ignored: 0, symlink: 0, binary: 0, 'too-large': 0, unreadable: 0 },
  };
  const posix = (path: string) => path.split(sep).join('/');
  /** Relative to the base; relative to the root when the root is outside the base. */
  const fromBase = (absolute: string, path: string) => {
    const rel = posix(relative(base, absolute));
    return rel && !rel.startsWith('../') && rel !== '..' ? rel : path;
  };
  const skip = (absolute: string, path: string, reason: SkipReason) => {
    result.skippedCounts[reason]++;
    if (result.skipped.length < MAX_SKIPPED_LISTED) result.skipped.push({ path: fromBase(absolute, path), reason });
  };
  const onSkip = ({ path, reason }: Skipped) => skip(resolve(root, path), path, reason);
  const secrets = new Set<string>();
  for (const file of walk(root, { ignored: globMatcher(options.ignore), onSkip })) {
    const read = readFile(file.absolute, buffer, buffer.length);
    if ('skipped' in read) {
      skip(file.absolute, file.path, read.skipped);
      continue;
    }
    result.files++;
    result.bytes += read.bytes.length;
    // The absolute path tells a workflow, also when the root is the workflow file itself.
    const absolute = posix(file.absolute);
    // Workflows are always parsed: a stored key fed to curl has no literal trigger. The prefilter only saves time
    // (scanFile finds nothing in a file it turns away).
    // Stryker disable next-line ConditionalExpression: see above
    if (!workflowKind(absolute) && !worthScanning(read.bytes.toString('latin1'))) continue;
    const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
    for (const { secret, ...hit } of scanFile(absolute, text, options.uses)) {
      if (secret) secrets.add(secret);
      result.findings.push({ file: fromBase(file.absolute, file.path), ...hit });
    }
  }
  result.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { ...result, secrets: [...secrets] };
}
