/** Where a run's workbook and exports go (OUTPUT_DIR), named as pipeline.md says. */
import path from 'node:path';
import type { RunRecord } from './run-store.ts';

export function reportPath(outputDir: string, run: Pick<RunRecord, 'job' | 'year' | 'id'>): string {
  return path.join(outputDir, `${run.job}_${run.year}_${run.id}.xlsx`);
}

/** `tariff_settlement.csv`, or `tariff_settlement_preliminary.csv` for a dry run. */
export function exportFileName(exportName: string, preliminary: boolean): string {
  return `${exportName}${preliminary ? '_preliminary' : ''}.csv`;
}
