/** The files of the § 19a bonus programme (data-contract.md). */
import {
  col,
  identifier,
  date,
  decimalValue,
  intervalOrder,
  kvnr,
  MEMBER_REF,
  type FileSpec,
  type RowCheck,
  type ValueType,
} from '../columns.ts';

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

/** bonus_participations.csv comes first: the § 18a settlement reads it too (the programmes exclude each other). */
export const BONUS_FILE_SPECS: readonly FileSpec[] = [
  {
    file: 'bonus_participations.csv',
    table: 'bonus_participation',
    columns: [col('member_id', kvnr), col('valid_from', date), col('valid_to', date, false)],
    key: ['member_id', 'valid_from'],
    ref: MEMBER_REF,
    rowChecks: [intervalOrder('valid_from', 'valid_to')],
  },
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
      col('proof_id', identifier),
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
      col('activity_id', identifier),
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
      col('goal_id', identifier),
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
      col('payout_id', identifier),
      col('member_id', kvnr),
      col('requested_on', date),
      col('kind', { kind: 'enum', values: ['cash', 'plus'] }),
      col('points', count),
      col('receipt_id', identifier, false),
      col('service_code', { kind: 'text' }, false),
      col('service_on', date, false),
      col('cost', { kind: 'money', nonNegative: true }, false),
    ],
    key: ['payout_id'],
    ref: MEMBER_REF,
    rowChecks: [plusFields],
  },
];
