/**
 * The chunk transitions of the run lifecycle (lifecycle.ts has the run's and the state diagram):
 * a new run's chunks are `pending`; a runner claims one, computes it outside any transaction and
 * finishes it — rows replaced and the chunk `done` in one transaction under the chunk row's lock —
 * or fails it. A retried, duplicated or resumed chunk rewrites the same rows, never doubles or
 * drops one; a chunk of a run that is no longer active writes nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Session } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { recordableText } from './error-text.ts';
import { ACTIVE, isIn, transition } from './lifecycle.ts';
import { getRun, type RunRecord } from './run-store.ts';

/** The chunks of a new run, all `pending`; a chunk stores only its key range. */
export async function recordChunks(
  db: Kysely<DB>,
  runId: number,
  chunks: readonly { chunk_no: number; first_key: string; last_key: string }[],
): Promise<void> {
  for (let i = 0; i < chunks.length; i += 1000) {
    await db
      .insertInto('run_chunk')
      .values(chunks.slice(i, i + 1000).map((c) => ({ run_id: runId, ...c, status: 'pending' as const })))
      .execute();
  }
}

// ---------------------------------------------------------------------------------------------
// Chunks: claim, finish, fail

export type RunChunk = Awaited<ReturnType<typeof chunkOf>>;

function chunkOf(db: Kysely<DB>, runId: number, chunkNo: number) {
  return db.selectFrom('run_chunk').selectAll().where('run_id', '=', runId).where('chunk_no', '=', chunkNo).executeTakeFirstOrThrow();
}

/**
 * claim chunk: a chunk of an active run that is not done yet; the first claim moves the run from
 * queued to running. Null when the run is no longer active (cancelled or failed meanwhile) or the
 * chunk is done (a duplicate): the caller skips it. The run is returned as read before the claim.
 */
export async function claimChunk(db: Kysely<DB>, runId: number, chunkNo: number): Promise<{ run: RunRecord; chunk: RunChunk } | null> {
  const run = await getRun(db, runId);
  if (!isIn(ACTIVE, run.status)) return null;
  await transition(db, runId, ['queued'], 'running');
  const chunk = await chunkOf(db, runId, chunkNo);
  return chunk.status === 'done' ? null : { run, chunk };
}

/**
 * finish chunk: in one transaction on one connection (`write` may COPY), under the chunk row's
 * lock, the chunk's rows are written by `write` and the chunk becomes done. False when the chunk
 * was done meanwhile or the run is no longer active: nothing is written then.
 *
 * `fresh` tells `write` that no transaction has ever committed rows for this chunk: rows are
 * written only here, in the transaction that also counts the attempt, and `attempts` is never
 * reset — so attempts = 0 under the lock means there is nothing earlier to delete.
 */
export async function finishChunk(
  database: Database,
  runId: number,
  chunkNo: number,
  counts: { read: number; written: number; rejected: number },
  write: (trx: Kysely<DB>, session: Session, fresh: boolean) => Promise<void>,
): Promise<boolean> {
  return database.withSession((session) =>
    session.db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('run_chunk')
        .select(['status', 'attempts'])
        .where('run_id', '=', runId)
        .where('chunk_no', '=', chunkNo)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const current = await trx.selectFrom('run').select('status').where('id', '=', runId).executeTakeFirstOrThrow();
      if (locked.status === 'done' || !isIn(ACTIVE, current.status)) return false;
      await write(trx, session, locked.attempts === 0);
      await trx
        .updateTable('run_chunk')
        .set({
          status: 'done',
          rows_read: counts.read,
          rows_written: counts.written,
          rows_rejected: counts.rejected,
          attempts: sql`attempts + 1`,
          finished_at: sql`now()`,
          error: null,
        })
        .where('run_id', '=', runId)
        .where('chunk_no', '=', chunkNo)
        .where('status', '!=', 'done')
        .execute();
      await trx
        .updateTable('run')
        .set({ updated_at: sql`now()` })
        .where('id', '=', runId)
        .execute();
      return true;
    }),
  );
}

/** A chunk that failed for good (its run fails with it); a done chunk stays done. */
export async function failChunk(db: Kysely<DB>, runId: number, chunkNo: number, reason: string): Promise<void> {
  await db
    .updateTable('run_chunk')
    .set({ status: 'failed', error: recordableText(reason), attempts: sql`attempts + 1` })
    .where('run_id', '=', runId)
    .where('chunk_no', '=', chunkNo)
    .where('status', '!=', 'done')
    .execute();
}
