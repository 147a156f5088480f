// Every file at 80% or more: Stryker's thresholds cover only the whole run, so this reads its JSON report
// (reports/mutation/mutation.json) and fails naming each file below the floor. It counts as Stryker does:
// (killed + timeout) / (killed + timeout + survived + no coverage). A mutant no test reaches counts against the
// file, as it does against the overall score. It checks whatever files the report holds, so it works as well
// after `--mutate <glob>` or `--incremental`. `--write` puts the table into README.md between the mutation markers
// (after a full run).
import { readFileSync, writeFileSync } from 'node:fs';

const FLOOR = 80;
const REPORT = 'reports/mutation/mutation.json';

let report;
try {
  report = JSON.parse(readFileSync(REPORT, 'utf8'));
} catch (error) {
  console.error(`No mutation report at ${REPORT} (${error.code ?? error.message}): Stryker did not finish; see its output above.`);
  process.exit(1);
}

const rows = Object.entries(report.files)
  .map(([file, { mutants }]) => {
    const count = (status) => mutants.filter((mutant) => mutant.status === status).length;
    const row = { file, killed: count('Killed'), timeout: count('Timeout'), survived: count('Survived'), noCoverage: count('NoCoverage'), ignored: count('Ignored') };
    const valid = row.killed + row.timeout + row.survived + row.noCoverage;
    return { ...row, valid, score: valid === 0 ? undefined : (100 * (row.killed + row.timeout)) / valid };
  })
  .sort((a, b) => a.file.localeCompare(b.file));

const score = (row) => (row.score === undefined ? 'n/a' : `${row.score.toFixed(2)}%`);
const total = rows.reduce(
  (sum, row) => ({ ...sum, killed: sum.killed + row.killed, timeout: sum.timeout + row.timeout, survived: sum.survived + row.survived, noCoverage: sum.noCoverage + row.noCoverage, ignored: sum.ignored + row.ignored, valid: sum.valid + row.valid }),
  { file: 'All files', killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, valid: 0 },
);
total.score = total.valid === 0 ? undefined : (100 * (total.killed + total.timeout)) / total.valid;

const lowest = rows.filter((row) => row.score !== undefined).sort((a, b) => a.score - b.score)[0];

if (process.argv.includes('--write')) {
  const lines = [
    `Last run over every mutated file, ${new Date().toISOString().slice(0, 10)}: **${score(total)}** of ${total.valid} mutants detected overall; ` +
      `lowest file ${lowest ? `\`${lowest.file}\` at ${score(lowest)}` : 'n/a'}.`,
    '',
    `<details><summary>Every file (${rows.length})</summary>`,
    '',
    '| File | Score | Killed | Timeout | Survived | No coverage | Ignored (message text) |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...[...rows, total].map((row) => {
      const name = row === total ? '**All files**' : `\`${row.file}\``;
      return `| ${name} | ${score(row)} | ${row.killed} | ${row.timeout} | ${row.survived} | ${row.noCoverage} | ${row.ignored} |`;
    }),
    '',
    '</details>',
  ];
  const readme = readFileSync('README.md', 'utf8');
  const updated = readme.replace(/<!-- mutation -->[\s\S]*<!-- \/mutation -->/, `<!-- mutation -->\n${lines.join('\n')}\n<!-- /mutation -->`);
  if (!readme.includes('<!-- mutation -->')) throw new Error('README.md has no <!-- mutation --> markers');
  writeFileSync('README.md', updated);
  console.log('README.md updated.');
}

const below = rows.filter((row) => row.score !== undefined && row.score < FLOOR);
if (below.length) {
  console.error(`Mutation score below ${FLOOR}% in ${below.length} of ${rows.length} files (every file must reach ${FLOOR}%):`);
  for (const row of below) {
    console.error(`  ${row.file}: ${score(row)} (${row.survived} survived, ${row.noCoverage} without coverage of ${row.valid}); see reports/mutation/mutation.html`);
  }
  process.exit(1);
}
console.log(`Every file's mutation score is ${FLOOR}% or more (${rows.length} files, ${score(total)} overall).`);
