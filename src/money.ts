/**
 * Exact money. Every amount is a decimal.js value (or a PostgreSQL numeric); binary floating
 * point never touches an amount. Rounding is half up ("kaufmännisch") to cents and happens only
 * where a rule says so — callers divide last (twelfths, ceilings / 30) and round once.
 */
import DecimalJs from 'decimal.js';

/**
 * A Decimal with enough significant digits that sums of millions of amounts stay exact.
 * decimal.js's default of 20 digits silently loses cents on large sums of repeating fractions
 * (rules-aag-levy.md, "Exact arithmetic throughout"); 60 digits is far beyond any fund's totals.
 */
export const Decimal = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);

const MONEY = /^-?[0-9]+(\.[0-9]{1,2})?$/;

/** True for a contract money string: `.` as separator, at most 2 fraction digits, no grouping. */
export function isMoneyString(value: string): boolean {
  return MONEY.test(value);
}

export function money(value: string | number | Decimal): Decimal {
  if (typeof value === 'number' && !Number.isInteger(value)) {
    throw new Error('money() refuses a non-integer JavaScript number: pass a decimal string');
  }
  return new Decimal(value);
}

/** Round half up to cents — the one rounding the rules allow. */
export function roundCents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Fixed two fraction digits for exports (`1234.50`, `-120.00`, `0.00`). */
export function formatMoney(value: Decimal): string {
  const text = value.toFixed(2, Decimal.ROUND_HALF_UP);
  return text === '-0.00' ? '0.00' : text;
}

export function minDecimal(a: Decimal, b: Decimal): Decimal {
  return a.lessThanOrEqualTo(b) ? a : b;
}

export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
