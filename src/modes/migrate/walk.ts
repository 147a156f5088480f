// The file tree walk: streamed (a stack of directories, never a list of every file), in a stable order, without
// following symbolic links, pruning VCS and vendored trees and ignored paths before reading them. Reading is
// synchronous into one reused buffer: for many small files that beats libuv's pool, and memory stays the same
// however large the tree (a large tree is read on worker threads instead: read-pool.ts).
import { closeSync, fstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Directories never scanned: version control, and trees of other people's code. */
export const VENDORED = new Set(['.git', '.hg', '.svn', 'node_modules', 'bower_components', 'jspm_packages', 'vendor', 'third_party', '.venv', 'venv', '__pycache__', '.terraform', '.tox']);
/** Files larger than this are skipped: credentials live in small files, and a bound keeps memory flat. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Bytes looked at for a NUL, as git does to call a file binary. */
const BINARY_PROBE = 8000;

export type SkipReason = 'vendored' | 'ignored' | 'symlink' | 'binary' | 'too-large' | 'unreadable';

export interface Skipped {
  path: string;
  reason: SkipReason;
}

export interface FileEntry {
  absolute: string;
  /** Relative to the walked root, with `/`; the file's name when the root is a file. */
  path: string;
}

/** A file to read, or a path left out and why. */
export type Walked = FileEntry | Skipped;

/**
 * Every regular file under `root` (or `root` itself when it is a file), depth first, names sorted, with what it
 * leaves out where it leaves it out. `ignored` takes relative paths (with `/`), files and directories.
 */
export function* walk(root: string, ignored?: (path: string) => boolean): Generator<Walked> {
  if (statSync(root).isFile()) {
    yield { absolute: root, path: basename(root) };
    return;
  }
  const stack: { absolute: string; path: string }[] = [{ absolute: root, path: '' }];
  while (stack.length > 0) {
    const dir = stack.pop() as { absolute: string; path: string };
    let entries;
    try {
      entries = readdirSync(dir.absolute, { withFileTypes: true });
    } catch {
      yield { path: dir.path || '.', reason: 'unreadable' };
      continue;
    }
    // Stryker disable next-line EqualityOperator: names in one directory are never equal
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    const subdirs: { absolute: string; path: string }[] = [];
    for (const entry of entries) {
      const path = dir.path ? `${dir.path}/${entry.name}` : entry.name;
      const absolute = join(dir.absolute, entry.name);
      if (entry.isSymbolicLink()) yield { path, reason: 'symlink' };
      else if (ignored?.(path)) yield { path, reason: 'ignored' };
      else if (entry.isDirectory()) {
        if (VENDORED.has(entry.name)) yield { path, reason: 'vendored' };
        else subdirs.push({ absolute, path });
      } else if (entry.isFile()) yield { absolute, path };
    }
    // Pushed in reverse so that they come off the stack in name order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as { absolute: string; path: string });
  }
}

export type Read = { bytes: Buffer } | { skipped: 'binary' | 'too-large' | 'unreadable' };

/** Reads a file into `buffer` (which must hold MAX_FILE_BYTES); the bytes are valid until the next read. */
export function readFile(absolute: string, buffer: Buffer, maxBytes = MAX_FILE_BYTES): Read {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, 'r');
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { skipped: 'too-large' };
    let length = 0;
    // Stryker disable next-line EqualityOperator: one more read at the end returns 0, which stops the loop too
    while (length < size) {
      const read = readSync(fd, buffer, length, size - length, length);
      if (read === 0) break;
      length += read;
    }
    const bytes = buffer.subarray(0, length);
    if (bytes.subarray(0, BINARY_PROBE).includes(0)) return { skipped: 'binary' };
    return { bytes };
  } catch {
    return { skipped: 'unreadable' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
