/** CreDtTm (payments-and-ledger.md § 2.9): the Berlin wall clock with its offset, on the pipeline's day. */
import { describe, expect, it } from 'vitest';
import { berlinDateTime, momentOnDay } from '../../../src/payments/file-moment.ts';

describe('CreDtTm', () => {
  it("shows the worked example's release moment in summer time and a winter moment with +01:00", () => {
    expect(berlinDateTime(new Date('2029-06-22T12:03:07.450Z'))).toBe('2029-06-22T14:03:07+02:00');
    expect(berlinDateTime(new Date('2029-01-15T23:30:00Z'))).toBe('2029-01-16T00:30:00+01:00');
  });

  it('moves the wall-clock time to the day YEAREND_TODAY sets, with that day’s offset', () => {
    const now = new Date('2026-12-07T17:24:11Z'); // 18:24:11 in Berlin (winter)
    expect(momentOnDay('2026-12-07', now)).toBe(now);
    expect(berlinDateTime(momentOnDay('2029-06-22', now))).toBe('2029-06-22T18:24:11+02:00');
    expect(berlinDateTime(momentOnDay('2029-01-02', now))).toBe('2029-01-02T18:24:11+01:00');
  });
});
