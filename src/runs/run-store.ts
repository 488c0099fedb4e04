/**
 * Run records: reading, status changes and their guards. Every status change is one UPDATE
 * with the expected previous status in its WHERE clause, so two processes never both win.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, RunStatus, RunTable } from '../db/schema.ts';

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

/** Move a run from one of `from` to `to`; returns false when it was not in one of `from`. */
export async function transition(
  db: Kysely<DB>,
  runId: number,
  from: RunStatus[],
  to: RunStatus,
  extra: Partial<Record<'error' | 'totals' | 'reports', string | null>> & { finished?: boolean } = {},
): Promise<boolean> {
  const result = await db
    .updateTable('run')
    .set({
      status: to,
      updated_at: sql`now()`,
      ...(extra.error !== undefined ? { error: extra.error } : {}),
      ...(extra.totals !== undefined && extra.totals !== null ? { totals: extra.totals } : {}),
      ...(extra.reports !== undefined && extra.reports !== null ? { reports: extra.reports } : {}),
      ...(extra.finished ? { finished_at: sql`now()` } : {}),
    })
    .where('id', '=', runId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markFailed(db: Kysely<DB>, runId: number, reason: string): Promise<boolean> {
  return transition(db, runId, ['queued', 'running'], 'failed', { error: reason, finished: true });
}

/** A queued or running run without progress (no chunk, no status change) for `staleAfterMs`. */
export function isStale(run: Pick<RunRecord, 'status' | 'updated_at'>, staleAfterMs: number, now: Date = new Date()): boolean {
  return (run.status === 'queued' || run.status === 'running') && now.getTime() - run.updated_at.getTime() > staleAfterMs;
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
