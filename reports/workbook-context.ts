/**
 * What a job's workbook writer is given: the run, the inputs it read, its totals (typed by the job:
 * reports/registry.ts pairs each job with its writer) and where to write.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import type { RunRecord } from '../src/runs/run-store.ts';

export interface WorkbookContext<T extends object = object> {
  db: Kysely<DB>;
  run: RunRecord;
  inputs: { file_name: string; batch_id: number; rows: number; sha256: string }[];
  totals: T;
  path: string;
  rowLimit: number;
}

export type WorkbookWriter<T extends object> = (ctx: WorkbookContext<T>) => Promise<void>;
