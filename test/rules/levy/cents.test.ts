/**
 * The whole-cent helpers of the levy months (jobs/levy/cents.ts) give what decimal.js gives:
 * half-up rounding away from zero, formatMoney's text, rates as exact fractions; and month bases
 * beyond the safe-integer range still come out exact (decimal.js takes over).
 */
import { describe, expect, it } from 'vitest';
import { centsOf, divHalfUp, formatCents, levyCents, scaledRate } from '../../../jobs/levy/cents.ts';
import { monthBases } from '../../../jobs/levy/levies.ts';
import { Decimal, formatMoney, roundCents } from '../../../src/money.ts';
import { employment, pay } from '../fixtures/levy-facts.ts';

describe('cents.ts agrees with decimal.js', () => {
  it('divides half up, away from zero', () => {
    for (const [n, d] of [
      [5n, 10n],
      [-5n, 10n],
      [4n, 10n],
      [-4n, 10n],
      [15n, 10n],
      [-15n, 10n],
      [29n, 30n],
      [0n, 7n],
    ] as const) {
      const expected = new Decimal(n.toString()).dividedBy(d.toString()).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
      expect(divHalfUp(n, d).toString()).toBe(expected.toFixed(0));
    }
  });

  it('formats cents as formatMoney does', () => {
    for (const c of [0n, 5n, -5n, 100n, -100n, 123456n, -123456n, 10n]) {
      expect(formatCents(c)).toBe(formatMoney(new Decimal(c.toString()).dividedBy(100)));
    }
  });

  it('reads money strings and rates exactly', () => {
    expect(centsOf('1234.5')).toBe(123450n);
    expect(centsOf('-0.05')).toBe(-5n);
    expect(centsOf('1.005')).toBeNull();
    expect(scaledRate(new Decimal('0.0295'))).toEqual({ numerator: 295n, denominator: 10000n });
    expect(scaledRate(new Decimal('1'))).toEqual({ numerator: 1n, denominator: 1n });
  });

  it('levies base30 × rate / 30 with one rounding', () => {
    for (const [base30, rate] of [
      ['241500.00', '0.0295'],
      ['7.00', '0.016'],
      ['12345.67', '0.0035'],
    ] as const) {
      const expected = roundCents(new Decimal(base30).times(rate).dividedBy(30));
      expect(formatCents(levyCents(centsOf(base30)!, scaledRate(new Decimal(rate))))).toBe(formatMoney(expected));
    }
  });
});

describe('monthBases beyond the safe-integer range', () => {
  it('sums exactly (decimal.js takes over from the safe-integer path)', () => {
    // 4 × 30 × 999,999,999,999.99 € in cents is about 1.2e16, beyond 2^53
    const ids = ['A', 'B', 'C', 'D'];
    const employments = new Map(ids.map((id) => [id, [employment(id)]]));
    const rows = ids.map((id) => pay(id, '2025-03', '999999999999.99', { svDays: 30 }));
    const ceiling = new Decimal('999999999999.99');
    const b = monthBases(rows, employments, ceiling, true);
    expect(b.u1Base30.toFixed(2)).toBe(ceiling.times(30).times(4).toFixed(2));
    expect(b.aboveCeiling).toBe(false);
  });
});
