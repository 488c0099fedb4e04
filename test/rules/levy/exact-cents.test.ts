/**
 * monthBases sums in whole cents (BigInt) for speed; it must give exactly what decimal.js gives,
 * and fall back to decimal.js for figures that are not whole cents.
 */
import { describe, expect, it } from 'vitest';
import { monthBases } from '../../../jobs/levy/levies.ts';
import { Decimal } from '../../../src/money.ts';
import { employment, pay } from '../fixtures/levy-facts.ts';

const employments = new Map([
  ['A', [employment('A')]],
  ['B', [employment('B')]],
]);
const rows = [
  pay('A', '2025-03', '9000.00', { svDays: 30, oneTime: '1500.55' }), // above the ceiling
  pay('B', '2025-03', '1234.56', { svDays: 10, short: true }), // below its ceiling 8050 × 10 / 30
];

describe('monthBases: whole cents and decimal.js agree', () => {
  it('caps per row at BBG × sv_days / 30 and keeps 30 × base exact', () => {
    const b = monthBases(rows, employments, new Decimal('8050'), true);
    expect(b.u1Base30.toFixed(2)).toBe(new Decimal('8050').times(30).toFixed(2)); // B is short without EFZG: not in U1
    expect(b.u2Base30.toFixed(2)).toBe('323553.30'); // 30 × (8050 capped + 1234.56 + 1500.55 one-time)
    expect(b.aboveCeiling).toBe(true);
    expect([...b.u1Employees]).toEqual(['A']);
    expect([...b.u2Employees]).toEqual(['A', 'B']);
  });

  it('a ceiling that is not whole cents takes the decimal path with the same meaning', () => {
    const b = monthBases(rows, employments, new Decimal('8050.005'), true);
    expect(b.u1Base30.toString()).toBe(new Decimal('8050.005').times(30).toString());
    expect(b.u2Base30.toString()).toBe('323553.45'); // 30 × (8050.005 capped + 1234.56 + 1500.55)
  });

  it('pay with more than 2 decimals takes the decimal path', () => {
    const b = monthBases([pay('A', '2025-03', '100.005')], employments, new Decimal('8050'), true);
    expect(b.u1Base30.toString()).toBe('3000.15');
  });
});
