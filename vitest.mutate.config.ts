import { relative } from 'node:path';
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config.js';

/**
 * Quickest test files first. Stryker stops at a mutant's first failing test, so a mutant that the unit tests kill
 * in milliseconds never waits for the contract test to start Prism (seconds). Vitest's default is the opposite
 * (longest first), which suits a full run on many cores, not a kill.
 */
class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (file: TestSpecification) => {
      const key = `${file.project.name}:${relative(this.ctx.config.root, file.moduleId)}`;
      return this.ctx.cache.getFileTestResults(key)?.duration ?? this.ctx.cache.getFileStats(key)?.size ?? Infinity;
    };
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}

// The tests Stryker runs against each mutant (npm run mutate): the unit and contract tests, which import src/.
// The end-to-end tests run the built dist/, where a mutant of src/ never shows, so they would only cost time.
// test/render draws the summaries in Chromium (seconds per test); the unit tests of summary.ts pin its Markdown.
// test/release checks the workflows, the SBOM and the release files, not src/; and it archives the git HEAD of the
// tree it runs in, which Stryker's sandbox copy is not. shared-token.test.ts runs 15 s of real time against the
// fake, and its outcome depends on how busy the machine is; pacer.test.ts pins the same rules on a virtual clock.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [...configDefaults.exclude, 'test/e2e/**', 'test/release/**', 'test/render/**', 'test/unit/shared-token.test.ts'],
      sequence: { sequencer: QuickestFirst },
    },
  }),
);
