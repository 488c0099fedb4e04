/**
 * The sheets every job's workbook has around its own: before Übersicht is written, the
 * correction and payment parts are planned (their totals go on Übersicht, with formulas that
 * name sheets written later); Korrekturen follows Übersicht; Klärfälle, Zahlungsliste and
 * Importfehler close the workbook before the job's Parameter sheet.
 */
import type { ExportDefinition } from '../src/runs/job-definition.ts';
import type { WorkbookContext } from './workbook-context.ts';
import { SHEET_NAMES } from './catalogue.ts';
import { planCorrections } from './corrections-sheet.ts';
import { NO_KLAERFAELLE } from './klaerfaelle.ts';
import { paymentKlaerfallRows } from './payment-file-sheet.ts';
import { planPayments } from './payment-sheet.ts';
import { addSmallTable, EXCEPTION_COLUMNS, importRejectionRows, klaerfaelleRows, REJECTION_COLUMNS } from './run-sections.ts';
import type { ColumnSpec, ReportWorkbook, SummarySection } from './workbook.ts';

export interface SharedSheets {
  /** for Übersicht, after the job's own sections */
  sections: SummarySection[];
  /** right after Übersicht: Korrekturen (a correction run only) */
  afterOverview(): Promise<void>;
  /** Klärfälle (rows adapted by the job if it wants), Zahlungsliste (a released run), Importfehler */
  closing(options?: {
    klaerfaelle?: (rows: Record<string, unknown>[]) => Record<string, unknown>[];
    columns?: readonly ColumnSpec[];
  }): Promise<void>;
}

export async function planSharedSheets(
  book: ReportWorkbook,
  ctx: WorkbookContext,
  exports: readonly ExportDefinition[],
): Promise<SharedSheets> {
  const payments = await planPayments(book, ctx);
  const corrections = await planCorrections(ctx, book, exports);
  return {
    sections: [...corrections.sections, ...payments.sections],
    afterOverview: () => corrections.addSheet(),
    async closing(options = {}) {
      const rows = await klaerfaelleRows(ctx.db, ctx.run.id);
      // payment Klärfälle of a released run (payments-and-ledger.md § 6) follow the run's own
      const all = [...(options.klaerfaelle ? options.klaerfaelle(rows) : rows), ...(await paymentKlaerfallRows(ctx.db, ctx.run.id))];
      await addSmallTable(
        book,
        SHEET_NAMES.exceptions,
        options.columns ?? EXCEPTION_COLUMNS,
        all.length > 0 ? all : [{ ...NO_KLAERFAELLE }],
      );
      await payments.write();
      await addSmallTable(book, 'Importfehler', REJECTION_COLUMNS, await importRejectionRows(ctx.db, ctx.inputs));
    },
  };
}
