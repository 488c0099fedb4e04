/** The bank business-day calendar and the execution date (payments-and-ledger.md § 2.4). */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NON_BUSINESS_DAYS,
  easterSunday,
  executionDate,
  firstBusinessDayOnOrAfter,
  isBankBusinessDay,
  isTargetClosingDay,
  isWeekend,
  parseNonBusinessDays,
} from '../../../src/payments/calendar.ts';

const calendar = parseNonBusinessDays(DEFAULT_NON_BUSINESS_DAYS);
const targetOnly = parseNonBusinessDays('');

describe('bank business-day calendar', () => {
  it('finds Easter Sunday (the spec: Easter 2026 makes 3 and 6 April closing days)', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2029)).toBe('2029-04-01');
    expect(easterSunday(2000)).toBe('2000-04-23');
    expect(easterSunday(2038)).toBe('2038-04-25'); // the latest possible date
    expect(easterSunday(2285)).toBe('2285-03-22'); // the earliest possible date
  });

  it('closes Good Friday and Easter Monday, not the Thursday before or the Tuesday after', () => {
    expect(isBankBusinessDay('2026-04-02', calendar)).toBe(true);
    expect(isBankBusinessDay('2026-04-03', calendar)).toBe(false);
    expect(isBankBusinessDay('2026-04-06', calendar)).toBe(false);
    expect(isBankBusinessDay('2026-04-07', calendar)).toBe(true);
    expect(isTargetClosingDay('2026-04-03') && isTargetClosingDay('2026-04-06')).toBe(true);
    expect(executionDate('2026-04-03', '2026-03-30', calendar)).toBe('2026-04-07');
  });

  it('closes 1 May (a Friday in 2026) and 1 January', () => {
    expect(isBankBusinessDay('2026-05-01', calendar)).toBe(false);
    expect(executionDate('2026-05-01', '2026-04-20', calendar)).toBe('2026-05-04');
    expect(isBankBusinessDay('2030-01-01', calendar)).toBe(false);
    expect(isBankBusinessDay('2030-01-02', calendar)).toBe(true);
  });

  it('closes 24, 25, 26 and 31 December with the default parameter; TARGET alone keeps 24 and 31 open', () => {
    // 2026: 24 Thu, 25 Fri, 26 Sat, 31 Thu
    for (const day of ['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31']) expect(isBankBusinessDay(day, calendar), day).toBe(false);
    expect(isBankBusinessDay('2026-12-23', calendar)).toBe(true);
    expect(isBankBusinessDay('2026-12-28', calendar)).toBe(true);
    expect(isBankBusinessDay('2026-12-24', targetOnly)).toBe(true);
    expect(isBankBusinessDay('2026-12-31', targetOnly)).toBe(true);
    expect(isBankBusinessDay('2026-12-25', targetOnly)).toBe(false);
    expect(executionDate('2026-12-24', '2026-12-01', calendar)).toBe('2026-12-28');
    // 2027: 24 Fri, 25/26 the weekend, Mon 27 open
    expect(executionDate('2027-12-24', '2027-12-01', calendar)).toBe('2027-12-27');
  });

  it('crosses the year end: 31 December 2026 (Thu) → Monday 4 January 2027 (1 Jan a Friday, then the weekend)', () => {
    expect(executionDate('2026-12-31', '2026-12-30', calendar)).toBe('2027-01-04');
    expect(executionDate('2026-12-31', '2026-12-30', targetOnly)).toBe('2026-12-31');
    // 2029-12-31 is a Monday: closed by the parameter; 1 Jan closed; Wednesday 2 January 2030
    expect(executionDate('2029-12-29', '2029-12-20', calendar)).toBe('2030-01-02');
  });

  it('closes weekends and the nationwide holidays of the default (Ascension, Whit Monday, 3 October)', () => {
    expect(isWeekend('2029-06-30')).toBe(true); // Saturday
    expect(isWeekend('2029-07-01')).toBe(true); // Sunday
    expect(isWeekend('2029-07-02')).toBe(false);
    expect(isBankBusinessDay('2026-05-14', calendar)).toBe(false); // Ascension: Easter + 39
    expect(isBankBusinessDay('2026-05-25', calendar)).toBe(false); // Whit Monday: Easter + 50
    expect(isBankBusinessDay('2029-10-03', calendar)).toBe(false); // Wednesday
    expect(isBankBusinessDay('2029-10-03', targetOnly)).toBe(true);
  });

  it('the worked example: due Saturday 30 June 2029, released Friday 22 June → Monday 2 July; pay on Tuesday 10 July → that day', () => {
    expect(executionDate('2029-06-30', '2029-06-22', calendar)).toBe('2029-07-02');
    expect(executionDate('2029-06-30', '2029-07-10', calendar)).toBe('2029-07-10');
    // a due date on a business day after the file date is kept
    expect(executionDate('2029-06-29', '2029-06-22', calendar)).toBe('2029-06-29');
  });

  it('reads regional and one-off days from the parameter, and refuses a rule it cannot read', () => {
    const saxony = parseNonBusinessDays(`${DEFAULT_NON_BUSINESS_DAYS},10-31,2029-11-21,EASTER+60`);
    expect(isBankBusinessDay('2029-10-31', saxony)).toBe(false); // Reformationstag, Wednesday
    expect(isBankBusinessDay('2029-11-21', saxony)).toBe(false); // Buß- und Bettag 2029, one-off
    expect(isBankBusinessDay('2030-11-20', saxony)).toBe(true); // the one-off rule is that year's only
    expect(isBankBusinessDay('2029-05-31', saxony)).toBe(false); // Corpus Christi 2029 (Easter 1 April + 60)
    expect(firstBusinessDayOnOrAfter('2029-10-31', saxony)).toBe('2029-11-01');
    expect(() => parseNonBusinessDays('12-24,24.12.')).toThrow(/cannot read '24\.12\.'/);
    expect(() => parseNonBusinessDays('02-30')).toThrow(/cannot read/);
    expect(() => parseNonBusinessDays('EASTER')).toThrow(/cannot read/);
  });
});
