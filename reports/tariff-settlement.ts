/**
 * The § 18a workbook for finance: Übersicht (run, inputs, totals by outcome, class and reason,
 * due dates), Einzelabrechnung (one row per member, split at the row limit), Klärfälle,
 * Importfehler, Parameter. Totals on Übersicht come from SQL and are checked against the sums
 * of the detail rows as they are written; a mismatch aborts the file.
 */
import type { WorkbookContext } from './workbook-context.ts';
import { addMonths, type IsoDate } from '../src/dates.ts';
import { payoutDueDate } from '../jobs/tariff-settlement/decisions.ts';
import { tariffResultRows, tariffSettlementExport } from '../jobs/tariff-settlement/export.ts';
import { loadTariffParameters } from '../jobs/tariff-settlement/params.ts';
import type { TariffTotals } from '../jobs/tariff-settlement/store.ts';
import { OUTCOME_TEXTS, SHEET_NAMES, TARIFF_DETAIL_COLUMNS, reasonText, reasonsText } from './catalogue.ts';
import { checkSums, runSections } from './run-sections.ts';
import { planSharedSheets } from './shared-sheets.ts';
import { letterOf, openWorkbook, sumFormula, type SheetPart, type SummarySection } from './workbook.ts';
import type { Outcome } from '../jobs/tariff-settlement/types.ts';

const DETAIL = SHEET_NAMES.tariffDetail;

function sumIf(parts: SheetPart[], criteriaCol: string, criteria: string, sumCol: string): string {
  if (parts.length === 0) return '0';
  return parts
    .map((p) => {
      const s = `'${p.sheetName.replace(/'/g, "''")}'`;
      return (
        `SUMIF(${s}!${criteriaCol}${p.firstDataRow}:${criteriaCol}${Math.max(p.lastDataRow, p.firstDataRow)},"${criteria}",` +
        `${s}!${sumCol}${p.firstDataRow}:${sumCol}${Math.max(p.lastDataRow, p.firstDataRow)})`
      );
    })
    .join('+');
}

export async function writeTariffWorkbook(ctx: WorkbookContext<TariffTotals>): Promise<void> {
  const totals = ctx.totals;
  const { run } = ctx;
  const book = await openWorkbook(ctx.path, {
    preliminary: run.kind === 'dry',
    rowLimit: ctx.rowLimit,
    title: `§ 18a ${run.year} – Lauf ${run.id}`,
  });
  try {
    const parts = book.planParts(DETAIL, totals.members);
    const shared = await planSharedSheets(book, ctx, [tariffSettlementExport]);
    const col = (key: string) => letterOf(TARIFF_DETAIL_COLUMNS, key);
    const outcomeOf = (o: Outcome) => totals.byOutcome.find((b) => b.outcome === o);
    const payoutDue = payoutDueDate(run.year);
    // A receivable falls due one month after release (rules-18a-tariff.md, Decision); unknown before.
    const receivableDue = run.released_on ? addMonths(run.released_on, 1) : null;
    const sections: SummarySection[] = [
      ...runSections(ctx),
      {
        title: 'Summen (geprüft gegen die Einzelabrechnung)',
        rows: [
          { label: 'Mitglieder mit Abrechnung', value: totals.members, type: 'int' },
          { label: 'Prämie anteilig', value: totals.premiumProrated, type: 'money', formula: sumFormula(parts, col('premium_prorated')) },
          { label: 'Prämie nach Prämiengrenze', value: totals.premiumPaid, type: 'money', formula: sumFormula(parts, col('premium_paid')) },
          { label: 'Selbstbehalte', value: totals.deductible, type: 'money', formula: sumFormula(parts, col('deductible')) },
          {
            label: `Auszahlungen (fällig am ${germanDate(payoutDue)})`,
            value: totals.payouts,
            type: 'money',
            formula: sumIf(parts, col('outcome'), OUTCOME_TEXTS.payout, col('balance')),
          },
          {
            label: 'Forderungen (fällig einen Monat nach Freigabe)',
            value: totals.receivables,
            type: 'money',
            formula: sumIf(parts, col('outcome'), OUTCOME_TEXTS.receivable, col('balance')),
          },
        ],
      },
      {
        title: 'Nach Ergebnis',
        table: {
          columns: [
            { header: 'Ergebnis', key: 'outcome', type: 'text', width: 24 },
            { header: 'Mitglieder', key: 'members', type: 'int' },
            { header: 'Saldo', key: 'balance', type: 'money' },
            { header: 'fällig am', key: 'due', type: 'date' },
          ],
          rows: (['payout', 'receivable', 'zero', 'held'] as const).map((o) => ({
            outcome: OUTCOME_TEXTS[o],
            members: outcomeOf(o)?.members ?? 0,
            balance: outcomeOf(o)?.balance ?? '0.00',
            due: o === 'payout' ? payoutDue : o === 'receivable' ? receivableDue : null,
          })),
        },
      },
      {
        title: 'Nach Tarifklasse (Klasse des letzten Teilnahmemonats)',
        table: {
          columns: [
            { header: 'Tarifklasse', key: 'cls', type: 'text' },
            { header: 'Mitglieder', key: 'members', type: 'int' },
            { header: 'Prämie anteilig', key: 'premium', type: 'money' },
          ],
          rows: totals.byClass.map((c) => ({ cls: c.tariffClass, members: c.members, premium: c.premiumProrated })),
        },
      },
      {
        title: 'Hinweise und Klärfälle nach Grund',
        table: {
          columns: [
            { header: 'Grund (Code)', key: 'code', type: 'text', width: 28 },
            { header: 'Grund', key: 'text', type: 'text', width: 60 },
            { header: 'Anzahl', key: 'count', type: 'int' },
          ],
          rows: [...totals.byReason, ...totals.declarationExceptions].map((r) => ({
            code: r.code,
            text: reasonText(r.code),
            count: r.count,
          })),
        },
      },
    ];
    await book.addSummary(SHEET_NAMES.overview, [...sections, ...shared.sections], {
      heading: `§ 18a AOK PLUS aktiv – Abrechnung ${run.year}`,
    });
    await shared.afterOverview();

    const detail = await book.addTable(
      DETAIL,
      TARIFF_DETAIL_COLUMNS,
      (async function* () {
        for await (const r of tariffResultRows(ctx.db, run.id)) {
          yield { ...r, outcome: OUTCOME_TEXTS[r.outcome as Outcome] ?? r.outcome, reasons: reasonsText(r.reasons) };
        }
      })(),
      { expectedRows: totals.members },
    );
    checkSums(DETAIL, detail.totals, [
      ['premium_prorated', totals.premiumProrated],
      ['premium_paid', totals.premiumPaid],
      ['deductible', totals.deductible],
      ['balance', totals.balance],
    ]);

    await shared.closing();
    await writeParameters(book, ctx);
    await book.close();
  } catch (error) {
    await book.abort();
    throw error;
  }
}

async function writeParameters(book: Awaited<ReturnType<typeof openWorkbook>>, ctx: WorkbookContext): Promise<void> {
  const { params } = await loadTariffParameters(ctx.db, ctx.run.year);
  const sections: SummarySection[] = params.classTables.map((t) => ({
    title: `Tarifklassen § 18a Abs. 3 (Version ${t.version}, gültig ab ${t.validFrom}${t.validTo ? ` bis ${t.validTo}` : ''})`,
    table: {
      columns: [
        { header: 'Klasse', key: 'cls', type: 'int' },
        { header: 'Beitragspflichtige Einnahmen bis', key: 'upTo', type: 'money' },
        { header: 'Prämie pro Jahr', key: 'premium', type: 'money' },
        { header: 'Selbstbehalt ambulant (mit Verordnung)', key: 'out', type: 'money' },
        { header: 'Selbstbehalt vollstationär', key: 'in', type: 'money' },
        { header: 'Höchstbetrag Selbstbehalte pro Jahr', key: 'deductibleCap', type: 'money' },
      ],
      rows: t.classes.map((c) => ({
        cls: c.tariffClass,
        upTo: c.incomeUpTo,
        premium: c.premium,
        out: c.outpatientDeductible,
        in: c.inpatientDeductible,
        deductibleCap: c.deductibleCap,
      })),
    },
  }));
  sections.push({
    title: 'Prämiengrenze § 53 Abs. 8 SGB V',
    rows: [
      { label: 'Anteil der vom Mitglied getragenen Beiträge', value: params.premiumCapRate, type: 'rate' },
      { label: 'Höchstbetrag pro Jahr', value: params.premiumCapMax, type: 'money' },
      { label: 'Auszahlung fällig am', value: payoutDueDate(ctx.run.year), type: 'date' },
    ],
  });
  await book.addSummary(SHEET_NAMES.parameters, sections, { heading: 'Parameter des Laufs' });
}

/** `DD.MM.YYYY`, as the German labels write a date. */
function germanDate(date: IsoDate): string {
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}
