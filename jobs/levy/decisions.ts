/**
 * The U1/U2 rules that are ours, not the Satzung's (rules-aag-levy.md, "Decision" and "Details
 * that decide results"), and the fixed periods of the Satzung and the AAG, each in one named
 * place so that a fund can change it. Rates, ceilings, the headcount limit and the reserve months
 * are parameters (types.ts LevyParams), not constants.
 */
import { addDays, daysInMonth, firstOfNextMonth, isoDate, lastOfMonth, type IsoDate } from '../../src/dates.ts';
import { Decimal } from '../../src/money.ts';
import { wholeCents } from './cents.ts';
import type { ClaimKind, DiffClass, EmploymentCategory, Tariff } from './types.ts';

/** § 39 Abs. 2 Nr. 2: no timely election for a newly opened account → Tarif 65. */
export const NEW_ACCOUNT_TARIFF: Tariff = '65';

/** Decision: no tariff known at all → Tarif 65, reported TARIFF_DEFAULTED. */
export const DEFAULT_TARIFF: Tariff = '65';

/** § 39 Abs. 2 Nr. 1: an election for Y is in time up to the last day of February of Y (29th in leap years). */
export function yearElectionDeadline(year: number): IsoDate {
  return isoDate(year, 2, daysInMonth(year, 2));
}

/** § 39 Abs. 2 Nr. 2: six weeks after the opening of the account. */
export const NEW_ACCOUNT_ELECTION_DAYS = 42;

/**
 * Decision: the six weeks run from the opening day as day 0 (§ 187 Abs. 1 BGB, § 26 SGB X): an
 * election received on day 42 after the opening (opening + 42) is in time, on day 43 it is late.
 */
export function newAccountElectionDeadline(openedOn: IsoDate): IsoDate {
  return addDays(openedOn, NEW_ACCOUNT_ELECTION_DAYS);
}

/** § 39 Abs. 2 Nr. 4: after a rate change, an election may be made by the end of the following month. */
export function rateChangeElectionDeadline(changeOn: IsoDate): IsoDate {
  return lastOfMonth(firstOfNextMonth(changeOn));
}

/** Headcount categories (guidance of the health funds on AAG § 3): only these count. */
export const COUNTED_CATEGORIES: ReadonlySet<EmploymentCategory> = new Set(['regular', 'minijob']);

/**
 * Weight of one employment row in quarters of a head: ≤ 10 weekly hours (0 included) 1/4,
 * ≤ 20 2/4, ≤ 30 3/4, above 4/4. Quarters keep the headcount an exact integer.
 */
export function weightQuarters(weeklyHours: number): number {
  if (weeklyHours <= 10) return 1;
  if (weeklyHours <= 20) return 2;
  if (weeklyHours <= 30) return 3;
  return 4;
}

/** AAG § 3 Abs. 1 Satz 2: employers existing all year take part with at least 8 small months. */
export const FULL_YEAR_MIN_SMALL_MONTHS = 8;

/** Part-year employers: small in more than half of their months of existence. */
export function partYearParticipates(smallMonths: number, monthsConsidered: number): boolean {
  return smallMonths * 2 > monthsConsidered;
}

/** Minijob pay is levied by the Minijob-Zentrale, never here. */
export const UNLEVIED_CATEGORIES: ReadonlySet<EmploymentCategory> = new Set(['minijob']);

/**
 * Reconciliation: payroll software rounds per employee, so a difference of up to 1 cent per
 * employee in that levy's base is `rounding`.
 */
export const ROUNDING_TOLERANCE_PER_EMPLOYEE = new Decimal('0.01');

export function diffClassOf(diff: Decimal, employeesInBase: number, declared: boolean): DiffClass {
  if (!declared) return employeesInBase > 0 ? 'difference' : 'none';
  if (diff.isZero()) return 'none';
  if (diff.abs().lessThanOrEqualTo(ROUNDING_TOLERANCE_PER_EMPLOYEE.times(employeesInBase))) return 'rounding';
  return 'difference';
}

/** The tolerance per employee in whole cents (1); null if it were set to a fraction of a cent. */
const TOLERANCE_CENTS = wholeCents(ROUNDING_TOLERANCE_PER_EMPLOYEE);

/** diffClassOf on a difference in whole cents; null when the tolerance is not whole cents (use diffClassOf). */
export function diffClassOfCents(diff: bigint, employeesInBase: number, declared: boolean): DiffClass | null {
  if (TOLERANCE_CENTS === null) return null;
  if (!declared) return employeesInBase > 0 ? 'difference' : 'none';
  if (diff === 0n) return 'none';
  if ((diff < 0n ? -diff : diff) <= TOLERANCE_CENTS * BigInt(employeesInBase)) return 'rounding';
  return 'difference';
}

const DIFF_ORDER: Record<DiffClass, number> = { none: 0, rounding: 1, difference: 2 };

export function worseDiffClass(a: DiffClass, b: DiffClass): DiffClass {
  return DIFF_ORDER[a] >= DIFF_ORDER[b] ? a : b;
}

/** §§ 3, 3a, 9 EFZG: continued pay for six weeks; a longer U1 claim is held for review. */
export const SIX_WEEKS_DAYS = 42;

export function isU1Claim(kind: ClaimKind): boolean {
  return kind === 'u1_sickness' || kind === 'u1_rehab';
}

/** Break-even rates are shown to this many decimals (rounded half up). */
export const BREAK_EVEN_DECIMALS = 6;

/** Months of a year: the reserve limit is reserveMonths / MONTHS_PER_YEAR of the year's reimbursements. */
export const MONTHS_PER_YEAR = 12;
