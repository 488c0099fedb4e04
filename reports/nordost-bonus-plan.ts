/**
 * The AOK Nordost bonus plan workbook (rules-nordost-bonus-plan.md, "Exports, workbook,
 * deadline"): Übersicht (run, inputs, totals per class, outcome and reason; basic, health and
 * additional bonus; payouts due 30 June, receivables; proofs per reason; additional bonuses paid),
 * Korrekturen (a correction run), Teilnehmer (one row per member, the export's columns under
 * German headers), Klärfälle, Zahlungsliste (a released run), Importfehler, Parameter. Totals on
 * Übersicht come from SQL and are checked against the sums of the Teilnehmer rows as written.
 */
import type { WorkbookContext } from './workbook-context.ts';
import type { IsoDate } from '../src/dates.ts';
import { withDueDates } from '../src/runs/payment-due.ts';
import { PAYOUT_DUE, payoutDueDate } from '../jobs/nordost-bonus-plan/decisions.ts';
import { nordostBonusPlanExport, nordostProofsExport, nordostResultRows } from '../jobs/nordost-bonus-plan/export.ts';
import { FUND, loadNordostParameters } from '../jobs/nordost-bonus-plan/params.ts';
import type { NordostTotals } from '../jobs/nordost-bonus-plan/store.ts';
import type { ClaimFreeSource, Outcome } from '../jobs/nordost-bonus-plan/types.ts';
import { OUTCOME_TEXTS, SHEET_NAMES, reasonText } from './catalogue.ts';
import {
  CLAIM_FREE_SOURCE_TEXTS,
  NORDOST_PARTICIPANT_COLUMNS,
  NORDOST_REASON_TEXTS,
  NORDOST_SHEET_NAMES,
  PROOF_PATH_TEXTS,
} from './catalogue-nordost.ts';
import { parameterFundSection } from './parameter-funds.ts';
import { checkSums, runSections } from './run-sections.ts';
import { planSharedSheets } from './shared-sheets.ts';
import { BAR_COLOURS, letterOf, openWorkbook, sumFormula, sumIfFormula, type SummarySection } from './workbook.ts';

const DETAIL = NORDOST_SHEET_NAMES.participants;

/** The plan's text of a code, else the shared catalogue's. */
function nordostReasonText(code: string): string {
  return NORDOST_REASON_TEXTS[code as keyof typeof NORDOST_REASON_TEXTS] ?? reasonText(code);
}

function nordostReasonsText(codes: string | null): string {
  return (codes ?? '')
    .split(';')
    .filter((c) => c !== '')
    .map(nordostReasonText)
    .join('; ');
}

export async function writeNordostWorkbook(ctx: WorkbookContext<NordostTotals>): Promise<void> {
  const totals = ctx.totals;
  const { run } = ctx;
  const book = await openWorkbook(ctx.path, {
    preliminary: run.kind === 'dry',
    rowLimit: ctx.rowLimit,
    title: `AOK Bonus Plan ${run.year} – Lauf ${run.id}`,
  });
  try {
    const parts = book.planParts(DETAIL, totals.members);
    const shared = await planSharedSheets(book, ctx, [nordostBonusPlanExport, nordostProofsExport]);
    const col = (key: string) => letterOf(NORDOST_PARTICIPANT_COLUMNS, key);
    const sum = (key: string) => sumFormula(parts, col(key));
    const payoutDue = germanDate(payoutDueDate(run.year, PAYOUT_DUE));
    const sections: SummarySection[] = [
      ...runSections(ctx),
      {
        title: 'Summen (geprüft gegen die Teilnehmerliste)',
        rows: [
          { label: 'Teilnehmer mit Abrechnung', value: totals.members, type: 'int' },
          { label: 'Grundbonus', value: totals.basicBonus, type: 'money', formula: sum('basic_bonus') },
          { label: 'Gesundheitsbonus', value: totals.healthBonus, type: 'money', formula: sum('health_bonus') },
          { label: 'Zusatzbonus', value: totals.additionalBonus, type: 'money', formula: sum('additional_bonus') },
          { label: 'Zusatzboni gezahlt (Teilnehmer)', value: totals.additionalBonuses, type: 'int' },
          { label: 'Boni gesamt', value: totals.bonusTotal, type: 'money', formula: sum('bonus_total') },
          { label: 'Boni nach Höchstprämie § 53 Abs. 8 SGB V', value: totals.bonusPaid, type: 'money', formula: sum('bonus_paid') },
          { label: 'Eigenbeteiligung', value: totals.copay, type: 'money', formula: sum('copay') },
          {
            label: `Auszahlungen (fällig am ${payoutDue}; bei späterer Freigabe am Tag der Freigabe)`,
            value: totals.payouts,
            type: 'money',
            formula: sumIfFormula(parts, col('outcome'), OUTCOME_TEXTS.payout, col('balance')),
          },
          {
            label: 'Forderungen (fällig einen Monat nach Freigabe)',
            value: totals.receivables,
            type: 'money',
            formula: sumIfFormula(parts, col('outcome'), OUTCOME_TEXTS.receivable, col('balance')),
          },
        ],
      },
      {
        title: 'Nach Ergebnis',
        table: {
          columns: [
            { header: 'Ergebnis', key: 'outcome', type: 'text', width: 24 },
            { header: 'Teilnehmer', key: 'members', type: 'int', bar: BAR_COLOURS.count },
            { header: 'Saldo', key: 'balance', type: 'money', bar: BAR_COLOURS.paid },
          ],
          rows: (['payout', 'receivable', 'zero', 'held'] as const).map((o) => {
            const found = totals.byOutcome.find((b) => b.outcome === o);
            return { outcome: OUTCOME_TEXTS[o], members: found?.members ?? 0, balance: found?.balance ?? '0.00' };
          }),
        },
      },
      {
        title: 'Nach Bonusklasse (Klasse des letzten Teilnahmemonats)',
        table: {
          columns: [
            { header: 'Klasse', key: 'cls', type: 'text' },
            { header: 'Teilnehmer', key: 'members', type: 'int', bar: BAR_COLOURS.count },
            { header: 'Grundbonus', key: 'basic', type: 'money' },
            { header: 'Saldo', key: 'balance', type: 'money', bar: BAR_COLOURS.paid },
          ],
          rows: totals.byClass.map((c) => ({ cls: c.tariffClass, members: c.members, basic: c.basicBonus, balance: c.balance })),
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
            text: nordostReasonText(r.code),
            count: r.count,
          })),
        },
      },
      {
        title: 'Nachweise Gesundheitsbonus nach Entscheidung und Grund',
        table: {
          columns: [
            { header: 'Entscheidung', key: 'decision', type: 'text', width: 16 },
            { header: 'Grund', key: 'text', type: 'text', width: 60 },
            { header: 'Anzahl', key: 'count', type: 'int' },
          ],
          rows: totals.proofs.map((p) => ({
            decision: p.decision === 'accepted' ? 'anerkannt' : 'abgelehnt',
            text: p.reason ? nordostReasonText(p.reason) : '–',
            count: p.count,
          })),
        },
      },
    ];
    await book.addSummary(SHEET_NAMES.overview, [...sections, ...shared.sections], {
      heading: `AOK Nordost – AOK Bonus Plan – Abrechnung ${run.year}`,
    });
    await shared.afterOverview();

    const detail = await book.addTable(
      DETAIL,
      NORDOST_PARTICIPANT_COLUMNS,
      (async function* () {
        for await (const { row: r, dueOn } of participantRows(ctx)) {
          yield {
            ...r,
            due_on: dueOn,
            classes: r.classes || null,
            outcome: OUTCOME_TEXTS[r.outcome as Outcome] ?? r.outcome,
            reasons: nordostReasonsText(r.reasons),
            claim_free_source: CLAIM_FREE_SOURCE_TEXTS[r.claim_free_source as ClaimFreeSource] ?? r.claim_free_source,
          };
        }
      })(),
      { expectedRows: totals.members },
    );
    checkSums(DETAIL, detail.totals, [
      ['basic_bonus', totals.basicBonus],
      ['health_bonus', totals.healthBonus],
      ['additional_bonus', totals.additionalBonus],
      ['bonus_paid', totals.bonusPaid],
      ['copay', totals.copay],
      ['balance', totals.balance],
    ]);

    // The shared Klärfälle rows with the plan's wording where a code means something else elsewhere.
    await shared.closing({ klaerfaelle: (rows) => rows.map((r) => ({ ...r, text: nordostReasonText(String(r.code)) })) });
    await writeParameters(book, ctx);
    await book.close();
  } catch (error) {
    await book.abort();
    throw error;
  }
}

async function writeParameters(book: Awaited<ReturnType<typeof openWorkbook>>, ctx: WorkbookContext): Promise<void> {
  const { params } = await loadNordostParameters(ctx.db, ctx.run.year);
  const sections: SummarySection[] = params.classTables.map((t) => ({
    title: `Bonusklassen AOK Nordost (Version ${t.version}, gültig ab ${t.validFrom}${t.validTo ? ` bis ${t.validTo}` : ''})`,
    table: {
      columns: [
        { header: 'Klasse', key: 'cls', type: 'int' },
        { header: 'Beitragspflichtige Einnahmen bis', key: 'upTo', type: 'money' },
        { header: 'Grundbonus pro Jahr', key: 'basic', type: 'money' },
        { header: 'Zusatzbonus pro Jahr', key: 'additional', type: 'money' },
        { header: 'Eigenbeteiligung je Arztbesuch mit Verordnung', key: 'visit', type: 'money' },
        { header: 'Eigenbeteiligung je Krankenhaustag', key: 'day', type: 'money' },
        { header: 'Höchstbetrag Eigenbeteiligung pro Jahr', key: 'cap', type: 'money' },
      ],
      rows: t.classes.map((c) => ({
        cls: c.tariffClass,
        upTo: c.incomeUpTo,
        basic: c.basicBonus,
        additional: c.additionalBonus,
        visit: c.copayPerVisit,
        day: c.copayPerHospitalDay,
        cap: c.copayCap,
      })),
    },
  }));
  sections.push({
    title: 'Weitere Parameter',
    rows: [
      { label: 'Gesundheitsbonus pro Jahr', value: params.healthBonus, type: 'money' },
      { label: 'Leistungsfreie Monate für den Zusatzbonus', value: params.additionalBonusMonths, type: 'int' },
      { label: 'Einreichungsfrist Nachweise (Folgejahr)', value: germanDay(params.healthProofDeadline) },
      { label: 'Auszahlung fällig (Folgejahr; bei späterer Freigabe am Tag der Freigabe)', value: germanDay(params.payoutDue) },
    ],
  });
  sections.push({
    title: 'Höchstprämie § 53 Abs. 8 SGB V (für alle Kassen)',
    rows: [
      { label: 'Anteil der vom Mitglied getragenen Beiträge', value: params.premiumCapRate, type: 'rate' },
      { label: 'Höchstbetrag pro Jahr', value: params.premiumCapMax, type: 'money' },
    ],
  });
  sections.push({
    title: 'Nachweiswege Gesundheitsbonus',
    rows: Object.values(PROOF_PATH_TEXTS).map((text) => ({ label: 'Nachweisweg', value: text })),
  });
  // The Nordost rows and the fund-less § 53 Abs. 8 cap, each with its fund.
  sections.push(
    await parameterFundSection(ctx.db, FUND, ctx.run.year, [
      { title: 'Bonusklassen AOK Bonus Plan', table: 'param_bonus_plan_class' },
      {
        table: 'param_value',
        names: ['health_bonus', 'additional_bonus_months', 'health_proof_deadline', 'payout_due', 'premium_cap_rate', 'premium_cap_max'],
      },
    ]),
  );
  await book.addSummary(SHEET_NAMES.parameters, sections, { heading: 'Parameter des Laufs' });
}

/** Teilnehmer rows with the due date: before release the stored one (30 June Y+1 for a payout), once released the payment list's. */
function participantRows(ctx: WorkbookContext) {
  const { run } = ctx;
  const rows = nordostResultRows(ctx.db, run.id);
  if (run.status !== 'released') {
    return (async function* () {
      for await (const row of rows) yield { row, dueOn: row.due_on };
    })();
  }
  return withDueDates(
    ctx.db,
    run,
    'bonus_plan',
    rows,
    (r) => r.member_id,
    (r) => r.balance,
  );
}

function germanDate(date: IsoDate): string {
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}

/** `MM-DD` → `DD.MM.` */
function germanDay(monthDay: string): string {
  const [month, day] = monthDay.split('-');
  return `${day}.${month}.`;
}
