import { defineConfig } from '@playwright/test';

// The extension is loaded into one persistent Chromium profile per test; running them one at a time keeps
// the 2-core machines (dev and CI) from starving the service worker and keeps timings comparable.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    actionTimeout: 5_000,
    navigationTimeout: 10_000,
    trace: 'retain-on-failure',
  },
});
