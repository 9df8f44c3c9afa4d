import { defineConfig } from 'vitest/config';

// The Firefox e2e suite (e2e-firefox/), separate from the unit tests (vitest.config.ts) and from Playwright's
// Chromium suite (e2e/). Each file drives one real Firefox at a time: files run one after another, in one
// worker, so the 2-core machines never start two browsers at once.
export default defineConfig({
  test: {
    include: ['e2e-firefox/**/*.spec.ts'],
    globalSetup: ['e2e-firefox/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    retry: 0,
    reporters: ['verbose'],
  },
});
