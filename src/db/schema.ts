/**
 * Kysely table types, mirroring sql/migrations. Dates are ISO strings, numerics decimal strings
 * (see the type parsers in database.ts), so no amount ever passes through a JS number.
 */
import type { Generated } from 'kysely';
import type { Fund, ParamFund } from '../funds.ts';
import type { JobName } from '../job-names.ts';
import type { Json, Numeric, Timestamp } from './column-types.ts';
import type {
  AddressTable,
  AnnualIncomeTable,
  BankAccountTable,
  BonusActivityTable,
  BonusPlanDeclarationTable,
  BonusPlanHealthProofTable,
  BonusPlanHistoryTable,
  BonusGoalTable,
  BonusOpeningBalanceTable,
  BonusPayoutRequestTable,
  BonusProofTable,
  EmployerTable,
  EmploymentTable,
  InpatientStayTable,
  LevyDeclarationTable,
  LevyFundBalanceTable,
  MemberTable,
  MembershipTable,
  OutpatientTreatmentTable,
  PayMonthTable,
  PeriodTable,
  ReimbursementClaimTable,
  TariffDeclarationTable,
  U1ElectionTable,
  U1HistoryTable,
} from './schema-inputs.ts';
import type {
  BonusAccountResultTable,
  BonusItemResultTable,
  LevyEmployerFiguresTable,
  LevyFundResultTable,
  LevyMonthResultTable,
  NordostProofResultTable,
  NordostResultTable,
  ReimbursementResultTable,
  TariffResultTable,
  U1DeterminationResultTable,
  U1TariffResultTable,
} from './schema-results.ts';

export type * from './schema-inputs.ts';
export type * from './schema-results.ts';

export interface ImportBatchTable {
  id: Generated<number>;
  created_at: Generated<Date>;
  folder: string;
  imported_by: string;
  /** files named by `import --allow-shrink`: allowed to fall below the share of the rows they replace */
  allow_shrink: Generated<string[]>;
}

/** An alert that goes out once per job and year (sql/migrations/0012_alert_sent.sql). */
export interface AlertSentTable {
  kind: string;
  job: string;
  year: number;
  sent_at: Generated<Date>;
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

export interface ParamBonusMeasureTable {
  /** migration 0015: the fund whose law the row is, '' for federal law */
  fund: ParamFund;
  version: string;
  valid_from: string;
  valid_to: string | null;
  measure_code: string;
  section: string;
  points: number;
  frequency: string;
  source: string;
}

export interface ParamLevyRateTable {
  /** migration 0015: the fund whose law the row is, '' for federal law */
  fund: ParamFund;
  name: string;
  tariff: string;
  version: string;
  valid_from: string;
  valid_to: string | null;
  rate: Numeric;
  source: string;
}

export interface ParamPensionCeilingTable {
  /** migration 0015: the fund whose law the row is, '' for federal law */
  fund: ParamFund;
  year: number;
  region: string;
  monthly: Numeric;
  source: string;
}

export interface ParamTariffClassTable {
  /** migration 0015: the fund whose law the row is, '' for federal law */
  fund: ParamFund;
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

/** AOK Nordost "AOK Bonus Plan" class table (migration 0015): always one fund's law. */
export interface ParamBonusPlanClassTable {
  fund: Fund;
  version: string;
  valid_from: string;
  valid_to: string | null;
  tariff_class: number;
  /** null for the top class */
  income_up_to: Numeric | null;
  basic_bonus: Numeric;
  additional_bonus: Numeric;
  copay_per_visit: Numeric;
  copay_per_hospital_day: Numeric;
  copay_cap: Numeric;
  source: string;
}

export interface ParamValueTable {
  /** migration 0015: the fund whose law the row is, '' for federal law */
  fund: ParamFund;
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
  /** CHECK run_job_known (migration 0009) */
  job: JobName;
  /** the job's fund when the run was created (CHECK run_fund_known, migration 0015) */
  fund: Fund;
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
  released_on: string | null;
  updated_at: Generated<Date>;
  details_purged_at: Timestamp | null;
  /** a failed or cancelled run dismissed (a mark, not a status): the deadline watch ignores it */
  dismissed_by: string | null;
  dismissed_at: Timestamp | null;
  dismissed_note: string | null;
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

export type Decision = 'approve' | 'reject';

export interface RunDecisionTable {
  run_id: number;
  item_type: string;
  item_key: string;
  decision: Decision;
  decided_by: string;
  decided_at: Generated<Date>;
  note: string;
}

export type PaymentCategory = 'tariff' | 'bonus_payout' | 'reimbursement' | 'bonus_plan';

export interface RunPaymentTable {
  run_id: number;
  category: PaymentCategory;
  item_key: string;
  member_id: string | null;
  employer_id: string | null;
  detail: string | null;
  direction: 'payout' | 'receivable';
  amount: Numeric;
  due_on: string;
  basis: 'computed' | 'decided';
  position: Numeric;
  previously: Numeric;
}

export type DispositionKindColumn = 'TRANSFER' | 'RECEIVABLE' | 'REDUCES_RECEIVABLE' | 'REDUCES_PENDING' | 'KLAERFALL';

/** What the release did with (part of) a payment-list row (migration 0014; payments-and-ledger.md § 2). */
export interface RunPaymentDispositionTable {
  run_id: number;
  category: PaymentCategory;
  item_key: string;
  part: number;
  n: number;
  kind: DispositionKindColumn;
  reason: 'NO_BANK_ACCOUNT' | 'NO_ADDRESS' | 'PAYEE_DECEASED' | null;
  amount: Numeric;
  ledger: 'KV' | 'U1' | 'U2';
  cost_object: 'WT18A' | 'BONUS_CASH' | 'BONUS_PLUS' | 'AAG_U1' | 'AAG_U2';
  due_on: string;
  execution_date: string | null;
  end_to_end_id: string;
  file_no: number | null;
  iban: string | null;
  creditor_name: string | null;
  street: string | null;
  building_number: string | null;
  postcode: string | null;
  town: string | null;
  country: string | null;
  reduces_run_id: number | null;
  origin: Generated<'release' | 'pay'>;
  resolution: 'paid' | 'rejected' | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  resolution_note: string | null;
}

/** A credit-transfer file written for a run (migration 0014). */
export interface RunPaymentFileTable {
  run_id: number;
  file_no: number;
  msg_id: string;
  created_at: string;
  file_date: string;
  execution_dates: string;
  nb_of_txs: number;
  ctrl_sum: Numeric;
  sha256: string;
  written_by: string;
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
  bank_account: BankAccountTable;
  address: AddressTable;
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
  param_bonus_plan_class: ParamBonusPlanClassTable;
  bonus_plan_declaration: BonusPlanDeclarationTable;
  bonus_plan_health_proof: BonusPlanHealthProofTable;
  bonus_plan_history: BonusPlanHistoryTable;
  run: RunTable;
  run_input: RunInputTable;
  run_chunk: RunChunkTable;
  run_exception: RunExceptionTable;
  run_decision: RunDecisionTable;
  run_payment: RunPaymentTable;
  run_payment_disposition: RunPaymentDispositionTable;
  run_payment_file: RunPaymentFileTable;
  tariff_result: TariffResultTable;
  nordost_result: NordostResultTable;
  nordost_proof_result: NordostProofResultTable;
  alert_sent: AlertSentTable;
}
