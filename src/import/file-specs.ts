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
  'bonus_exclusions.csv': 'bonus-crediting',
  'bonus_proofs.csv': 'bonus-crediting',
  'bonus_activities.csv': 'bonus-crediting',
  'bonus_goals.csv': 'bonus-crediting',
  'bonus_opening_balances.csv': 'bonus-crediting',
  'bonus_payout_requests.csv': 'bonus-crediting',
  'employers.csv': 'levy',
  'u1_elections.csv': 'levy',
  'u1_history.csv': 'levy',
  'employments.csv': 'levy',
  'pay_months.csv': 'levy',
  'levy_declarations.csv': 'levy',
  'reimbursement_claims.csv': 'levy',
  'levy_fund_balances.csv': 'levy',
};

export function specOf(file: string): FileSpec | undefined {
  return FILE_SPECS.find((s) => s.file === file);
}
