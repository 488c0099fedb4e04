/**
 * Workbook pieces every job shares: the run facts and inputs on Übersicht, the Klärfälle sheet
 * and the import rejections of the batches the run read.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { Decimal } from '../src/money.ts';
import { spreadsheetText } from '../src/spreadsheet-text.ts';
import type { WorkbookContext } from './workbook-context.ts';
import { JOBS } from '../jobs/registry.ts';
import { rejectionReasonText } from './catalogue-import.ts';
import { RUN_KIND_TEXTS, RUN_STATUS_TEXTS, parameterText } from './catalogue.ts';
import type { ColumnSpec, KeyValueRow, ReportWorkbook, SummarySection } from './workbook.ts';

/** A moment as a date-time cell (Berlin time), or a dash when it has not happened yet. */
function moment(label: string, value: Date | null): KeyValueRow {
  return value ? { label, value, type: 'datetime' } : { label, value: '–' };
}

/** Run facts (who, when, kind, status, parameter versions) and its inputs with checksums. */
export function runSections(ctx: WorkbookContext): SummarySection[] {
  const { run } = ctx;
  const facts: KeyValueRow[] = [
    { label: 'Verfahren', value: JOBS[run.job].title },
    // the fund whose statutes the job follows (issue 14), as the run recorded it
    { label: 'Kasse', value: run.fund },
    { label: 'Abrechnungsjahr', value: run.year, type: 'id' },
    { label: 'Lauf', value: run.id, type: 'id' },
    { label: 'Art', value: RUN_KIND_TEXTS[run.kind] },
    { label: 'Status', value: RUN_STATUS_TEXTS[run.status] },
    { label: 'Gestartet von', value: run.started_by },
    moment('Gestartet am', run.created_at),
    { label: 'Stichtag (heute)', value: run.as_of, type: 'date' },
    { label: 'Genehmigt von', value: run.approved_by ?? '–' },
    moment('Genehmigt am', run.approved_at),
    { label: 'Freigegeben von', value: run.released_by ?? '–' },
    moment('Freigegeben am', run.released_at),
    ...(run.baseline_run_id ? [{ label: 'Korrektur des freigegebenen Laufs', value: run.baseline_run_id, type: 'id' as const }] : []),
    ...Object.entries(run.parameter_versions).map(([name, version]) => ({
      label: `Parameterversion: ${parameterText(name)}`,
      value: version,
    })),
    ...run.warnings.map((w) => ({ label: 'Warnung', value: w })),
  ];
  return [
    { title: 'Lauf', rows: facts },
    {
      title: 'Eingabedateien',
      table: {
        columns: [
          { header: 'Datei', key: 'file', type: 'text' },
          { header: 'Importlauf', key: 'batch', type: 'id' },
          { header: 'Zeilen', key: 'rows', type: 'int' },
          { header: 'SHA-256', key: 'sha', type: 'text', maxWidth: 36 },
        ],
        rows: ctx.inputs.map((i) => ({ file: i.file_name, batch: i.batch_id, rows: i.rows, sha: i.sha256 })),
      },
    },
  ];
}

// the Klärfälle sheet lives in klaerfaelle.ts; these names stay importable from here
export { EXCEPTION_COLUMNS, klaerfaelleRows } from './klaerfaelle.ts';

export const REJECTION_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Datei', key: 'file', type: 'text', width: 28 },
  { header: 'Importlauf', key: 'batch', type: 'id' },
  { header: 'Zeile', key: 'line', type: 'id' },
  { header: 'Spalte', key: 'column', type: 'text', width: 18 },
  { header: 'Wert', key: 'value', type: 'text', width: 20 },
  { header: 'Grund', key: 'reason', type: 'text', width: 50 },
];

/** Rows rejected by the imports whose files this run read. */
export async function importRejectionRows(db: Kysely<DB>, inputs: WorkbookContext['inputs']) {
  if (inputs.length === 0) return [];
  const rows = await db
    .selectFrom('import_rejection')
    .selectAll()
    .where((eb) => eb.or(inputs.map((i) => eb.and([eb('batch_id', '=', i.batch_id), eb('file_name', '=', i.file_name)]))))
    .orderBy('file_name')
    .orderBy('line')
    .execute();
  return rows.map(rejectionSheetRow);
}

/** One Importfehler row: the rejected value is free text, shown as text (a leading ' before a formula start). */
export function rejectionSheetRow(r: {
  file_name: string;
  batch_id: number;
  line: number;
  column_name: string;
  value: string | null;
  reason: string;
}) {
  return {
    file: spreadsheetText(r.file_name),
    batch: r.batch_id,
    line: r.line,
    column: spreadsheetText(r.column_name),
    value: spreadsheetText(r.value),
    // German for finance; the rejection report (CSV) keeps the import's English (data-contract.md)
    reason: rejectionReasonText(r.reason, r.batch_id),
  };
}

/** Write a table whose rows are already in memory (small sheets). */
export async function addSmallTable(book: ReportWorkbook, name: string, columns: readonly ColumnSpec[], rows: Record<string, unknown>[]) {
  book.planParts(name, rows.length);
  return book.addTable(name, columns, rows, { expectedRows: rows.length });
}

/**
 * Totals on Übersicht are checked against the sums of the detail rows as they are written
 * (pipeline.md): a mismatch aborts the workbook instead of handing finance inconsistent figures.
 */
export function checkSums(
  sheet: string,
  detail: Record<string, Decimal>,
  expected: readonly [key: string, value: string | number][],
): void {
  for (const [key, value] of expected) {
    const actual = detail[key] ?? new Decimal(0);
    if (!actual.equals(new Decimal(value))) {
      throw new Error(`workbook check failed: sum of ${key} in the ${sheet} rows is ${actual.toString()}, the run's total is ${value}`);
    }
  }
}
