/**
 * Long synchronous work inside a chunk hands the event loop back now and then (issue 10 F).
 *
 * Why: a BullMQ worker keeps its job lock by renewing it on a timer (half the lock duration,
 * 30 s by default). A chunk that computes 2,000 employers in one synchronous loop blocked the
 * event loop for 18 s on a busy machine, so lock renewal depended on luck: a missed renewal hands
 * the chunk to another worker while this one is still computing it. Yielding after every
 * `budgetMs` of work bounds the longest block by the cost of one record plus the budget, however
 * busy the machine and whatever the chunk size.
 *
 * The budget is measured with the monotonic clock (performance.now): this is scheduling, not a
 * rule; no result depends on when the loop yields.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Default slice of uninterrupted work: short against any lock, long against the cost of a yield (~µs). */
export const YIELD_BUDGET_MS = 20;

export interface Yielder {
  /** Yields to the event loop when the budget since the last yield is used up; cheap otherwise. */
  maybeYield(): Promise<void> | undefined;
  /** How often this yielder gave the event loop back (for tests and logs). */
  readonly yields: number;
}

export function yielder(budgetMs: number = YIELD_BUDGET_MS): Yielder {
  let sliceStart = performance.now();
  let yields = 0;
  return {
    maybeYield() {
      if (performance.now() - sliceStart < budgetMs) return undefined;
      yields++;
      // setImmediate runs after pending I/O callbacks and timers: the lock renewal gets its turn.
      return nextTurn().then(() => {
        sliceStart = performance.now();
      });
    },
    get yields() {
      return yields;
    },
  };
}

/** `items.map(fn)` that gives the event loop back every `budgetMs` (a chunk loader building its facts). */
export async function mapWithTurns<T, R>(items: readonly T[], fn: (item: T) => R, budgetMs: number = YIELD_BUDGET_MS): Promise<R[]> {
  const turns = yielder(budgetMs);
  const out: R[] = new Array<R>(items.length);
  for (let i = 0; i < items.length; i++) {
    await turns.maybeYield();
    out[i] = fn(items[i]!);
  }
  return out;
}
