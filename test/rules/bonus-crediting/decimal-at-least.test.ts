/** decimalAtLeast compares integer hundredths for speed; it must agree with decimal.js everywhere. */
import { describe, expect, it } from 'vitest';
import { decimalAtLeast } from '../../../jobs/bonus-crediting/decisions.ts';
import { Decimal } from '../../../src/money.ts';

const values = [
  '0',
  '0.00',
  '-0',
  '-0.01',
  '9.99',
  '10',
  '10.0',
  '10.00',
  '10.01',
  '10.5',
  '10.50',
  '9999999999.99',
  '12345678901234',
  '1e3',
  '10.001',
  '00012.3',
  '+1',
  '0.5',
  '-10.5',
  '1234567890123.45',
];

describe('decimalAtLeast', () => {
  it('agrees with decimal.js on whole, 1- and 2-decimal, negative and out-of-range figures', () => {
    for (const v of values) {
      for (const m of values) expect([v, m, decimalAtLeast(v, m)]).toEqual([v, m, new Decimal(v).greaterThanOrEqualTo(m)]);
    }
  });
});
