/** The char-code paths (addDays within a month, ageOn, monthOf) give what the general ones give. */
import { describe, expect, it } from 'vitest';
import { addDays, ageOn, fromDayNumber, isoDate, monthOf, parts } from '../../src/dates.ts';

/** The general path: through the UTC day number (what addDays did for every call before). */
function viaDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return fromDayNumber(Date.UTC(y, m - 1, d) / 86_400_000 + days);
}

describe('addDays', () => {
  it('equals the Date arithmetic for every day of 2023–2025 and 2100, ±1, ±3, ±27, ±40', () => {
    for (const year of [2023, 2024, 2025, 2100]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const date = isoDate(year, month, day);
          for (const n of [0, 1, -1, 3, -3, 27, -27, 40, -40]) expect(addDays(date, n), `${date} ${n}`).toBe(viaDate(date, n));
        }
      }
    }
  });

  it('keeps the general path where the digits alone would be wrong', () => {
    expect(addDays('9999-12-31', -1)).toBe('9999-12-30');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    // two-digit years go through Date.UTC as before (it reads them as 19xx)
    expect(addDays('0050-01-05', 1)).toBe(viaDate('0050-01-05', 1));
  });
});

/** ageOn as it was before its char-code path: through parts(). */
function ageViaParts(birthDate: string, on: string): number {
  const b = parts(birthDate);
  const d = parts(on);
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const [bm, bd] = b.month === 2 && b.day === 29 && !leap(d.year) ? [3, 1] : [b.month, b.day];
  return d.year - b.year - (d.month < bm || (d.month === bm && d.day < bd) ? 1 : 0);
}

describe('ageOn', () => {
  it('equals the parts() reading for birthdays around every day of 2023–2024 (29 February included)', () => {
    const births = ['2000-02-29', '2006-01-01', '2007-12-31', '1960-06-15', '2008-03-01', '0999-07-04'];
    for (const year of [2023, 2024]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const on = isoDate(year, month, day);
          for (const b of births) expect(ageOn(b, on), `${b} ${on}`).toBe(ageViaParts(b, on));
        }
      }
    }
    expect(ageOn('2006-03-01', '2024-02-29')).toBe(17);
    expect(ageOn('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageOn('2000-02-29', '2018-03-01')).toBe(18);
  });

  it('reads anything but plain YYYY-MM-DD through parts() as before', () => {
    expect(ageOn('12000-01-01', '2024-01-01')).toBe(ageViaParts('12000-01-01', '2024-01-01'));
    expect(ageOn('2000-1-015', '2024-06-01')).toBe(ageViaParts('2000-1-015', '2024-06-01'));
  });
});

describe('monthOf', () => {
  it('is the month number of the date', () => {
    for (let month = 1; month <= 12; month++) expect(monthOf(isoDate(2025, month, 9))).toBe(month);
  });
});
