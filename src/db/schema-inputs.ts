/** Table types of the imported CSV extracts (sql/migrations 0001, 0004, 0005, 0013, 0015): rows keep their batch and line. */
import type { Numeric } from './column-types.ts';

export interface Batched {
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

/** bonus_plan_declarations.csv (data-contract-nordost.md): tariff_declarations.csv with classes 1–3. */
export interface BonusPlanDeclarationTable extends Batched {
  declaration_id: string;
  member_id: string;
  kind: string;
  received_on: string;
  /** 1–3; null for cancellations */
  declared_class: number | null;
}

export interface BonusPlanHealthProofTable extends Batched {
  proof_id: string;
  member_id: string;
  /** prevention_set | sports_badge | fitness_test */
  path: string;
  performed_on: string;
  received_on: string;
}

/** Claim-free months of the participation started on participation_start, at 31 December of `year`. */
export interface BonusPlanHistoryTable extends Batched {
  member_id: string;
  year: number;
  participation_start: string;
  claim_free_months: number;
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

/** bank_accounts.csv (migration 0013; payments-and-ledger.md § 1): one party, member or employer. */
export interface BankAccountTable extends Batched {
  member_id: string | null;
  employer_id: string | null;
  iban: string;
  bic: string | null;
  /** as delivered; converted to the SEPA character set when a file is written */
  account_holder: string;
  holder_is_party: boolean;
  valid_from: string;
  valid_to: string | null;
}

/** addresses.csv (migration 0013; payments-and-ledger.md § 1): texts as delivered. */
export interface AddressTable extends Batched {
  member_id: string | null;
  employer_id: string | null;
  street: string;
  building_number: string | null;
  postcode: string | null;
  town: string;
  country: string;
  valid_from: string;
  valid_to: string | null;
}
