/**
 * What a yearly job plugs into the pipeline. The machinery (run records, chunks, queue,
 * in-process runner, export, workbook files) is shared; a job brings its inputs, parameters,
 * chunk computation, result storage, totals, exports and workbook.
 */
import type { Kysely, RawBuilder } from 'kysely';
import type { IsoDate } from '../dates.ts';
import type { Logger } from 'pino';
import type { DB, RunKind } from '../db/schema.ts';
import type { BulkWriter } from './bulk.ts';
import type { RunRecord } from './run-store.ts';

export const JOB_NAMES = ['tariff-settlement', 'bonus-crediting', 'levy'] as const;
export type JobName = (typeof JOB_NAMES)[number];

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
  /** columns whose change alone is no correction (e.g. a due date fixed at release) */
  notCompared?: readonly string[];
  /** yields the export's rows in key order (C collation), as ready CSV field values */
  rows(db: Kysely<DB>, runId: number): AsyncIterable<(string | number | null)[]>;
}

export interface WorkbookContext {
  db: Kysely<DB>;
  run: RunRecord;
  inputs: { file_name: string; batch_id: number; rows: number; sha256: string }[];
  totals: Record<string, unknown>;
  path: string;
  rowLimit: number;
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

export interface JobDefinition<P = unknown, R = unknown> {
  name: JobName;
  /** the files the job reads (data-contract.md, "Imports are batches") */
  inputFiles: readonly string[];
  /** where the chunk keys come from: a column of an input file's table, in C order */
  keySource:
    { file: 'members.csv'; table: 'member'; column: 'member_id' } | { file: 'employers.csv'; table: 'employer'; column: 'employer_id' };
  /** run-level results once every chunk is done (e.g. the levy funds' year), before the totals */
  finalize?(db: Kysely<DB>, run: RunRecord): Promise<void>;
  /**
   * Refuses a start that the job's rules forbid (e.g. a final bonus run before the proof
   * deadline has passed) by throwing PermanentRunError; no run record is created then.
   */
  checkStart?(db: Kysely<DB>, start: { year: number; kind: RunKind; asOf: string }): Promise<void>;
  /**
   * Run-level state chosen once at the start, inside the run's creation: the run whose figures
   * carry over from the previous year, and warnings for the workbook.
   */
  prepare?(db: Kysely<DB>, run: { id: number; year: number }): Promise<{ stateRunId: number | null; warnings: string[] }>;
  /** parameters in force for the year; throws PermanentRunError when any is missing */
  loadParameters(db: Kysely<DB>, year: number): Promise<{ params: P; versions: Record<string, string> }>;
  computeChunk(ctx: ChunkContext, params: P): Promise<ChunkOutput<R>>;
  /** replace the chunk's results and exceptions (called inside the chunk's transaction) */
  saveChunk(trx: Kysely<DB>, ctx: ChunkContext, result: R, bulk: BulkWriter): Promise<void>;
  /** totals of the run from its stored results; also checks them against the chunk counts */
  totals(db: Kysely<DB>, run: RunRecord): Promise<Record<string, unknown>>;
  exports: readonly ExportDefinition[];
  writeWorkbook(ctx: WorkbookContext): Promise<void>;
  /** the money a release moves (payouts, receivables, settled payouts, reimbursements) */
  payments: PaymentSource;
  /** counts for `run --json`: result rows, held items, exceptions */
  counts(db: Kysely<DB>, runId: number): Promise<{ rows: number; held: number; exceptions: number }>;
}
