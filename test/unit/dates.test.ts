/** addDays' digit-only path (a day within the same month) gives what the Date arithmetic gives. */
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, isoDate } from '../../src/dates.ts';

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
