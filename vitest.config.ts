import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start the bundles as child processes against the fake; keep the two cores busy, not swamped.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
