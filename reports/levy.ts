/**
 * The U1/U2 workbook for finance: Übersicht (employers by procedure and tariff, levies computed
 * vs. declared, differences, reimbursements per kind, the two funds' year with reserve status and
 * break-even rates, counts per reason), Arbeitgeber (one row per employer), Monate (employer-
 * months, split at the row limit), Abstimmung (months with a difference), Feststellung U1 (the
 * twelve headcounts beside the decision for Y+1), Erstattungen, Umlagekasse, Klärfälle,
 * Importfehler, Parameter. Totals on Übersicht come from SQL (jobs/levy/totals.ts) and are
 * checked against the sums of the detail rows as they are written; a mismatch aborts the file.
 */
import type { WorkbookContext } from './workbook-context.ts';
import { LEVY_EXPORTS } from '../jobs/levy/export.ts';
import { FUND, loadLevyParameters } from '../jobs/levy/params.ts';
import { parameterFundSection } from './parameter-funds.ts';
import type { LevyTotals } from '../jobs/levy/totals.ts';
import type { LevyParams } from '../jobs/levy/types.ts';
import { DIFF_CLASS_TEXTS, REIMBURSEMENT_DECISION_TEXTS, SHEET_NAMES, reasonText } from './catalogue.ts';
import {
  CLAIM_KIND_TEXTS,
  DETERMINATION_BASIS_TEXTS,
  LEVY_DETERMINATION_COLUMNS,
  LEVY_EMPLOYER_COLUMNS,
  LEVY_FUND_COLUMNS,
  LEVY_ITEM_TYPE_TEXTS,
  LEVY_MONTH_COLUMNS,
  LEVY_PROCEDURE_TEXTS,
  LEVY_RECONCILIATION_COLUMNS,
  LEVY_REIMBURSEMENT_COLUMNS,
  LEVY_SHEET_NAMES,
  LEVY_TARIFF_TEXTS,
  RESERVE_STATUS_TEXTS,
} from './catalogue-levy.ts';
import {
  determinationRows,
  employerRows,
  fundRows,
  monthRows,
  parameterSections,
  reconciliationRows,
  reimbursementRows,
  sumMoney,
  textOf,
} from './levy-sheets.ts';
import { addSmallTable, checkSums, runSections } from './run-sections.ts';
import { planSharedSheets } from './shared-sheets.ts';
import { formula, letterOf, openWorkbook, sumFormula, type SheetPart, type SummarySection } from './workbook.ts';

type Fund = LevyTotals['funds'][number];

/** The procedure a claim kind belongs to: the kinds are named u1_… and u2_… (rules-aag-levy.md § 4). */
const procedureOf = (kind: string) => (kind.startsWith('u1_') ? 'U1' : 'U2');

export async function writeLevyWorkbook(ctx: WorkbookContext<LevyTotals>): Promise<void> {
  const totals = ctx.totals;
  const { run } = ctx;
  const book = await openWorkbook(ctx.path, {
    preliminary: run.kind === 'dry',
    rowLimit: ctx.rowLimit,
    title: `U1/U2 ${run.year} – Lauf ${run.id}`,
  });
  try {
    const { params } = await loadLevyParameters(ctx.db, run.year);
    // the summary is written first: its SUM formulas must name the Monate parts before they exist
    const monthParts = book.planParts(LEVY_SHEET_NAMES.months, totals.months);
    const shared = await planSharedSheets(book, ctx, LEVY_EXPORTS);
    await book.addSummary(SHEET_NAMES.overview, [...overviewSections(ctx, totals, monthParts, params), ...shared.sections], {
      heading: `U1/U2 – Umlagen, Erstattungen und Ausgleichskassen ${run.year}`,
    });
    await shared.afterOverview();

    const approved = (procedure: string) =>
      sumMoney(totals.reimbursements.filter((r) => r.decision === 'approved' && procedureOf(r.kind) === procedure).map((r) => r.amount));
    const fundOf = (procedure: string) => totals.funds.find((f) => f.procedure === procedure);
    const employers = await book.addTable(LEVY_SHEET_NAMES.employers, LEVY_EMPLOYER_COLUMNS, employerRows(ctx.db, run.id, run.year), {
      expectedRows: totals.employers,
    });
    checkSums(LEVY_SHEET_NAMES.employers, employers.totals, [
      ...leviesChecked(totals),
      ['reimbursed_u1', approved('U1')],
      ['reimbursed_u2', approved('U2')],
      // the funds' year is summed from each employer's own figures: it must agree with the rows
      ['u1_levy', fundOf('U1')?.leviesComputed ?? '0'],
      ['u2_levy', fundOf('U2')?.leviesComputed ?? '0'],
      ['reimbursed_u1', fundOf('U1')?.reimbursements ?? '0'],
      ['reimbursed_u2', fundOf('U2')?.reimbursements ?? '0'],
    ]);

    const perClass = new Map<string, number>();
    const months = await book.addTable(LEVY_SHEET_NAMES.months, LEVY_MONTH_COLUMNS, monthRows(ctx.db, run.id, perClass), {
      expectedRows: totals.months,
    });
    checkSums(LEVY_SHEET_NAMES.months, months.totals, [
      ...leviesChecked(totals),
      ['u1_base', totals.levies.u1Base],
      ['u2_base', totals.levies.u2Base],
      ['diff_u1', sumMoney(totals.byDiffClass.map((c) => c.diffU1))],
      ['diff_u2', sumMoney(totals.byDiffClass.map((c) => c.diffU2))],
    ]);
    for (const c of totals.byDiffClass) {
      if ((perClass.get(c.diffClass) ?? 0) !== c.months) {
        throw new Error(
          `workbook check failed: ${perClass.get(c.diffClass) ?? 0} ${c.diffClass} months in the Monate rows, the run's total is ${c.months}`,
        );
      }
    }

    const differences = totals.byDiffClass.filter((c) => c.diffClass !== 'none');
    const reconciliation = await book.addTable(
      LEVY_SHEET_NAMES.reconciliation,
      LEVY_RECONCILIATION_COLUMNS,
      reconciliationRows(ctx.db, run.id),
      { expectedRows: differences.reduce((n, c) => n + c.months, 0) },
    );
    checkSums(LEVY_SHEET_NAMES.reconciliation, reconciliation.totals, [
      ['diff_u1', sumMoney(differences.map((c) => c.diffU1))],
      ['diff_u2', sumMoney(differences.map((c) => c.diffU2))],
    ]);

    await book.addTable(LEVY_SHEET_NAMES.determination, LEVY_DETERMINATION_COLUMNS, determinationRows(ctx.db, run.id, run.year + 1), {
      expectedRows: totals.participationNext.reduce((n, p) => n + p.employers, 0),
    });

    const claims = await book.addTable(LEVY_SHEET_NAMES.reimbursements, LEVY_REIMBURSEMENT_COLUMNS, reimbursementRows(ctx.db, run.id), {
      expectedRows: totals.reimbursements.reduce((n, r) => n + r.claims, 0),
    });
    checkSums(LEVY_SHEET_NAMES.reimbursements, claims.totals, [['reimbursement', sumMoney(totals.reimbursements.map((r) => r.amount))]]);

    const funds = await addSmallTable(book, LEVY_SHEET_NAMES.funds, LEVY_FUND_COLUMNS, await fundRows(ctx.db, run.id));
    checkSums(LEVY_SHEET_NAMES.funds, funds.totals, [
      ['opening_balance', sumMoney(totals.funds.map((f) => f.openingBalance))],
      ['closing_balance', sumMoney(totals.funds.map((f) => f.closingBalance))],
      ['reimbursements', sumMoney(totals.funds.map((f) => f.reimbursements))],
    ]);

    await shared.closing({
      klaerfaelle: (rows) => rows.map((r: Record<string, unknown>) => ({ ...r, type: textOf(LEVY_ITEM_TYPE_TEXTS, String(r.type)) })),
    });
    const fundOfParameters = await parameterFundSection(ctx.db, FUND, run.year, [
      { title: 'U1/U2-Umlage- und Erstattungssätze', table: 'param_levy_rate' },
      { title: 'BBG RV', table: 'param_pension_ceiling' },
      { table: 'param_value', names: ['levy_headcount_limit', 'levy_reserve_months'] },
    ]);
    await book.addSummary(SHEET_NAMES.parameters, [...parameterSections(params), fundOfParameters], { heading: 'Parameter des Laufs' });
    await book.close();
  } catch (error) {
    await book.abort();
    throw error;
  }
}

/** The yearly levies of the run, as the detail sheets must sum to them (same column keys on both). */
function leviesChecked(totals: LevyTotals): [string, string][] {
  const l = totals.levies;
  return [
    ['u1_levy', l.u1Computed],
    ['declared_u1', l.u1Declared],
    ['u2_levy', l.u2Computed],
    ['declared_u2', l.u2Declared],
  ];
}

function overviewSections(ctx: WorkbookContext, totals: LevyTotals, monthParts: SheetPart[], params: LevyParams): SummarySection[] {
  const year = ctx.run.year;
  const sum = (key: string, value: string) => formula(sumFormula(monthParts, letterOf(LEVY_MONTH_COLUMNS, key)), value);
  const l = totals.levies;
  const withTariff = totals.byTariff.reduce((n, t) => n + t.employers, 0);
  return [
    ...runSections(ctx),
    {
      title: 'Arbeitgeber',
      rows: [
        { label: 'Arbeitgeber im Lauf', value: totals.employers, type: 'int' },
        { label: `Arbeitgeber-Monate ${year}`, value: totals.months, type: 'int' },
        {
          label: 'ohne U1-Tarif (von U1 oder U1/U2 ausgenommen, nicht im Jahr bestanden)',
          value: totals.employers - withTariff,
          type: 'int',
        },
      ],
      table: {
        columns: [
          { header: `U1-Tarif ${year}`, key: 'tariff', type: 'text', width: 28 },
          { header: 'Arbeitgeber', key: 'employers', type: 'int' },
        ],
        rows: totals.byTariff.map((t) => ({ tariff: textOf(LEVY_TARIFF_TEXTS, t.tariff), employers: t.employers })),
      },
    },
    {
      title: `U1-Teilnahme ${year + 1} nach Grundlage (festgestellt aus ${year})`,
      table: {
        columns: [
          { header: 'Grundlage', key: 'basis', type: 'text', width: 60 },
          { header: 'Teilnahme', key: 'participates', type: 'text', width: 12 },
          { header: 'Arbeitgeber', key: 'employers', type: 'int' },
        ],
        // totals.ts gives the boolean as text ('true'/'false') and 'offen' for an open decision
        rows: totals.participationNext.map((p) => ({
          basis: textOf(DETERMINATION_BASIS_TEXTS, p.basis),
          employers: p.employers,
          participates: p.participates === 'true' ? 'ja' : p.participates === 'false' ? 'nein' : 'offen',
        })),
      },
    },
    {
      title: `Umlagen ${year}: berechnet und gemeldet (geprüft gegen die Monatszeilen)`,
      table: {
        columns: [
          { header: 'Verfahren', key: 'procedure', type: 'text', width: 36 },
          { header: 'Bemessungsgrundlage', key: 'base', type: 'money' },
          { header: 'Umlage berechnet', key: 'computed', type: 'money' },
          { header: 'Umlage gemeldet', key: 'declared', type: 'money' },
          { header: 'Differenz (gemeldet − berechnet)', key: 'diff', type: 'money' },
        ],
        rows: [
          {
            procedure: LEVY_PROCEDURE_TEXTS.U1,
            base: sum('u1_base', l.u1Base),
            computed: sum('u1_levy', l.u1Computed),
            declared: sum('declared_u1', l.u1Declared),
            diff: sum('diff_u1', sumMoney(totals.byDiffClass.map((c) => c.diffU1))),
          },
          {
            procedure: LEVY_PROCEDURE_TEXTS.U2,
            base: sum('u2_base', l.u2Base),
            computed: sum('u2_levy', l.u2Computed),
            declared: sum('declared_u2', l.u2Declared),
            diff: sum('diff_u2', sumMoney(totals.byDiffClass.map((c) => c.diffU2))),
          },
        ],
      },
    },
    {
      title: 'Abweichungen zwischen gemeldeten und berechneten Umlagen (Einzelheiten: Abstimmung)',
      table: {
        columns: [
          { header: 'Abweichung', key: 'cls', type: 'text', width: 24 },
          { header: 'Monate', key: 'months', type: 'int' },
          { header: 'Differenz U1', key: 'u1', type: 'money' },
          { header: 'Differenz U2', key: 'u2', type: 'money' },
        ],
        rows: totals.byDiffClass.map((c) => ({ cls: textOf(DIFF_CLASS_TEXTS, c.diffClass), months: c.months, u1: c.diffU1, u2: c.diffU2 })),
      },
    },
    {
      title: `Erstattungen ${year} nach Art und Entscheidung`,
      table: {
        columns: [
          { header: 'Art', key: 'kind', type: 'text', width: 60 },
          { header: 'Entscheidung', key: 'decision', type: 'text', width: 22 },
          { header: 'Anträge', key: 'claims', type: 'int' },
          { header: 'Erstattung', key: 'amount', type: 'money' },
        ],
        rows: totals.reimbursements.map((r) => ({
          kind: textOf(CLAIM_KIND_TEXTS, r.kind),
          decision: textOf(REIMBURSEMENT_DECISION_TEXTS, r.decision),
          claims: r.claims,
          amount: r.amount,
        })),
      },
    },
    ...totals.funds.map((f) => fundSection(f, year, params)),
    {
      title: 'Hinweise und Klärfälle nach Grund',
      table: {
        columns: [
          { header: 'Grund (Code)', key: 'code', type: 'text', width: 28 },
          { header: 'Grund', key: 'text', type: 'text', width: 60 },
          { header: 'Anzahl', key: 'count', type: 'int' },
        ],
        rows: totals.byReason.map((r) => ({ code: r.code, text: reasonText(r.code), count: r.count })),
      },
    },
  ];
}

/** One fund's year (§ 41 Satzung, § 9 AAG); the per-tariff break-even rates exist for U1 only. */
function fundSection(f: Fund, year: number, params: LevyParams): SummarySection {
  const u1 = f.procedure === 'U1';
  return {
    title: `Ausgleichskasse ${textOf(LEVY_PROCEDURE_TEXTS, f.procedure)} – Jahr ${year}`,
    rows: [
      { label: `Anfangsbestand 01.01.${year}`, value: f.openingBalance, type: 'money' },
      { label: '+ Umlagen gemeldet', value: f.leviesDeclared, type: 'money' },
      { label: '− Erstattungen (erstattet)', value: f.reimbursements, type: 'money' },
      { label: `Endbestand 31.12.${year}`, value: f.closingBalance, type: 'money' },
      { label: 'Umlagen berechnet (zum Vergleich)', value: f.leviesComputed, type: 'money' },
      { label: `Rücklagegrenze (${params.reserveMonths} Monatsausgaben)`, value: f.reserveLimit, type: 'money' },
      { label: 'Rücklagestatus', value: textOf(RESERVE_STATUS_TEXTS, f.reserveStatus) },
      { label: `Kostendeckender Umlagesatz ${year + 1} (leer: keine Bemessungsgrundlage)`, value: f.breakEvenRate, type: 'rate' },
      ...(u1
        ? [
            { label: `Kostendeckender Umlagesatz ${year + 1}, Tarif 50`, value: f.breakEvenRateT50, type: 'rate' as const },
            { label: `Kostendeckender Umlagesatz ${year + 1}, Tarif 65`, value: f.breakEvenRateT65, type: 'rate' as const },
          ]
        : []),
    ],
  };
}
