/** The files of the U1/U2 employer levies (data-contract.md, "U1/U2"). */
import { col, identifier, date, decimalValue, EMPLOYER_REF, intervalOrder, type FileSpec, type ValueType } from '../columns.ts';

const bool: ValueType = { kind: 'bool' };
const betriebsnummer: ValueType = { kind: 'betriebsnummer' };
const month: ValueType = { kind: 'month' };
const nonNegativeMoney: ValueType = { kind: 'money', nonNegative: true };
const tariff: ValueType = { kind: 'enum', values: ['50', '65'] };
/** The employment categories of employments.csv (data-contract.md), as the AAG counts them apart. */
export const EMPLOYMENT_CATEGORIES = [
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
      col('employee_id', identifier),
      col('valid_from', date),
      col('valid_to', date, false),
      col('category', { kind: 'enum', values: EMPLOYMENT_CATEGORIES }),
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
      col('employee_id', identifier),
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
      col('claim_id', identifier),
      col('employer_id', betriebsnummer),
      col('employee_id', identifier),
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
