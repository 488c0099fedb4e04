/**
 * When an employer exists (rules-aag-levy.md, "Existence and rows"): from account_opened_on to
 * closed_on, both inclusive. Months are numbered 1–12 within year Y, or named `YYYY-MM`.
 */
import { daysInMonth, isoDate, parts } from '../../src/dates.ts';
import type { Employer } from './types.ts';

export const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

export function monthName(year: number, month: number): string {
  return isoDate(year, month, 1).slice(0, 7);
}

/** True when the employer existed on at least one day of the month. */
export function existedInMonth(employer: Employer, year: number, month: number): boolean {
  const first = isoDate(year, month, 1);
  const last = isoDate(year, month, daysInMonth(year, month));
  return employer.accountOpenedOn <= last && (employer.closedOn === null || employer.closedOn >= first);
}

export function existedInYear(employer: Employer, year: number): boolean {
  return employer.accountOpenedOn <= isoDate(year, 12, 31) && (employer.closedOn === null || employer.closedOn >= isoDate(year, 1, 1));
}

/** Existed on every day of Y (an account opened on 1 January Y counts). */
export function existedAllYear(employer: Employer, year: number): boolean {
  return employer.accountOpenedOn <= isoDate(year, 1, 1) && (employer.closedOn === null || employer.closedOn >= isoDate(year, 12, 31));
}

export function openedIn(employer: Employer, year: number): boolean {
  return parts(employer.accountOpenedOn).year === year;
}
