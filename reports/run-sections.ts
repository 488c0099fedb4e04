/**
 * Workbook pieces every job shares: the run facts and inputs on Übersicht, the Klärfälle sheet
 * and the import rejections of the batches the run read.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { Decimal } from '../src/money.ts';
import { spreadsheetText } from '../src/spreadsheet-text.ts';
import type { WorkbookContext } from './workbook-context.ts';
import { JOBS } from '../jobs/registry.ts';
import { RUN_KIND_TEXTS, RUN_STATUS_TEXTS, reasonText } from './catalogue.ts';
import type { ColumnSpec, KeyValueRow, ReportWorkbook, SummarySection } from './workbook.ts';

function berlinDateTime(value: Date | null): string | null {
  if (!value) return null;
  return value.toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });
}

/** Run facts (who, when, kind, status, parameter versions) and its inputs with checksums. */
export function runSections(ctx: WorkbookContext): SummarySection[] {
  const { run } = ctx;
  const facts: KeyValueRow[] = [
    { label: 'Verfahren', value: JOBS[run.job].title },
    // the fund whose statutes the job follows (issue 14), as the run recorded it
    { label: 'Kasse', value: run.fund },
    { label: 'Abrechnungsjahr', value: run.year, type: 'int' },
    { label: 'Lauf', value: run.id, type: 'int' },
    { label: 'Art', value: RUN_KIND_TEXTS[run.kind] },
    { label: 'Status', value: RUN_STATUS_TEXTS[run.status] },
    { label: 'Gestartet von', value: run.started_by },
    { label: 'Gestartet am', value: berlinDateTime(run.created_at) },
    { label: 'Stichtag (heute)', value: run.as_of, type: 'date' },
    { label: 'Genehmigt von', value: run.approved_by ?? '–' },
    { label: 'Genehmigt am', value: berlinDateTime(run.approved_at) ?? '–' },
    { label: 'Freigegeben von', value: run.released_by ?? '–' },
    { label: 'Freigegeben am', value: berlinDateTime(run.released_at) ?? '–' },
    ...(run.baseline_run_id ? [{ label: 'Korrektur des freigegebenen Laufs', value: run.baseline_run_id, type: 'int' as const }] : []),
    ...Object.entries(run.parameter_versions).map(([name, version]) => ({ label: `Parameterversion ${name}`, value: version })),
    ...run.warnings.map((w) => ({ label: 'Warnung', value: w })),
  ];
  return [
    { title: 'Lauf', rows: facts },
    {
      title: 'Eingabedateien',
      table: {
        columns: [
          { header: 'Datei', key: 'file', type: 'text', width: 28 },
          { header: 'Importlauf', key: 'batch', type: 'int' },
          { header: 'Zeilen', key: 'rows', type: 'int' },
          { header: 'SHA-256', key: 'sha', type: 'text', width: 66 },
        ],
        rows: ctx.inputs.map((i) => ({ file: i.file_name, batch: i.batch_id, rows: i.rows, sha: i.sha256 })),
      },
    },
  ];
}

export const EXCEPTION_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Art', key: 'type', type: 'text', width: 12 },
  { header: 'Schlüssel', key: 'key', type: 'text', width: 16 },
  { header: 'KVNR', key: 'memberId', type: 'text', width: 13 },
  { header: 'Grund (Code)', key: 'code', type: 'text', width: 28 },
  { header: 'Grund', key: 'text', type: 'text', width: 60 },
  { header: 'Wirkung', key: 'effect', type: 'text', width: 22 },
  { header: 'Entscheidung', key: 'decision', type: 'text', width: 16 },
  { header: 'Entschieden von', key: 'decidedBy', type: 'text', width: 16 },
  { header: 'Entschieden am', key: 'decidedAt', type: 'text', width: 18 },
  { header: 'Begründung', key: 'note', type: 'text', width: 40 },
];

const DECISION_TEXTS: Record<string, string> = { approve: 'genehmigt', reject: 'abgelehnt' };

const ITEM_TYPE_TEXTS: Record<string, string> = {
  member: 'Mitglied',
  declaration: 'Erklärung',
  employer: 'Arbeitgeber',
  claim: 'Erstattungsantrag',
};

/** Items that need a human decision: held items and rejected declarations, with any decision taken. */
export async function klaerfaelleRows(db: Kysely<DB>, runId: number) {
  const rows = await db
    .selectFrom('run_exception as e')
    .leftJoin('run_decision as d', (join) =>
      join.onRef('d.run_id', '=', 'e.run_id').onRef('d.item_type', '=', 'e.item_type').onRef('d.item_key', '=', 'e.item_key'),
    )
    .select(['e.item_type', 'e.item_key', 'e.member_id', 'e.code', 'e.held', 'd.decision', 'd.decided_by', 'd.decided_at', 'd.note'])
    .where('e.run_id', '=', runId)
    .where((eb) => eb.or([eb('e.held', '=', true), eb('e.item_type', '=', 'declaration')]))
    .orderBy(sql`e.item_type COLLATE "C"`)
    .orderBy(sql`e.item_key COLLATE "C"`)
    .orderBy('e.code')
    .execute();
  return rows.map((r) => ({
    type: ITEM_TYPE_TEXTS[r.item_type] ?? r.item_type,
    key: r.item_key,
    memberId: r.member_id,
    code: r.code,
    text: reasonText(r.code),
    effect: r.held ? 'angehalten' : 'Erklärung nicht wirksam',
    decision: r.decision ? DECISION_TEXTS[r.decision] : 'offen',
    decidedBy: r.decided_by,
    decidedAt: berlinDateTime(r.decided_at),
    note: r.note,
  }));
}

export const REJECTION_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Datei', key: 'file', type: 'text', width: 28 },
  { header: 'Importlauf', key: 'batch', type: 'int' },
  { header: 'Zeile', key: 'line', type: 'int' },
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
    reason: spreadsheetText(r.reason),
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
