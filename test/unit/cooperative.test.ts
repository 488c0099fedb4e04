/**
 * Issue 10 F: a chunk's long loops hand the event loop back, so a worker's lock-renewal timer
 * runs while a chunk computes. The tests use a budget of 0 ms (yield before every record) or a
 * budget no test run can use up, so nothing here depends on the machine's speed.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { mapWithTurns, yielder } from '../../src/runs/cooperative.ts';
import { eachRecord, type RecordError } from '../../src/runs/record-errors.ts';

const quiet = pino({ level: 'silent' });

describe('cooperative yielding in a chunk', () => {
  it('lets a pending callback run between records once the budget is used up', async () => {
    const seenAt: number[] = [];
    let processed = 0;
    setImmediate(() => seenAt.push(processed));
    const results = await eachRecord(
      [1, 2, 3, 4],
      'member',
      String,
      (n) => {
        processed++;
        return n * 10;
      },
      [],
      quiet,
      0,
    );
    expect(results).toEqual([10, 20, 30, 40]);
    // The callback queued before the loop ran before the loop had finished: the loop yielded.
    expect(seenAt).toHaveLength(1);
    expect(seenAt[0]).toBeLessThan(4);
  });

  it('keeps results, order and record errors the same as a loop that never yields', async () => {
    const records = Array.from({ length: 50 }, (_, i) => i);
    const run = (budget: number) => {
      const errors: RecordError[] = [];
      const fn = (n: number) => {
        if (n % 7 === 3) throw new Error('contradictory facts');
        return n * n;
      };
      return eachRecord(records, 'employer', (n) => `E${n}`, fn, errors, quiet, budget).then((r) => ({ r, errors }));
    };
    const eager = await run(0);
    const never = await run(Number.POSITIVE_INFINITY);
    expect(eager).toEqual(never);
    expect(eager.errors.map((e) => e.key)).toEqual(['E3', 'E10', 'E17', 'E24', 'E31', 'E38', 'E45']);
    expect(eager.r).toHaveLength(43);
  });

  it('does not yield while the budget lasts', async () => {
    const turns = yielder(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 1000; i++) await turns.maybeYield();
    expect(turns.yields).toBe(0);
    const eager = yielder(0);
    for (let i = 0; i < 3; i++) await eager.maybeYield();
    expect(eager.yields).toBe(3);
  });

  it('maps in order, yielding between items when the budget is used up', async () => {
    let mapped = 0;
    const seenAt: number[] = [];
    setImmediate(() => seenAt.push(mapped));
    const out = await mapWithTurns(
      Array.from({ length: 20 }, (_, i) => i),
      (n) => {
        mapped++;
        return `#${n}`;
      },
      0,
    );
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => `#${i}`));
    // The callback queued before the map ran while the map was still going: the map yielded.
    expect(seenAt).toHaveLength(1);
    expect(seenAt[0]).toBeLessThan(20);
  });
});
