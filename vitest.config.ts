import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A throwaway CA the test processes trust (NODE_EXTRA_CA_CERTS), for the unit tests over HTTPS.
    globalSetup: ['test/setup/tls.ts'],
    setupFiles: ['test/setup/trust.ts'],
    // End-to-end tests start the bundles as child processes against the fake; keep the two cores busy, not swamped.
    // Most test files wait (on child processes, timers, Chromium) more than they compute, so three workers on two
    // cores; the default, one fewer than the cores, ran the files one after another.
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
