// `ignore` globs, gitignore-style, matched against paths relative to the scanned directory: `*` and `?` within a
// segment, `**` across segments, `[a-z]` / `[!a-z]` classes, `{a,b}` alternatives; a pattern without `/` matches a name at any depth, and
// `dir/**` also matches `dir` itself, so a whole tree is pruned without being read.

function segmentSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[' && glob.indexOf(']', i + 2) > 0) {
      const close = glob.indexOf(']', i + 2);
      const body = glob.slice(i + 1, close).replace(/[\\\]^]/g, '\\$&');
      // A negated class never matches the separator.
      out += body.startsWith('!') ? `[^/${body.slice(1)}]` : `[${body}]`;
      i = close;
    }
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, close).split(',').map(segmentSource).join('|')})`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return out;
}

/** One test for all the globs; undefined when there are none. */
export function globMatcher(globs: readonly string[] = []): ((path: string) => boolean) | undefined {
  const sources = globs
    .map((glob) => glob.trim().replace(/^\.\//, '').replace(/\/+$/, ''))
    .filter(Boolean)
    .map((glob) => {
      const anchored = glob.startsWith('/') || glob.slice(0, -1).includes('/');
      const body = segmentSource(glob.replace(/^\//, '')).replace(/\/\.\*$/, '(?:/.*)?');
      return anchored ? body : `(?:.*/)?${body}`;
    });
  if (sources.length === 0) return undefined;
  const regex = new RegExp(`^(?:${sources.join('|')})$`);
  return (path) => regex.test(path);
}
