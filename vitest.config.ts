import { defineConfig } from 'vitest/config';
import { allow } from './test/helpers/time.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Database and queue tests share one PostgreSQL and one Redis; each file uses its own
    // database / queue prefix, but the e2e tests spawn CLI processes, so keep files few at once
    // on a 2-core machine.
    maxWorkers: 2,
    // Limits against a hang, not a measure of speed (test/helpers/time.ts); TEST_TIME_SCALE scales them.
    testTimeout: allow(120_000),
    hookTimeout: allow(120_000),
  },
});
