/**
 * Kysely table types, mirroring sql/migrations. Dates are ISO strings, numerics decimal strings
 * (see the type parsers in database.ts), so no amount ever passes through a JS number.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Numeric = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export interface ImportBatchTable {
  id: Generated<number>;
  created_at: Generated<Date>;
  folder: string;
  imported_by: string;
}
export interface ImportFileTable {
  batch_id: number;
  file_name: string;
  sha256: string;
  rows_total: number;
  rows_loaded: number;
  rows_rejected: number;
}
export interface ImportRejectionTable {
  batch_id: number;
  file_name: string;
  line: number;
  column_name: string;
  value: string | null;
  reason: string;
}

interface Batched {
  batch_id: number;
  line: number;
}
export interface MemberTable extends Batched {
  member_id: string;
  birth_date: string;
  died_on: string | null;
}
export interface MembershipTable extends Batched {
  member_id: string;
  valid_from: string;
  valid_to: string | null;
  kind: string;
}
export interface PeriodTable extends Batched {
  member_id: string;
  valid_from: string;
  valid_to: string | null;
}
export interface AnnualIncomeTable extends Batched {
  member_id: string;
  year: number;
  contributory_income: Numeric | null;
  member_contributions: Numeric | null;
}
export interface TariffDeclarationTable extends Batched {
  declaration_id: string;
  member_id: string;
  kind: string;
  received_on: string;
  declared_class: number | null;
}
export interface OutpatientTreatmentTable extends Batched {
  claim_id: string;
  member_id: string;
  treated_on: string;
  with_prescription: boolean;
  category: string;
}
export interface InpatientStayTable extends Batched {
  claim_id: string;
  member_id: string;
  admitted_on: string;
  discharged_on: string;
  category: string;
}

export interface BonusProofTable extends Batched {
  proof_id: string;
  member_id: string;
  measure_code: string;
  performed_on: string;
  received_on: string;
  channel: string;
}
export interface BonusActivityTable extends Batched {
  activity_id: string;
  member_id: string;
  activity_on: string;
  duration_min: Numeric | null;
  kcal: Numeric | null;
  avg_heart_rate: Numeric | null;
  steps: Numeric | null;
}
export interface BonusGoalTable extends Batched {
  goal_id: string;
  member_id: string;
  started_on: string;
  completed_on: string;
  challenges_total: number;
  challenges_done: number;
}
export interface BonusOpeningBalanceTable extends Batched {
  member_id: string;
  year: number;
  points: number;
}
export interface BonusPayoutRequestTable extends Batched {
  payout_id: string;
  member_id: string;
  requested_on: string;
  kind: string;
  points: number;
  receipt_id: string | null;
  service_code: string | null;
  service_on: string | null;
  cost: Numeric | null;
}
export interface ParamBonusMeasureTable {
  version: string;
  valid_from: string;
  valid_to: string | null;
  measure_code: string;
  section: string;
  points: number;
  frequency: string;
  source: string;
}
export interface BonusAccountResultTable {
  run_id: number;
  member_id: string;
  chunk_no: number;
  year: number;
  opening_points: number;
  opening_source: string;
  credited_65a1: number;
  credited_65a1a: number;
  credited_activities: number;
  credited_goals: number;
  payout_points: number;
  payout_cash_eur: Numeric;
  payout_plus_eur: Numeric;
  forfeited_points: number;
  closing_points: number;
  closing_value_eur: Numeric;
  payout_eligible: boolean;
}
export interface BonusItemResultTable {
  run_id: number;
  item_type: string;
  item_id: string;
  member_id: string;
  chunk_no: number;
  year: number;
  points: number;
  decision: string;
  reason: string | null;
  payout_kind: string | null;
  payout_eur: Numeric | null;
  receipt_id: string | null;
}

export interface EmployerTable extends Batched {
  employer_id: string;
  name: string;
  account_opened_on: string;
  closed_on: string | null;
  u1_exempt: boolean;
  aag_exempt: boolean;
  expected_headcount: Numeric | null;
}
export interface U1ElectionTable extends Batched {
  employer_id: string;
  year: number;
  tariff: string;
  received_on: string;
}
export interface U1HistoryTable extends Batched {
  employer_id: string;
  year: number;
  participates: boolean;
  tariff: string | null;
}
export interface EmploymentTable extends Batched {
  employer_id: string;
  employee_id: string;
  valid_from: string;
  valid_to: string | null;
  category: string;
  weekly_hours: Numeric;
  insured_with_fund: boolean;
}
export interface PayMonthTable extends Batched {
  employer_id: string;
  employee_id: string;
  month: string;
  sv_days: number;
  pay_regular: Numeric;
  pay_one_time: Numeric;
  short_no_efzg: boolean;
}
export interface LevyDeclarationTable extends Batched {
  employer_id: string;
  month: string;
  declared_u1: Numeric | null;
  declared_u2: Numeric | null;
}
export interface ReimbursementClaimTable extends Batched {
  claim_id: string;
  employer_id: string;
  employee_id: string;
  kind: string;
  period_from: string;
  period_to: string;
  continued_pay: Numeric;
  employer_contributions: Numeric | null;
}
export interface LevyFundBalanceTable extends Batched {
  procedure: string;
  year: number;
  opening_balance: Numeric;
}
export interface ParamLevyRateTable {
  name: string;
  tariff: string;
  version: string;
  valid_from: string;
  valid_to: string | null;
  rate: Numeric;
  source: string;
}
export interface ParamPensionCeilingTable {
  year: number;
  region: string;
  monthly: Numeric;
  source: string;
}
export interface U1TariffResultTable {
  run_id: number;
  employer_id: string;
  year: number;
  chunk_no: number;
  tariff: string;
  segments: string;
  reasons: string;
}
export interface U1DeterminationResultTable {
  run_id: number;
  employer_id: string;
  year: number;
  chunk_no: number;
  months_considered: number | null;
  months_at_most_30: number | null;
  participates: boolean | null;
  basis: string;
  headcounts: ColumnType<(string | null)[], (string | null)[], (string | null)[]>;
  reasons: string;
}
export interface LevyMonthResultTable {
  run_id: number;
  employer_id: string;
  month: string;
  chunk_no: number;
  u1_participates: boolean | null;
  u1_tariff: string | null;
  u1_rate: string | null;
  u1_base: Numeric;
  u1_levy: Numeric;
  u2_rate: string | null;
  u2_base: Numeric;
  u2_levy: Numeric;
  declared_u1: Numeric | null;
  declared_u2: Numeric | null;
  diff_u1: Numeric;
  diff_u2: Numeric;
  diff_class: string;
  reasons: string;
}
export interface ReimbursementResultTable {
  run_id: number;
  claim_id: string;
  chunk_no: number;
  employer_id: string;
  kind: string;
  days: number;
  eligible_pay: Numeric;
  capped_pay: Numeric;
  rate: string | null;
  reimbursement: Numeric;
  decision: string;
  reason: string | null;
}
export interface LevyEmployerFiguresTable {
  run_id: number;
  employer_id: string;
  chunk_no: number;
  figures: Json<unknown>;
}
export interface LevyFundResultTable {
  run_id: number;
  procedure: string;
  year: number;
  opening_balance: Numeric;
  levies_declared: Numeric;
  levies_computed: Numeric;
  reimbursements: Numeric;
  closing_balance: Numeric;
  reserve_limit: Numeric;
  reserve_status: string;
  break_even_rate: string | null;
  break_even_rate_t50: string | null;
  break_even_rate_t65: string | null;
}

export interface ParamTariffClassTable {
  version: string;
  valid_from: string;
  valid_to: string | null;
  tariff_class: number;
  income_up_to: Numeric | null;
  premium: Numeric;
  outpatient_deductible: Numeric;
  inpatient_deductible: Numeric;
  yearly_cap: Numeric;
  source: string;
}
export interface ParamValueTable {
  name: string;
  version: string;
  valid_from: string;
  valid_to: string | null;
  value: string;
  source: string;
}

export type RunKind = 'final' | 'dry' | 'correction';
export type RunStatus = 'queued' | 'running' | 'computed' | 'approved' | 'released' | 'failed' | 'cancelled';
export type RunMode = 'in-process' | 'queue';

export interface RunTable {
  id: Generated<number>;
  job: string;
  year: number;
  kind: RunKind;
  status: RunStatus;
  mode: RunMode;
  started_by: string;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
  as_of: string;
  baseline_run_id: number | null;
  state_run_id: Generated<number | null>;
  chunk_size: number;
  chunk_count: Generated<number>;
  dispatch_round: Generated<number>;
  parameter_versions: Json<Record<string, string>>;
  totals: Json<Record<string, unknown>> | null;
  reports: Json<string[]>;
  warnings: Json<string[]>;
  error: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  released_by: string | null;
  released_at: Timestamp | null;
  updated_at: Generated<Date>;
}
export interface RunInputTable {
  run_id: number;
  file_name: string;
  batch_id: number;
  rows: number;
  sha256: string;
}
export type ChunkStatus = 'pending' | 'done' | 'failed';
export interface RunChunkTable {
  run_id: number;
  chunk_no: number;
  first_key: string;
  last_key: string;
  status: ChunkStatus;
  attempts: Generated<number>;
  rows_read: Generated<number>;
  rows_written: Generated<number>;
  rows_rejected: Generated<number>;
  finished_at: Timestamp | null;
  error: string | null;
}
export interface RunExceptionTable {
  run_id: number;
  chunk_no: number;
  item_type: string;
  item_key: string;
  member_id: string | null;
  code: string;
  held: boolean;
}
export interface TariffResultTable {
  run_id: number;
  member_id: string;
  chunk_no: number;
  year: number;
  participation_months: number;
  premium_prorated: Numeric;
  cap_prorated: Numeric;
  outpatient_events: number;
  inpatient_events: number;
  events_amount: Numeric;
  deductible: Numeric;
  premium_cap_statutory: Numeric | null;
  premium_paid: Numeric;
  balance: Numeric;
  outcome: string;
  due_on: string | null;
  classes: string;
  reasons: string;
  admissible_class: number | null;
}

export interface DB {
  import_batch: ImportBatchTable;
  import_file: ImportFileTable;
  import_rejection: ImportRejectionTable;
  member: MemberTable;
  membership: MembershipTable;
  third_party_period: PeriodTable;
  annual_income: AnnualIncomeTable;
  tariff_declaration: TariffDeclarationTable;
  outpatient_treatment: OutpatientTreatmentTable;
  inpatient_stay: InpatientStayTable;
  bonus_participation: PeriodTable;
  bonus_exclusion: PeriodTable;
  bonus_proof: BonusProofTable;
  bonus_activity: BonusActivityTable;
  bonus_goal: BonusGoalTable;
  bonus_opening_balance: BonusOpeningBalanceTable;
  bonus_payout_request: BonusPayoutRequestTable;
  param_bonus_measure: ParamBonusMeasureTable;
  bonus_account_result: BonusAccountResultTable;
  bonus_item_result: BonusItemResultTable;
  employer: EmployerTable;
  u1_election: U1ElectionTable;
  u1_history: U1HistoryTable;
  employment: EmploymentTable;
  pay_month: PayMonthTable;
  levy_declaration: LevyDeclarationTable;
  reimbursement_claim: ReimbursementClaimTable;
  levy_fund_balance: LevyFundBalanceTable;
  param_levy_rate: ParamLevyRateTable;
  param_pension_ceiling: ParamPensionCeilingTable;
  u1_tariff_result: U1TariffResultTable;
  u1_determination_result: U1DeterminationResultTable;
  levy_month_result: LevyMonthResultTable;
  reimbursement_result: ReimbursementResultTable;
  levy_employer_figures: LevyEmployerFiguresTable;
  levy_fund_result: LevyFundResultTable;
  param_tariff_class: ParamTariffClassTable;
  param_value: ParamValueTable;
  run: RunTable;
  run_input: RunInputTable;
  run_chunk: RunChunkTable;
  run_exception: RunExceptionTable;
  tariff_result: TariffResultTable;
}
