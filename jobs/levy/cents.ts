/**
 * Whole-cent arithmetic (BigInt) for the levy rules' hot loops: money strings as cents, rates as
 * exact fractions, division with the one rounding the rules allow (half up, away from zero, as
 * decimal.js's ROUND_HALF_UP). Every value here is exact, so a result equals the decimal.js one;
 * a figure that is not whole cents (more than 2 decimals) yields null and the caller takes
 * decimal.js for it. Why: decimal.js per employer-month (base × rate / 30, rounding, formatting,
 * the declared amounts) was the largest share of the rules' CPU time after the pay rows.
 */
import type { Decimal } from '../../src/money.ts';

const MONEY_CENTS = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/;

/** A money string (at most 2 decimals) as whole cents; null for anything else. */
export function centsOf(value: string): bigint | null {
  const m = MONEY_CENTS.exec(value);
  if (m === null) return null;
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

/** The amount as whole cents when it is one (the ceiling: 8050 or 8050.00), else null. */
export function wholeCents(value: Decimal): bigint | null {
  const cents = value.times(100);
  return cents.isInteger() ? BigInt(cents.toFixed(0)) : null;
}

/** Cents with two decimals, as formatMoney writes them (`1234.50`, `-0.05`, `0.00`). */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const fraction = abs % 100n;
  return `${negative ? '-' : ''}${abs / 100n}.${fraction < 10n ? '0' : ''}${fraction}`;
}

/** n / d rounded half up (away from zero), d > 0: the rounding of money.ts's roundCents and formatMoney. */
export function divHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = r < 0n ? -2n * r : 2n * r;
  if (twice < d) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/** A rate as the exact fraction numerator / denominator (0.0295 → 295 / 10000). */
export interface ScaledRate {
  numerator: bigint;
  denominator: bigint;
}

export function scaledRate(rate: Decimal): ScaledRate {
  // toFixed() writes every digit without an exponent: "0.0295", "1", "-0.5"
  const text = rate.toFixed();
  const point = text.indexOf('.');
  if (point < 0) return { numerator: BigInt(text), denominator: 1n };
  const decimals = text.length - point - 1;
  return { numerator: BigInt(text.slice(0, point) + text.slice(point + 1)), denominator: 10n ** BigInt(decimals) };
}

/** Cents of base30 × rate / 30, rounded half up once: the levy of one month in whole cents. */
export function levyCents(base30: bigint, rate: ScaledRate): bigint {
  return divHalfUp(base30 * rate.numerator, 30n * rate.denominator);
}
