/**
 * Run records and their chunks, read. Status changes are the run lifecycle's (lifecycle.ts).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, RunTable } from '../db/schema.ts';

export type RunRecord = Selectable<RunTable>;

export class RunNotFoundError extends Error {}

export async function getRun(db: Kysely<DB>, runId: number): Promise<RunRecord> {
  const run = await db.selectFrom('run').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw new RunNotFoundError(`run ${runId} does not exist; \`yearend status\` lists the runs`);
  return run;
}

export async function runInputs(db: Kysely<DB>, runId: number) {
  return db.selectFrom('run_input').selectAll().where('run_id', '=', runId).orderBy('file_name').execute();
}

export async function inputBatches(db: Kysely<DB>, runId: number): Promise<Record<string, number>> {
  const rows = await runInputs(db, runId);
  return Object.fromEntries(rows.map((r) => [r.file_name, r.batch_id]));
}

export async function chunkProgress(db: Kysely<DB>, runId: number) {
  const row = await db
    .selectFrom('run_chunk')
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) FILTER (WHERE status = 'done'))::int`.as('done'),
      sql<number>`(count(*) FILTER (WHERE status = 'failed'))::int`.as('failed'),
      sql<number>`coalesce(sum(rows_read), 0)::int`.as('read'),
      sql<number>`coalesce(sum(rows_written), 0)::int`.as('written'),
      sql<number>`coalesce(sum(rows_rejected), 0)::int`.as('rejected'),
    ])
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  return row;
}

export async function pendingChunks(db: Kysely<DB>, runId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('run_chunk')
    .select('chunk_no')
    .where('run_id', '=', runId)
    .where('status', '!=', 'done')
    .orderBy('chunk_no')
    .execute();
  return rows.map((r) => r.chunk_no);
}
