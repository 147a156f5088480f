import { describe, expect, it } from 'vitest';
import { codeSpan, inlineCode, inlineMarkdown } from '../../src/markdown.js';

describe('inlineCode', () => {
  it('fences any text with more backticks than it holds, padded when it holds some', () => {
    expect(inlineCode('doctl serverless connect prod')).toBe('`doctl serverless connect prod`');
    expect(inlineCode('doctl serverless connect `cat ns`')).toBe('`` doctl serverless connect `cat ns` ``');
    expect(inlineCode('a ``` b')).toBe('```` a ``` b ````');
    expect(inlineCode('a | b')).toBe('`a | b`');
  });

  it('is what codeSpan builds on, which also makes one line and escapes | for tables', () => {
    expect(codeSpan('a | b\nc')).toBe('`a \\| b c`');
  });
});

describe('inlineMarkdown', () => {
  it('shows code spans as code and escapes the text around them', () => {
    expect(inlineMarkdown('delete it with `doctl serverless key delete <id>`, *now*.')).toBe('delete it with `doctl serverless key delete <id>`, \\*now\\*.');
    expect(inlineMarkdown('`a|b` and <b>', 200)).toBe('`a\\|b` and &lt;b&gt;');
  });

  it('reads spans as CommonMark does: the next run of the same length closes one', () => {
    expect(inlineMarkdown(`${inlineCode('connect `cat ns`')} has no --access-key`, 200)).toBe('`` connect `cat ns` `` has no --access-key');
    expect(inlineMarkdown('``a`b`` c', 200)).toBe('`` a`b `` c');
    // One space is stripped from each end only when both ends have one.
    expect(inlineMarkdown('` x `', 200)).toBe('`x`');
    expect(inlineMarkdown('` x`', 200)).toBe('` x`');
    expect(inlineMarkdown('`  `', 200)).toBe('`  `');
  });

  it('shows a run of backticks that is never closed as text', () => {
    expect(inlineMarkdown('a ` b', 200)).toBe('a \\` b');
    expect(inlineMarkdown('``a` b', 200)).toBe('\\`\\`a\\` b');
    expect(inlineMarkdown('`` x `y`', 200)).toBe('\\`\\` x `y`');
  });

  it('keeps to one line and to max characters in all, a cut marked with an ellipsis', () => {
    expect(inlineMarkdown('a\nb `c\nd`', 200)).toBe('a b `c d`');
    expect(inlineMarkdown('abcdef `ghijkl` mn', 10)).toBe('abcdef `gh`…');
    expect(inlineMarkdown('abcdefghijkl `x`', 5)).toBe('abcd…');
    // A cut that falls between two parts.
    expect(inlineMarkdown('ab `cd` e', 5)).toBe('ab `c`…');
    expect(inlineMarkdown('ab `cd` ef', 6)).toBe('ab `cd`…');
    expect(inlineMarkdown('ab `cd` e', 7)).toBe('ab `cd` e');
    expect(inlineMarkdown('x'.repeat(100))).toBe(`${'x'.repeat(79)}…`);
  });
});

describe('outside a table', () => {
  it('leaves | in code spans as it is (a backslash would show)', () => {
    expect(codeSpan('a | b', 80, 'text')).toBe('`a | b`');
    expect(inlineMarkdown('run `a | b` | c', 80, 'text')).toBe('run `a | b` \\| c');
  });
});
