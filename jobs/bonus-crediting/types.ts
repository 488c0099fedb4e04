/**
 * Plain data in and out of the § 19a bonus rules (rules-19a-bonus.md). The rules are pure
 * functions over these shapes: no database, no queue, no clock. Dates cross this boundary as ISO
 * strings, euros and activity measurements as decimal strings, points as integers (JS numbers),
 * so a chunk's input and output are plain JSON (hence arrays, not Sets).
 */
import type { IsoDate, Validity } from '../../src/dates.ts';
import type { Declaration, Membership } from '../tariff-settlement/types.ts';

export type { Declaration, Membership };

export type ProofChannel = 'app' | 'paper';

/** One bonus_proofs.csv row. */
export interface Proof {
  proofId: string;
  measureCode: string;
  performedOn: IsoDate;
  receivedOn: IsoDate;
  channel: ProofChannel;
}

/** One bonus_activities.csv row; the measurements are nullable decimal strings (≤ 2 decimals). */
export interface Activity {
  activityId: string;
  activityOn: IsoDate;
  durationMin: string | null;
  kcal: string | null;
  avgHeartRate: string | null;
  steps: string | null;
}

/** One bonus_goals.csv row. */
export interface Goal {
  goalId: string;
  startedOn: IsoDate;
  completedOn: IsoDate;
  challengesTotal: number;
  challengesDone: number;
}

export type PayoutKind = 'cash' | 'plus';

/** One bonus_payout_requests.csv row, plus what earlier runs know about it. */
export interface PayoutRequest {
  payoutId: string;
  requestedOn: IsoDate;
  kind: PayoutKind;
  points: number;
  /** `plus` only (required there), null for `cash` */
  receiptId: string | null;
  serviceCode: string | null;
  serviceOn: IsoDate | null;
  /** receipt amount in EUR, decimal string */
  cost: string | null;
  /** true: an earlier (non-dry) run settled this payout_id; the request is skipped, no item */
  settledEarlier: boolean;
}

/** Everything the rules need about one member for bonus year Y. */
export interface BonusFacts {
  memberId: string;
  birthDate: IsoDate;
  diedOn: IsoDate | null;
  /** insurance periods, family insurance included (also feed the § 18a timeline) */
  memberships: readonly Membership[];
  /** § 18a timeline input: contributions borne by third parties (the tariff rests) */
  thirdPartyPeriods: readonly Validity[];
  /** § 18a timeline input: all of the member's tariff declarations, any year */
  declarations: readonly Declaration[];
  /** bonus_participations.csv */
  participations: readonly Validity[];
  /** bonus_exclusions.csv (abuse exclusions, § 19a Abs. 8) */
  exclusions: readonly Validity[];
  /** proofs performed in Y and in earlier years (the earlier ones matter only for the U1–U3 set) */
  proofs: readonly Proof[];
  /** activities; only those dated in Y are looked at */
  activities: readonly Activity[];
  /** goals; only those completed in Y are looked at */
  goals: readonly Goal[];
  /** balance on 1 Jan Y (previous run's closing or the opening-balance file); null: none */
  openingPoints: number | null;
  payoutRequests: readonly PayoutRequest[];
  /** receipt_ids paid by earlier runs (each receipt once, ever) */
  usedReceiptIds: readonly string[];
}

export type Section = '65a1' | '65a1a';
export type Frequency = 'per_proof' | 'once_a_year' | 'set_u1_u3' | 'not_bonifiable';

/** One row of the points table (effective-dated; the job passes the table in force for Y). */
export interface MeasureRule {
  /** points per credit; for `set_u1_u3` codes unused (the set earns `u1U3SetPoints`) */
  points: number;
  section: Section;
  frequency: Frequency;
}

export interface BonusParams {
  /** measure_code → rule; a code missing here is not bonifiable */
  pointsTable: Readonly<Record<string, MeasureRule>>;
  /** § 19a Abs. 6: proofs of Y must arrive by this day of Y+1 (31 March) */
  proofDeadline: { month: number; day: number };
  u1U3SetPoints: number;
  /** DENTAL_CHECKUP below this age (on the first dental proof of Y) needs both half-years */
  dentalHalfYearsBelowAge: number;
  activityMinAge: number;
  goalMinAge: number;
  goalMaxDays: number;
  /** decimal string, "0.8" */
  goalMinShare: string;
  activitiesPerMonth: number;
  goalsPerYear: number;
  activityPoints: number;
  goalPoints: number;
  /** decimal strings; each alternative needs its minimum duration as well */
  activityThresholds: {
    kcal: string;
    kcalMinutes: string;
    heartRate: string;
    heartRateMinutes: string;
    steps: string;
  };
  cashMinimumPoints: number;
  /** decimal strings: EUR per point (cash "0.01", PLUS "0.02") */
  cashEuroPerPoint: string;
  plusEuroPerPoint: string;
  /** PLUS services taken before this day are not subsidised */
  plusStartDate: IsoDate;
}

/** Every item-level reason code of rules-19a-bonus.md, in the order the specification introduces them. */
export const BONUS_REASONS = [
  'LATE_SUBMISSION',
  'NOT_INSURED',
  'TARIFF_18A_OVERLAP',
  'NOT_BONIFIABLE',
  'EXCLUDED_APP_CHANNEL',
  'INCOMPLETE_SET',
  'DUPLICATE',
  'FREQUENCY_LIMIT',
  'NOT_PARTICIPANT',
  'AGE_REQUIREMENT',
  'EXCLUDED',
  'ACTIVITY_THRESHOLD_NOT_MET',
  'DAILY_LIMIT',
  'MONTHLY_LIMIT',
  'GOAL_TOO_LONG',
  'GOAL_BELOW_80_PERCENT',
  'GOAL_OVERLAP',
  'GOAL_YEAR_LIMIT',
  'BELOW_MINIMUM',
  'INSUFFICIENT_BALANCE',
  'PLUS_BEFORE_2023',
  'DUPLICATE_PLUS_SERVICE',
] as const;
export type BonusReason = (typeof BONUS_REASONS)[number];

export type ItemType = 'proof' | 'activity' | 'goal' | 'payout';
export type ItemDecision = 'credited' | 'merged' | 'rejected' | 'paid';

/** One bonus_items row. `reason` is null (an empty field) for credited, merged and paid items. */
export interface BonusItem {
  itemType: ItemType;
  itemId: string;
  memberId: string;
  year: number;
  /** credited: the points; paid: the points used; merged and rejected: 0 */
  points: number;
  decision: ItemDecision;
  reason: BonusReason | null;
  /** payout items only: kind, EUR paid (0.00 when rejected) and the PLUS receipt (null for cash) */
  payout?: { kind: PayoutKind; eur: string; receiptId: string | null };
}

/** One bonus_accounts row; EUR as 2-decimal strings. */
export interface BonusAccount {
  memberId: string;
  year: number;
  openingPoints: number;
  credited65a1: number;
  credited65a1a: number;
  creditedActivities: number;
  creditedGoals: number;
  payoutPoints: number;
  payoutCashEur: string;
  payoutPlusEur: string;
  forfeitedPoints: number;
  closingPoints: number;
  closingValueEur: string;
  payoutEligible: boolean;
}

export interface BonusResult {
  /** null when the member has no account for Y (no item, no participation in Y, no opening balance) */
  account: BonusAccount | null;
  items: BonusItem[];
}
