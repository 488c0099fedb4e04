/**
 * A bad record never stops a run (pipeline.md): when the rules cannot process one person or
 * employer — data the import could not catch, such as contradictory declarations — that record
 * becomes a held Klärfall with the code PROCESSING_ERROR and the chunk goes on. Systemic
 * problems (parameters, database) are checked before the chunk and still fail the run.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/schema.ts';
import { yielder, YIELD_BUDGET_MS } from './cooperative.ts';

export const PROCESSING_ERROR = 'PROCESSING_ERROR';

export interface RecordError {
  itemType: 'member' | 'employer';
  key: string;
}

/**
 * Apply `fn` to each record; a record that throws is collected in `errors` instead. The loop
 * gives the event loop back every `budgetMs` (cooperative.ts), so a worker's lock renewal runs
 * during a long chunk; the results are the same and in the same order.
 */
export async function eachRecord<T, R>(
  records: readonly T[],
  itemType: RecordError['itemType'],
  keyOf: (record: T) => string,
  fn: (record: T) => R,
  errors: RecordError[],
  log: Logger,
  budgetMs: number = YIELD_BUDGET_MS,
): Promise<R[]> {
  const results: R[] = [];
  const turns = yielder(budgetMs);
  for (const record of records) {
    await turns.maybeYield();
    try {
      results.push(fn(record));
    } catch (error) {
      errors.push({ itemType, key: keyOf(record) });
      // The message may name ids of the record: log only that it happened and its kind.
      log.warn({ errorType: (error as Error).name, count: errors.length }, 'a record could not be processed: held as a Klärfall');
    }
  }
  return results;
}

/** Store the chunk's record errors as held exceptions (the chunk's own rows were cleared before). */
export async function saveRecordErrors(trx: Kysely<DB>, runId: number, chunkNo: number, errors: readonly RecordError[]): Promise<void> {
  if (errors.length === 0) return;
  await trx
    .insertInto('run_exception')
    .values(
      errors.map((e) => ({
        run_id: runId,
        chunk_no: chunkNo,
        item_type: e.itemType,
        item_key: e.key,
        member_id: e.itemType === 'member' ? e.key : null,
        code: PROCESSING_ERROR,
        held: true,
      })),
    )
    .execute();
}
