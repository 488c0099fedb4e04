/**
 * Plain data in and out of the AOK Nordost "AOK Bonus Plan" rules (rules-nordost-bonus-plan.md).
 * As for § 18a: no database, no queue, no clock; money as decimal strings, dates as ISO strings.
 * Members, memberships, claims and declarations have § 18a's shapes (the plan's participation is
 * "as § 18a"); only the class range (1–3) and the plan's own inputs differ.
 */
import type { IsoDate, Validity } from '../../src/dates.ts';
import type { Declaration, InpatientStay, Membership, OutpatientTreatment } from '../tariff-settlement/types.ts';

export type NordostClass = 1 | 2 | 3;
export type NordostDeclaration = Declaration<NordostClass>;

export type ProofPath = 'prevention_set' | 'sports_badge' | 'fitness_test';

/** bonus_plan_health_proofs.csv */
export interface HealthProof {
  proofId: string;
  path: ProofPath;
  performedOn: IsoDate;
  receivedOn: IsoDate;
}

/** A participation's claim-free months at the end of a year, as a run or bonus_plan_history.csv holds it. */
export interface ClaimFreeRecord {
  year: number;
  participationStart: IsoDate;
  /** null: a run row without a value (HISTORY_MISSING there); counts as no value */
  claimFreeMonths: number | null;
}

/** Everything the rules need about one member for year Y. */
export interface NordostFacts {
  memberId: string;
  diedOn: IsoDate | null;
  memberships: Membership[];
  thirdPartyPeriods: Validity[];
  /** annual_income.csv row of Y; null when there is no row (both figures unknown) */
  income: { contributoryIncome: string | null; memberContributions: string | null } | null;
  /** bonus_plan_declarations.csv, all of the member's declarations of any year */
  declarations: NordostDeclaration[];
  outpatientTreatments: OutpatientTreatment[];
  /** every stay overlapping Y (also one admitted in Y−1) */
  inpatientStays: InpatientStay[];
  /** bonus_plan_health_proofs.csv, any year (the rules look at those performed in Y) */
  proofs: HealthProof[];
  /** the member's row of the Y−1 run the loader chose (latest released, else latest computed); null if none */
  previousRun: ClaimFreeRecord | null;
  /** the member's bonus_plan_history.csv rows (any year; the rules pick Y−1 with the participation's start) */
  history: ClaimFreeRecord[];
}

/** One row of the plan's class table. Money as decimal strings. */
export interface NordostClassRow {
  tariffClass: NordostClass;
  /** inclusive upper bound of contributory income per year; null for the top class */
  incomeUpTo: string | null;
  basicBonus: string;
  additionalBonus: string;
  copayPerVisit: string;
  copayPerHospitalDay: string;
  /** maximum co-payment per year */
  copayCap: string;
}

export interface NordostClassTable extends Validity {
  version: string;
  classes: NordostClassRow[];
}

/** The parameters of fund AOK Nordost plus the fund-less § 53 Abs. 8 cap, as the loader reads them for Y. */
export interface NordostParams {
  classTables: NordostClassTable[];
  /** per year, before pro rata ("70.00") */
  healthBonus: string;
  /** claim-free months that earn the additional bonus (36) */
  additionalBonusMonths: number;
  /** `MM-DD` of Y+1: a payout's due day ("06-30") */
  payoutDue: string;
  /** `MM-DD` of Y+1: the last day a health proof of Y may be received ("03-31") */
  healthProofDeadline: string;
  /** § 53 Abs. 8 Satz 4 SGB V ("0.20") */
  premiumCapRate: string;
  /** § 53 Abs. 8 Satz 4 SGB V ("600.00") */
  premiumCapMax: string;
}

export type Outcome = 'payout' | 'receivable' | 'zero' | 'held';

/** Member-level reason codes in the order of the spec's table (the order `reasons` shows them). */
export const MEMBER_REASONS = ['HISTORY_MISSING', 'INCOME_MISSING', 'CONTRIBUTIONS_MISSING', 'CLASS_REDUCED', 'PREMIUM_CAPPED'] as const;
export type MemberReason = (typeof MEMBER_REASONS)[number];

export const HOLDING_REASONS: ReadonlySet<MemberReason> = new Set(['HISTORY_MISSING', 'INCOME_MISSING', 'CONTRIBUTIONS_MISSING']);

export const PROOF_REASONS = ['LATE_SUBMISSION', 'OUTSIDE_PARTICIPATION', 'FREQUENCY_LIMIT'] as const;
export type ProofReason = (typeof PROOF_REASONS)[number];

/** One nordost_bonus_plan_proofs row. */
export interface ProofDecision {
  proofId: string;
  memberId: string;
  year: number;
  path: ProofPath;
  performedOn: IsoDate;
  receivedOn: IsoDate;
  decision: 'accepted' | 'rejected';
  reason: ProofReason | null;
}

/** One nordost_bonus_plan row (data-contract-nordost.md); money as 2-decimal strings. */
export interface BonusPlanRow {
  memberId: string;
  year: number;
  /** start of the last participation overlapping Y */
  participationStart: IsoDate;
  participationMonths: number;
  classes: string;
  basicBonus: string;
  healthBonus: string;
  additionalBonus: string;
  bonusTotal: string;
  /** null when the contributions are missing */
  premiumCapStatutory: string | null;
  bonusPaid: string;
  outpatientEvents: number;
  inpatientDays: number;
  eventsAmount: string;
  copayCap: string;
  copay: string;
  balance: string;
  outcome: Outcome;
  dueOn: IsoDate | null;
  /** null when unknown (HISTORY_MISSING, or a participation without a month in Y whose Y−1 value is unknown) */
  claimFreeMonths: number | null;
  healthProofId: string | null;
  reasons: MemberReason[];
  /** admissible class of Y; null when the income is missing (workbook only) */
  admissibleClass: NordostClass | null;
  /** where claim_free_months of Y−1 came from (workbook only) */
  claimFreeSource: ClaimFreeSource;
}

/**
 * Where the Y−1 value came from: `none` when it was not needed (an event in Y, a start in Y, or
 * no participation month in Y and no value known), `run`/`history` when read, `missing` when
 * needed and unknown (HISTORY_MISSING).
 */
export type ClaimFreeSource = 'none' | 'run' | 'history' | 'missing';

export interface DeclarationException {
  declarationId: string;
  code: 'NOT_A_MEMBER' | 'THIRD_PARTY_AT_ENROLMENT' | 'DECLARATION_OUT_OF_ORDER';
}

export interface NordostMemberResult {
  /** null when no participation overlaps Y */
  row: BonusPlanRow | null;
  /** every proof performed in Y, decided (also for a member without a row) */
  proofs: ProofDecision[];
  /** declaration exceptions of the declarations received in Y */
  exceptions: DeclarationException[];
}
