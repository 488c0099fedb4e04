/**
 * Starting a run: the record (kind, who, inputs with rows and SHA-256, parameter versions) and
 * its chunk plan, all in one transaction. A year that makes no sense is refused before a run
 * record exists (PermanentRunError, nothing written): a final or correction run of a year that
 * has not ended by `asOf` (a dry run is a preview and stays allowed), or a year the job's
 * parameters do not cover (the job's own loadParameters decides). Problems found later (inputs
 * never imported) leave a `failed` run with the reason, so the attempt stays visible in `status`.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, RunKind, RunMode } from '../db/schema.ts';
import { sqlQuery } from '../db/sql-files.ts';
import { PermanentRunError, type AnyJob, type JobName } from './job-definition.ts';
import { recordChunks } from './chunk-lifecycle.ts';
import { failRun, recordStart } from './lifecycle.ts';
import { getRun, type RunRecord } from './run-store.ts';

export { ActiveRunExistsError } from './lifecycle.ts';

export interface StartRunOptions {
  year: number;
  dryRun: boolean;
  startedBy: string;
  mode: RunMode;
  /** today's date (YEAREND_TODAY or the system date), recorded with the run */
  asOf: string;
  chunkSize: number;
}

export async function startRun(db: Kysely<DB>, job: AnyJob, options: StartRunOptions): Promise<RunRecord> {
  const baseline = options.dryRun ? undefined : await latestReleased(db, job.name, options.year);
  const kind: RunKind = options.dryRun ? 'dry' : baseline ? 'correction' : 'final';
  if (kind !== 'dry' && !yearHasEnded(options.year, options.asOf)) {
    throw new PermanentRunError(
      `${job.name} ${options.year}: a ${kind} run needs the year to have ended (today is ${options.asOf}); ` +
        'use --dry-run for a preliminary run',
    );
  }
  await job.compute.checkStart?.(db, { year: options.year, kind, asOf: options.asOf });
  try {
    await job.compute.loadParameters(db, options.year);
  } catch (error) {
    if (error instanceof PermanentRunError) throw new PermanentRunError(`${job.name} ${options.year}: no run started: ${error.message}`);
    throw error; // the database, not the year: a scheduled start retries
  }
  const runId = await recordStart(db, {
    job: job.name,
    fund: job.fund,
    year: options.year,
    kind,
    mode: options.mode,
    started_by: options.startedBy,
    as_of: options.asOf,
    baseline_run_id: baseline?.id ?? null,
    chunk_size: options.chunkSize,
  });
  try {
    await db.transaction().execute(async (trx) => {
      const inputs = await resolveInputs(trx, job);
      await trx
        .insertInto('run_input')
        .values(inputs.map((i) => ({ run_id: runId, ...i })))
        .execute();
      const { versions } = await job.compute.loadParameters(trx, options.year);
      const keyBatch = inputs.find((i) => i.file_name === job.keySource.file)!.batch_id;
      const chunks = await planChunks(trx, job, keyBatch, options.chunkSize);
      await recordChunks(trx, runId, chunks);
      const state = job.state.carries
        ? await job.state.chooseStateRun(trx, { id: runId, job: job.name, year: options.year })
        : { stateRunId: null, warnings: [] };
      await trx
        .updateTable('run')
        .set({
          parameter_versions: JSON.stringify(versions),
          chunk_count: chunks.length,
          state_run_id: state.stateRunId,
          warnings: JSON.stringify(state.warnings),
        })
        .where('id', '=', runId)
        .execute();
    });
  } catch (error) {
    await failRun(db, runId, (error as Error).message);
    if (error instanceof PermanentRunError) throw new PermanentRunError(`run ${runId} failed: ${error.message}`);
    throw error;
  }
  return getRun(db, runId);
}

/** The year ended when today (YEAREND_TODAY or the Berlin date) is in a later year. */
export function yearHasEnded(year: number, asOf: string): boolean {
  return Number(asOf.slice(0, 4)) > year;
}

async function latestReleased(db: Kysely<DB>, job: JobName, year: number) {
  return db
    .selectFrom('run')
    .select('id')
    .where('job', '=', job)
    .where('year', '=', year)
    .where('status', '=', 'released')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest batch of every file the job reads; a file never imported stops the run. */
async function resolveInputs(db: Kysely<DB>, job: AnyJob) {
  const rows = await db
    .selectFrom('import_file')
    .distinctOn('file_name')
    .select(['file_name', 'batch_id', 'rows_loaded as rows', 'sha256'])
    .where('file_name', 'in', [...job.inputFiles])
    .orderBy('file_name')
    .orderBy('batch_id', 'desc')
    .execute();
  const missing = job.inputFiles.filter((f) => !rows.some((r) => r.file_name === f));
  if (missing.length > 0) {
    throw new PermanentRunError(`input never imported: ${missing.join(', ')}; run \`yearend import <dir>\` with these files first`);
  }
  return rows;
}

/** Chunks of `size` consecutive keys in C order (sql/queries/chunk-ranges.sql); a chunk stores only its key range. */
async function planChunks(db: Kysely<DB>, job: AnyJob, batchId: number, size: number) {
  const { table, column } = job.keySource;
  const result = await sqlQuery<{ chunk_no: number; first_key: string; last_key: string }>('chunk-ranges.sql', {
    key_column: sql.ref(column),
    key_table: sql.table(table),
    batch_id: batchId,
    size,
  }).execute(db);
  return result.rows;
}
