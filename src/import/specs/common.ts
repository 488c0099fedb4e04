/** The files every member-based job reads (data-contract.md): members, memberships, third-party periods, income. */
import { col, date, intervalOrder, kvnr, MEMBER_REF, type FileSpec } from '../columns.ts';

export const COMMON_FILE_SPECS: readonly FileSpec[] = [
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
];
