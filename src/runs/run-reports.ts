/**
 * A run's files in OUTPUT_DIR, written again from the database: the workbook (whose Übersicht
 * shows the run's status, approval and release) and, once released, the payment list as CSV.
 * Used by `approve`, `release` and `report` (e.g. after Klärfall decisions or a lost file).
 */
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ensurePrivateDir } from '../private-files.ts';
import { writeCsv } from './csv-file.ts';
import type { WorkbookLookup } from './job-definition.ts';
import { resultRows } from './paging.ts';
import { PAYMENT_COLUMNS } from './release.ts';
import { reportPath } from './report-files.ts';
import { getRun, runInputs, type RunRecord } from './run-store.ts';

export interface ReportDeps {
  db: Kysely<DB>;
  outputDir: string;
  excelRowLimit: number;
  workbookOf: WorkbookLookup;
}

export function paymentListPath(outputDir: string, run: Pick<RunRecord, 'job' | 'year' | 'id'>): string {
  return path.join(outputDir, `${run.job}_${run.year}_${run.id}_payments.csv`);
}

export async function writeRunReports(deps: ReportDeps, runId: number): Promise<string[]> {
  const run = await getRun(deps.db, runId);
  ensurePrivateDir(deps.outputDir);
  const workbook = reportPath(deps.outputDir, run);
  await deps.workbookOf(run.job).write({
    db: deps.db,
    run,
    inputs: await runInputs(deps.db, runId),
    path: workbook,
    rowLimit: deps.excelRowLimit,
  });
  const files = [workbook];
  if (run.status === 'released') {
    const list = paymentListPath(deps.outputDir, run);
    await writeCsv(list, PAYMENT_COLUMNS, paymentCsvRows(deps.db, runId));
    files.push(list);
  }
  await deps.db
    .updateTable('run')
    .set({ reports: JSON.stringify(files), updated_at: sql`now()` })
    .where('id', '=', runId)
    .execute();
  return files;
}

async function* paymentCsvRows(db: Kysely<DB>, runId: number) {
  for await (const p of resultRows(db, 'run_payment', runId, ['category', 'item_key'])) {
    yield PAYMENT_COLUMNS.map((c) => p[c]);
  }
}
