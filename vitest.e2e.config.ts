import { defineConfig } from 'vitest/config';

/**
 * Real-browser tests: `npx vitest run -c vitest.e2e.config.ts`. The global setup builds the extension only when
 * .output/* is missing or E2E_BUILD=1 (the npm script builds first anyway).
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    // One browser at a time: the machines have 2 cores and each file starts its own browsers.
    fileParallelism: false,
    testTimeout: 60_000,
    // Launching a browser, the sandbox (and its CA) happen in hooks.
    hookTimeout: 90_000,
    pool: 'forks',
  },
});
