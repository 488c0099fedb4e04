/** Table types of the jobs' results, keyed by run (sql/migrations 0003–0005). */
import type { ColumnType } from 'kysely';
import type { Json, Numeric } from './column-types.ts';

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

/** AOK Nordost bonus plan results (migration 0016): the nordost_bonus_plan export's columns. */
export interface NordostResultTable {
  run_id: number;
  member_id: string;
  chunk_no: number;
  year: number;
  participation_start: string;
  participation_months: number;
  classes: string;
  basic_bonus: Numeric;
  health_bonus: Numeric;
  additional_bonus: Numeric;
  bonus_total: Numeric;
  premium_cap_statutory: Numeric | null;
  bonus_paid: Numeric;
  outpatient_events: number;
  inpatient_days: number;
  events_amount: Numeric;
  copay_cap: Numeric;
  copay: Numeric;
  balance: Numeric;
  outcome: string;
  due_on: string | null;
  claim_free_months: number | null;
  health_proof_id: string | null;
  reasons: string;
  admissible_class: number | null;
  claim_free_source: string;
}

/** AOK Nordost health proof decisions (migration 0016): the nordost_bonus_plan_proofs export's columns. */
export interface NordostProofResultTable {
  run_id: number;
  proof_id: string;
  chunk_no: number;
  member_id: string;
  year: number;
  path: string;
  performed_on: string;
  received_on: string;
  decision: string;
  reason: string | null;
}
