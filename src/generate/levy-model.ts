/**
 * Shapes and year constants of the U1/U2 part of the generator (rules-aag-levy.md,
 * data-contract.md "U1/U2"). One employer is built at a time (facts → rows → dropped); dates are
 * UTC day numbers, money integer cents, so no floating point ever reaches an amount.
 */
import { dayNumber, daysInMonth, isoDate } from '../dates.ts';

import type { ClaimKind, EmploymentCategory, Tariff } from '../../jobs/levy/types.ts';

export type { ClaimKind, EmploymentCategory, Tariff };

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
  /** size class and the full-time equivalents the employer aims at (counted categories) */
  size: 'tiny' | 'small' | 'limit' | 'large';
  target: number;
  employees: LevyEmployee[];
  /** exact: one rounding on the monthly total; perEmployee: rounded per row; sloppy: some wrong */
  declaring: 'exact' | 'perEmployee' | 'sloppy' | 'none';
  /** the employer declares U1 (it believes it takes part) */
  declaresU1: boolean;
}

/** Pension-insurance ceiling per month in cents (BBG RV; West for 2023/2024, rough beyond 2026). */
const CEILING_CENTS: Record<number, number> = { 2023: 730_000, 2024: 755_000, 2025: 805_000, 2026: 845_000 };

/** Year Y as day numbers. */
export interface LevyYear {
  year: number;
  yStart: number;
  yEnd: number;
  /** last day of February of Y (election deadline, rule 1) */
  febEnd: number;
  /** monthStart[m] = day number of the 1st of month m (1–12); monthStart[13] = 1 Jan Y+1 */
  monthStart: number[];
  ceiling: number;
}

export function levyYear(year: number): LevyYear {
  const monthStart = [0];
  for (let m = 1; m <= 12; m++) {
    monthStart.push(dayNumber(isoDate(year, m, 1)));
  }
  monthStart.push(dayNumber(isoDate(year + 1, 1, 1)));
  return {
    year,
    yStart: monthStart[1]!,
    yEnd: monthStart[13]! - 1,
    febEnd: dayNumber(isoDate(year, 2, daysInMonth(year, 2))),
    monthStart,
    ceiling: CEILING_CENTS[year] ?? 845_000 + 40_000 * (year - 2026),
  };
}
