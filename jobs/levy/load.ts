/**
 * Loads one chunk (a key range of employers) for levy year Y from the batches the run
 * recorded: employers, elections of Y, employments, pay months and declarations of Y, claims
 * with period_from in Y, and the history carried from Y−1.
 */
import { sql, type Kysely } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { DB } from '../../src/db/schema.ts';
import { groupBy } from '../../src/collections.ts';
import { mapWithTurns } from '../../src/runs/cooperative.ts';
import { carriedHistory } from './state.ts';
import type { ClaimKind, EmployerFacts, EmploymentCategory, Tariff } from './types.ts';

export interface LevyChunkRange {
  inputs: Record<string, number>;
  firstKey: string;
  lastKey: string;
  year: number;
  stateRunId: number | null;
}

type Tables = 'employer' | 'u1_election' | 'employment' | 'pay_month' | 'levy_declaration' | 'reimbursement_claim';

function inRange(db: Kysely<DB>, table: Tables, batchId: number, range: LevyChunkRange) {
  return db
    .selectFrom(table)
    .where('batch_id', '=', batchId)
    .where('employer_id', '>=', range.firstKey)
    .where('employer_id', '<=', range.lastKey);
}

/** Weekly hours as a number: a decimal with at most 2 places, compared with 10/20/30 only. */
function hours(value: string): number {
  return Number(value);
}

export async function loadLevyChunk(db: Kysely<DB>, range: LevyChunkRange): Promise<EmployerFacts[]> {
  const b = (file: string) => range.inputs[file]!;
  const y = String(range.year);
  const [employers, elections, employments, pays, declarations, claims, history] = await Promise.all([
    inRange(db, 'employer', b('employers.csv'), range).selectAll().orderBy('employer_id').execute(),
    inRange(db, 'u1_election', b('u1_elections.csv'), range)
      .where('year', '=', range.year)
      .select(['employer_id', 'tariff', 'received_on'])
      .orderBy('received_on')
      .execute(),
    inRange(db, 'employment', b('employments.csv'), range)
      .select(['employer_id', 'employee_id', 'valid_from', 'valid_to', 'category', 'weekly_hours', 'insured_with_fund'])
      .orderBy('employee_id')
      .orderBy('valid_from')
      .execute(),
    // Pay months (about 119 rows per employer) come back in the rules' own shape, so each row is
    // built once (by pg) and never mapped again. Unordered: the rules only sum an employer's rows
    // per month (exact sums, counts of employees), so their order changes nothing, and sorting a
    // chunk's ~250k rows was an external merge sort on disk (EXPLAIN ANALYZE: 0.6 s a chunk).
    inRange(db, 'pay_month', b('pay_months.csv'), range)
      .where('month', '>=', `${y}-01`)
      .where('month', '<=', `${y}-12`)
      .select([
        'employer_id',
        'employee_id as employeeId',
        'month',
        'sv_days as svDays',
        'pay_regular as payRegular',
        'pay_one_time as payOneTime',
        'short_no_efzg as shortNoEfzg',
      ])
      .execute(),
    inRange(db, 'levy_declaration', b('levy_declarations.csv'), range)
      .where('month', '>=', `${y}-01`)
      .where('month', '<=', `${y}-12`)
      .select(['employer_id', 'month', 'declared_u1 as declaredU1', 'declared_u2 as declaredU2'])
      .orderBy('month')
      .execute(),
    inRange(db, 'reimbursement_claim', b('reimbursement_claims.csv'), range)
      .where('period_from', '>=', isoDate(range.year, 1, 1))
      .where('period_from', '<=', isoDate(range.year, 12, 31))
      .select([
        'employer_id',
        'claim_id as claimId',
        'employee_id as employeeId',
        sql<ClaimKind>`kind`.as('kind'),
        'period_from as periodFrom',
        'period_to as periodTo',
        'continued_pay as continuedPay',
        'employer_contributions as employerContributions',
      ])
      .orderBy('claim_id')
      .execute(),
    carriedHistory(db, range.year, range.stateRunId, b('u1_history.csv'), range.firstKey, range.lastKey),
  ]);
  const by = {
    elections: groupBy(elections, (r) => r.employer_id),
    employments: groupBy(employments, (r) => r.employer_id),
    pays: groupBy(pays, (r) => r.employer_id),
    declarations: groupBy(declarations, (r) => r.employer_id),
    claims: groupBy(claims, (r) => r.employer_id),
  };
  return mapWithTurns(employers, (e): EmployerFacts => ({
    employer: {
      employerId: e.employer_id,
      accountOpenedOn: e.account_opened_on,
      closedOn: e.closed_on,
      u1Exempt: e.u1_exempt,
      aagExempt: e.aag_exempt,
      expectedHeadcount: e.expected_headcount === null ? null : Number(e.expected_headcount),
    },
    elections: (by.elections.get(e.employer_id) ?? []).map((r) => ({ tariff: r.tariff as Tariff, receivedOn: r.received_on })),
    history: history.get(e.employer_id) ?? { previousTariff: null, participates: null },
    employments: (by.employments.get(e.employer_id) ?? []).map((r) => ({
      employeeId: r.employee_id,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      category: r.category as EmploymentCategory,
      weeklyHours: hours(r.weekly_hours),
      insuredWithFund: r.insured_with_fund,
    })),
    // the rows as selected (their employer_id is left on them; the rules do not read it)
    payMonths: by.pays.get(e.employer_id) ?? [],
    declarations: by.declarations.get(e.employer_id) ?? [],
    claims: by.claims.get(e.employer_id) ?? [],
  }));
}
