import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit and sandbox tests all run in Node: WxtVitest only aliases wxt/browser and stubs the `browser`/`chrome`
// globals with fakeBrowser (it sets no DOM environment), which the sandbox tests simply do not use.
// tests/e2e has its own config.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/sandbox/**/*.test.ts',
      'utils/**/*.test.ts',
      'components/**/*.test.tsx',
      'components/**/*.test.ts',
    ],
    environment: 'node',
    globalSetup: ['tests/sandbox/global-setup.ts'],
    // IndexedDB for the background's secrets, empty at every test's start.
    setupFiles: ['tests/unit/setup.ts'],
    // Vitest's default (cores - 1) is one worker on the 2-core CI machines; two take the run from ~120 s to ~75 s
    // there, since much of it waits on sockets and browsers.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
