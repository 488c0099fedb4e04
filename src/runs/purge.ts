/**
 * Retention (`yearend purge --older-than DURATION`): the bulk of old, never released runs — their
 * result rows, exceptions, chunks, decisions and payment lists — is deleted; the run record and
 * its inputs (the story of the run) always stay, stamped `details_purged_at`. Released runs keep
 * everything, and so does every run whose figures a kept run builds on (its state or baseline) or
 * that the next year's run would build on. Import batches that a newer batch superseded and that no
 * kept run reads go too. Each run and each batch is purged in its own transaction, re-checked under
 * lock, so a purge interrupted half-way or run twice leaves a consistent database.
 * The clock is never read here for the database: today's date is passed in.
 */
import { sql, type Kysely } from 'kysely';
import { addDays, addMonths, addYears, type IsoDate } from '../dates.ts';
import type { Duration } from '../durations.ts';
import type { DB, RunStatus } from '../db/schema.ts';
import { specOf } from '../import/file-specs.ts';
import type { JobName } from '../job-names.ts';
import type { AnyJob } from './job-definition.ts';
import { isPurgeable, purgeRunDetails } from './lifecycle.ts';
import { previousYearRun } from './state-run.ts';

export { parseDuration, type Duration } from '../durations.ts';

/** today − duration; months and years are calendar ones (31 Aug − 6m = 28/29 Feb). */
export function cutoffOf(today: IsoDate, duration: Duration): IsoDate {
  if (duration.unit === 'd') return addDays(today, -duration.amount);
  return duration.unit === 'm' ? addMonths(today, -duration.amount) : addYears(today, -duration.amount);
}

/** The cutoff day starts at midnight UTC, like every date of the pipeline. */
export function cutoffInstant(cutoff: IsoDate): Date {
  return new Date(`${cutoff}T00:00:00Z`);
}

/** Tables every run has rows in, whatever its job: its exceptions, decisions, payment list, chunks. */
export const RUN_MACHINERY_TABLES = ['run_exception', 'run_decision', 'run_payment', 'run_chunk'] as const;

/**
 * Every table holding rows per run, except RUN_STORY_TABLES: what a purge deletes — each job's result
 * tables, as its plug-in declares them (storage.chunkTables and runTables), and the machinery's.
 * A test checks that each table with a run_id column is either here or deliberately kept, so a
 * new per-run table is never forgotten (nor purged by accident).
 */
export function runDetailTables(jobs: readonly Pick<AnyJob, 'storage'>[]): string[] {
  return [...jobs.flatMap((job) => [...job.storage.chunkTables, ...job.storage.runTables]), ...RUN_MACHINERY_TABLES];
}
/**
 * Kept with the run record: the files, batches, row counts and checksums the run read; and what its
 * release paid (payments-and-ledger.md § 2: the dispositions and the credit-transfer files, the
 * audit trail of money that left the fund, which `payfile` rewrites from). Only released runs
 * have them, and released runs are never purged; should that change, these stay.
 */
export const RUN_STORY_TABLES = ['run_input', 'run_payment_disposition', 'run_payment_file'] as const;

export interface PurgedRun {
  runId: number;
  job: JobName;
  year: number;
  kind: string;
  status: RunStatus;
  /** finished_at, or the last change when the run never finished (cancelled while queued) */
  finishedAt: string;
  /** rows deleted per table; tables without rows of the run are left out */
  rows: Record<string, number>;
}

export interface KeptRun {
  runId: number;
  reason: string;
}

export interface PurgedBatch {
  batchId: number;
  createdAt: string;
  files: { file: string; rows: number; rejections: number }[];
  /** the batch record itself went too: all its files were purged and no run names it */
  batchRemoved: boolean;
}

export interface DatabasePurge {
  runs: PurgedRun[];
  /** runs old enough to purge whose details stay, and why */
  kept: KeptRun[];
  batches: PurgedBatch[];
  /** rows deleted (or, in a dry run, that would be) per table */
  tables: Record<string, number>;
}

export interface PurgeOptions {
  cutoff: IsoDate;
  dryRun: boolean;
  /** every job (jobs/registry.ts, injected): its result tables, and whether its runs carry state into the next year */
  jobs: readonly AnyJob[];
}

export async function purgeDatabase(db: Kysely<DB>, options: PurgeOptions): Promise<DatabasePurge> {
  const before = cutoffInstant(options.cutoff);
  const tables = runDetailTables(options.jobs);
  const carriesState = (name: JobName) => options.jobs.some((job) => job.name === name && job.state.carries);
  const plan = await planRuns(db, before, carriesState);
  const runs: PurgedRun[] = [];
  // Newest first: a run that builds on another one is purged (and stamped) before the one it builds on.
  for (const run of [...plan.purge].reverse()) {
    const rows = options.dryRun ? await countRunRows(db, tables, run.runId) : await purgeRun(db, tables, run.runId, before);
    if (rows) runs.unshift({ ...run, rows });
  }
  // A dry run changed nothing: the runs it would purge still look kept to the database.
  const alsoPurged = options.dryRun ? plan.purge.map((r) => r.runId) : [];
  const batches: PurgedBatch[] = [];
  for (const [batchId, files] of await batchCandidates(db, before, alsoPurged)) {
    const batch = options.dryRun ? await countBatch(db, batchId, files) : await purgeBatch(db, batchId, before);
    if (batch) batches.push(batch);
  }
  return { runs, kept: plan.kept, batches, tables: tableTotals(runs, batches) };
}

// ---------------------------------------------------------------------------------------------
// Runs

type PlannedRun = Omit<PurgedRun, 'rows'>;

interface RunRow {
  id: number;
  job: JobName;
  year: number;
  kind: string;
  status: RunStatus;
  finished: Date;
  state_run_id: number | null;
  baseline_run_id: number | null;
  details_purged_at: Date | null;
}

/**
 * Which old runs go, and which stay although old: every run a kept run builds on (closure over
 * state_run_id and baseline_run_id), and, for jobs that carry state, per year the run the next
 * year would take its state from (the latest released, else latest computed run): a later run
 * must never start from a purged run's figures.
 */
async function planRuns(
  db: Kysely<DB>,
  before: Date,
  carriesState: (job: JobName) => boolean,
): Promise<{ purge: PlannedRun[]; kept: KeptRun[] }> {
  const rows: RunRow[] = await db
    .selectFrom('run')
    .select([
      'id',
      'job',
      'year',
      'kind',
      'status',
      'state_run_id',
      'baseline_run_id',
      'details_purged_at',
      sql<Date>`coalesce(finished_at, updated_at)`.as('finished'),
    ])
    .orderBy('id')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const reasons = new Map<number, string>();
  const keep: number[] = rows.filter((r) => r.details_purged_at === null && !isPurgeable(r, before)).map((r) => r.id);
  for (const key of new Set(rows.filter((r) => carriesState(r.job)).map((r) => `${r.job}\u0000${r.year}`))) {
    const [job, year] = key.split('\u0000') as [JobName, string];
    const { stateRunId } = await previousYearRun(db, job, Number(year) + 1);
    if (stateRunId !== null && !keep.includes(stateRunId)) {
      keep.push(stateRunId);
      reasons.set(stateRunId, `the latest figures of ${job} ${year}: a ${Number(year) + 1} run takes its state from them`);
    }
  }
  const kept = new Set(keep);
  for (let i = 0; i < keep.length; i++) {
    const run = byId.get(keep[i]!)!;
    for (const [dependency, what] of [
      [run.state_run_id, 'state'],
      [run.baseline_run_id, 'baseline'],
    ] as const) {
      if (dependency === null || kept.has(dependency)) continue;
      kept.add(dependency);
      keep.push(dependency);
      reasons.set(dependency, `the ${what} of run ${run.id}`);
    }
  }
  const old = rows.filter((r) => isPurgeable(r, before));
  return {
    purge: old
      .filter((r) => !kept.has(r.id))
      .map((r) => ({
        runId: r.id,
        job: r.job,
        year: r.year,
        kind: r.kind,
        status: r.status,
        finishedAt: r.finished.toISOString(),
      })),
    kept: old.filter((r) => kept.has(r.id)).map((r) => ({ runId: r.id, reason: reasons.get(r.id)! })),
  };
}

async function countRunRows(db: Kysely<DB>, tables: readonly string[], runId: number): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const table of tables) {
    const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE run_id = ${runId}`.execute(db);
    if (result.rows[0]!.n > 0) rows[table] = result.rows[0]!.n;
  }
  return rows;
}

/** One run, one transaction, re-checked under the run's lock (lifecycle.ts, purge). */
async function purgeRun(db: Kysely<DB>, tables: readonly string[], runId: number, before: Date): Promise<Record<string, number> | null> {
  return purgeRunDetails(db, runId, before, async (trx) => {
    const rows: Record<string, number> = {};
    for (const table of tables) {
      const result = await sql`DELETE FROM ${sql.table(table)} WHERE run_id = ${runId}`.execute(trx);
      if (Number(result.numAffectedRows ?? 0) > 0) rows[table] = Number(result.numAffectedRows);
    }
    return rows;
  });
}

// ---------------------------------------------------------------------------------------------
// Import batches

/**
 * Files of batches created before the cutoff that a newer batch carries again (superseded: no new
 * run can read them) and that no run with kept details read. `alsoPurged` are runs counted as
 * purged although not stamped yet (a dry run). Files without a known table are left alone.
 */
async function batchCandidates(db: Kysely<DB>, before: Date, alsoPurged: number[], onlyBatch?: number): Promise<Map<number, string[]>> {
  const rows = await sql<{ batch_id: number; file_name: string }>`
    SELECT f.batch_id, f.file_name
      FROM import_file f JOIN import_batch b ON b.id = f.batch_id
     WHERE b.created_at < ${before}
       AND (${onlyBatch ?? null}::bigint IS NULL OR f.batch_id = ${onlyBatch ?? null}::bigint)
       AND EXISTS (SELECT 1 FROM import_file newer WHERE newer.file_name = f.file_name AND newer.batch_id > f.batch_id)
       AND NOT EXISTS (
             SELECT 1 FROM run_input i JOIN run r ON r.id = i.run_id
              WHERE i.batch_id = f.batch_id AND i.file_name = f.file_name
                AND r.details_purged_at IS NULL AND NOT (r.id = ANY(${alsoPurged}::bigint[])))
     ORDER BY f.batch_id, f.file_name`.execute(db);
  const byBatch = new Map<number, string[]>();
  for (const r of rows.rows) {
    if (!specOf(r.file_name)) continue;
    byBatch.set(r.batch_id, [...(byBatch.get(r.batch_id) ?? []), r.file_name]);
  }
  return byBatch;
}

function tableOf(file: string): string {
  return specOf(file)!.table;
}

/** Whether the batch record goes too once these files are gone: nothing else in it, no run names it. */
async function batchEmptiedBy(db: Kysely<DB>, batchId: number, files: string[]): Promise<boolean> {
  const other = await db
    .selectFrom('import_file')
    .select('file_name')
    .where('batch_id', '=', batchId)
    .$if(files.length > 0, (q) => q.where('file_name', 'not in', files))
    .executeTakeFirst();
  const named = await db.selectFrom('run_input').select('run_id').where('batch_id', '=', batchId).executeTakeFirst();
  return !other && !named;
}

async function batchCreatedAt(db: Kysely<DB>, batchId: number): Promise<string> {
  const batch = await db.selectFrom('import_batch').select('created_at').where('id', '=', batchId).executeTakeFirstOrThrow();
  return batch.created_at.toISOString();
}

async function countBatch(db: Kysely<DB>, batchId: number, files: string[]): Promise<PurgedBatch> {
  const counted: PurgedBatch['files'] = [];
  for (const file of files) {
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(tableOf(file))} WHERE batch_id = ${batchId}`.execute(
      db,
    );
    const rejections = await db
      .selectFrom('import_rejection')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('batch_id', '=', batchId)
      .where('file_name', '=', file)
      .executeTakeFirstOrThrow();
    counted.push({ file, rows: rows.rows[0]!.n, rejections: rejections.n });
  }
  return { batchId, createdAt: await batchCreatedAt(db, batchId), files: counted, batchRemoved: await batchEmptiedBy(db, batchId, files) };
}

/** One batch, one transaction; the candidates are chosen again under the batch's lock. */
async function purgeBatch(db: Kysely<DB>, batchId: number, before: Date): Promise<PurgedBatch | null> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('import_batch').select('created_at').where('id', '=', batchId).forUpdate().executeTakeFirst();
    const files = (await batchCandidates(trx, before, [], batchId)).get(batchId);
    if (!locked || !files) return null;
    const purged: PurgedBatch['files'] = [];
    for (const file of files) {
      const rows = await sql`DELETE FROM ${sql.table(tableOf(file))} WHERE batch_id = ${batchId}`.execute(trx);
      const rejections = await trx
        .deleteFrom('import_rejection')
        .where('batch_id', '=', batchId)
        .where('file_name', '=', file)
        .executeTakeFirst();
      await trx.deleteFrom('import_file').where('batch_id', '=', batchId).where('file_name', '=', file).execute();
      purged.push({ file, rows: Number(rows.numAffectedRows ?? 0), rejections: Number(rejections.numDeletedRows) });
    }
    const batchRemoved = await batchEmptiedBy(trx, batchId, []);
    if (batchRemoved) {
      await trx.deleteFrom('import_rejection').where('batch_id', '=', batchId).execute();
      await trx.deleteFrom('import_batch').where('id', '=', batchId).execute();
    }
    return { batchId, createdAt: locked.created_at.toISOString(), files: purged, batchRemoved };
  });
}

function tableTotals(runs: PurgedRun[], batches: PurgedBatch[]): Record<string, number> {
  const totals: Record<string, number> = {};
  const add = (table: string, n: number) => {
    if (n > 0) totals[table] = (totals[table] ?? 0) + n;
  };
  for (const run of runs) for (const [table, n] of Object.entries(run.rows)) add(table, n);
  for (const batch of batches) {
    for (const f of batch.files) {
      add(tableOf(f.file), f.rows);
      add('import_rejection', f.rejections);
      add('import_file', 1);
    }
    if (batch.batchRemoved) add('import_batch', 1);
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Purged runs elsewhere

/** Why a purged run has no `what` (exports, workbook) any more; null for a run with its details. */
export function purgedNotice(run: { id: number; details_purged_at: Date | null }, what: string): string | null {
  if (run.details_purged_at === null) return null;
  return (
    `run ${run.id}: its details were purged on ${run.details_purged_at.toISOString().slice(0, 10)} (retention, \`yearend purge\`); ` +
    `its ${what} can no longer be written (the run record stays in \`yearend status ${run.id}\`)`
  );
}
