/**
 * AAG § 3 headcount of a month (rules-aag-levy.md § 2): the weighted employment rows active on the
 * month's first day. Kept in quarters of a head so that sums and the limit compare exactly.
 */
import { isoDate } from '../../src/dates.ts';
import { COUNTED_CATEGORIES, weightQuarters } from './decisions.ts';
import { existedInMonth, MONTHS } from './existence.ts';
import type { Employer, Employment } from './types.ts';

/**
 * Headcount of each month of Y in quarters, null for a month in which the employer did not
 * exist. Rows count, not persons (two overlapping rows of one person count twice); employees
 * insured with other funds count too. A month of existence whose first day lies before the
 * opening counts 0 (the business was not there on the counting day).
 */
export function monthlyHeadcountQuarters(employer: Employer, employments: readonly Employment[], year: number): (number | null)[] {
  return MONTHS.map((month) => {
    if (!existedInMonth(employer, year, month)) return null;
    const first = isoDate(year, month, 1);
    if (first < employer.accountOpenedOn) return 0;
    let quarters = 0;
    for (const e of employments) {
      if (!COUNTED_CATEGORIES.has(e.category)) continue;
      if (e.validFrom <= first && (e.validTo === null || first <= e.validTo)) quarters += weightQuarters(e.weeklyHours);
    }
    return quarters;
  });
}

/** A month is small when its headcount is at most the limit (30; 30.25 is not). */
export function isSmallMonth(quarters: number, headcountLimit: number): boolean {
  return quarters <= headcountLimit * 4;
}

/** Headcounts are written with 2 decimals: `30.00`, `31.50`, `0.25`. */
export function formatHeadcount(quarters: number): string {
  return (quarters / 4).toFixed(2);
}
