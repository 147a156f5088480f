// Every job summary the action writes, drawn as GitHub draws it (test/render/github.ts), for a small account, for
// 500 namespaces x 20 keys, and for names and labels made of Markdown, HTML and Mermaid syntax. Also saves the
// README's screenshots: into docs/images/ with `npm run screenshots`, else into a temporary directory.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, NOW, type Estate, sweepSummary } from './estates.js';
import { type Shot, SummaryBrowser } from './github.js';

interface SummaryCase {
  name: string;
  markdown: (estate: Estate) => Promise<string>;
  /** Screenshots of the small estate's summary, by file name. */
  shots?: Record<string, Omit<Shot, 'path'>>;
}

// One line per summary the action writes; a new mode adds its line here.
const SUMMARIES: SummaryCase[] = [
  { name: 'audit', markdown: (estate) => sweepSummary('audit', estate), shots: { 'audit-summary.png': { until: 'h3:text-is("Key lifetimes")' }, 'key-lifetimes.png': { selector: '.mermaid-diagram' } } },
  { name: 'cleanup', markdown: (estate) => sweepSummary('cleanup', estate), shots: { 'cleanup-summary.png': { until: 'h3:text-is("✋ Kept (8)")' } } },
  { name: 'cleanup dry run', markdown: (estate) => sweepSummary('cleanup', estate, { 'dry-run': 'true' }) },
];

const keep = process.env.SCREENSHOTS_DIR;
const shotsDir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'fak-shots-'));
let browser: SummaryBrowser;

beforeAll(async () => {
  browser = await SummaryBrowser.launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (!keep) rmSync(shotsDir, { recursive: true, force: true });
});

describe.each(SUMMARIES)('the $name summary, drawn as GitHub draws it', ({ markdown, shots = {} }) => {
  it('renders a small account cleanly: tables, diagrams, no raw Markdown; screenshots', { timeout: 60_000 }, async () => {
    const md = await markdown('small');
    const paths = Object.entries(shots).map(([file, shot]) => ({ ...shot, path: join(shotsDir, file) }));
    const drawn = await browser.draw(md, { now: NOW, shots: paths });
    expect(drawn.problems).toEqual([]);
    expect(drawn.tables.length).toBeGreaterThan(0);
    expect(drawn.diagrams).toBe((md.match(/^```mermaid$/gm) ?? []).length);
    for (const { path } of paths) {
      const png = readFileSync(path);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16), `${path} width`).toBeGreaterThan(300);
      expect(png.readUInt32BE(20), `${path} height`).toBeGreaterThan(150);
    }
  });

  it('renders 500 namespaces x 20 keys cleanly and under 1 MiB', { timeout: 120_000 }, async () => {
    const drawn = await browser.draw(await markdown('large'), { now: NOW });
    expect(drawn.problems).toEqual([]);
    expect(drawn.bytes).toBeGreaterThan(20_000);
  });

  it('shows names and labels made of Markdown, HTML and Mermaid syntax as they are', { timeout: 60_000 }, async () => {
    const drawn = await browser.draw(await markdown('hostile'), { now: NOW, prose: false });
    expect(drawn.problems).toEqual([]);
    const cells = new Set(drawn.tables.flat(2));
    for (const text of HOSTILE) expect(cells.has(text), `a table cell reads exactly ${JSON.stringify(text)}`).toBe(true);
  });
});

describe('the checks themselves', () => {
  it('catch raw Markdown, a broken diagram, stripped HTML and an oversized summary', { timeout: 60_000 }, async () => {
    const bad = [
      '| a | b |',
      '|---|---|',
      '| **x | `y |',
      '',
      'not a table | really',
      '',
      'esc\\\\_aped <img src=x onerror=alert(1)>',
      '',
      '```mermaid',
      'gantt',
      '    dateFormat YYYY-MM-DD',
      '    broken task : 2026-13-45, nonsense',
      '```',
      '',
      'x'.repeat(1024 * 1024),
    ].join('\n');
    const { problems } = await browser.draw(bad, { now: NOW });
    const expected = [/over GitHub's 1048576-byte limit/, /sanitiser would remove HTML/, /does not parse|tasks written/, /bold markers visible in a table cell/, /a backtick visible/, /a pipe .* visible in a p/, /a backslash escape visible in a p/];
    for (const pattern of expected) expect(problems.some((problem) => pattern.test(problem)), `${pattern} in ${JSON.stringify(problems)}`).toBe(true);
  });
});

if (keep) {
  it('wrote the screenshots the README shows', () => {
    for (const file of ['audit-summary.png', 'key-lifetimes.png', 'cleanup-summary.png']) expect(existsSync(join(shotsDir, file))).toBe(true);
  });
}
