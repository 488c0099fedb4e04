/**
 * The job plug-in: everything the pipeline needs to know about a yearly job, declared in one place
 * (jobs/<name>/job.ts) and found through jobs/registry.ts. The machinery — run records, chunks, the
 * queue, the in-process runner, exports, payment lists, purge, schedules, the deadline watch — is
 * shared and reads a job only through this interface. The workbook is not part of it: reports/
 * depends on the job's types, never the reverse (reports/registry.ts pairs each job with its
 * workbook).
 *
 * A plug-in is grouped by concern: who the job is (name, title, fund, deadline, schedule), what it
 * reads, whether it carries state across years, how it computes, where its results go, what it
 * exports and what a release pays.
 */
import type { Kysely, RawBuilder } from 'kysely';
import type { Logger } from 'pino';
import type { IsoDate } from '../dates.ts';
import type { DB, RunKind } from '../db/schema.ts';
import type { Fund } from '../funds.ts';
import type { JobName } from '../job-names.ts';
import type { BulkWriter } from './bulk.ts';
import type { RunRecord } from './run-store.ts';

export { JOB_NAMES, isJobName, type JobName } from '../job-names.ts';
export type { Fund } from '../funds.ts';

/** Raised for a systemic problem that no retry can fix (parameters missing, inputs missing). */
export class PermanentRunError extends Error {}

export interface ChunkContext {
  db: Kysely<DB>;
  run: RunRecord;
  chunkNo: number;
  firstKey: string;
  lastKey: string;
  /** input file → batch id the run reads */
  inputs: Record<string, number>;
  log: Logger;
}

export interface ChunkOutput<R> {
  read: number;
  written: number;
  rejected: number;
  result: R;
}

export interface ExportDefinition {
  /** file name without `.csv`, e.g. `tariff_settlement` */
  name: string;
  header: string[];
  /** the key columns (data-contract.md, "Exports"), in sort order: one row per key */
  key: readonly string[];
  /**
   * Money and points columns: a correction run lists their released value, new value and delta
   * (pipeline.md, "Correction run"). Rates, counts and texts are compared but get no delta.
   */
  amounts: readonly string[];
  /** the amounts counted in points (whole numbers); every other amount is euros with 2 decimals */
  points?: readonly string[];
  /**
   * The amounts whose change is money a release moves: summed over the export they are the job's
   * payment positions (payments.positions). Every other amount is a Rechengröße (a cap, a base, a
   * rate's product): its delta moves no money, and the Korrekturen never sum it as if it did.
   */
  moves?: readonly string[];
  /** columns whose change alone is no correction (e.g. a due date fixed at release) */
  notCompared?: readonly string[];
  /** yields the export's rows in key order (C collation), as ready CSV field values */
  rows(db: Kysely<DB>, runId: number): AsyncIterable<(string | number | null)[]>;
}

/**
 * What a released run pays or collects (src/runs/release.ts builds the payment list from it).
 * `positions` selects one row per item: category, item_key, member_id, employer_id, detail,
 * amount (signed: + the fund pays, − the fund collects; rows with 0 may be left out) and held
 * (true when the rules held the item for a human decision).
 */
export interface PaymentSource {
  positions(runId: number): RawBuilder<unknown>;
  /** the day a payout of year `year` falls due when released on `releasedOn` */
  payoutDue(year: number, releasedOn: IsoDate): IsoDate;
}

/** One money figure of a run for `status`: what it is, how many items, the sum in euros ("1234.50"). */
export interface MoneyTotal {
  label: string;
  count: number | null;
  eur: string;
}

/** By when a year's settlement must be released (the deadline watch of `status`). */
export interface DeadlineRule {
  kind: 'statutory' | 'operational';
  /** where the deadline comes from, for the reader (e.g. "§ 18a Abs. 4 Satzung") */
  source: string;
  due(year: number): IsoDate;
}

/** The default cron schedule (pipeline.md, "Schedules"); `schedule install --file` may override it. */
export interface ScheduleDefault {
  /** cron pattern: minute hour day month weekday */
  pattern: string;
  tz: 'Europe/Berlin';
  /** a firing settles the year before the firing day */
  target: 'previous-year';
}

/** Where a run's chunks come from: the keys of one input file's table, in C order. */
export type KeySource =
  { file: 'members.csv'; table: 'member'; column: 'member_id' } | { file: 'employers.csv'; table: 'employer'; column: 'employer_id' };

/** Tables holding rows per run (`run_id`): the job's results. */
export type ResultTable = (keyof DB & `${string}_result`) | 'levy_employer_figures';

/**
 * Cross-year state: a job that carries state starts each year from the previous year's run
 * (pipeline.md, "State across years"); purge keeps such runs for as long as a kept run builds on them.
 */
export type StateRule =
  | { carries: false }
  | {
      carries: true;
      /** the run whose figures carry over into a new run of `run.year`, and warnings for the workbook */
      chooseStateRun(
        db: Kysely<DB>,
        run: { id: number; job: JobName; year: number },
      ): Promise<{ stateRunId: number | null; warnings: string[] }>;
    };

/** The benchmark's view of a job (`yearend bench`): the SQL floor the run is compared with. */
export interface BenchDefinition {
  /** the generator's population profile */
  profile: 'default' | 'bonus-bench';
  /** sql/queries/<file>: the statement that computes the job's figures in one pass */
  floorSql: string;
  floorTable: string;
  floorParams(inputs: Record<string, number>, versions: Record<string, string>, year: number): unknown[];
}

export interface JobDefinition<P, R, T extends object> {
  // -- who the job is
  name: JobName;
  /** German title, as on every workbook's Übersicht */
  title: string;
  /**
   * the fund whose statutes the rules follow: loadParameters reads this fund's parameter rows and
   * the fund-less ones (src/funds.ts), and the run record keeps it
   */
  fund: Fund;
  deadline: DeadlineRule;
  schedule: ScheduleDefault;

  // -- what it reads
  /** the files the job reads (data-contract.md, "Imports are batches") */
  inputFiles: readonly string[];
  keySource: KeySource;
  state: StateRule;

  // -- how it computes
  compute: {
    /**
     * Refuses a start that the job's rules forbid (e.g. a final bonus run before the proof
     * deadline has passed) by throwing PermanentRunError; no run record is created then.
     */
    checkStart?(db: Kysely<DB>, start: { year: number; kind: RunKind; asOf: string }): Promise<void>;
    /** parameters in force for the year; throws PermanentRunError when any is missing */
    loadParameters(db: Kysely<DB>, year: number): Promise<{ params: P; versions: Record<string, string> }>;
    /** loads one chunk's facts and applies the pure rules to them (reads only) */
    chunk(ctx: ChunkContext, params: P): Promise<ChunkOutput<R>>;
    /** run-level results once every chunk is done (e.g. the levy funds' year), before the totals */
    finalize?(db: Kysely<DB>, run: RunRecord): Promise<void>;
  };

  // -- where its results go
  storage: {
    /**
     * The tables a chunk writes (with `chunk_no`) and the tables finalize writes: purge deletes
     * both, a rewritten chunk replaces its rows in the first.
     */
    chunkTables: readonly ResultTable[];
    runTables: readonly ResultTable[];
    /** replace the chunk's results and exceptions (called inside the chunk's transaction) */
    saveChunk(trx: Kysely<DB>, ctx: ChunkContext, result: R, bulk: BulkWriter): Promise<void>;
    /** totals of the run from its stored results; also checks them against the chunk counts */
    totals(db: Kysely<DB>, run: RunRecord): Promise<T>;
    /** counts for `run --json`: result rows, held items, exceptions */
    counts(db: Kysely<DB>, runId: number): Promise<{ rows: number; held: number; exceptions: number }>;
    /** the run's money in a few lines, from its totals, for `status <run>` (the figures Übersicht sums) */
    moneyTotals(totals: T): MoneyTotal[];
  };

  exports: readonly ExportDefinition[];
  /** the money a release moves (payouts, receivables, settled payouts, reimbursements) */
  payments: PaymentSource;
  bench: BenchDefinition;
}

/** Any job, as the shared machinery sees it: parameters, chunk results and totals stay opaque. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the machinery passes P and R from one member to the next unseen
export type AnyJob = JobDefinition<any, any, object>;

/** How the machinery finds a job by name (jobs/registry.ts; injected so src/runs never imports jobs/). */
export type JobLookup = (name: JobName) => AnyJob;

/**
 * How the machinery writes a run's workbook (reports/registry.ts; injected likewise): the job's
 * totals are computed, the workbook written with them, and the totals returned for the run record.
 */
export type WorkbookLookup = (name: JobName) => {
  write(ctx: { db: Kysely<DB>; run: RunRecord; inputs: WorkbookInput[]; path: string; rowLimit: number }): Promise<object>;
};

/** An input file of a run, as the workbook lists it. */
export interface WorkbookInput {
  file_name: string;
  batch_id: number;
  rows: number;
  sha256: string;
}
