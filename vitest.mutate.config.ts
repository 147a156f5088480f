import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests Stryker runs against each mutant (npm run mutate): the unit and contract tests, which import src/.
// The end-to-end tests run the built dist/, where a mutant of src/ never shows, so they would only cost time.
// test/render draws the summaries in Chromium (seconds per test); the unit tests of summary.ts pin its Markdown.
// test/release checks the workflows, the SBOM and the release files, not src/; and it archives the git HEAD of the
// tree it runs in, which Stryker's sandbox copy is not. shared-token.test.ts runs 15 s of real time against the
// fake; pacer.test.ts pins the same rules on a virtual clock, so each pacer or transport mutant need not pay for it.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [...configDefaults.exclude, 'test/e2e/**', 'test/release/**', 'test/render/**', 'test/unit/shared-token.test.ts'],
    },
  }),
);
