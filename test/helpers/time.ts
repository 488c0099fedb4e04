/**
 * Time limits in the tests guard against a hang; they never measure speed. Each is sized for a
 * busy 2-core machine (both cores loaded by other work) and grows with the work the test does:
 * a test that starts the CLI n times gets n start allowances. TEST_TIME_SCALE (default 1)
 * multiplies every limit, for a machine slower still.
 */
export const TIME_SCALE = Number(process.env.TEST_TIME_SCALE) > 0 ? Number(process.env.TEST_TIME_SCALE) : 1;

/** A limit of `ms` on a busy machine, scaled. */
export function allow(ms: number): number {
  return Math.round(ms * TIME_SCALE);
}

/**
 * One CLI command, start to exit, besides its own work: the compiled CLI loads in ~0.5 s of CPU
 * on an idle machine, and an embedded-mode command also opens its PGlite database (seconds of
 * CPU). Seen on this 2-core machine at a load average of 12: 5–20 s a command. Allowed generously.
 */
export const CLI_START_MS = 30_000;

/** A test that starts the CLI `starts` times and does `workMs` of work besides. */
export function forCli(starts: number, workMs = 0): number {
  return allow(starts * CLI_START_MS + workMs);
}
