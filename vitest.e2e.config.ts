import { defineConfig } from 'vitest/config';

/**
 * Real-browser tests: `npx vitest run -c vitest.e2e.config.ts`. The global setup builds the extension only when
 * .output/* is missing or E2E_BUILD=1 (the npm script builds first anyway).
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    // Two files at a time, one per core: each file starts its own sandbox (on free ports) and one browser at a
    // time, so two browsers run at once at most.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    // Launching a browser, the sandbox (and its CA) happen in hooks.
    hookTimeout: 90_000,
    pool: 'forks',
  },
});
