/**
 * A queue job's final failure is recorded even when the database is down at that moment (the
 * systemic case: the outage outlasted the retries): the worker keeps trying and the run fails as
 * soon as the database is back, instead of staying `running` until STALE_AFTER_MS.
 */
import { describe, expect, it } from 'vitest';
import { recordUntilBack } from '../../src/queue/worker.ts';

describe('recording a final failure', () => {
  it('is retried until the write succeeds, the first error told once', async () => {
    let calls = 0;
    const told: string[] = [];
    const recorded = await recordUntilBack(
      () => false,
      async () => {
        calls++;
        if (calls < 3) throw new Error('Connection terminated unexpectedly');
      },
      (error) => told.push(error.message),
      10,
    );
    expect(recorded).toBe(true);
    expect(calls).toBe(3);
    expect(told).toEqual(['Connection terminated unexpectedly']);
  });

  it('gives up when the worker stops', async () => {
    let calls = 0;
    const recorded = await recordUntilBack(
      () => calls >= 2,
      async () => {
        calls++;
        throw new Error('connect ECONNREFUSED');
      },
      () => {},
      10,
    );
    expect(recorded).toBe(false);
    expect(calls).toBe(2);
  });
});
