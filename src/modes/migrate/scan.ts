// One scan of a tree: walk, read and prefilter (read-pool.ts: on worker threads for a large tree), then the text
// scanner for every file and the workflow scanner for workflows and composite actions. Pure apart from reading
// files; the action and the CLI call scan, the fix calls scanFile.
import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { type Hit, scanText, sortHits, worthScanning } from './detect-text.js';
import { parseWorkflow, scanWorkflow, workflowKind } from './detect-workflow.js';
import { globMatcher } from './glob.js';
import { DEFAULT_ACTION } from './mint-step.js';
import type { Finding } from './rules.js';
import { READ_THREADS, READ_WORKER, inspectAll } from './read-pool.js';
import { MAX_FILE_BYTES, type SkipReason, type Skipped, walk } from './walk.js';

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
  /** Worker threads that read a large tree (default one per core); 0 reads on this thread. */
  threads?: number;
  /** The worker's built script (default the one beside the bundle). */
  worker?: URL;
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

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const root = resolve(options.root);
  const base = resolve(options.base ?? (statSync(root).isFile() ? dirname(root) : root));
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
  const secrets = new Set<string>();
  const reading = {
    maxBytes: options.maxFileBytes ?? MAX_FILE_BYTES,
    threads: options.threads ?? READ_THREADS,
    worker: options.worker ?? READ_WORKER,
    // The absolute path tells a workflow, also when the root is the workflow file itself. Only a saving: scanFile
    // finds nothing in a file the prefilter turns away.
    // Stryker disable next-line ConditionalExpression: see above
    always: (absolute: string) => workflowKind(posix(absolute)) !== undefined,
  };
  for await (const batch of inspectAll(walk(root, globMatcher(options.ignore)), reading)) {
    for (const item of batch) {
      if ('reason' in item) {
        skip(resolve(root, item.path), item.path, item.reason);
        continue;
      }
      const { file, inspection } = item;
      if ('skipped' in inspection) {
        skip(file.absolute, file.path, inspection.skipped);
        continue;
      }
      result.files++;
      result.bytes += inspection.bytes;
      if (inspection.text === undefined) continue;
      for (const { secret, ...hit } of scanFile(posix(file.absolute), inspection.text, options.uses)) {
        if (secret) secrets.add(secret);
        result.findings.push({ file: fromBase(file.absolute, file.path), ...hit });
      }
    }
  }
  result.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { ...result, secrets: [...secrets] };
}
