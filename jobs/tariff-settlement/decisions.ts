/**
 * The § 18a rules that are ours, not the Satzung's (rules-18a-tariff.md, "Decision"), and the
 * Satzung's fixed periods, each in one named place so that a fund can change it.
 */
import { addDays, addMonths, addYears, firstOfNextMonth, isoDate, lastOfMonth, parts, type IsoDate } from '../../src/dates.ts';
import type { ClaimCategory } from './types.ts';

/** § 18a Abs. 2 Satz 5 / § 53 Abs. 8 Satz 1 SGB V: binding period from the participation start. */
export const BINDING_YEARS = 3;

/** § 18a Abs. 2 Satz 5: three months' notice to the end of the insurance year. */
export const NOTICE_MONTHS = 3;

/**
 * Decision: a gap of at most this many months between two own membership periods is an
 * interruption (the tariff rests), as § 18f Abs. 12 treats breaks of up to a month.
 */
export const MAX_INTERRUPTION_MONTHS = 1;

/** Decision (excluded categories): these claims are never deductible events. */
export const EXCLUDED_CLAIM_CATEGORIES: ReadonlySet<ClaimCategory> = new Set(['pregnancy', 'prevention', 'contraception']);

/** § 18a Abs. 2 Satz 4: the choice takes effect on the first day of the month after receipt. */
export function effectiveFrom(receivedOn: IsoDate): IsoDate {
  return firstOfNextMonth(receivedOn);
}

/** Last day of the 3-year binding period: start + 3 years − 1 day. */
export function bindingEnd(start: IsoDate): IsoDate {
  // Every participation computes it, and starts are mostly the first of a month: remembered per
  // start day (a pure function of the date; bounded so a long-lived worker's memo stays small).
  let end = bindingEnds.get(start);
  if (end === undefined) {
    end = addDays(addYears(start, BINDING_YEARS), -1);
    if (bindingEnds.size >= 10_000) bindingEnds.clear();
    bindingEnds.set(start, end);
  }
  return end;
}

const bindingEnds = new Map<IsoDate, IsoDate>();

/**
 * Ordinary cancel. Decision: the insurance year is the calendar year. The end is 31 Dec of the
 * first year whose end is at least NOTICE_MONTHS after receipt (receipt on or before 30 Sep; the
 * year of receipt + 3 months is exactly that year) and not before the binding period's last day.
 */
export function ordinaryCancelEnd(receivedOn: IsoDate, participationStart: IsoDate): IsoDate {
  const byNotice = parts(addMonths(receivedOn, NOTICE_MONTHS)).year;
  const byBinding = parts(bindingEnd(participationStart)).year;
  return isoDate(Math.max(byNotice, byBinding), 12, 31);
}

/** § 18a Abs. 2 Satz 7: hardship cancel ends with the calendar month after the month of receipt. */
export function hardshipCancelEnd(receivedOn: IsoDate): IsoDate {
  return lastOfMonth(firstOfNextMonth(receivedOn));
}

/**
 * Decision: the next own membership period must start no later than the day after
 * "previous end + MAX_INTERRUPTION_MONTHS" (end 31 Jan → start by 1 Mar) for the gap to be an
 * interruption rather than an end.
 */
export function isInterruption(previousEnd: IsoDate, nextStart: IsoDate): boolean {
  return nextStart <= addDays(addMonths(previousEnd, MAX_INTERRUPTION_MONTHS), 1);
}

/**
 * § 18a Abs. 4: a positive difference falls due at the end of Q2 of the following year (30 June
 * Y+1). The one place that date is written: rules, payments, deadline and workbook call this.
 */
export function payoutDueDate(year: number): IsoDate {
  return isoDate(year + 1, 6, 30);
}
