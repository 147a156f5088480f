// Runs inside the Chromium page that test/render/github.ts opens (loaded after mermaid), so plain browser JavaScript.
// drawMermaid: draws every ```mermaid block in place with mermaid's own parser and renderer; a parse error is a
// problem, and so is a gantt chart that draws fewer bars than it has tasks.
// visibleText: the text of every block a reader sees outside code and diagrams, and every table's cells.
globalThis.summaryPage = {
  async drawMermaid() {
    const api = globalThis.mermaid;
    api.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict' });
    const problems = [];
    let n = 0;
    for (const code of document.querySelectorAll('pre > code.language-mermaid')) {
      const source = code.textContent ?? '';
      n++;
      try {
        await api.parse(source);
        const { svg } = await api.render(`mermaid-${n}`, source);
        const div = document.createElement('div');
        div.className = 'mermaid-diagram';
        div.innerHTML = svg;
        code.parentElement.replaceWith(div);
        if (/^\s*gantt\b/m.test(source)) {
          const tasks = source.split('\n').filter((line) => /^\s+[^\s].*:.*\d{4}-\d{2}-\d{2}/.test(line)).length;
          const bars = div.querySelectorAll('rect.task').length;
          if (bars !== tasks) problems.push(`mermaid gantt ${n}: ${tasks} tasks written, ${bars} bars drawn`);
        }
      } catch (error) {
        problems.push(`mermaid diagram ${n} does not parse: ${String(error?.message ?? error).split('\n').slice(0, 4).join(' ')}`);
      }
    }
    return { count: n, problems };
  },

  visibleText() {
    const article = document.querySelector('article');
    const prose = [];
    for (const block of article.querySelectorAll('h1, h2, h3, h4, h5, h6, p, li, th, td')) {
      if (block.closest('.mermaid-diagram, pre')) continue;
      const copy = block.cloneNode(true);
      for (const code of copy.querySelectorAll('code, svg')) code.remove();
      const where = block.tagName === 'TD' || block.tagName === 'TH' ? 'a table cell' : `a ${block.tagName.toLowerCase()}`;
      prose.push([where, copy.textContent ?? '']);
    }
    const tables = [...article.querySelectorAll('table')].map((table) =>
      [...table.querySelectorAll('tr')].map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
    );
    return { prose, tables };
  },
};
