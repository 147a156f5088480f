// The action's inputs for mode migrate, parsed strictly before anything is read or written.
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { type ReadInput, parseChoice } from '../../inputs.js';
import type { FailOn } from './rules.js';

export interface MigrateOptions {
  /** The directory or file to scan, absolute. */
  path: string;
  /** Paths in findings are relative to this: the workspace when `path` is inside it. */
  base: string;
  ignore: string[];
  failOn: FailOn;
  /** none: report only; files: rewrite the workflows in the workspace; pull-request: propose them. */
  fix: Fix;
  /** For `fix: pull-request`: contents, pull requests and workflows: write. */
  githubToken: string;
}

export type Fix = 'none' | 'files' | 'pull-request';

export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'notice', 'never'];

/** Globs, one per line or comma-separated. */
export function parseGlobList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((glob) => glob.trim())
    .filter(Boolean);
}

/** Is `path` inside `directory` (or the directory itself)? */
export function isInside(path: string, directory: string): boolean {
  const rel = relative(directory, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function readMigrateOptions(read: ReadInput, env: Record<string, string | undefined>, cwd = process.cwd()): MigrateOptions {
  const workspace = resolve(cwd, env.GITHUB_WORKSPACE || '.');
  const path = resolve(workspace, read('path') || '.');
  if (!existsSync(path)) {
    throw new InputError('path', `\`${read('path')}\` does not exist in the workspace`, 'a directory or file of the checked-out repository, relative to GITHUB_WORKSPACE (run actions/checkout first)');
  }
  const fix = parseChoice<Fix>('fix', read('fix') || 'none', ['none', 'files', 'pull-request']);
  const githubToken = read('github-token');
  if (fix === 'pull-request' && !githubToken) {
    throw new InputError(
      'github-token',
      'it is empty, and `fix: pull-request` pushes a branch that changes .github/workflows/',
      'a token with Contents, Pull requests and Workflows write access (a fine-grained personal access token, or a GitHub App token from actions/create-github-app-token); GITHUB_TOKEN can never change workflows',
    );
  }
  return {
    path,
    base: isInside(path, workspace) ? workspace : path,
    ignore: parseGlobList(read('ignore')),
    failOn: parseChoice('fail-on', read('fail-on') || 'error', FAIL_ON),
    fix,
    githubToken,
  };
}
