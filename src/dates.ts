/**
 * Calendar helpers over ISO dates (`YYYY-MM-DD` strings). ISO strings compare correctly as text,
 * carry no time zone and never shift by a day; arithmetic goes through UTC day numbers.
 * Nothing here reads the clock: "today" is always passed in.
 */

export type IsoDate = string;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

export function parts(date: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (UTC). */
export function dayNumber(date: IsoDate): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  // The day before or after within the same month (the range helpers' `to + 1`, `from − 1`) is
  // only the day digits changing: no Date. Days 1–28 exist in every month; a year below 1000 or
  // anything not `YYYY-MM-DD` with month 01–12 takes the general path (unchanged results).
  const day = twoDigits(date, 8);
  const target = day + days;
  if (target >= 1 && target <= 28 && day >= 1 && Number.isInteger(days) && plainIsoDate(date)) {
    return date.slice(0, 8) + (target < 10 ? '0' + String(target) : String(target));
  }
  return fromDayNumber(dayNumber(date) + days);
}

/** The number of the two ASCII digits at `at`, or NaN. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/** `YYYY-MM-DD` with a year from 1000 and a month 01–12 (the day is checked by the caller). */
function plainIsoDate(date: string): boolean {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return false;
  const month = twoDigits(date, 5);
  return twoDigits(date, 0) >= 10 && twoDigits(date, 2) >= 0 && month >= 1 && month <= 12;
}

/** Inclusive count of days from `from` to `to`. */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

export function firstOfMonth(date: IsoDate): IsoDate {
  return date.slice(0, 8) + '01';
}

export function lastOfMonth(date: IsoDate): IsoDate {
  const { year, month } = parts(date);
  return isoDate(year, month, daysInMonth(year, month));
}

export function firstOfNextMonth(date: IsoDate): IsoDate {
  const { year, month } = parts(date);
  return month === 12 ? isoDate(year + 1, 1, 1) : isoDate(year, month + 1, 1);
}

/** Add calendar months; the day is clamped to the target month's length (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return isoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Add calendar years; 29 Feb becomes 28 Feb in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/**
 * Completed years of age on `on` ("ab vollendetem n. Lebensjahr"). Someone born on 29 February
 * has the birthday on 1 March in common years.
 */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  // Asked for every activity, goal and dental proof: plain `YYYY-MM-DD` dates are read by char
  // code, without the two parts() objects and six slices; anything else takes parts() as before.
  if (plainDigits(birthDate) && plainDigits(on)) {
    return age(fourDigits(birthDate), twoDigits(birthDate, 5), twoDigits(birthDate, 8), fourDigits(on), twoDigits(on, 5), twoDigits(on, 8));
  }
  const b = parts(birthDate);
  const d = parts(on);
  return age(b.year, b.month, b.day, d.year, d.month, d.day);
}

function age(bYear: number, bMonth: number, bDay: number, year: number, month: number, day: number): number {
  let age = year - bYear;
  let birthdayMonth = bMonth;
  let birthdayDay = bDay;
  if (bMonth === 2 && bDay === 29 && !isLeapYear(year)) {
    birthdayMonth = 3;
    birthdayDay = 1;
  }
  if (month < birthdayMonth || (month === birthdayMonth && day < birthdayDay)) age -= 1;
  return age;
}

/** Ten characters, `-` at 4 and 7, ASCII digits elsewhere (what parts() reads the same way). */
function plainDigits(date: string): boolean {
  return (
    date.length === 10 &&
    date.charCodeAt(4) === 45 &&
    date.charCodeAt(7) === 45 &&
    twoDigits(date, 0) >= 0 &&
    twoDigits(date, 2) >= 0 &&
    twoDigits(date, 5) >= 0 &&
    twoDigits(date, 8) >= 0
  );
}

function fourDigits(date: string): number {
  return twoDigits(date, 0) * 100 + twoDigits(date, 2);
}

// ---------------------------------------------------------------------------------------------
// Date ranges: the one shape for a span of days (memberships, participations, claims, goals).
// A member has a handful of ranges, so set operations on ranges are cheap where day-by-day sets
// would cost 365 entries per member and year.

/** The end of an open-ended range: ISO dates compare as text, so it sorts after every real date. */
export const OPEN_END: IsoDate = '9999-12-31';

/** Days from `from` to `to`, both inclusive; `to === OPEN_END` means open-ended. */
export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

/** A range from the contract's shape: `to` null (an empty valid_to) is open-ended. */
export function dateRange(from: IsoDate, to: IsoDate | null): DateRange {
  return { from, to: to ?? OPEN_END };
}

/**
 * A row of the data contract that holds from `validFrom` to `validTo` (both inclusive; null, an
 * empty valid_to, is open-ended): memberships, third-party and bonus periods, employments,
 * effective-dated parameters. Facts keep the contract's shape; range arithmetic takes the
 * DateRange that rangeOf makes of it.
 */
export interface Validity {
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

/** The range of a row that is valid from `validFrom` to `validTo` (inclusive; null = open-ended). */
export function rangeOf(row: Validity): DateRange {
  return dateRange(row.validFrom, row.validTo);
}

/** The end in the contract's shape: null for an open-ended range. */
export function endOrNull(range: DateRange): IsoDate | null {
  return range.to === OPEN_END ? null : range.to;
}

export function contains(range: DateRange, date: IsoDate): boolean {
  return range.from <= date && date <= range.to;
}

/** Inclusive: a range starting on the day another ends overlaps it. */
export function overlaps(a: DateRange, b: DateRange): boolean {
  return b.from <= a.to && a.from <= b.to;
}

/** Sorted by start; overlapping or adjacent ranges joined; empty ranges (from > to) dropped. */
export function normalize(ranges: readonly DateRange[]): DateRange[] {
  const sorted = ranges.filter((r) => r.from <= r.to).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: DateRange[] = [];
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
export function clip(ranges: readonly DateRange[], window: DateRange): DateRange[] {
  const out: DateRange[] = [];
  for (const r of ranges) {
    const from = maxDate(r.from, window.from);
    const to = minDate(r.to, window.to);
    if (from <= to) out.push({ from, to });
  }
  return out;
}

/** `ranges` minus `holes`; both normalized. The result is normalized. */
export function subtract(ranges: readonly DateRange[], holes: readonly DateRange[]): DateRange[] {
  const out: DateRange[] = [];
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
export function inRanges(ranges: readonly DateRange[], date: IsoDate): boolean {
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

export function rangesOverlap(a: readonly DateRange[], b: readonly DateRange[]): boolean {
  return a.some((x) => b.some((y) => overlaps(x, y)));
}

/** The month (1–12) of a `YYYY-MM-DD` date, read by char code: no slice. */
export function monthOf(date: IsoDate): number {
  return twoDigits(date, 5);
}

/** `YYYY-MM` of a date. */
export function monthKey(date: IsoDate): string {
  return date.slice(0, 7);
}
