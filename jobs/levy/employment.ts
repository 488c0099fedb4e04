/**
 * Which employment row a pay month or a claim takes its facts (insured_with_fund, category)
 * from (rules-aag-levy.md, "Levies" and "Claims").
 */
import { daysInMonth, isoDate, minDate, parts, type IsoDate } from '../../src/dates.ts';
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
  return pick((rows ?? []).filter((e) => e.validFrom <= date && (e.validTo === null || date <= e.validTo)));
}

/**
 * The employment in force on the latest day of `month` (`YYYY-MM`) on which one is in force, or
 * undefined when none is in force on any day of the month.
 */
export function employmentOfMonth(rows: readonly Employment[] | undefined, month: string): Employment | undefined {
  const { year, month: m } = parts(`${month}-01`);
  const first = isoDate(year, m, 1);
  const last = isoDate(year, m, daysInMonth(year, m));
  let latestDay: IsoDate | undefined;
  for (const e of rows ?? []) {
    if (e.validFrom > last || (e.validTo !== null && e.validTo < first)) continue;
    const end = e.validTo === null ? last : minDate(e.validTo, last);
    if (latestDay === undefined || end > latestDay) latestDay = end;
  }
  return latestDay === undefined ? undefined : employmentOn(rows, latestDay);
}

function pick(candidates: Employment[]): Employment | undefined {
  return candidates.sort(compareCandidates)[0];
}

function compareCandidates(a: Employment, b: Employment): number {
  if (a.validFrom !== b.validFrom) return a.validFrom > b.validFrom ? -1 : 1;
  const aTo = a.validTo ?? '9999-12-31';
  const bTo = b.validTo ?? '9999-12-31';
  if (aTo !== bTo) return aTo > bTo ? -1 : 1;
  if (a.insuredWithFund !== b.insuredWithFund) return a.insuredWithFund ? -1 : 1;
  return a.category < b.category ? -1 : a.category > b.category ? 1 : 0;
}
