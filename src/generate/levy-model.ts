/**
 * Shapes, files, ids and year constants of the U1/U2 part of the generator (rules-aag-levy.md,
 * data-contract.md "U1/U2"). One employer is built at a time (facts → rows → dropped); dates are
 * UTC day numbers, money integer cents, so no floating point ever reaches an amount.
 */
import { betriebsnummerCheckDigit } from '../ids.ts';
import { dayNumber, daysInMonth, isoDate } from '../dates.ts';
import type { FileSpec } from './model.ts';

/** The contract's values (data-contract.md), spelled out here: the generator does not depend on the rules. */
export type Tariff = '50' | '65';
export type EmploymentCategory =
  | 'regular'
  | 'minijob'
  | 'apprentice'
  | 'severely_disabled'
  | 'parental_leave'
  | 'voluntary_service'
  | 'partial_retirement_release'
  | 'early_retirement'
  | 'home_worker';
export type ClaimKind = 'u1_sickness' | 'u1_rehab' | 'u2_maternity_subsidy' | 'u2_employment_ban';

export const LEVY_FILES = {
  employers: 'employers.csv',
  elections: 'u1_elections.csv',
  history: 'u1_history.csv',
  employments: 'employments.csv',
  pay: 'pay_months.csv',
  declarations: 'levy_declarations.csv',
  claims: 'reimbursement_claims.csv',
  balances: 'levy_fund_balances.csv',
} as const;

/** Headers exactly as data-contract.md; rowsPerMember here means rows per employer (bad-row spacing). */
export const LEVY_FILE_SPECS: readonly FileSpec[] = [
  {
    file: LEVY_FILES.employers,
    rowsPerMember: 1,
    header: ['employer_id', 'name', 'account_opened_on', 'closed_on', 'u1_exempt', 'aag_exempt', 'expected_headcount'],
  },
  { file: LEVY_FILES.elections, rowsPerMember: 0.3, header: ['employer_id', 'year', 'tariff', 'received_on'] },
  { file: LEVY_FILES.history, rowsPerMember: 1.8, header: ['employer_id', 'year', 'participates', 'tariff'] },
  {
    file: LEVY_FILES.employments,
    rowsPerMember: 11,
    header: ['employer_id', 'employee_id', 'valid_from', 'valid_to', 'category', 'weekly_hours', 'insured_with_fund'],
  },
  {
    file: LEVY_FILES.pay,
    rowsPerMember: 125,
    header: ['employer_id', 'employee_id', 'month', 'sv_days', 'pay_regular', 'pay_one_time', 'short_no_efzg'],
  },
  { file: LEVY_FILES.declarations, rowsPerMember: 11, header: ['employer_id', 'month', 'declared_u1', 'declared_u2'] },
  {
    file: LEVY_FILES.claims,
    rowsPerMember: 1.3,
    header: ['claim_id', 'employer_id', 'employee_id', 'kind', 'period_from', 'period_to', 'continued_pay', 'employer_contributions'],
  },
  { file: LEVY_FILES.balances, rowsPerMember: 0, header: ['procedure', 'year', 'opening_balance'] },
];

/** One employment row: days inclusive, `to` null = open-ended; monthly pay of a full month in cents. */
export interface Segment {
  from: number;
  to: number | null;
  category: EmploymentCategory;
  /** weekly hours as written (a decimal string with at most 2 places) */
  hours: string;
  insured: boolean;
  monthlyCents: number;
}

export interface LevyEmployee {
  id: string;
  /** in order of `from`; rows of one person may overlap only in hand-built cases */
  segments: Segment[];
  /** a temp job of at most 4 weeks (short_no_efzg) */
  short: boolean;
  /** regular pay varies from month to month (overtime, hours) */
  variable: boolean;
  /** one-time payments (cents) by month 1–12 */
  oneTime: Map<number, number>;
  /** a one-time payment in the month after the employment ended (no employment that month) */
  afterPayCents: number;
  /** explicit pay by month 1–12 instead of the computed one (hand-built cases) */
  payOverride?: Map<number, { svDays: number; regular: number; oneTime: number }>;
}

export interface ElectionFact {
  year: number;
  tariff: Tariff;
  receivedOn: number;
}

export interface HistoryFact {
  year: number;
  participates: boolean;
  tariff: Tariff | null;
}

export interface ClaimFact {
  employeeId: string;
  kind: ClaimKind;
  from: number;
  to: number;
  continuedPay: number;
  employerContributions: number | null;
}

/** How the employer declares its levies. */
export interface DeclaringHabit {
  /** exact: one rounding on the monthly total; perEmployee: rounded per row; sloppy: some wrong */
  mode: 'exact' | 'perEmployee' | 'sloppy' | 'none';
  /** the employer declares U1 (it believes it takes part) */
  declaresU1: boolean;
  /** months (1–12) without a declaration although there is pay */
  missing: Set<number>;
  /** months (1–12) declared without any pay, with the amounts in cents (U1 null = empty) */
  withoutPay: Map<number, { u1: number | null; u2: number }>;
}

export interface LevyEmployer {
  id: string;
  name: string;
  openedOn: number;
  closedOn: number | null;
  u1Exempt: boolean;
  aagExempt: boolean;
  expectedHeadcount: string | null;
  elections: ElectionFact[];
  history: HistoryFact[];
  employees: LevyEmployee[];
  habit: DeclaringHabit;
  claims: ClaimFact[];
  /** hand-built: no random noise in its pay and declarations */
  handBuilt: boolean;
}

/** Pension-insurance ceiling per month in cents (BBG RV; West for 2023/2024, rough beyond 2026). */
export function ceilingCents(year: number): number {
  const known: Record<number, number> = { 2023: 730_000, 2024: 755_000, 2025: 805_000, 2026: 845_000 };
  return known[year] ?? 845_000 + 40_000 * (year - 2026);
}

/** Levy rates in 1/10,000 (2025: U1 Tarif 50 2.15 %, Tarif 65 2.95 %, U2 0.44 %). */
export const U1_RATE: Record<Tariff, number> = { '50': 215, '65': 295 };
export const U2_RATE = 44;
export const RATE_DENOMINATOR = 10_000;

/** round half up of n / d for integers n ≥ 0, d > 0 (exact while 2n + d < 2^53). */
export function roundDiv(n: number, d: number): number {
  return Math.floor((2 * n + d) / (2 * d));
}

/** Year Y as day numbers. */
export interface LevyYear {
  year: number;
  yStart: number;
  yEnd: number;
  /** last day of February of Y (election deadline, rule 1) */
  febEnd: number;
  /** monthStart[m] = day number of the 1st of month m (1–12); monthStart[13] = 1 Jan Y+1 */
  monthStart: number[];
  /** 'YYYY-MM' of month m (1–12) */
  monthName: string[];
  ceiling: number;
}

export function levyYear(year: number): LevyYear {
  const monthStart = [0];
  const monthName = [''];
  for (let m = 1; m <= 12; m++) {
    monthStart.push(dayNumber(isoDate(year, m, 1)));
    monthName.push(isoDate(year, m, 1).slice(0, 7));
  }
  monthStart.push(dayNumber(isoDate(year + 1, 1, 1)));
  return {
    year,
    yStart: monthStart[1]!,
    yEnd: monthStart[13]! - 1,
    febEnd: dayNumber(isoDate(year, 2, daysInMonth(year, 2))),
    monthStart,
    monthName,
    ceiling: ceilingCents(year),
  };
}

/** Month 1–12 of a day of Y (0 before Y, 13 after). */
export function monthOf(y: LevyYear, day: number): number {
  if (day < y.yStart) return 0;
  if (day > y.yEnd) return 13;
  let m = 1;
  while (y.monthStart[m + 1]! <= day) m++;
  return m;
}

// ---------------------------------------------------------------------------------------------
// Identifiers

const PREFIX_SPACE = 8_000_000; // 7-digit prefixes 1,000,000 … 8,999,999 for employers
const PREFIX_MULTIPLIER = 7919; // prime, coprime to 8,000,000: a bijection on the space
const PREFIX_OFFSET = 1_234_567;
/** Prefixes from here on are never employers: ids of "unknown employer" bad rows. */
const UNKNOWN_PREFIX_FROM = 9_000_000;

export function betriebsnummer(prefix7: number): string {
  const seven = String(prefix7).padStart(7, '0');
  return seven + String(betriebsnummerCheckDigit(seven));
}

/** The Betriebsnummer of the n-th employer of a data set (n ≥ 0), scattered over the space. */
export function employerIdFor(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= PREFIX_SPACE) throw new RangeError(`employer number out of range: ${n}`);
  return betriebsnummer(1_000_000 + ((n * PREFIX_MULTIPLIER + PREFIX_OFFSET) % PREFIX_SPACE));
}

/** The same Betriebsnummer with a wrong check digit. */
export function withWrongEmployerCheckDigit(id: string): string {
  return id.slice(0, 7) + String((Number(id[7]) + 1) % 10);
}

/** Running ids of the U1/U2 part (its own counters: the other files' ids never move). */
export class LevyIds {
  private employees = 0;
  private claims = 0;
  private unknown = 0;

  nextEmployeeId(): string {
    return 'E' + String(++this.employees).padStart(9, '0');
  }

  nextClaimId(): string {
    return 'AAG' + String(++this.claims).padStart(9, '0');
  }

  /** A valid Betriebsnummer that no employer of any data set has. */
  unknownEmployerId(): string {
    return betriebsnummer(UNKNOWN_PREFIX_FROM + this.unknown++);
  }
}
