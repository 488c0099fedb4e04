/**
 * Executing a run's pieces; the same code runs inside a BullMQ worker and in-process.
 * A chunk computes outside any transaction (reads only), then replaces its rows and marks
 * itself done in one transaction that first locks its chunk row: a retried, duplicated or
 * resumed chunk rewrites the same rows, never doubles or drops one.
 */
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { bulkWriter } from './bulk.ts';
import type { JobLookup, WorkbookLookup } from './job-definition.ts';
import { chunkProgress, getRun, inputBatches, runInputs, transition } from './run-store.ts';
import { reportPath } from './report-files.ts';

export interface ExecuteDeps {
  db: Kysely<DB>;
  /** the same database, for a chunk's write session (its transaction and COPY on one connection) */
  database: Database;
  log: Logger;
  outputDir: string;
  excelRowLimit: number;
  jobOf: JobLookup;
  /** the job's workbook (reports/registry.ts; injected: src/runs never imports reports/) */
  workbookOf: WorkbookLookup;
  /** workers log every chunk (ids and counts) at info; the in-process runner keeps it at debug */
  chunkLogLevel?: 'info' | 'debug';
}

export type ChunkOutcome = 'done' | 'skipped';

export async function executeChunk(deps: ExecuteDeps, runId: number, chunkNo: number): Promise<ChunkOutcome> {
  const run = await getRun(deps.db, runId);
  if (run.status !== 'queued' && run.status !== 'running') return 'skipped'; // cancelled or failed meanwhile
  await transition(deps.db, runId, ['queued'], 'running');
  const chunk = await deps.db
    .selectFrom('run_chunk')
    .selectAll()
    .where('run_id', '=', runId)
    .where('chunk_no', '=', chunkNo)
    .executeTakeFirstOrThrow();
  if (chunk.status === 'done') return 'skipped';
  const job = deps.jobOf(run.job);
  const log = deps.log.child({ runId, job: run.job, chunk: chunkNo });
  const ctx = {
    db: deps.db,
    run,
    chunkNo,
    firstKey: chunk.first_key,
    lastKey: chunk.last_key,
    inputs: await inputBatches(deps.db, runId),
    log,
  };
  const { params } = await job.compute.loadParameters(deps.db, run.year);
  const output = await job.compute.chunk(ctx, params);
  const saved = await deps.database.withSession((session) =>
    session.db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('run_chunk')
        .select('status')
        .where('run_id', '=', runId)
        .where('chunk_no', '=', chunkNo)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const current = await trx.selectFrom('run').select('status').where('id', '=', runId).executeTakeFirstOrThrow();
      if (locked.status === 'done' || (current.status !== 'running' && current.status !== 'queued')) return false;
      // The chunk's earlier rows (a retry, a resumed run) go first: the job then only writes.
      for (const table of [...job.storage.chunkTables, 'run_exception' as const]) {
        await trx.deleteFrom(table).where('run_id', '=', runId).where('chunk_no', '=', chunkNo).execute();
      }
      await job.storage.saveChunk(trx, ctx, output.result, bulkWriter(session));
      await trx
        .updateTable('run_chunk')
        .set({
          status: 'done',
          rows_read: output.read,
          rows_written: output.written,
          rows_rejected: output.rejected,
          attempts: sql`attempts + 1`,
          finished_at: sql`now()`,
          error: null,
        })
        .where('run_id', '=', runId)
        .where('chunk_no', '=', chunkNo)
        .execute();
      await trx
        .updateTable('run')
        .set({ updated_at: sql`now()` })
        .where('id', '=', runId)
        .execute();
      return true;
    }),
  );
  log[deps.chunkLogLevel ?? 'debug']({ read: output.read, written: output.written, rejected: output.rejected, saved }, 'chunk finished');
  return saved ? 'done' : 'skipped';
}

export async function markChunkFailed(db: Kysely<DB>, runId: number, chunkNo: number, reason: string): Promise<void> {
  await db
    .updateTable('run_chunk')
    .set({ status: 'failed', error: reason, attempts: sql`attempts + 1` })
    .where('run_id', '=', runId)
    .where('chunk_no', '=', chunkNo)
    .where('status', '!=', 'done')
    .execute();
}

/**
 * All chunks done → totals (checked against the chunk counts), workbook, status `computed`.
 * Safe to call twice: a run that is no longer running is left alone.
 */
export async function finalizeRun(deps: ExecuteDeps, runId: number): Promise<'computed' | 'skipped'> {
  const run = await getRun(deps.db, runId);
  if (run.status !== 'running' && run.status !== 'queued') return 'skipped';
  const progress = await chunkProgress(deps.db, runId);
  if (progress.done !== progress.total) {
    throw new Error(`run ${runId} cannot be finalized: ${progress.total - progress.done} of ${progress.total} chunks are not done`);
  }
  const job = deps.jobOf(run.job);
  await job.compute.finalize?.(deps.db, run);
  const file = reportPath(deps.outputDir, run);
  // The totals (checked against the chunk counts) and the workbook written with them. The
  // workbook shows the status the run has once it is written: computed.
  const totals = await deps.workbookOf(run.job).write({
    db: deps.db,
    run: { ...run, status: 'computed' },
    inputs: await runInputs(deps.db, runId),
    path: file,
    rowLimit: deps.excelRowLimit,
  });
  const ok = await transition(deps.db, runId, ['running', 'queued'], 'computed', {
    totals: JSON.stringify(totals),
    reports: JSON.stringify([file]),
    finished: true,
  });
  deps.log[deps.chunkLogLevel ?? 'debug'](
    { runId, job: run.job, chunks: progress.total, rows: progress.written },
    ok ? 'run computed' : 'run changed status meanwhile',
  );
  return ok ? 'computed' : 'skipped';
}
