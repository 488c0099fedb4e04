/**
 * The § 19a rules that are ours, not the Satzung's (rules-19a-bonus.md, "Decision", and our
 * literal readings where it is silent), each in one named place so that a fund can change it.
 * The figures themselves (points, ages, limits, rates) are parameters (BonusParams).
 */
import { daysInclusive, isoDate, parts, type IsoDate } from '../../src/dates.ts';
import { Decimal } from '../../src/money.ts';
import type { Activity, BonusParams, Goal, MeasureRule, Proof } from './types.ts';

/** Identifiers (proof_id, activity_id, goal_id, payout_id) compare as text, like the export's C collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 1 January and 31 December of a year, made once per year rather than once per member. */
const boundsByYear = new Map<number, { first: IsoDate; last: IsoDate }>();
export function yearBounds(year: number): { first: IsoDate; last: IsoDate } {
  let bounds = boundsByYear.get(year);
  if (bounds === undefined) {
    bounds = { first: isoDate(year, 1, 1), last: isoDate(year, 12, 31) };
    boundsByYear.set(year, bounds);
  }
  return bounds;
}

/** Check 8 and the U1–U3 set: earliest performed_on wins, then the lowest proof_id. */
export function compareProofs(a: Proof, b: Proof): number {
  return compareText(a.performedOn, b.performedOn) || compareText(a.proofId, b.proofId);
}

/** § 19a Abs. 6: proofs of `year` must reach the fund by 31 March of year + 1. */
export function proofDeadline(year: number, params: BonusParams): IsoDate {
  return isoDate(year + 1, params.proofDeadline.month, params.proofDeadline.day);
}

/** Check 5. A code missing from the points table is as unbonifiable as VACCINATION_TRAVEL. */
export function measureRule(params: BonusParams, code: string): MeasureRule | null {
  if (!Object.hasOwn(params.pointsTable, code)) return null;
  const rule = params.pointsTable[code]!;
  return rule.frequency === 'not_bonifiable' ? null : rule;
}

/** § 19a Abs. 3: the one code whose under-18 credit needs a check-up in each half-year. */
export const HALF_YEAR_CODE = 'DENTAL_CHECKUP';

/** 1 for January–June, 2 for July–December. */
export function halfYear(date: IsoDate): 1 | 2 {
  return parts(date).month <= 6 ? 1 : 2;
}

/** True when the proof at `index` has the date of the one before it (the list in compareProofs order). */
export function sameDateAsPrevious(ordered: readonly Proof[], index: number): boolean {
  const previous = ordered[index - 1];
  return previous !== undefined && previous.performedOn === ordered[index]!.performedOn;
}

/**
 * Check 8 among proofs of one code that passed checks 1–7, in compareProofs order: a proof on
 * the same date as an earlier one of them is the same measure (DUPLICATE), whether or not that
 * earlier one was credited; any other non-winner is FREQUENCY_LIMIT.
 */
export function frequencyReason(ordered: readonly Proof[], index: number): 'DUPLICATE' | 'FREQUENCY_LIMIT' {
  return sameDateAsPrevious(ordered, index) ? 'DUPLICATE' : 'FREQUENCY_LIMIT';
}

/** Activities: taken in order of date, then activity_id. */
export function compareActivities(a: Activity, b: Activity): number {
  return compareText(a.activityOn, b.activityOn) || compareText(a.activityId, b.activityId);
}

/**
 * § 19a Abs. 4. Each row is judged alone (steps are not summed over a day); a missing value fails
 * every alternative that needs it; "at least" means ≥.
 */
export function meetsActivityThreshold(a: Activity, params: BonusParams): boolean {
  const t = params.activityThresholds;
  const atLeast = (value: string | null, min: string) => value !== null && decimalAtLeast(value, min);
  return (
    (atLeast(a.kcal, t.kcal) && atLeast(a.durationMin, t.kcalMinutes)) ||
    (atLeast(a.avgHeartRate, t.heartRate) && atLeast(a.durationMin, t.heartRateMinutes)) ||
    atLeast(a.steps, t.steps)
  );
}

/**
 * The decimal string as a whole number of hundredths, exactly; null when it does not fit.
 * Accepts exactly `-?[0-9]{1,13}(\.[0-9]{1,2})?` (up to 13 integer digits: the hundredths stay a
 * safe integer, < 2^53); anything else (more digits, exponents, signs, blanks) is null and goes
 * to decimal.js. A scan of char codes rather than a regular expression: this runs for every
 * measurement of millions of activities (regex exec and its slices were ~2.5 % of the chunks'
 * CPU in the bench profile).
 */
function hundredths(value: string): number | null {
  const length = value.length;
  let i = value.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const negative = i === 1;
  let whole = 0;
  let digits = 0;
  for (; i < length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
    digits++;
  }
  if (digits === 0 || digits > 13) return null;
  let fraction = 0;
  if (i < length) {
    if (value.charCodeAt(i) !== 46 /* . */) return null;
    const decimals = length - i - 1;
    if (decimals < 1 || decimals > 2) return null;
    for (let k = i + 1; k < length; k++) {
      const d = value.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return null;
      fraction = fraction * 10 + d;
    }
    if (decimals === 1) fraction *= 10;
  }
  const n = whole * 100 + fraction;
  return negative ? -n : n;
}

/**
 * value ≥ min, exactly. The measurements are numeric(12,2) and the thresholds whole or 2-decimal
 * figures, so both compare as integer hundredths: parsing millions of activity measurements into
 * decimal.js values was the largest single share of the crediting rules' CPU time in the bench
 * profile. Anything that does not fit goes to decimal.js.
 */
export function decimalAtLeast(value: string, min: string): boolean {
  const v = hundredths(value);
  const m = hundredths(min);
  if (v !== null && m !== null) return v >= m;
  return new Decimal(value).greaterThanOrEqualTo(min);
}

/** Goals: taken in order of started_on, then goal_id. */
export function compareGoals(a: Goal, b: Goal): number {
  return compareText(a.startedOn, b.startedOn) || compareText(a.goalId, b.goalId);
}

/** completed_on − started_on + 1 ≤ 90. */
export function goalTooLong(goal: Goal, params: BonusParams): boolean {
  return daysInclusive(goal.startedOn, goal.completedOn) > params.goalMaxDays;
}

/**
 * At least 80 % of the challenges done: done ≥ 0.8 × total, exactly (10 of 12 passes, 7 of 10
 * fails, 8 of 10 passes). Decision: a goal with no challenges (total ≤ 0) is not achieved — 1,500
 * points for nothing done would be the costly reading of "80 % of nothing".
 */
export function goalShareMet(goal: Goal, params: BonusParams): boolean {
  if (goal.challengesTotal <= 0) return false;
  return new Decimal(goal.challengesDone).greaterThanOrEqualTo(new Decimal(params.goalMinShare).times(goal.challengesTotal));
}

/** Payouts: taken in order of requested_on, then payout_id. */
export function comparePayouts(a: { requestedOn: IsoDate; payoutId: string }, b: { requestedOn: IsoDate; payoutId: string }): number {
  return compareText(a.requestedOn, b.requestedOn) || compareText(a.payoutId, b.payoutId);
}

/** Cash value of points (100 points = 1.00 EUR); exact, points are whole. */
export function cashValue(points: number, params: BonusParams): Decimal {
  return new Decimal(points).times(params.cashEuroPerPoint);
}

/**
 * § 19a Abs. 7 PLUS subsidy: points × 2 ct, never more than the receipt's cost; the points used
 * are the subsidy in 2-ct steps, rounded up (1.51 EUR uses 76 points). Exact decimals throughout.
 */
export function plusSubsidy(points: number, cost: string, params: BonusParams): { eur: Decimal; pointsUsed: number } {
  const rate = new Decimal(params.plusEuroPerPoint);
  const byPoints = new Decimal(points).times(rate);
  const receipt = new Decimal(cost);
  const eur = receipt.lessThan(byPoints) ? receipt : byPoints;
  return { eur, pointsUsed: eur.dividedBy(rate).ceil().toNumber() };
}

/**
 * Decision (account rows): one per member with an item in the run, a bonus participation
 * overlapping Y, or an opening balance — any non-null opening balance, 0 included.
 */
export function hasAccount(itemCount: number, participatesInYear: boolean, openingPoints: number | null): boolean {
  return itemCount > 0 || participatesInYear || openingPoints !== null;
}
