// Text for the job summaries' Markdown (GitHub-flavoured: tables, strikethrough, math, HTML): one line, and nothing
// the reader did not mean to see interpreted. Shared by every mode's summary.

/** One line, at most `max` characters (an ellipsis marks a cut). */
export function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\u0000-\u001f\u007f]/g, ' ');
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

/** `&`, `<` and `>` as entities, so that no text becomes HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * Text (a key name, a label, an error message) for a Markdown line or table cell: one line, and nothing that
 * Markdown, GitHub's extensions (tables, strikethrough, math) or HTML would interpret.
 */
export function escapeMarkdown(text: string, max = 80): string {
  return escapeHtml(oneLine(text, max))
    .replace(/[\\`*[\]|~$]/g, '\\$&')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}

/**
 * A CommonMark code span of any text: a fence longer than any run of backticks in it, padded with a space when it
 * has some. Messages that quote a command, a value or an input use it, so a summary can show that part as code.
 */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Where Markdown goes: a table cell, where GFM splits cells at every `|` not escaped (code spans included, and it
 * removes the backslash), or anywhere else, where a backslash in a code span shows.
 */
export type Place = 'table' | 'text';

/** A code span that survives any content, on one line; in a table, `|` escaped. */
export function codeSpan(text: string, max = 80, place: Place = 'table'): string {
  const flat = oneLine(text, max);
  return inlineCode(place === 'table' ? flat.replace(/\|/g, '\\|') : flat);
}

/**
 * The parts of a message: its code spans, as CommonMark reads them (a run of backticks opens one, the next run of
 * the same length closes it, one space is stripped from each end when both ends have one; a run that is never
 * closed is text), and the text between them.
 */
function codeParts(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  const runs = /`+/g;
  let plain = '';
  let at = 0;
  for (let open = runs.exec(text); open; open = runs.exec(text)) {
    let close = runs.exec(text);
    while (close && close[0].length !== open[0].length) close = runs.exec(text);
    const afterOpen = open.index + open[0].length;
    if (!close) {
      runs.lastIndex = afterOpen;
      continue;
    }
    plain += text.slice(at, open.index);
    if (plain) parts.push({ code: false, text: plain });
    plain = '';
    const content = text.slice(afterOpen, close.index);
    parts.push({ code: true, text: /^ .*[^ ].* $/.test(content) ? content.slice(1, -1) : content });
    at = close.index + close[0].length;
  }
  plain += text.slice(at);
  if (plain) parts.push({ code: false, text: plain });
  return parts;
}

/**
 * A message (an error, a finding, a fix) for a Markdown line or table cell: its code spans shown as code (codeSpan)
 * and the rest as text (escapeMarkdown), at most `max` characters in all.
 */
export function inlineMarkdown(text: string, max = 80, place: Place = 'table'): string {
  const parts = codeParts(oneLine(text, Number.MAX_SAFE_INTEGER)).map((part) => ({ ...part, chars: [...part.text] }));
  const cut = parts.reduce((sum, part) => sum + part.chars.length, 0) > max;
  // A cut leaves room for its ellipsis, after the last part shown.
  let budget = cut ? max - 1 : max;
  let out = '';
  for (const { code, chars } of parts) {
    if (budget <= 0) break;
    const shown = chars.slice(0, budget).join('');
    out += code ? codeSpan(shown, Infinity, place) : escapeMarkdown(shown, Infinity);
    budget -= chars.length;
  }
  return cut ? `${out}…` : out;
}
