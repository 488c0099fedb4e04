/**
 * The § 19a workbook: Übersicht (run, inputs, points credited per section, rejections per reason,
 * payouts in points and euros, closing points and their cash value, forfeited points), Konten
 * (one row per account, split at the row limit), Auszahlungen (one row per payout paid),
 * Klärfälle, Importfehler, Parameter. Item detail (every proof, activity, goal) is in the
 * bonus_items export only. Totals are checked against the account rows as they are written.
 */
import { sql } from 'kysely';
import type { WorkbookContext } from './workbook-context.ts';
import { resultRows } from '../src/runs/paging.ts';
import { BONUS_PARAMETER_NAMES, FUND, loadBonusParameters } from '../jobs/bonus-crediting/params.ts';
import { parameterFundSection } from './parameter-funds.ts';
import type { BonusTotals } from '../jobs/bonus-crediting/store.ts';
import { SHEET_NAMES, reasonText } from './catalogue.ts';
import { bonusAccountsExport, bonusItemsExport } from '../jobs/bonus-crediting/export.ts';
import {
  BONUS_ACCOUNT_SHEET_COLUMNS,
  BONUS_PAYOUT_SHEET_COLUMNS,
  BONUS_SHEET_NAMES,
  ITEM_TYPE_TEXTS,
  OPENING_SOURCE_TEXTS,
  PAYOUT_KIND_TEXTS,
} from './catalogue-bonus.ts';
import { addSmallTable, checkSums, runSections } from './run-sections.ts';
import { planSharedSheets } from './shared-sheets.ts';
import { letterOf, openWorkbook, sumFormula, type ReportWorkbook, type SummarySection } from './workbook.ts';

export async function writeBonusWorkbook(ctx: WorkbookContext<BonusTotals>): Promise<void> {
  const totals = ctx.totals;
  const { run } = ctx;
  const book = await openWorkbook(ctx.path, {
    preliminary: run.kind === 'dry',
    rowLimit: ctx.rowLimit,
    title: `§ 19a ${run.year} – Lauf ${run.id}`,
  });
  try {
    const parts = book.planParts(BONUS_SHEET_NAMES.accounts, totals.accounts);
    const shared = await planSharedSheets(book, ctx, [bonusAccountsExport, bonusItemsExport]);
    const col = (key: string) => letterOf(BONUS_ACCOUNT_SHEET_COLUMNS, key);
    const sum = (key: string) => sumFormula(parts, col(key));
    const sections: SummarySection[] = [
      ...runSections(ctx),
      {
        title: 'Punktekonten (geprüft gegen die Kontenliste)',
        rows: [
          { label: 'Konten', value: totals.accounts, type: 'int' },
          { label: 'Anfangsbestände (Punkte)', value: totals.openingPoints, type: 'int', formula: sum('opening_points') },
          { label: 'Gutschrift § 65a Abs. 1 SGB V (Punkte)', value: totals.credited65a1, type: 'int', formula: sum('credited_65a1') },
          { label: 'Gutschrift § 65a Abs. 1a SGB V (Punkte)', value: totals.credited65a1a, type: 'int', formula: sum('credited_65a1a') },
          {
            label: 'Gutschrift App-Aktivitäten (Punkte)',
            value: totals.creditedActivities,
            type: 'int',
            formula: sum('credited_activities'),
          },
          { label: 'Gutschrift Gesundheitsziele (Punkte)', value: totals.creditedGoals, type: 'int', formula: sum('credited_goals') },
          { label: 'Ausgezahlte Punkte', value: totals.payoutPoints, type: 'int', formula: sum('payout_points') },
          { label: 'Barauszahlungen', value: totals.payoutCashEur, type: 'money', formula: sum('payout_cash_eur') },
          { label: 'Zuschüsse PLUS-Leistungen', value: totals.payoutPlusEur, type: 'money', formula: sum('payout_plus_eur') },
          { label: 'Verfallene Punkte (Tod)', value: totals.forfeitedPoints, type: 'int', formula: sum('forfeited_points') },
          { label: 'Endbestände (Punkte)', value: totals.closingPoints, type: 'int', formula: sum('closing_points') },
          { label: 'Barwert der Endbestände', value: totals.closingValueEur, type: 'money', formula: sum('closing_value_eur') },
          { label: 'Konten ab 500 Punkten (auszahlungsfähig)', value: totals.payoutEligible, type: 'int' },
          ...totals.openingSources.map((s) => ({
            label: `Anfangsbestand: ${OPENING_SOURCE_TEXTS[s.source] ?? s.source}`,
            value: s.accounts,
            type: 'int' as const,
          })),
        ],
      },
      {
        title: 'Auszahlungen nach Art',
        table: {
          columns: [
            { header: 'Art', key: 'kind', type: 'text', width: 24 },
            { header: 'Anträge', key: 'count', type: 'int' },
            { header: 'Punkte', key: 'points', type: 'int' },
            { header: 'Betrag', key: 'eur', type: 'money' },
          ],
          rows: totals.payoutsPaid.map((p) => ({
            kind: PAYOUT_KIND_TEXTS[p.kind] ?? p.kind,
            count: p.count,
            points: p.points,
            eur: p.eur,
          })),
        },
      },
      {
        title: 'Ablehnungen nach Grund (Einzelheiten in bonus_items.csv)',
        table: {
          columns: [
            { header: 'Art', key: 'type', type: 'text', width: 18 },
            { header: 'Grund (Code)', key: 'code', type: 'text', width: 28 },
            { header: 'Grund', key: 'text', type: 'text', width: 60 },
            { header: 'Anzahl', key: 'count', type: 'int' },
          ],
          rows: totals.rejectedByReason.map((r) => ({
            type: ITEM_TYPE_TEXTS[r.itemType] ?? r.itemType,
            code: r.reason,
            text: reasonText(r.reason),
            count: r.count,
          })),
        },
      },
    ];
    await book.addSummary(SHEET_NAMES.overview, [...sections, ...shared.sections], {
      heading: `§ 19a Bonusprogramm – Gutschrift ${run.year}`,
    });
    await shared.afterOverview();

    const accounts = await book.addTable(
      BONUS_SHEET_NAMES.accounts,
      BONUS_ACCOUNT_SHEET_COLUMNS,
      (async function* () {
        for await (const r of resultRows(ctx.db, 'bonus_account_result', run.id, ['member_id'])) {
          yield {
            ...r,
            payout_eligible: r.payout_eligible ? 'ja' : 'nein',
            opening_source: OPENING_SOURCE_TEXTS[r.opening_source] ?? r.opening_source,
          };
        }
      })(),
      { expectedRows: totals.accounts },
    );
    checkSums(BONUS_SHEET_NAMES.accounts, accounts.totals, [
      ['credited_65a1', totals.credited65a1],
      ['credited_65a1a', totals.credited65a1a],
      ['credited_activities', totals.creditedActivities],
      ['credited_goals', totals.creditedGoals],
      ['payout_cash_eur', totals.payoutCashEur],
      ['payout_plus_eur', totals.payoutPlusEur],
      ['closing_points', totals.closingPoints],
      ['closing_value_eur', totals.closingValueEur],
    ]);

    const payouts = await ctx.db
      .selectFrom('bonus_item_result')
      .select(['item_id', 'member_id', 'payout_kind', 'points', 'payout_eur'])
      .where('run_id', '=', run.id)
      .where('item_type', '=', 'payout')
      .where('decision', '=', 'paid')
      .orderBy(sql`item_id COLLATE "C"`)
      .execute();
    await addSmallTable(
      book,
      BONUS_SHEET_NAMES.payouts,
      BONUS_PAYOUT_SHEET_COLUMNS,
      payouts.map((p) => ({
        item_id: p.item_id,
        member_id: p.member_id,
        kind: PAYOUT_KIND_TEXTS[p.payout_kind ?? ''] ?? p.payout_kind,
        points: p.points,
        eur: p.payout_eur,
      })),
    );
    await shared.closing();
    await writeParameters(book, ctx);
    await book.close();
  } catch (error) {
    await book.abort();
    throw error;
  }
}

async function writeParameters(book: ReportWorkbook, ctx: WorkbookContext): Promise<void> {
  const { params } = await loadBonusParameters(ctx.db, ctx.run.year);
  const t = params.activityThresholds;
  await book.addSummary(
    SHEET_NAMES.parameters,
    [
      {
        title: 'Punktetabelle § 19a Abs. 2 und 3',
        table: {
          columns: [
            { header: 'Maßnahme (Code)', key: 'code', type: 'text', width: 26 },
            { header: 'Rechtsgrundlage', key: 'section', type: 'text', width: 22 },
            { header: 'Punkte', key: 'points', type: 'int' },
            { header: 'Häufigkeit', key: 'frequency', type: 'text', width: 30 },
          ],
          rows: Object.entries(params.pointsTable).map(([code, m]) => ({
            code,
            section: m.section === '65a1' ? '§ 65a Abs. 1 SGB V' : '§ 65a Abs. 1a SGB V',
            points: m.frequency === 'set_u1_u3' ? params.u1U3SetPoints : m.points,
            frequency: {
              per_proof: 'je Nachweis',
              once_a_year: 'einmal im Jahr',
              set_u1_u3: 'einmal für U1–U3 zusammen',
              not_bonifiable: 'nicht bonusfähig',
            }[m.frequency],
          })),
        },
      },
      {
        title: 'Fristen, Grenzen und Umrechnung',
        rows: [
          {
            label: 'Nachweisfrist',
            value: `${String(params.proofDeadline.day).padStart(2, '0')}.${String(params.proofDeadline.month).padStart(2, '0')}. des Folgejahres`,
          },
          { label: 'Zahnvorsorge in beiden Halbjahren unter', value: `${params.dentalHalfYearsBelowAge} Jahren` },
          {
            label: 'App-Aktivitäten ab',
            value: `${params.activityMinAge} Jahren, ${params.activityPoints} Punkte, höchstens ${params.activitiesPerMonth} im Monat und 1 am Tag`,
          },
          {
            label: 'App-Aktivität zählt ab',
            value: `${t.kcal} kcal in ${t.kcalMinutes} Min., ${t.heartRate} Puls über ${t.heartRateMinutes} Min. oder ${t.steps} Schritte`,
          },
          {
            label: 'Gesundheitsziele ab',
            value: `${params.goalMinAge} Jahren, ${params.goalPoints} Punkte, höchstens ${params.goalMaxDays} Tage, ${params.goalsPerYear} im Jahr`,
          },
          { label: 'Mindestanteil erfüllter Challenges', value: params.goalMinShare, type: 'rate' },
          { label: 'Barauszahlung ab (Punkte)', value: params.cashMinimumPoints, type: 'int' },
          { label: 'Euro je Punkt (bar)', value: params.cashEuroPerPoint, type: 'euroRate' },
          { label: 'Euro je Punkt (PLUS-Leistung)', value: params.plusEuroPerPoint, type: 'euroRate' },
          { label: 'PLUS-Leistungen ab', value: params.plusStartDate, type: 'date' },
        ],
      },
      await parameterFundSection(ctx.db, FUND, ctx.run.year, [
        { title: 'Punktetabelle § 19a Abs. 2 und 3', table: 'param_bonus_measure' },
        { table: 'param_value', names: BONUS_PARAMETER_NAMES },
      ]),
    ],
    { heading: 'Parameter des Laufs' },
  );
}
