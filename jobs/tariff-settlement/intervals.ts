/**
 * Closed day ranges over ISO dates, for the participation timeline. A member's timeline is a
 * handful of ranges (participations, memberships, third-party periods), so set operations on
 * ranges are cheap where day-by-day sets would cost 365 entries per member and year.
 *
 * Internally an open end is the sentinel OPEN_END (`9999-12-31`): ISO dates compare as text, so
 * the sentinel sorts after every real date and no `null` checks clutter the arithmetic.
 */
import { addDays, maxDate, minDate, type Interval, type IsoDate } from '../../src/dates.ts';

export const OPEN_END: IsoDate = '9999-12-31';

/** Inclusive on both ends; `to === OPEN_END` means open-ended. */
export interface DayRange {
  from: IsoDate;
  to: IsoDate;
}

export function rangeOf(period: { validFrom: IsoDate; validTo: IsoDate | null }): DayRange {
  return { from: period.validFrom, to: period.validTo ?? OPEN_END };
}

/** Back to the contract's shape (`to: null` for open-ended). */
export function toInterval(range: DayRange): Interval {
  return { from: range.from, to: range.to === OPEN_END ? null : range.to };
}

/** Sorted by start; overlapping or adjacent ranges joined; empty ranges (from > to) dropped. */
export function normalize(ranges: readonly DayRange[]): DayRange[] {
  const sorted = ranges.filter((r) => r.from <= r.to).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: DayRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && (last.to === OPEN_END || r.from <= addDays(last.to, 1))) {
      last.to = maxDate(last.to, r.to);
    } else {
      out.push({ from: r.from, to: r.to });
    }
  }
  return out;
}

/** The parts of `ranges` inside `window`. Keeps the order of `ranges`. */
export function clip(ranges: readonly DayRange[], window: DayRange): DayRange[] {
  const out: DayRange[] = [];
  for (const r of ranges) {
    const from = maxDate(r.from, window.from);
    const to = minDate(r.to, window.to);
    if (from <= to) out.push({ from, to });
  }
  return out;
}

/** `ranges` minus `holes`; both normalized. The result is normalized. */
export function subtract(ranges: readonly DayRange[], holes: readonly DayRange[]): DayRange[] {
  const out: DayRange[] = [];
  for (const r of ranges) {
    let from: IsoDate | null = r.from;
    for (const h of holes) {
      if (from === null) break;
      if (h.to < from || h.from > r.to) continue;
      if (h.from > from) out.push({ from, to: addDays(h.from, -1) });
      // h.to < r.to <= OPEN_END here, so addDays never runs past the sentinel.
      from = h.to >= r.to ? null : addDays(h.to, 1);
    }
    if (from !== null) out.push({ from, to: r.to });
  }
  return out;
}

/** Binary search in normalized ranges. */
export function inRanges(ranges: readonly DayRange[], date: IsoDate): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (date < r.from) hi = mid - 1;
    else if (date > r.to) lo = mid + 1;
    else return true;
  }
  return false;
}

export function rangesOverlap(a: readonly DayRange[], b: readonly DayRange[]): boolean {
  return a.some((x) => b.some((y) => x.from <= y.to && y.from <= x.to));
}
