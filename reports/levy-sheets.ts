/**
 * Row sources of the U1/U2 workbook (reports/levy.ts). The big sheets are read page by page in
 * key order (C collation, keyset pagination): a run can have 150,000 employers and nearly two
 * million employer-months, which must never be in memory at once. German texts come from the
 * catalogue; money stays the database's decimal string until the cell writer.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, LevyMonthResultTable } from '../src/db/schema.ts';
import { Decimal } from '../src/money.ts';
import { resultRows } from '../src/runs/paging.ts';
import type { LevyParams } from '../jobs/levy/types.ts';
import { DIFF_CLASS_TEXTS, REIMBURSEMENT_DECISION_TEXTS, reasonText, reasonsText } from './catalogue.ts';
import {
  CLAIM_KIND_TEXTS,
  DETERMINATION_BASIS_TEXTS,
  HEADCOUNT_KEYS,
  LEVY_PROCEDURE_TEXTS,
  LEVY_TARIFF_TEXTS,
  PENSION_REGION_TEXTS,
  RESERVE_STATUS_TEXTS,
  participationText,
} from './catalogue-levy.ts';
import type { SummarySection } from './workbook.ts';

/** Rows per query: the page size of src/runs/paging.ts. */
const PAGE = 10_000;

/** German text of a code; an unknown code (stale data) shows as itself rather than vanish. */
export function textOf(texts: Readonly<Record<string, string>>, code: string | null | undefined): string | null {
  return code === null || code === undefined ? null : (texts[code] ?? code);
}

/** Keyset pagination: `fetch(last)` returns the page after `last` (null: the first page). */
async function* pages<T>(fetch: (last: T | null) => Promise<T[]>): AsyncGenerator<T> {
  let last: T | null = null;
  for (;;) {
    const page = await fetch(last);
    yield* page;
    if (page.length < PAGE) return;
    last = page[page.length - 1]!;
  }
}

interface EmployerYear {
  employer_id: string;
  tariff: string | null;
  has_year: boolean;
  participates: boolean | null;
  has_next: boolean;
  participates_next: boolean | null;
  u1_levy: string;
  declared_u1: string | null;
  diff_u1: string;
  u2_levy: string;
  declared_u2: string | null;
  diff_u2: string;
  reimbursed_u1: string;
  reimbursed_u2: string;
}

/**
 * Arbeitgeber: one row per employer of the run (levy_employer_figures has exactly one), its
 * months and approved claims summed in SQL for one page of employers at a time. A yearly
 * declared sum stays empty when the employer declared nothing at all; a participation stays
 * empty when the employer has no determination for that year (e.g. founded in Y+1).
 */
export async function* employerRows(db: Kysely<DB>, runId: number, year: number): AsyncGenerator<Record<string, unknown>> {
  // The run's result tables have their statistics (finalizeRun ANALYZEs them before the workbook).
  // Each page names its key range (after the last page's employer, up to this page's last one) on
  // every table keyed by employer: the planner then reads just that range by index. Joined only
  // through the page, it hashed the run's whole levy_month_result and determinations for every
  // page — quadratic in the employers (EXPLAIN ANALYZE, 20k employers: 0.6 s of 10k rows a page,
  // most of it the run's 213k months; at 150k employers 15 pages of 1.8 M).
  const rows = pages<EmployerYear>(async (last) => {
    const after = (column: string) => (last === null ? sql`true` : sql`${sql.ref(column)} > ${last.employer_id}`);
    const upTo = (column: string) => sql`${sql.ref(column)} <= (SELECT last FROM bounds)`;
    const money = (expr: string) => sql.raw(`${expr}::numeric(18,2)::text`);
    const result = await sql<EmployerYear>`
      WITH page AS (
        SELECT employer_id FROM levy_employer_figures WHERE run_id = ${runId} AND ${after('employer_id')}
        ORDER BY employer_id COLLATE "C" LIMIT ${PAGE}
      ), bounds AS (
        SELECT max(employer_id) AS last FROM page
      ), months AS (
        SELECT m.employer_id, sum(m.u1_levy) AS u1_levy, sum(m.declared_u1) AS declared_u1, sum(m.diff_u1) AS diff_u1,
               sum(m.u2_levy) AS u2_levy, sum(m.declared_u2) AS declared_u2, sum(m.diff_u2) AS diff_u2
        FROM levy_month_result m
        WHERE m.run_id = ${runId} AND ${after('m.employer_id')} AND ${upTo('m.employer_id')} GROUP BY m.employer_id
      ), claims AS (
        SELECT c.employer_id, sum(c.reimbursement) FILTER (WHERE left(c.kind, 3) = 'u1_') AS u1,
               sum(c.reimbursement) FILTER (WHERE left(c.kind, 3) = 'u2_') AS u2
        FROM reimbursement_result c
        WHERE c.run_id = ${runId} AND c.decision = 'approved' AND ${after('c.employer_id')} AND ${upTo('c.employer_id')}
        GROUP BY c.employer_id
      ), tariffs AS (
        SELECT t.employer_id, t.tariff FROM u1_tariff_result t
        WHERE t.run_id = ${runId} AND t.year = ${year} AND ${after('t.employer_id')} AND ${upTo('t.employer_id')}
      ), decided AS (
        SELECT d.employer_id, d.year, d.participates FROM u1_determination_result d
        WHERE d.run_id = ${runId} AND d.year IN (${year}, ${year + 1}) AND ${after('d.employer_id')} AND ${upTo('d.employer_id')}
      )
      SELECT p.employer_id, t.tariff, d.employer_id IS NOT NULL AS has_year, d.participates,
             n.employer_id IS NOT NULL AS has_next, n.participates AS participates_next,
             ${money('coalesce(m.u1_levy, 0)')} AS u1_levy, ${money('m.declared_u1')} AS declared_u1, ${money('coalesce(m.diff_u1, 0)')} AS diff_u1,
             ${money('coalesce(m.u2_levy, 0)')} AS u2_levy, ${money('m.declared_u2')} AS declared_u2, ${money('coalesce(m.diff_u2, 0)')} AS diff_u2,
             ${money('coalesce(c.u1, 0)')} AS reimbursed_u1, ${money('coalesce(c.u2, 0)')} AS reimbursed_u2
      FROM page p
      LEFT JOIN tariffs t ON t.employer_id = p.employer_id
      LEFT JOIN decided d ON d.employer_id = p.employer_id AND d.year = ${year}
      LEFT JOIN decided n ON n.employer_id = p.employer_id AND n.year = ${year + 1}
      LEFT JOIN months m ON m.employer_id = p.employer_id
      LEFT JOIN claims c ON c.employer_id = p.employer_id
      ORDER BY p.employer_id COLLATE "C"`.execute(db);
    return result.rows;
  });
  for await (const r of rows) {
    yield {
      ...r,
      participates: r.has_year ? participationText(r.participates) : null,
      participates_next: r.has_next ? participationText(r.participates_next) : null,
    };
  }
}

type MonthRow = Selectable<LevyMonthResultTable>;

function monthRow(r: MonthRow): Record<string, unknown> {
  return {
    ...r,
    u1_participates: participationText(r.u1_participates),
    diff_class: textOf(DIFF_CLASS_TEXTS, r.diff_class),
    reasons: reasonsText(r.reasons),
  };
}

/** Monate: every employer-month; counts the months per diff class for the check against the totals. */
export async function* monthRows(db: Kysely<DB>, runId: number, perClass: Map<string, number>): AsyncGenerator<Record<string, unknown>> {
  for await (const r of resultRows(db, 'levy_month_result', runId, ['employer_id', 'month'])) {
    perClass.set(r.diff_class, (perClass.get(r.diff_class) ?? 0) + 1);
    yield monthRow(r);
  }
}

/** Abstimmung: only the months with a difference (a few percent of all), same key order as Monate. */
export async function* reconciliationRows(db: Kysely<DB>, runId: number): AsyncGenerator<Record<string, unknown>> {
  const rows = pages<MonthRow>((last) =>
    db
      .selectFrom('levy_month_result')
      .selectAll()
      .where('run_id', '=', runId)
      .where('diff_class', '<>', 'none')
      .$if(last !== null, (qb) =>
        qb.where(sql<boolean>`(employer_id COLLATE "C", month COLLATE "C") > (${last!.employer_id}, ${last!.month})`),
      )
      .orderBy(sql`employer_id COLLATE "C"`)
      .orderBy(sql`month COLLATE "C"`)
      .limit(PAGE)
      .execute(),
  );
  for await (const r of rows) yield monthRow(r);
}

/** Feststellung U1: the decisions for Y+1 only (Y's own rows are carried over, without headcounts). */
export async function* determinationRows(db: Kysely<DB>, runId: number, nextYear: number): AsyncGenerator<Record<string, unknown>> {
  const rows = pages((last: { employer_id: string } | null) =>
    db
      .selectFrom('u1_determination_result')
      .selectAll()
      .where('run_id', '=', runId)
      .where('year', '=', nextYear)
      .$if(last !== null, (qb) => qb.where(sql<boolean>`employer_id COLLATE "C" > ${last!.employer_id}`))
      .orderBy(sql`employer_id COLLATE "C"`)
      .limit(PAGE)
      .execute(),
  );
  for await (const r of rows) {
    const headcounts = Object.fromEntries(HEADCOUNT_KEYS.map((key, i) => [key, r.headcounts[i] ?? null]));
    yield {
      employer_id: r.employer_id,
      ...headcounts,
      months_considered: r.months_considered,
      months_at_most_30: r.months_at_most_30,
      participates: participationText(r.participates),
      basis: textOf(DETERMINATION_BASIS_TEXTS, r.basis),
      reasons: reasonsText(r.reasons),
    };
  }
}

/** Erstattungen: every claim of Y with its decision. */
export async function* reimbursementRows(db: Kysely<DB>, runId: number): AsyncGenerator<Record<string, unknown>> {
  for await (const r of resultRows(db, 'reimbursement_result', runId, ['claim_id'])) {
    yield {
      ...r,
      kind: textOf(CLAIM_KIND_TEXTS, r.kind),
      decision: textOf(REIMBURSEMENT_DECISION_TEXTS, r.decision),
      reason: r.reason ? reasonText(r.reason) : null,
    };
  }
}

/** Umlagekasse: the two funds' rows (U1, U2). */
export async function fundRows(db: Kysely<DB>, runId: number): Promise<Record<string, unknown>[]> {
  const rows = await db
    .selectFrom('levy_fund_result')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('procedure')
    .orderBy('year')
    .execute();
  return rows.map((f) => ({
    ...f,
    procedure: textOf(LEVY_PROCEDURE_TEXTS, f.procedure),
    reserve_status: textOf(RESERVE_STATUS_TEXTS, f.reserve_status),
  }));
}

/** Σ of decimal strings, exactly; '0.00' for none (money columns of the totals). */
export function sumMoney(values: Iterable<string | null>): string {
  let sum = new Decimal(0);
  for (const v of values) if (v !== null) sum = sum.plus(v);
  return sum.toFixed(2);
}

/** Parameter: rates with their validity, the ceilings per year, the headcount and reserve limits. */
export function parameterSections(params: LevyParams): SummarySection[] {
  const validity = [
    { header: 'Satz', key: 'rate', type: 'rate' as const },
    { header: 'gültig ab', key: 'validFrom', type: 'date' as const },
    { header: 'gültig bis', key: 'validTo', type: 'date' as const },
  ];
  const tariffTable = (rates: LevyParams['u1LevyRates']) => ({
    columns: [{ header: 'Tarif', key: 'tariff', type: 'text' as const, width: 28 }, ...validity],
    rows: rates.map((r) => ({ ...r, tariff: textOf(LEVY_TARIFF_TEXTS, r.tariff) })),
  });
  return [
    { title: 'U1-Umlagesätze nach Tarif (§ 40 Abs. 2 Satzung)', table: tariffTable(params.u1LevyRates) },
    { title: 'U1-Erstattungssätze nach Tarif (§ 39 Abs. 1 Satzung)', table: tariffTable(params.u1ReimbursementRates) },
    { title: 'U2-Umlagesatz (§ 40 Abs. 3 Satzung)', table: { columns: validity, rows: params.u2LevyRates.map((r) => ({ ...r })) } },
    {
      title: 'U2-Erstattungssatz (§ 39 Abs. 3 Satzung, ohne Begrenzung)',
      table: { columns: validity, rows: params.u2ReimbursementRates.map((r) => ({ ...r })) },
    },
    {
      title: 'Beitragsbemessungsgrenze der Rentenversicherung (BBG RV) je Monat',
      table: {
        columns: [
          { header: 'Jahr', key: 'year', type: 'id' },
          { header: 'Gebiet', key: 'region', type: 'text', width: 18 },
          { header: 'Betrag je Monat', key: 'monthly', type: 'money' },
        ],
        rows: [...params.pensionCeilings]
          .sort((a, b) => a.year - b.year)
          .flatMap((c) =>
            'monthly' in c
              ? [{ year: c.year, region: PENSION_REGION_TEXTS.all, monthly: c.monthly }]
              : [
                  { year: c.year, region: PENSION_REGION_TEXTS.west, monthly: c.west },
                  { year: c.year, region: PENSION_REGION_TEXTS.east, monthly: c.east },
                ],
          ),
      },
    },
    {
      title: 'Grenzen',
      rows: [
        { label: 'Beschäftigtengrenze U1 (§ 3 AAG, § 38 Satzung)', value: params.headcountLimit, type: 'int' },
        { label: 'Rücklagegrenze in Monatsausgaben (§ 9 AAG, § 41 Abs. 1 Satzung)', value: params.reserveMonths, type: 'int' },
      ],
    },
  ];
}
