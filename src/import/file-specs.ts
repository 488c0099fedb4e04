/**
 * The input files of data-contract.md: columns, types, keys and the table each loads into.
 * A file may carry more columns (ignored), never fewer; column order does not matter.
 */
import type { DB } from '../db/schema.ts';

export type ValueType =
  | { kind: 'kvnr' }
  | { kind: 'betriebsnummer' }
  | { kind: 'month' }
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

export interface Reference {
  column: string;
  file: 'members.csv' | 'employers.csv';
  table: 'member' | 'employer';
  key: 'member_id' | 'employer_id';
  label: string;
}

const MEMBER_REF: Reference = { column: 'member_id', file: 'members.csv', table: 'member', key: 'member_id', label: 'member' };
const EMPLOYER_REF: Reference = { column: 'employer_id', file: 'employers.csv', table: 'employer', key: 'employer_id', label: 'employer' };

export interface FileSpec {
  file: string;
  table: keyof DB;
  columns: ColumnSpec[];
  /** columns whose values together are unique within the file */
  key: string[];
  /** a column that must name a row of another file in force (members.csv, employers.csv) */
  ref?: Reference;
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
    file: 'members.csv',
    table: 'member',
    columns: [col('member_id', kvnr), col('birth_date', date), col('died_on', date, false)],
    key: ['member_id'],
    rowChecks: [intervalOrder('birth_date', 'died_on', 'died_on before birth_date')],
  },
  {
    file: 'memberships.csv',
    table: 'membership',
    columns: [
      col('member_id', kvnr),
      col('valid_from', date),
      col('valid_to', date, false),
      col('kind', { kind: 'enum', values: ['mandatory', 'voluntary', 'family'] }),
    ],
    key: ['member_id', 'valid_from'],
    ref: MEMBER_REF,
    rowChecks: [intervalOrder('valid_from', 'valid_to')],
  },
  {
    file: 'third_party_periods.csv',
    table: 'third_party_period',
    columns: [col('member_id', kvnr), col('valid_from', date), col('valid_to', date, false)],
    key: ['member_id', 'valid_from'],
    ref: MEMBER_REF,
    rowChecks: [intervalOrder('valid_from', 'valid_to')],
  },
  {
    file: 'annual_income.csv',
    table: 'annual_income',
    columns: [
      col('member_id', kvnr),
      col('year', { kind: 'year' }),
      col('contributory_income', { kind: 'money', nonNegative: true }, false),
      col('member_contributions', { kind: 'money', nonNegative: true }, false),
    ],
    key: ['member_id', 'year'],
    ref: MEMBER_REF,
    rowChecks: [],
  },
  {
    file: 'tariff_declarations.csv',
    table: 'tariff_declaration',
    columns: [
      col('declaration_id', { kind: 'text' }),
      col('member_id', kvnr),
      col('kind', { kind: 'enum', values: ['enrol', 'class_change', 'cancel', 'hardship_cancel'] }),
      col('received_on', date),
      col('declared_class', { kind: 'int', min: 1, max: 6 }, false),
    ],
    key: ['declaration_id'],
    ref: MEMBER_REF,
    rowChecks: [classNeeded],
  },
  {
    file: 'outpatient_treatments.csv',
    table: 'outpatient_treatment',
    columns: [
      col('claim_id', { kind: 'text' }),
      col('member_id', kvnr),
      col('treated_on', date),
      col('with_prescription', { kind: 'bool' }),
      col('category', { kind: 'enum', values: CATEGORIES }),
    ],
    key: ['claim_id'],
    ref: MEMBER_REF,
    rowChecks: [],
  },
  {
    file: 'inpatient_stays.csv',
    table: 'inpatient_stay',
    columns: [
      col('claim_id', { kind: 'text' }),
      col('member_id', kvnr),
      col('admitted_on', date),
      col('discharged_on', date),
      col('category', { kind: 'enum', values: CATEGORIES }),
    ],
    key: ['claim_id'],
    ref: MEMBER_REF,
    rowChecks: [intervalOrder('admitted_on', 'discharged_on', 'discharged before admitted')],
  },
  {
    file: 'bonus_participations.csv',
    table: 'bonus_participation',
    columns: [col('member_id', kvnr), col('valid_from', date), col('valid_to', date, false)],
    key: ['member_id', 'valid_from'],
    ref: MEMBER_REF,
    rowChecks: [intervalOrder('valid_from', 'valid_to')],
  },
];

/** The measure codes of the points table (rules-19a-bonus.md): the contract's vocabulary. */
export const MEASURE_CODES = [
  'VACCINATION',
  'HEALTH_CHECKUP',
  'CANCER_SCREENING',
  'CHILD_U1',
  'CHILD_U2',
  'CHILD_U3',
  'CHILD_U4',
  'CHILD_U5',
  'CHILD_U6',
  'CHILD_U7',
  'CHILD_U7A',
  'CHILD_U8',
  'CHILD_U9',
  'CHILD_DENTAL_EARLY',
  'NEWBORN_HEARING',
  'YOUTH_J1',
  'VACCINATION_EXTRA',
  'VACCINATION_TRAVEL',
  'DENTAL_CHECKUP',
  'PROFESSIONAL_CLEANING',
  'PREGNANCY_CHECKUP',
  'NON_SMOKING_COURSE',
  'FITNESS_EXAM',
  'CHILD_U10',
  'CHILD_U11',
  'YOUTH_J2',
  'SPORTS_MEDICAL_EXAM',
  'SKIN_CHECK',
  'SPORTS_EVENT',
  'SPORTS_BADGE',
  'SPORTS_CLUB',
  'GYM_MEMBERSHIP',
  'FITNESS_TRACKER',
  'BONE_MARROW_TYPING',
  'BLOOD_DONATION',
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
    file: 'bonus_exclusions.csv',
    table: 'bonus_exclusion',
    columns: [col('member_id', kvnr), col('valid_from', date), col('valid_to', date, false)],
    key: ['member_id', 'valid_from'],
    ref: MEMBER_REF,
    rowChecks: [intervalOrder('valid_from', 'valid_to')],
  },
  {
    file: 'bonus_proofs.csv',
    table: 'bonus_proof',
    columns: [
      col('proof_id', { kind: 'text' }),
      col('member_id', kvnr),
      col('measure_code', { kind: 'enum', values: MEASURE_CODES }),
      col('performed_on', date),
      col('received_on', date),
      col('channel', { kind: 'enum', values: ['app', 'paper'] }),
    ],
    key: ['proof_id'],
    ref: MEMBER_REF,
    rowChecks: [],
  },
  {
    file: 'bonus_activities.csv',
    table: 'bonus_activity',
    columns: [
      col('activity_id', { kind: 'text' }),
      col('member_id', kvnr),
      col('activity_on', date),
      col('duration_min', decimalValue, false),
      col('kcal', decimalValue, false),
      col('avg_heart_rate', decimalValue, false),
      col('steps', decimalValue, false),
    ],
    key: ['activity_id'],
    ref: MEMBER_REF,
    rowChecks: [],
  },
  {
    file: 'bonus_goals.csv',
    table: 'bonus_goal',
    columns: [
      col('goal_id', { kind: 'text' }),
      col('member_id', kvnr),
      col('started_on', date),
      col('completed_on', date),
      col('challenges_total', count),
      col('challenges_done', count),
    ],
    key: ['goal_id'],
    ref: MEMBER_REF,
    rowChecks: [intervalOrder('started_on', 'completed_on', 'completed before started'), challengesDone],
  },
  {
    file: 'bonus_opening_balances.csv',
    table: 'bonus_opening_balance',
    columns: [col('member_id', kvnr), col('year', { kind: 'year' }), col('points', count)],
    key: ['member_id', 'year'],
    ref: MEMBER_REF,
    rowChecks: [],
  },
  {
    file: 'bonus_payout_requests.csv',
    table: 'bonus_payout_request',
    columns: [
      col('payout_id', { kind: 'text' }),
      col('member_id', kvnr),
      col('requested_on', date),
      col('kind', { kind: 'enum', values: ['cash', 'plus'] }),
      col('points', count),
      col('receipt_id', { kind: 'text' }, false),
      col('service_code', { kind: 'text' }, false),
      col('service_on', date, false),
      col('cost', { kind: 'money', nonNegative: true }, false),
    ],
    key: ['payout_id'],
    ref: MEMBER_REF,
    rowChecks: [plusFields],
  },
];

const bool: ValueType = { kind: 'bool' };
const betriebsnummer: ValueType = { kind: 'betriebsnummer' };
const month: ValueType = { kind: 'month' };
const nonNegativeMoney: ValueType = { kind: 'money', nonNegative: true };
const tariff: ValueType = { kind: 'enum', values: ['50', '65'] };
const CATEGORIES_AAG = [
  'regular',
  'minijob',
  'apprentice',
  'severely_disabled',
  'parental_leave',
  'voluntary_service',
  'partial_retirement_release',
  'early_retirement',
  'home_worker',
] as const;
const CLAIM_KINDS = ['u1_sickness', 'u1_rehab', 'u2_maternity_subsidy', 'u2_employment_ban'] as const;

export const LEVY_FILE_SPECS: readonly FileSpec[] = [
  {
    file: 'employers.csv',
    table: 'employer',
    columns: [
      col('employer_id', betriebsnummer),
      col('name', { kind: 'text' }),
      col('account_opened_on', date),
      col('closed_on', date, false),
      col('u1_exempt', bool),
      col('aag_exempt', bool),
      col('expected_headcount', decimalValue, false),
    ],
    key: ['employer_id'],
    rowChecks: [intervalOrder('account_opened_on', 'closed_on', 'closed before opened')],
  },
  {
    file: 'u1_elections.csv',
    table: 'u1_election',
    columns: [col('employer_id', betriebsnummer), col('year', { kind: 'year' }), col('tariff', tariff), col('received_on', date)],
    // Two elections of one employer and year received the same day are an import error.
    key: ['employer_id', 'year', 'received_on'],
    ref: EMPLOYER_REF,
    rowChecks: [],
  },
  {
    file: 'u1_history.csv',
    table: 'u1_history',
    columns: [col('employer_id', betriebsnummer), col('year', { kind: 'year' }), col('participates', bool), col('tariff', tariff, false)],
    key: ['employer_id', 'year'],
    ref: EMPLOYER_REF,
    rowChecks: [],
  },
  {
    file: 'employments.csv',
    table: 'employment',
    columns: [
      col('employer_id', betriebsnummer),
      col('employee_id', { kind: 'text' }),
      col('valid_from', date),
      col('valid_to', date, false),
      col('category', { kind: 'enum', values: CATEGORIES_AAG }),
      col('weekly_hours', decimalValue),
      col('insured_with_fund', bool),
    ],
    key: ['employer_id', 'employee_id', 'valid_from'],
    ref: EMPLOYER_REF,
    rowChecks: [intervalOrder('valid_from', 'valid_to')],
  },
  {
    file: 'pay_months.csv',
    table: 'pay_month',
    columns: [
      col('employer_id', betriebsnummer),
      col('employee_id', { kind: 'text' }),
      col('month', month),
      col('sv_days', { kind: 'int', min: 0, max: 30 }),
      col('pay_regular', nonNegativeMoney),
      col('pay_one_time', nonNegativeMoney),
      col('short_no_efzg', bool),
    ],
    key: ['employer_id', 'employee_id', 'month'],
    ref: EMPLOYER_REF,
    rowChecks: [],
  },
  {
    file: 'levy_declarations.csv',
    table: 'levy_declaration',
    columns: [
      col('employer_id', betriebsnummer),
      col('month', month),
      col('declared_u1', nonNegativeMoney, false),
      col('declared_u2', nonNegativeMoney, false),
    ],
    // Two declarations of one employer and month are an import error.
    key: ['employer_id', 'month'],
    ref: EMPLOYER_REF,
    rowChecks: [],
  },
  {
    file: 'reimbursement_claims.csv',
    table: 'reimbursement_claim',
    columns: [
      col('claim_id', { kind: 'text' }),
      col('employer_id', betriebsnummer),
      col('employee_id', { kind: 'text' }),
      col('kind', { kind: 'enum', values: CLAIM_KINDS }),
      col('period_from', date),
      col('period_to', date),
      col('continued_pay', nonNegativeMoney),
      col('employer_contributions', nonNegativeMoney, false),
    ],
    key: ['claim_id'],
    ref: EMPLOYER_REF,
    rowChecks: [intervalOrder('period_from', 'period_to')],
  },
  {
    file: 'levy_fund_balances.csv',
    table: 'levy_fund_balance',
    columns: [
      col('procedure', { kind: 'enum', values: ['U1', 'U2'] }),
      col('year', { kind: 'year' }),
      col('opening_balance', { kind: 'money', nonNegative: false }),
    ],
    key: ['procedure', 'year'],
    rowChecks: [],
  },
];

export const ALL_FILE_SPECS: readonly FileSpec[] = [...FILE_SPECS, ...BONUS_FILE_SPECS, ...LEVY_FILE_SPECS];

export function specOf(file: string): FileSpec | undefined {
  return ALL_FILE_SPECS.find((s) => s.file === file);
}
