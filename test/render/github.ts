// Job summaries drawn as GitHub draws them: GitHub-flavoured Markdown to HTML, sanitised with GitHub's allow-list,
// alerts as callouts, then shown in headless Chromium with GitHub's Markdown CSS, where the `mermaid` package draws
// every ```mermaid block. `draw()` returns what a reader would see wrong (an empty list when all is well) and can
// save a screenshot of the page or of one element.
//
// Why this renderer: GitHub renders with cmark-gfm (C). Its npm binding needs a native build, which this project's
// installs do not run. micromark (under remark-parse + remark-gfm) passes the CommonMark and GFM spec tests,
// cmark-gfm's own included: tables with `\|` inside code spans, backslash escapes, the GFM tag filter, autolinks,
// strikethrough. GitHub then sanitises the HTML with an allow-list; hast-util-sanitize's default schema is that
// allow-list, so rehype-raw + rehype-sanitize strip what GitHub strips. marked is faster but not spec-compliant on
// exactly the edge cases these tests exist for; markdown-it has no GFM autolinks or tag filter.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/** GitHub refuses a step summary larger than this (bytes). */
export const SUMMARY_LIMIT = 1024 * 1024;

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const require = createRequire(import.meta.url);
const MERMAID_JS = require.resolve('mermaid/dist/mermaid.min.js');
const PAGE_JS = new URL('./page.js', import.meta.url);
const MARKDOWN_CSS = join(dirname(require.resolve('github-markdown-css/package.json')), 'github-markdown-light.css');

// ------------------------------------------------------------------------------------------------------------
// Markdown to HTML
// ------------------------------------------------------------------------------------------------------------

// The little of hast (the HTML syntax tree) the alert transform touches.
interface HastText {
  type: 'text';
  value: string;
}
interface HastElement {
  type: 'element';
  tagName: string;
  properties: Record<string, unknown>;
  children: HastNode[];
}
type HastNode = HastText | HastElement | { type: 'comment' | 'doctype' | 'raw' };

const ALERTS: Record<string, string> = { NOTE: 'Note', TIP: 'Tip', IMPORTANT: 'Important', WARNING: 'Warning', CAUTION: 'Caution' };

/** GitHub's alerts: a blockquote whose first line is `[!NOTE]` (etc.) becomes a titled callout. */
function githubAlerts() {
  return (tree: object) => {
    const visit = (nodes: HastNode[]) => {
      for (const node of nodes) {
        if (node.type !== 'element') continue;
        const first = node.tagName === 'blockquote' ? node.children.find((child): child is HastElement => child.type === 'element') : undefined;
        const text = first?.tagName === 'p' ? first.children[0] : undefined;
        const match = text?.type === 'text' ? /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*\n?/.exec(text.value) : null;
        if (first && text?.type === 'text' && match) {
          const kind = match[1] as string;
          text.value = text.value.slice(match[0].length);
          node.tagName = 'div';
          node.properties = { className: ['markdown-alert', `markdown-alert-${kind.toLowerCase()}`] };
          node.children.unshift({ type: 'element', tagName: 'p', properties: { className: ['markdown-alert-title'] }, children: [{ type: 'text', value: ALERTS[kind] as string }] });
        }
        visit(node.children);
      }
    };
    visit((tree as { children: HastNode[] }).children);
  };
}

const toHast = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true });
const raw = unified().use(rehypeRaw);
const sanitize = unified().use(rehypeSanitize);
const finish = unified().use(githubAlerts).use(rehypeStringify);

/** A syntax tree between the steps (each processor types its own; they all take and give unist nodes). */
type Tree = Parameters<typeof sanitize.runSync>[0];

function holdsHtml(node: { type: string; children?: unknown[] }): boolean {
  return node.type === 'html' || (node.children ?? []).some((child) => holdsHtml(child as { type: string }));
}

/**
 * The HTML GitHub would show for this Markdown, and whether its sanitiser had to remove anything: a summary
 * should never rely on HTML that GitHub strips (what the reader sees would differ from what was written).
 * Parsed once; raw HTML is re-parsed (rehype-raw, slow on a large summary) only when the Markdown holds some.
 */
export function markdownToHtml(text: string): { html: string; stripped: boolean } {
  const mdast = toHast.parse(text);
  let hast = toHast.runSync(mdast) as Tree;
  if (holdsHtml(mdast)) hast = raw.runSync(hast) as Tree;
  const render = (tree: Tree) => finish.stringify(finish.runSync(tree as never) as never);
  const html = render(sanitize.runSync(structuredClone(hast)) as Tree);
  return { html, stripped: html !== render(hast) };
}

// ------------------------------------------------------------------------------------------------------------
// The browser
// ------------------------------------------------------------------------------------------------------------

export interface Drawn {
  /** What is wrong, one line each; empty when the summary renders cleanly. */
  problems: string[];
  /** Mermaid diagrams drawn. */
  diagrams: number;
  /** Table cells, row by row, as text, per table. */
  tables: string[][][];
  bytes: number;
}

export interface Shot {
  /** The PNG file to write. */
  path: string;
  /** CSS selector of the element to capture; the whole page when absent. */
  selector?: string;
  /** Crops a whole-page shot just above the first element this CSS selector matches. */
  until?: string;
}

// Text a reader must never see outside code: Markdown that was meant to be syntax (bold, a backslash escape, a
// code fence, strikethrough, a table row that did not become a table), HTML entities shown as text, or an alert
// marker that did not become a callout.
const RAW_MARKDOWN: [RegExp, string][] = [
  [/\*\*|__/, 'bold markers'],
  [/\\[\\`*_{}[\]()#+\-.!|~$<>]/, 'a backslash escape'],
  [/`/, 'a backtick'],
  [/~~/, 'strikethrough markers'],
  [/\|/, 'a pipe (a table that did not render?)'],
  [/&(?:lt|gt|amp|quot|#\d+);/, 'an HTML entity as text'],
  [/\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/, 'an alert marker'],
];

/** What test/render/page.js puts into the page. */
interface SummaryPage {
  drawMermaid(): Promise<{ count: number; problems: string[] }>;
  visibleText(): { prose: [string, string][]; tables: string[][][] };
}

/** Headless Chromium (Debian's package; never a downloaded browser) with mermaid loaded into every page. */
export class SummaryBrowser {
  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<SummaryBrowser> {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: run scripts/chromium.sh (it installs Debian's chromium with apt-get), or set CHROMIUM_PATH`);
    }
    // Playwright passes --headless and a fresh temporary --user-data-dir of its own (removed on close); the flags
    // below keep Chromium from reaching the network for updates, sync or QUIC probes.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return new SummaryBrowser(browser);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /**
   * Renders a summary as GitHub would, checks it, and takes the screenshots asked for. `prose: false` skips the
   * raw-Markdown check, for names that are themselves made of Markdown (the caller checks they show as they are).
   */
  async draw(markdown: string, { now, shots = [], prose = true }: { now: number; shots?: Shot[]; prose?: boolean }): Promise<Drawn> {
    const bytes = Buffer.byteLength(markdown, 'utf8');
    const problems: string[] = [];
    if (bytes > SUMMARY_LIMIT) problems.push(`the summary is ${bytes} bytes, over GitHub's ${SUMMARY_LIMIT}-byte limit`);
    const { html, stripped } = markdownToHtml(markdown);
    if (stripped) problems.push("GitHub's sanitiser would remove HTML from the summary");

    const page = await this.browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
    try {
      // The gantt chart's today line is drawn at the page's Date.now(): the summary's own `now`.
      await page.clock.setFixedTime(now);
      await page.setContent(pageHtml(html), { waitUntil: 'load' });
      await page.addScriptTag({ content: readFileSync(MERMAID_JS, 'utf8') });
      await page.addScriptTag({ content: readFileSync(PAGE_JS, 'utf8') });
      const mermaid = await page.evaluate(() => (globalThis as unknown as { summaryPage: SummaryPage }).summaryPage.drawMermaid());
      problems.push(...mermaid.problems);
      const text = await page.evaluate(() => (globalThis as unknown as { summaryPage: SummaryPage }).summaryPage.visibleText());
      for (const [place, value] of prose ? text.prose : []) {
        for (const [pattern, what] of RAW_MARKDOWN) {
          if (pattern.test(value)) problems.push(`${what} visible in ${place}: ${JSON.stringify(value.slice(0, 160))}`);
        }
      }
      for (const shot of shots) await screenshot(page, shot);
      return { problems, diagrams: mermaid.count, tables: text.tables, bytes };
    } finally {
      await page.close();
    }
  }
}

function pageHtml(body: string): string {
  const css = readFileSync(MARKDOWN_CSS, 'utf8');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; max-width: 1012px; margin: 0 auto; padding: 24px 32px; }
.markdown-alert { padding: 0.5rem 1rem; margin-bottom: 16px; border-left: 0.25em solid #0969da; }
.markdown-alert-title { font-weight: 500; color: #0969da; }
.mermaid-diagram { overflow: auto; }
</style></head><body><article class="markdown-body">${body}</article></body></html>`;
}

async function screenshot(page: Page, { path, selector, until }: Shot): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  if (selector) {
    await page.locator(selector).first().screenshot({ path });
    return;
  }
  const article = await page.locator('article').boundingBox();
  if (!article) throw new Error('screenshot: the page has no article');
  const stop = until ? await page.locator(until).first().boundingBox() : null;
  if (until && !stop) throw new Error(`screenshot: nothing matches ${until}`);
  const height = stop ? stop.y - article.y : article.height;
  await page.screenshot({ path, fullPage: true, clip: { x: article.x, y: article.y, width: article.width, height } });
}
