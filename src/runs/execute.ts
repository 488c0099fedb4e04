/**
 * Executing a run's pieces; the same code runs inside a BullMQ worker and in-process.
 * A chunk computes outside any transaction (reads only), then replaces its rows and marks
 * itself done in one transaction that first locks its chunk row (lifecycle.ts: claim and finish): a retried, duplicated or
 * resumed chunk rewrites the same rows, never doubles or drops one.
 */
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Alerts } from '../alerts/alerts.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { bulkWriter } from './bulk.ts';
import type { JobLookup, ResultTable, WorkbookLookup } from './job-definition.ts';
import { claimChunk, finishChunk } from './chunk-lifecycle.ts';
import { ACTIVE, isIn, recordComputed } from './lifecycle.ts';
import { chunkProgress, getRun, inputBatches, runInputs } from './run-store.ts';
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
  /** where failed runs, takeovers, firings and overdue years are alerted; unset → not alerted */
  alerts?: Alerts;
}

export type ChunkOutcome = 'done' | 'skipped';

export async function executeChunk(deps: ExecuteDeps, runId: number, chunkNo: number): Promise<ChunkOutcome> {
  const claimed = await claimChunk(deps.db, runId, chunkNo);
  if (!claimed) return 'skipped'; // cancelled or failed meanwhile, or done already
  const { run, chunk } = claimed;
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
  const saved = await finishChunk(deps.database, runId, chunkNo, output, async (trx, session, fresh) => {
    // The chunk's earlier rows (a retry, a resumed run) go first: the job then only writes. A
    // chunk's first attempt has none, and the delete is not free: result tables are keyed by run
    // and member, so finding one chunk's rows scans the run's rows so far — 140 ms for the last of
    // 110 tariff chunks, quadratic over a run (EXPLAIN ANALYZE, 200k members).
    if (!fresh) await deleteChunkRows(trx, [...job.storage.chunkTables, 'run_exception'], runId, chunkNo);
    await job.storage.saveChunk(trx, ctx, output.result, bulkWriter(session));
  });
  log[deps.chunkLogLevel ?? 'debug']({ read: output.read, written: output.written, rejected: output.rejected, saved }, 'chunk finished');
  return saved ? 'done' : 'skipped';
}

/** The rows a chunk wrote, in the plug-in's chunk tables and run_exception (all keyed by run and chunk). */
async function deleteChunkRows(trx: Kysely<DB>, tables: readonly (ResultTable | 'run_exception')[], runId: number, chunkNo: number) {
  for (const table of tables) {
    await trx.deleteFrom(table).where('run_id', '=', runId).where('chunk_no', '=', chunkNo).execute();
  }
}

/**
 * All chunks done → totals (checked against the chunk counts), workbook, status `computed`.
 * Safe to call twice: a run that is no longer running is left alone.
 */
export async function finalizeRun(deps: ExecuteDeps, runId: number): Promise<'computed' | 'skipped'> {
  const run = await getRun(deps.db, runId);
  if (!isIn(ACTIVE, run.status)) return 'skipped';
  const progress = await chunkProgress(deps.db, runId);
  if (progress.done !== progress.total) {
    throw new Error(`run ${runId} cannot be finalized: ${progress.total - progress.done} of ${progress.total} chunks are not done`);
  }
  const job = deps.jobOf(run.job);
  await job.compute.finalize?.(deps.db, run);
  // Statistics before the totals and the workbook query the results: right after the chunks wrote
  // them the planner may have none (autovacuum off, or not round yet) and pick nested loops over
  // what it takes for a few rows — the levy workbook's Arbeitgeber query took 10 s per 10,000
  // employers that way, 1.4 s for all with statistics (docs/benchmarks.md). Changes no result.
  const tables = [...job.storage.chunkTables, ...job.storage.runTables];
  if (tables.length > 0) await sql`ANALYZE ${sql.join(tables.map((t) => sql.table(t)))}`.execute(deps.db);
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
  const ok = await recordComputed(deps.db, runId, { totals: JSON.stringify(totals), reports: JSON.stringify([file]) });
  deps.log[deps.chunkLogLevel ?? 'debug'](
    { runId, job: run.job, chunks: progress.total, rows: progress.written },
    ok ? 'run computed' : 'run changed status meanwhile',
  );
  return ok ? 'computed' : 'skipped';
}
