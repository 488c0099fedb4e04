/**
 * The § 18a workbook for finance: Übersicht (run, inputs, totals by outcome, class and reason,
 * due dates), Einzelabrechnung (one row per member, split at the row limit), Klärfälle,
 * Importfehler, Parameter. Totals on Übersicht come from SQL and are checked against the sums
 * of the detail rows as they are written; a mismatch aborts the file.
 */
import { sql } from 'kysely';
import type { WorkbookContext } from './workbook-context.ts';
import type { IsoDate } from '../src/dates.ts';
import { latestDueDates, withDueDates } from '../src/runs/payment-due.ts';
import { payoutDueDate } from '../jobs/tariff-settlement/decisions.ts';
import { tariffResultRows, tariffSettlementExport } from '../jobs/tariff-settlement/export.ts';
import { FUND, loadTariffParameters } from '../jobs/tariff-settlement/params.ts';
import { parameterFundSection } from './parameter-funds.ts';
import type { TariffTotals } from '../jobs/tariff-settlement/store.ts';
import { OUTCOME_TEXTS, SHEET_NAMES, TARIFF_DETAIL_COLUMNS, reasonText, reasonsText } from './catalogue.ts';
import { checkSums, runSections } from './run-sections.ts';
import { planSharedSheets } from './shared-sheets.ts';
import { letterOf, openWorkbook, sumFormula, sumIfFormula, type SummarySection } from './workbook.ts';
import type { Outcome } from '../jobs/tariff-settlement/types.ts';

const DETAIL = SHEET_NAMES.tariffDetail;

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
    // One due date per payout (pipeline.md "Reconciliation (2026-12)"): the payment list's.
    const byDue = await outcomeDueTotals(ctx);
    const duesOf = (o: Outcome) => [...new Set(byDue.filter((b) => b.outcome === o && b.due_on).map((b) => b.due_on!))];
    const dueLabel = (o: Outcome, none: string) => {
      const dates = duesOf(o);
      return dates.length === 0 ? none : `fällig am ${dates.map(germanDate).join(' bzw. ')}`;
    };
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
            label: `Auszahlungen (${dueLabel('payout', `fällig am ${germanDate(payoutDueDate(run.year))}`)})`,
            value: totals.payouts,
            type: 'money',
            formula: sumIfFormula(parts, col('outcome'), OUTCOME_TEXTS.payout, col('balance')),
          },
          {
            label: `Forderungen (${dueLabel('receivable', 'fällig einen Monat nach Freigabe')})`,
            value: totals.receivables,
            type: 'money',
            formula: sumIfFormula(parts, col('outcome'), OUTCOME_TEXTS.receivable, col('balance')),
          },
        ],
      },
      {
        title: run.status === 'released' ? 'Nach Ergebnis und Fälligkeit (laut Zahlungsliste)' : 'Nach Ergebnis und Fälligkeit',
        table: {
          columns: [
            { header: 'Ergebnis', key: 'outcome', type: 'text', width: 24 },
            { header: 'Mitglieder', key: 'members', type: 'int' },
            { header: 'Saldo', key: 'balance', type: 'money' },
            { header: 'fällig am', key: 'due', type: 'date' },
          ],
          // one row per outcome and due date; an outcome without members still gets its row
          rows: (['payout', 'receivable', 'zero', 'held'] as const).flatMap((o) => {
            const rows = byDue.filter((b) => b.outcome === o);
            return rows.length === 0
              ? [{ outcome: OUTCOME_TEXTS[o], members: 0, balance: '0.00', due: null }]
              : rows.map((b) => ({ outcome: OUTCOME_TEXTS[o], members: b.members, balance: b.balance, due: b.due_on }));
          }),
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
        for await (const { row: r, dueOn } of detailRowsWithDueDates(ctx)) {
          yield { ...r, due_on: dueOn, outcome: OUTCOME_TEXTS[r.outcome as Outcome] ?? r.outcome, reasons: reasonsText(r.reasons) };
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
    title: `Tarifklassen § 18a Abs. 3 (Version ${t.version}, gültig ab ${germanDate(t.validFrom)}${t.validTo ? ` bis ${germanDate(t.validTo)}` : ''})`,
    table: {
      columns: [
        { header: 'Klasse', key: 'cls', type: 'id' },
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
      // the statutory date; a payout released after it is due on its release day (Zahlungsliste)
      {
        label: 'Auszahlung fällig am (§ 18a Abs. 4; bei späterer Freigabe am Tag der Freigabe)',
        value: payoutDueDate(ctx.run.year),
        type: 'date',
      },
    ],
  });
  sections.push(
    await parameterFundSection(ctx.db, FUND, ctx.run.year, [
      { title: 'Tarifklassen § 18a Abs. 3', table: 'param_tariff_class' },
      { table: 'param_value', names: ['premium_cap_rate', 'premium_cap_max'] },
    ]),
  );
  await book.addSummary(SHEET_NAMES.parameters, sections, { heading: 'Parameter des Laufs' });
}

/**
 * Members and balances by outcome and due date. Before release (a computed or approved run, or a
 * dry run) a payout's due date is the statutory one (payoutDueDate, § 18a Abs. 4: 30 June Y+1,
 * stored with the result) and a receivable's is not known yet (one month after a release that has
 * not happened). Once released, it is the payment list's (src/runs/payment-due.ts): the release
 * fixed it, and a payout released after 30 June is due on its release day.
 */
async function outcomeDueTotals(ctx: WorkbookContext<TariffTotals>) {
  const { run } = ctx;
  const result = await sql<{ outcome: Outcome; due_on: IsoDate | null; members: number; balance: string }>`
    SELECT t.outcome, ${run.status === 'released' ? sql`d.due_on` : sql`t.due_on::text`} AS due_on,
           count(*)::int AS members, sum(t.balance)::text AS balance
    FROM tariff_result t
    ${
      run.status === 'released'
        ? sql`LEFT JOIN (${latestDueDates(run, 'tariff')}) d ON d.item_key = t.member_id
                AND d.direction = CASE WHEN t.balance > 0 THEN 'payout' WHEN t.balance < 0 THEN 'receivable' END`
        : sql``
    }
    WHERE t.run_id = ${run.id}
    GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST`.execute(ctx.db);
  return result.rows;
}

/** The Einzelabrechnung rows with the due date outcomeDueTotals counts them under. */
function detailRowsWithDueDates(ctx: WorkbookContext) {
  const { run } = ctx;
  const rows = tariffResultRows(ctx.db, run.id);
  if (run.status !== 'released') {
    return (async function* () {
      for await (const row of rows) yield { row, dueOn: row.due_on };
    })();
  }
  return withDueDates(
    ctx.db,
    run,
    'tariff',
    rows,
    (r) => r.member_id,
    (r) => r.balance,
  );
}

/** `DD.MM.YYYY`, as the German labels write a date. */
function germanDate(date: IsoDate): string {
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}
