/**
 * The payment list on the workbook of a released run (pipeline.md: release "writes the payment
 * list … as CSV and as a sheet"): totals per kind on Übersicht, checked against the rows of the
 * Zahlungsliste sheet, one row per payment. Before release the sheet does not exist and Übersicht
 * says that nothing is paid yet.
 *
 * Signs (issue 11, point 5): every money column of the sheet is signed from the fund's view,
 * + the fund pays, − the fund collects, so Betrag = Stand laut Lauf − bisher bewegt on every row
 * (a receivable of 183.33 € after 150.00 € paid: −183.33 = −33.33 − 150.00). The headers and
 * Übersicht say so. The CSV and run_payment keep the contract's shape (amount > 0 with direction).
 * Übersicht sums payouts and receivables separately, never one figure that nets them.
 */
import { Decimal } from '../src/money.ts';
import { resultRows } from '../src/runs/paging.ts';
import { openKlaerfaelle, paymentTotals } from '../src/runs/release.ts';
import type { WorkbookContext } from './workbook-context.ts';
import { PAYOUT_KIND_TEXTS } from './catalogue-bonus.ts';
import { CLAIM_KIND_TEXTS } from './catalogue-levy.ts';
import { addOffsetHintSheet, addPaymentFileSheet, DISPOSITION_COLUMNS, dispositionTexts } from './payment-file-sheet.ts';
import { checkSums } from './run-sections.ts';
import { letterOf, sumIfFormula, type ColumnSpec, type ReportWorkbook, type SummarySection } from './workbook.ts';

export const PAYMENT_SHEET = 'Zahlungsliste';

const DIRECTION_TEXTS: Record<string, string> = { payout: 'Auszahlung', receivable: 'Forderung' };
const CATEGORY_TEXTS: Record<string, string> = {
  tariff: 'Saldo § 18a (Prämie ./. Selbstbehalte)',
  bonus_payout: 'Bonus-Auszahlung § 19a',
  reimbursement: 'Erstattung U1/U2',
  bonus_plan: 'Saldo AOK Bonus Plan (Boni ./. Eigenbeteiligung)',
};
const BASIS_TEXTS: Record<string, string> = { computed: 'berechnet', decided: 'Klärfall genehmigt' };
const DETAIL_TEXTS: Record<string, string> = { ...PAYOUT_KIND_TEXTS, ...CLAIM_KIND_TEXTS };

export const PAYMENT_SHEET_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Art', key: 'direction', type: 'text', width: 12 },
  { header: 'Bereich', key: 'category', type: 'text', width: 34 },
  { header: 'Schlüssel', key: 'item_key', type: 'text', width: 16 },
  { header: 'KVNR', key: 'member_id', type: 'text', width: 13 },
  { header: 'Betriebsnummer', key: 'employer_id', type: 'text', width: 15 },
  { header: 'Leistung', key: 'detail', type: 'text', width: 40 },
  { header: 'Betrag (+ Auszahlung, − Forderung)', key: 'amount', type: 'money' },
  { header: 'fällig am', key: 'due_on', type: 'date' },
  { header: 'Grundlage', key: 'basis', type: 'text', width: 20 },
  { header: 'Stand laut Lauf (+ zahlt, − fordert)', key: 'position', type: 'money' },
  { header: 'bisher bewegt (+ gezahlt, − gefordert)', key: 'previously', type: 'money' },
  ...DISPOSITION_COLUMNS,
];

/** The sign convention, as Übersicht states it for the Zahlungsliste. */
export const PAYMENT_SIGN_NOTE =
  'Beträge aus Sicht der Kasse: + zahlt die Kasse aus, − fordert sie; Betrag = Stand laut Lauf − bisher bewegt';

export interface PaymentPart {
  /** sections for Übersicht (after the run facts) */
  sections: SummarySection[];
  /** writes the Zahlungsliste sheet (a released run only) and checks it against Übersicht */
  write(): Promise<void>;
}

/** Plans the payment list of the run's workbook; call before Übersicht is written. */
export async function planPayments(book: ReportWorkbook, ctx: WorkbookContext): Promise<PaymentPart> {
  const { run } = ctx;
  const open = await openKlaerfaelle(ctx.db, run.id);
  if (run.status !== 'released') {
    return {
      sections: [
        {
          title: 'Zahlungsliste',
          rows: [
            { label: 'Stand', value: 'entsteht mit der Freigabe; bis dahin wird nichts gezahlt oder gefordert' },
            { label: 'Klärfälle ohne Entscheidung', value: open, type: 'int' },
          ],
        },
      ],
      write: async () => {},
    };
  }
  const totals = await paymentTotals(ctx.db, run.id);
  const count = totals.reduce((n, t) => n + t.count, 0);
  const parts = book.planParts(PAYMENT_SHEET, count);
  const of = (direction: string) => totals.filter((t) => t.direction === direction);
  const countOf = (direction: string) => of(direction).reduce((n, t) => n + t.count, 0);
  const directionCol = letterOf(PAYMENT_SHEET_COLUMNS, 'direction');
  const amountCol = letterOf(PAYMENT_SHEET_COLUMNS, 'amount');
  const sections: SummarySection[] = [
    {
      title: `Zahlungsliste${run.baseline_run_id ? ' (nur Differenzen zu den bisher freigegebenen Läufen)' : ''}`,
      rows: [
        ...(run.released_on ? [{ label: 'Freigabe am', value: run.released_on, type: 'date' as const }] : []),
        { label: 'Zahlungen und Forderungen', value: count, type: 'int' },
        { label: 'Vorzeichen', value: PAYMENT_SIGN_NOTE },
        { label: 'Auszahlungen (Anzahl)', value: countOf('payout'), type: 'int' },
        {
          label: 'Auszahlungen (Summe, Tabellenblatt Zahlungsliste)',
          value: signedTotal(of('payout')),
          type: 'money',
          formula: sumIfFormula(parts, directionCol, DIRECTION_TEXTS.payout!, amountCol),
        },
        { label: 'Forderungen (Anzahl)', value: countOf('receivable'), type: 'int' },
        {
          label: 'Forderungen (Summe, Tabellenblatt Zahlungsliste)',
          value: signedTotal(of('receivable')),
          type: 'money',
          formula: sumIfFormula(parts, directionCol, DIRECTION_TEXTS.receivable!, amountCol),
        },
        { label: 'Klärfälle ohne Entscheidung (nicht gezahlt; sie kommen mit einem Korrekturlauf)', value: open, type: 'int' },
      ],
      table: {
        columns: [
          { header: 'Art', key: 'direction', type: 'text', width: 12 },
          { header: 'Bereich', key: 'category', type: 'text', width: 34 },
          { header: 'Anzahl', key: 'count', type: 'int' },
          { header: 'Betrag (+ Auszahlung, − Forderung)', key: 'amount', type: 'money' },
        ],
        rows: totals.map((t) => ({
          direction: DIRECTION_TEXTS[t.direction],
          category: CATEGORY_TEXTS[t.category],
          count: t.count,
          amount: signedTotal([t]),
        })),
      },
    },
  ];
  return {
    sections,
    write: async () => {
      const texts = await dispositionTexts(ctx.db, run);
      const rows = (async function* () {
        for await (const p of resultRows(ctx.db, 'run_payment', run.id, ['category', 'item_key'])) {
          yield {
            ...p,
            ...texts.get(p.category, p.item_key),
            amount: p.direction === 'receivable' ? new Decimal(p.amount).negated().toFixed(2) : p.amount,
            direction: DIRECTION_TEXTS[p.direction],
            category: CATEGORY_TEXTS[p.category],
            detail: p.detail ? (DETAIL_TEXTS[p.detail] ?? p.detail) : null,
            basis: BASIS_TEXTS[p.basis],
          };
        }
      })();
      const table = await book.addTable(PAYMENT_SHEET, PAYMENT_SHEET_COLUMNS, rows, { expectedRows: count });
      checkSums(PAYMENT_SHEET, table.totals, [['amount', signedTotal(totals)]]);
      await addPaymentFileSheet(book, ctx.db, run, table.parts, PAYMENT_SHEET_COLUMNS);
      if (run.job === 'bonus-crediting') await addOffsetHintSheet(book, ctx.db, run);
    },
  };
}

/** Exact sum of per-kind sums (decimal strings from PostgreSQL numeric), signed from the fund's view. */
function signedTotal(totals: { direction: string; amount: string }[]): string {
  return totals.reduce((a, t) => (t.direction === 'receivable' ? a.minus(t.amount) : a.plus(t.amount)), new Decimal(0)).toFixed(2);
}
