/**
 * The input files of data-contract.md: columns, types, keys and the table each loads into.
 * A file may carry more columns (ignored), never fewer; column order does not matter.
 */
import type { DB } from '../db/schema.ts';

export type JobGroup = 'common' | 'tariff-settlement' | 'bonus-crediting' | 'levy';

export type ValueType =
  | { kind: 'kvnr' }
  | { kind: 'text' }
  | { kind: 'date' }
  | { kind: 'money'; nonNegative: boolean }
  | { kind: 'decimal' }
  | { kind: 'year' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'bool' }
  | { kind: 'enum'; values: readonly string[] };

export interface ColumnSpec {
  name: string;
  type: ValueType;
  required: boolean;
}

/** A check across columns of one row; returns the column at fault and the reason, or null. */
export type RowCheck = (row: Record<string, string | null>) => { column: string; reason: string } | null;

export interface FileSpec {
  file: string;
  /** which job reads it; files of jobs not built yet are skipped with a notice */
  group: JobGroup;
  table: keyof DB;
  columns: ColumnSpec[];
  /** columns whose values together are unique within the file */
  key: string[];
  /** the column that must name a member of members.csv */
  memberColumn?: string;
  rowChecks: RowCheck[];
}

const kvnr: ValueType = { kind: 'kvnr' };
const date: ValueType = { kind: 'date' };
const CATEGORIES = ['regular', 'pregnancy', 'prevention', 'contraception'] as const;

function col(name: string, type: ValueType, required = true): ColumnSpec {
  return { name, type, required };
}

/** valid_from ≤ valid_to (both inclusive; an empty valid_to is open-ended). */
function intervalOrder(fromCol: string, toCol: string, reason = 'interval ends before it starts'): RowCheck {
  return (row) => {
    const from = row[fromCol];
    const to = row[toCol];
    return from && to && to < from ? { column: toCol, reason } : null;
  };
}

const classNeeded: RowCheck = (row) =>
  (row.kind === 'enrol' || row.kind === 'class_change') && row.declared_class === null
    ? { column: 'declared_class', reason: 'declared_class is required for enrol and class_change' }
    : null;

export const FILE_SPECS: readonly FileSpec[] = [
  {
    file: 'members.csv', group: 'common', table: 'member',
    columns: [col('member_id', kvnr), col('birth_date', date), col('died_on', date, false)],
    key: ['member_id'], rowChecks: [intervalOrder('birth_date', 'died_on', 'died_on before birth_date')],
  },
  {
    file: 'memberships.csv', group: 'common', table: 'membership',
    columns: [col('member_id', kvnr), col('valid_from', date), col('valid_to', date, false),
      col('kind', { kind: 'enum', values: ['mandatory', 'voluntary', 'family'] })],
    key: ['member_id', 'valid_from'], memberColumn: 'member_id', rowChecks: [intervalOrder('valid_from', 'valid_to')],
  },
  {
    file: 'third_party_periods.csv', group: 'common', table: 'third_party_period',
    columns: [col('member_id', kvnr), col('valid_from', date), col('valid_to', date, false)],
    key: ['member_id', 'valid_from'], memberColumn: 'member_id', rowChecks: [intervalOrder('valid_from', 'valid_to')],
  },
  {
    file: 'annual_income.csv', group: 'common', table: 'annual_income',
    columns: [col('member_id', kvnr), col('year', { kind: 'year' }),
      col('contributory_income', { kind: 'money', nonNegative: true }, false),
      col('member_contributions', { kind: 'money', nonNegative: true }, false)],
    key: ['member_id', 'year'], memberColumn: 'member_id', rowChecks: [],
  },
  {
    file: 'tariff_declarations.csv', group: 'tariff-settlement', table: 'tariff_declaration',
    columns: [col('declaration_id', { kind: 'text' }), col('member_id', kvnr),
      col('kind', { kind: 'enum', values: ['enrol', 'class_change', 'cancel', 'hardship_cancel'] }),
      col('received_on', date), col('declared_class', { kind: 'int', min: 1, max: 6 }, false)],
    key: ['declaration_id'], memberColumn: 'member_id', rowChecks: [classNeeded],
  },
  {
    file: 'outpatient_treatments.csv', group: 'tariff-settlement', table: 'outpatient_treatment',
    columns: [col('claim_id', { kind: 'text' }), col('member_id', kvnr), col('treated_on', date),
      col('with_prescription', { kind: 'bool' }), col('category', { kind: 'enum', values: CATEGORIES })],
    key: ['claim_id'], memberColumn: 'member_id', rowChecks: [],
  },
  {
    file: 'inpatient_stays.csv', group: 'tariff-settlement', table: 'inpatient_stay',
    columns: [col('claim_id', { kind: 'text' }), col('member_id', kvnr), col('admitted_on', date),
      col('discharged_on', date), col('category', { kind: 'enum', values: CATEGORIES })],
    key: ['claim_id'], memberColumn: 'member_id',
    rowChecks: [intervalOrder('admitted_on', 'discharged_on', 'discharged before admitted')],
  },
  {
    file: 'bonus_participations.csv', group: 'common', table: 'bonus_participation',
    columns: [col('member_id', kvnr), col('valid_from', date), col('valid_to', date, false)],
    key: ['member_id', 'valid_from'], memberColumn: 'member_id', rowChecks: [intervalOrder('valid_from', 'valid_to')],
  },
];

/** Files of the contract whose job is not built yet: recognised, skipped with a notice. */
export const NOT_YET_BUILT: Readonly<Record<string, JobGroup>> = {
  'employers.csv': 'levy',
  'u1_elections.csv': 'levy',
  'u1_history.csv': 'levy',
  'employments.csv': 'levy',
  'pay_months.csv': 'levy',
  'levy_declarations.csv': 'levy',
  'reimbursement_claims.csv': 'levy',
  'levy_fund_balances.csv': 'levy',
};

/** The measure codes of the points table (rules-19a-bonus.md): the contract's vocabulary. */
export const MEASURE_CODES = [
  'VACCINATION', 'HEALTH_CHECKUP', 'CANCER_SCREENING', 'CHILD_U1', 'CHILD_U2', 'CHILD_U3', 'CHILD_U4', 'CHILD_U5',
  'CHILD_U6', 'CHILD_U7', 'CHILD_U7A', 'CHILD_U8', 'CHILD_U9', 'CHILD_DENTAL_EARLY', 'NEWBORN_HEARING', 'YOUTH_J1',
  'VACCINATION_EXTRA', 'VACCINATION_TRAVEL', 'DENTAL_CHECKUP', 'PROFESSIONAL_CLEANING', 'PREGNANCY_CHECKUP',
  'NON_SMOKING_COURSE', 'FITNESS_EXAM', 'CHILD_U10', 'CHILD_U11', 'YOUTH_J2', 'SPORTS_MEDICAL_EXAM', 'SKIN_CHECK',
  'SPORTS_EVENT', 'SPORTS_BADGE', 'SPORTS_CLUB', 'GYM_MEMBERSHIP', 'FITNESS_TRACKER', 'BONE_MARROW_TYPING', 'BLOOD_DONATION',
] as const;

const count: ValueType = { kind: 'int', min: 0, max: 1_000_000_000 };
const decimalValue: ValueType = { kind: 'decimal' };

const challengesDone: RowCheck = (row) =>
  row.challenges_done !== null && row.challenges_total !== null && Number(row.challenges_done) > Number(row.challenges_total)
    ? { column: 'challenges_done', reason: 'more challenges done than the goal has' }
    : null;

/** A PLUS request needs its receipt, service, date and cost (rules-19a-bonus.md, payouts). */
const plusFields: RowCheck = (row) => {
  if (row.kind !== 'plus') return null;
  const missing = ['receipt_id', 'service_code', 'service_on', 'cost'].find((c) => row[c] === null);
  return missing ? { column: missing, reason: `${missing} is required for a plus request` } : null;
};

export const BONUS_FILE_SPECS: readonly FileSpec[] = [
  {
    file: 'bonus_exclusions.csv', group: 'bonus-crediting', table: 'bonus_exclusion',
    columns: [col('member_id', kvnr), col('valid_from', date), col('valid_to', date, false)],
    key: ['member_id', 'valid_from'], memberColumn: 'member_id', rowChecks: [intervalOrder('valid_from', 'valid_to')],
  },
  {
    file: 'bonus_proofs.csv', group: 'bonus-crediting', table: 'bonus_proof',
    columns: [col('proof_id', { kind: 'text' }), col('member_id', kvnr), col('measure_code', { kind: 'enum', values: MEASURE_CODES }),
      col('performed_on', date), col('received_on', date), col('channel', { kind: 'enum', values: ['app', 'paper'] })],
    key: ['proof_id'], memberColumn: 'member_id', rowChecks: [],
  },
  {
    file: 'bonus_activities.csv', group: 'bonus-crediting', table: 'bonus_activity',
    columns: [col('activity_id', { kind: 'text' }), col('member_id', kvnr), col('activity_on', date),
      col('duration_min', decimalValue, false), col('kcal', decimalValue, false), col('avg_heart_rate', decimalValue, false),
      col('steps', decimalValue, false)],
    key: ['activity_id'], memberColumn: 'member_id', rowChecks: [],
  },
  {
    file: 'bonus_goals.csv', group: 'bonus-crediting', table: 'bonus_goal',
    columns: [col('goal_id', { kind: 'text' }), col('member_id', kvnr), col('started_on', date), col('completed_on', date),
      col('challenges_total', count), col('challenges_done', count)],
    key: ['goal_id'], memberColumn: 'member_id',
    rowChecks: [intervalOrder('started_on', 'completed_on', 'completed before started'), challengesDone],
  },
  {
    file: 'bonus_opening_balances.csv', group: 'bonus-crediting', table: 'bonus_opening_balance',
    columns: [col('member_id', kvnr), col('year', { kind: 'year' }), col('points', count)],
    key: ['member_id', 'year'], memberColumn: 'member_id', rowChecks: [],
  },
  {
    file: 'bonus_payout_requests.csv', group: 'bonus-crediting', table: 'bonus_payout_request',
    columns: [col('payout_id', { kind: 'text' }), col('member_id', kvnr), col('requested_on', date),
      col('kind', { kind: 'enum', values: ['cash', 'plus'] }), col('points', count),
      col('receipt_id', { kind: 'text' }, false), col('service_code', { kind: 'text' }, false), col('service_on', date, false),
      col('cost', { kind: 'money', nonNegative: true }, false)],
    key: ['payout_id'], memberColumn: 'member_id', rowChecks: [plusFields],
  },
];

export const ALL_FILE_SPECS: readonly FileSpec[] = [...FILE_SPECS, ...BONUS_FILE_SPECS];

export function specOf(file: string): FileSpec | undefined {
  return ALL_FILE_SPECS.find((s) => s.file === file);
}
