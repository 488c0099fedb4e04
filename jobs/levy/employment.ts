/**
 * Which employment row a pay month or a claim takes its facts (insured_with_fund, category)
 * from (rules-aag-levy.md, "Levies" and "Claims").
 */
import { daysInMonth, isoDate, minDate, parts, type IsoDate } from '../../src/dates.ts';
import { cached } from '../../src/collections.ts';
import type { Employment } from './types.ts';

/** Employment rows grouped per employee, so that a lookup does not scan the whole employer. */
export function byEmployee(employments: readonly Employment[]): Map<string, Employment[]> {
  const map = new Map<string, Employment[]>();
  for (const e of employments) {
    const list = map.get(e.employeeId);
    if (list) list.push(e);
    else map.set(e.employeeId, [e]);
  }
  return map;
}

/**
 * The employment in force on `date`, or undefined. Decision: of several rows in force that day
 * (overlapping rows of one person) the one that started last wins; then the one running longer;
 * then an insured one, then by category — only so that the answer never depends on input order.
 */
export function employmentOn(rows: readonly Employment[] | undefined, date: IsoDate): Employment | undefined {
  // one pass keeping the first best candidate: what sorting the candidates (a stable sort) and
  // taking the first gave, without an array per lookup (a lookup runs for every pay row)
  let best: Employment | undefined;
  for (const e of rows ?? []) {
    if (e.validFrom <= date && (e.validTo === null || date <= e.validTo) && (best === undefined || compareCandidates(e, best) < 0))
      best = e;
  }
  return best;
}

/** First and last day of a month `YYYY-MM`, computed once per month name. */
const monthBounds = new Map<string, { first: IsoDate; last: IsoDate }>();

function boundsOf(month: string): { first: IsoDate; last: IsoDate } {
  return cached(monthBounds, month, () => {
    const { year, month: m } = parts(`${month}-01`);
    return { first: isoDate(year, m, 1), last: isoDate(year, m, daysInMonth(year, m)) };
  });
}

/**
 * The employment in force on the latest day of `month` (`YYYY-MM`) on which one is in force, or
 * undefined when none is in force on any day of the month.
 */
export function employmentOfMonth(rows: readonly Employment[] | undefined, month: string): Employment | undefined {
  const { first, last } = boundsOf(month);
  let latestDay: IsoDate | undefined;
  for (const e of rows ?? []) {
    if (e.validFrom > last || (e.validTo !== null && e.validTo < first)) continue;
    const end = e.validTo === null ? last : minDate(e.validTo, last);
    if (latestDay === undefined || end > latestDay) latestDay = end;
  }
  return latestDay === undefined ? undefined : employmentOn(rows, latestDay);
}

function compareCandidates(a: Employment, b: Employment): number {
  if (a.validFrom !== b.validFrom) return a.validFrom > b.validFrom ? -1 : 1;
  const aTo = a.validTo ?? '9999-12-31';
  const bTo = b.validTo ?? '9999-12-31';
  if (aTo !== bTo) return aTo > bTo ? -1 : 1;
  if (a.insuredWithFund !== b.insuredWithFund) return a.insuredWithFund ? -1 : 1;
  return a.category < b.category ? -1 : a.category > b.category ? 1 : 0;
}
