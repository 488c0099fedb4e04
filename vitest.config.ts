import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Database and queue tests share one PostgreSQL and one Redis; each file uses its own
    // database / queue prefix, but the e2e tests spawn CLI processes, so keep files few at once
    // on a 2-core machine.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
