// @ts-check
// Mutation testing (npm run mutate; README, Development): Stryker changes src/ in small ways and counts how many of
// those mutants some unit or contract test notices. Runs on Node 24 (scripts/node24.sh): Stryker 10 needs 22+.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Unit and contract tests only: the end-to-end tests run dist/, which never contains a mutant.
  vitest: { configFile: 'vitest.mutate.config.ts' },
  // Every module, new ones included without listing them; not the entry points (two lines that call run-main and
  // run-post; the broker's, which hands its environment to createBroker; the CLI's, which hands argv to runCli; migrate's
  // read worker, which hands each batch to inspectFile), the undici stand-in, or declaration files.
  mutate: ['src/**/*.ts', '!src/main.ts', '!src/post.ts', '!src/broker/main.ts', '!src/cli.ts', '!src/modes/migrate/read-worker.ts', '!src/stubs/**', '!src/**/*.d.ts'],
  // Each mutant runs only the tests that reach it.
  coverageAnalysis: 'perTest',
  // Two cores, shared.
  concurrency: 2,
  // Mutants of error and log message text are left out (the ignorer's comment says why and exactly which).
  // Any other exclusion is a `// Stryker disable next-line <mutator>: <why>` comment at the line.
  plugins: ['@stryker-mutator/vitest-runner', './scripts/mutation/message-text-ignorer.mjs'],
  ignorers: ['message-text'],
  // Below 85% overall the run fails; scripts/mutation/per-file.mjs then holds every file to 80%.
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // `--incremental` keeps results here and re-tests only the mutants a change touched (git-ignored, not in dist/).
  incrementalFile: 'reports/stryker-incremental.json',
  // The score table and each surviving mutant, not the list of every test.
  clearTextReporter: { logTests: false, reportTests: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
