/**
 * The worked examples of rules-aag-levy.md (year 2025, BBG RV 8,050): the scenarios of
 * src/scenarios/levy.ts through the rules; their export rows hold the scenario's expected values.
 */
import { describe, expect, it } from 'vitest';
import { levyMonthsExport, reimbursementsExport, u1DeterminationExport } from '../../../jobs/levy/export.ts';
import { computeEmployer } from '../../../jobs/levy/rules.ts';
import { Decimal, roundCents } from '../../../src/money.ts';
import { LEVY_SCENARIOS, SCENARIO_YEAR as Y } from '../../../src/scenarios/index.ts';
import type { ExportDefinition } from '../../../src/runs/job-definition.ts';
import { LEVY_PARAMS } from '../fixtures/levy-params.ts';
import { expectRows, exportRow, levyFacts, scenario } from '../fixtures/scenarios.ts';

/** Computes the example and matches every expected row of its exports; returns the result. */
function compute(key: string) {
  const s = scenario(LEVY_SCENARIOS, key);
  const result = computeEmployer(levyFacts(s, Y), Y, LEVY_PARAMS);
  const exports: [ExportDefinition, object[]][] = [
    [levyMonthsExport, result.levyMonths],
    [u1DeterminationExport, result.determinations],
    [reimbursementsExport, result.reimbursements],
  ];
  for (const [definition, rows] of exports) {
    const actual = rows.map((r) => exportRow(r, definition.header));
    for (const [row, expected] of expectRows(actual, s.expected[definition.name], definition.key)) expect(row).toMatchObject(expected);
  }
  return result;
}

describe('U1/U2 worked examples', () => {
  it('every example has a row to expect', () => {
    for (const s of LEVY_SCENARIOS) expect(Object.values(s.expected).flat().length, s.key).toBeGreaterThan(0);
  });

  it('headcounts 28, 29, 31, 31, 30, 30, 29, 28, 28, 31.5, 32, 30 → 8 small months → U1 next year', () => {
    const { determinations } = compute('LEVY_EXAMPLE_HEADCOUNT_8_SMALL');
    expect(determinations[1]).toMatchObject({ year: Y + 1, reasons: [] });
  });

  it('29 full-time, 2 at 15 h, 1 apprentice, 1 severely disabled → 29 + 2 × 0.5 = 30 → small', () => {
    compute('LEVY_EXAMPLE_HEADCOUNT_30');
    // one more minijob at 0 hours weighs 0.25: 30.25 is not small
    compute('LEVY_EXAMPLE_HEADCOUNT_30_25');
  });

  it('Tarif 65, one month: 4,000 + 9,000 (capped to 8,050) + one-time 1,000 → U1 355.48, U2 57.42', () => {
    const { levyMonths } = compute('LEVY_EXAMPLE_TARIFF65_MONTH');
    // the example's month has no declaration: DECLARATION_MISSING follows the cap (Decision 2026-12)
    expect(levyMonths.find((r) => r.month === `${Y}-03`)).toMatchObject({ reasons: ['PAY_ABOVE_CEILING', 'DECLARATION_MISSING'] });
  });

  it('U1 claim, Tarif 50, 14 days, continued pay 5,000 → cap 3,756.666… → 1,878.33 (not 1,878.34)', () => {
    const { reimbursements } = compute('LEVY_EXAMPLE_U1_CLAIM_T50');
    expect(reimbursements).toHaveLength(1);
    expect(reimbursements[0]).toMatchObject({ employerId: '09912342', reason: null });
    // rounding the capped pay first would give 1,878.34
    expect(roundCents(new Decimal('3756.67').times('0.5')).toFixed(2)).toBe('1878.34');
  });

  describe('exact arithmetic: nine employees with 10 SV days above the 2025 ceiling', () => {
    const row = compute('LEVY_EXAMPLE_NINE_TEN_DAYS').levyMonths.find((r) => r.month === `${Y}-04`)!;

    it('gives a U1 base of exactly 24,150.00 and a levy of 712.43 (712.425 rounded half up)', () => {
      expect(row).toMatchObject({ u1Base: '24150.00', u1Levy: '712.43', reasons: ['PAY_ABOVE_CEILING', 'DECLARATION_MISSING'] });
    });

    it('the naive ways — per-row decimal ceilings at 60 digits, or per-row cents — give 712.42', () => {
      const rate = new Decimal('0.0295');
      const rowCeiling = new Decimal(8050).times(10).dividedBy(30); // 2683.333… cut at 60 digits
      const decimalSum = Array.from({ length: 9 }, () => rowCeiling).reduce((a, b) => a.plus(b));
      expect(decimalSum.lessThan(24150)).toBe(true);
      expect(roundCents(decimalSum.times(rate)).toFixed(2)).toBe('712.42');
      const centsSum = roundCents(rowCeiling).times(9);
      expect(roundCents(centsSum.times(rate)).toFixed(2)).toBe('712.42');
      expect(row.u1Levy).not.toBe('712.42');
    });
  });
});
