/**
 * The bank business-day calendar and the execution date (payments-and-ledger.md § 2.4).
 *
 * A bank business day is Monday to Friday except the TARGET closing days — 1 January, Good
 * Friday, Easter Monday, 1 May, 25 and 26 December — and the days of parameter
 * `non_business_days`. The spec's default for that parameter (migration 0013) is 24 and 31
 * December (Bundesbank) and the nationwide holidays Ascension Day, Whit Monday and 3 October; the
 * bank seat's regional holidays are added there.
 *
 * `non_business_days` is one text: comma-separated rules, each
 *   `MM-DD`           the day every year (e.g. `12-24`),
 *   `YYYY-MM-DD`      one day (e.g. a one-off closing),
 *   `EASTER+N` / `EASTER-N`  N days after/before Easter Sunday (Ascension `EASTER+39`, Whit
 *                     Monday `EASTER+50`, Corpus Christi `EASTER+60`).
 * The format is ours (the spec names the parameter, not its form); a rule we cannot read is an
 * error, never silently ignored: a missed holiday moves money on a day the bank does not book it.
 *
 * Pure: no clock; dates are ISO strings (src/dates.ts).
 */
import { addDays, dayNumber, isIsoDate, isoDate, parts, type IsoDate } from '../dates.ts';

export type NonBusinessDayRule =
  { kind: 'yearly'; month: number; day: number } | { kind: 'date'; date: IsoDate } | { kind: 'easter'; offset: number };

/** The calendar's extra closing days (parameter `non_business_days`), parsed once. */
export interface BankCalendar {
  rules: readonly NonBusinessDayRule[];
}

/** The TARGET closing days (§ 2.4), fixed by the Eurosystem. */
const TARGET_RULES: readonly NonBusinessDayRule[] = [
  { kind: 'yearly', month: 1, day: 1 },
  { kind: 'easter', offset: -2 },
  { kind: 'easter', offset: 1 },
  { kind: 'yearly', month: 5, day: 1 },
  { kind: 'yearly', month: 12, day: 25 },
  { kind: 'yearly', month: 12, day: 26 },
];

/** The spec's default of `non_business_days` (the value migration 0013 stores). */
export const DEFAULT_NON_BUSINESS_DAYS = '12-24,12-31,EASTER+39,EASTER+50,10-03';

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** Parses the parameter's text; throws naming the rule it cannot read (parameters are not personal data). */
export function parseNonBusinessDays(value: string): BankCalendar {
  const rules: NonBusinessDayRule[] = [];
  for (const raw of value.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    const easter = /^EASTER([+-]\d{1,3})$/.exec(token);
    if (easter) {
      rules.push({ kind: 'easter', offset: Number(easter[1]) });
    } else if (/^\d{2}-\d{2}$/.test(token) && isIsoDate(`2000-${token}`)) {
      rules.push({ kind: 'yearly', month: Number(token.slice(0, 2)), day: Number(token.slice(3, 5)) });
    } else if (isIsoDate(token)) {
      rules.push({ kind: 'date', date: token });
    } else {
      throw new Error(`parameter non_business_days: cannot read '${token}' (MM-DD, YYYY-MM-DD or EASTER+N/EASTER-N)`);
    }
  }
  return { rules };
}

function matches(rule: NonBusinessDayRule, date: IsoDate): boolean {
  const { year, month, day } = parts(date);
  switch (rule.kind) {
    case 'yearly':
      return rule.month === month && rule.day === day;
    case 'date':
      return rule.date === date;
    case 'easter':
      return addDays(easterSunday(year), rule.offset) === date;
  }
}

/** Saturday or Sunday (1970-01-01, day 0, was a Thursday). */
export function isWeekend(date: IsoDate): boolean {
  const weekday = (((dayNumber(date) + 4) % 7) + 7) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6;
}

export function isTargetClosingDay(date: IsoDate): boolean {
  return TARGET_RULES.some((r) => matches(r, date));
}

export function isBankBusinessDay(date: IsoDate, calendar: BankCalendar): boolean {
  return !isWeekend(date) && !isTargetClosingDay(date) && !calendar.rules.some((r) => matches(r, date));
}

/** The first bank business day on or after `date`. */
export function firstBusinessDayOnOrAfter(date: IsoDate, calendar: BankCalendar): IsoDate {
  let day = date;
  // at most a long weekend plus a few holidays; 30 days guard against a parameter closing everything
  for (let i = 0; i < 30; i++, day = addDays(day, 1)) if (isBankBusinessDay(day, calendar)) return day;
  throw new Error(`no bank business day within 30 days from ${date}: check parameter non_business_days`);
}

/**
 * ReqdExctnDt (§ 2.4): the first bank business day ≥ max(due_on, file date). The file date is the
 * day the file is written (the release day, or the day of `pay`), passed in, never read from the clock.
 */
export function executionDate(dueOn: IsoDate, fileDate: IsoDate, calendar: BankCalendar): IsoDate {
  return firstBusinessDayOnOrAfter(dueOn > fileDate ? dueOn : fileDate, calendar);
}
