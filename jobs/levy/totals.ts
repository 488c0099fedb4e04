/** Totals of a levy run from its stored rows, checked against the chunk counts. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { MoneyTotal } from '../../src/runs/job-definition.ts';

export interface LevyTotals {
  employers: number;
  months: number;
  byTariff: { tariff: string; employers: number }[];
  participationNext: { basis: string; participates: string; employers: number }[];
  levies: { u1Computed: string; u1Declared: string; u2Computed: string; u2Declared: string; u1Base: string; u2Base: string };
  byDiffClass: { diffClass: string; months: number; diffU1: string; diffU2: string }[];
  reimbursements: { kind: string; decision: string; claims: number; amount: string }[];
  funds: {
    procedure: string;
    openingBalance: string;
    leviesDeclared: string;
    leviesComputed: string;
    reimbursements: string;
    closingBalance: string;
    reserveLimit: string;
    reserveStatus: string;
    breakEvenRate: string | null;
    breakEvenRateT50: string | null;
    breakEvenRateT65: string | null;
  }[];
  byReason: { code: string; count: number }[];
}

const money = (expr: string) => sql<string>`coalesce(sum(${sql.ref(expr)}), 0)::numeric(18,2)::text`;

export async function levyTotals(db: Kysely<DB>, runId: number): Promise<LevyTotals> {
  const written = await db
    .selectFrom('run_chunk')
    .select(sql<number>`coalesce(sum(rows_written), 0)::int`.as('n'))
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  const employers = await db
    .selectFrom('levy_employer_figures')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  if (employers.n !== written.n) throw new Error(`run ${runId}: ${employers.n} employers stored but the chunks reported ${written.n}`);
  const months = await db
    .selectFrom('levy_month_result')
    .select([
      sql<number>`count(*)::int`.as('n'),
      money('u1_levy').as('u1Computed'),
      money('declared_u1').as('u1Declared'),
      money('u2_levy').as('u2Computed'),
      money('declared_u2').as('u2Declared'),
      money('u1_base').as('u1Base'),
      money('u2_base').as('u2Base'),
    ])
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  const byTariff = await db
    .selectFrom('u1_tariff_result')
    .select(['tariff', sql<number>`count(*)::int`.as('employers')])
    .where('run_id', '=', runId)
    .groupBy('tariff')
    .orderBy('tariff')
    .execute();
  const participationNext = await db
    .selectFrom('u1_determination_result')
    .select(['basis', sql<string>`coalesce(participates::text, 'offen')`.as('participates'), sql<number>`count(*)::int`.as('employers')])
    .where('run_id', '=', runId)
    .where(sql<boolean>`year = (SELECT year + 1 FROM run WHERE id = ${runId})`)
    .groupBy(['basis', 'participates'])
    .orderBy('basis')
    .orderBy('participates')
    .execute();
  const byDiffClass = await db
    .selectFrom('levy_month_result')
    .select([
      'diff_class as diffClass',
      sql<number>`count(*)::int`.as('months'),
      money('diff_u1').as('diffU1'),
      money('diff_u2').as('diffU2'),
    ])
    .where('run_id', '=', runId)
    .groupBy('diff_class')
    .orderBy('diff_class')
    .execute();
  const reimbursements = await db
    .selectFrom('reimbursement_result')
    .select(['kind', 'decision', sql<number>`count(*)::int`.as('claims'), money('reimbursement').as('amount')])
    .where('run_id', '=', runId)
    .groupBy(['kind', 'decision'])
    .orderBy('kind')
    .orderBy('decision')
    .execute();
  const funds = await db
    .selectFrom('levy_fund_result')
    .select([
      'procedure',
      'opening_balance as openingBalance',
      'levies_declared as leviesDeclared',
      'levies_computed as leviesComputed',
      'reimbursements',
      'closing_balance as closingBalance',
      'reserve_limit as reserveLimit',
      'reserve_status as reserveStatus',
      'break_even_rate as breakEvenRate',
      'break_even_rate_t50 as breakEvenRateT50',
      'break_even_rate_t65 as breakEvenRateT65',
    ])
    .where('run_id', '=', runId)
    .orderBy('procedure')
    .execute();
  const byReason = await db
    .selectFrom('run_exception')
    .select(['code', sql<number>`count(*)::int`.as('count')])
    .where('run_id', '=', runId)
    .groupBy('code')
    .orderBy('code')
    .execute();
  return {
    employers: employers.n,
    months: months.n,
    byTariff,
    participationNext,
    levies: {
      u1Computed: months.u1Computed,
      u1Declared: months.u1Declared,
      u2Computed: months.u2Computed,
      u2Declared: months.u2Declared,
      u1Base: months.u1Base,
      u2Base: months.u2Base,
    },
    byDiffClass,
    reimbursements,
    funds,
    byReason,
  };
}

/** The money of a levy run for `status`: levies computed, reimbursements approved per kind, each fund's closing balance. */
export function levyMoneyTotals(t: LevyTotals): MoneyTotal[] {
  const approved = t.reimbursements.filter((r) => r.decision === 'approved');
  return [
    { label: 'U1 levies (computed)', count: null, eur: t.levies.u1Computed },
    { label: 'U2 levies (computed)', count: null, eur: t.levies.u2Computed },
    ...approved.map((r) => ({ label: `${r.kind} reimbursements approved`, count: r.claims, eur: r.amount })),
    ...t.funds.map((f) => ({ label: `${f.procedure} fund closing balance`, count: null, eur: f.closingBalance })),
  ];
}
