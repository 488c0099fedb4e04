/** The worked examples of rules-aag-levy.md, with their exact figures (year 2025, BBG RV 8,050). */
import { describe, expect, it } from 'vitest';
import { computeEmployer } from '../../../jobs/levy/rules.ts';
import { Decimal, roundCents } from '../../../src/money.ts';
import { claim, employerFacts, employment, pay, staff } from '../fixtures/levy-facts.ts';
import { LEVY_PARAMS } from '../fixtures/levy-params.ts';
import type { Employment } from '../../../jobs/levy/types.ts';

const Y = 2025;

/** Extra full-time rows valid for exactly one month of 2025 (1st to last day). */
function extraInMonth(month: number, count: number, hours = 40): Employment[] {
  const mm = String(month).padStart(2, '0');
  const last = new Date(Date.UTC(Y, month, 0)).getUTCDate();
  return staff(count, { prefix: `M${mm}-`, from: `${Y}-${mm}-01`, to: `${Y}-${mm}-${last}`, hours });
}

describe('U1/U2 worked examples', () => {
  it('headcounts 28, 29, 31, 31, 30, 30, 29, 28, 28, 31.5, 32, 30 → 8 small months → U1 next year', () => {
    const employments = [
      ...staff(28),
      ...extraInMonth(2, 1),
      ...extraInMonth(3, 3),
      ...extraInMonth(4, 3),
      ...extraInMonth(5, 2),
      ...extraInMonth(6, 2),
      ...extraInMonth(7, 1),
      ...extraInMonth(10, 3),
      ...extraInMonth(10, 1, 15).map((e) => ({ ...e, employeeId: 'P10' })),
      ...extraInMonth(11, 4),
      ...extraInMonth(12, 2),
    ];
    const { determinations } = computeEmployer(employerFacts({ employments }), Y, LEVY_PARAMS);
    expect(determinations[1]).toEqual({
      employerId: '09912342',
      year: 2026,
      monthsConsidered: 12,
      monthsAtMost30: 8,
      participates: true,
      basis: 'full_year',
      headcounts: ['28.00', '29.00', '31.00', '31.00', '30.00', '30.00', '29.00', '28.00', '28.00', '31.50', '32.00', '30.00'],
      reasons: [],
    });
  });

  it('29 full-time, 2 at 15 h, 1 apprentice, 1 severely disabled → 29 + 2 × 0.5 = 30 → small', () => {
    const employments = [
      ...staff(29),
      employment('H1', { hours: 15 }),
      employment('H2', { hours: 15 }),
      employment('A1', { category: 'apprentice' }),
      employment('S1', { category: 'severely_disabled' }),
    ];
    const next = computeEmployer(employerFacts({ employments }), Y, LEVY_PARAMS).determinations[1]!;
    expect(next.headcounts).toEqual(Array(12).fill('30.00'));
    expect(next).toMatchObject({ monthsAtMost30: 12, participates: true });

    // one more minijob at 0 hours weighs 0.25: 30.25 is not small
    const more = computeEmployer(
      employerFacts({ employments: [...employments, employment('J1', { category: 'minijob', hours: 0 })] }),
      Y,
      LEVY_PARAMS,
    );
    expect(more.determinations[1]).toMatchObject({ monthsAtMost30: 0, participates: false, headcounts: Array(12).fill('30.25') });
  });

  it('Tarif 65, one month: 4,000 + 9,000 (capped to 8,050) + one-time 1,000 → U1 355.48, U2 57.42', () => {
    const { levyMonths } = computeEmployer(
      employerFacts({
        employments: [employment('E1'), employment('E2')],
        payMonths: [pay('E1', '2025-03', '4000.00', { oneTime: '1000.00' }), pay('E2', '2025-03', '9000.00')],
      }),
      Y,
      LEVY_PARAMS,
    );
    expect(levyMonths.find((r) => r.month === '2025-03')).toMatchObject({
      u1Participates: true,
      u1Tariff: '65',
      u1Rate: '0.0295',
      u1Base: '12050.00',
      u1Levy: '355.48',
      u2Rate: '0.0044',
      u2Base: '13050.00',
      u2Levy: '57.42',
      reasons: ['PAY_ABOVE_CEILING'],
    });
  });

  it('U1 claim, Tarif 50, 14 days, continued pay 5,000 → cap 3,756.666… → 1,878.33 (not 1,878.34)', () => {
    const { reimbursements } = computeEmployer(
      employerFacts({
        history: { previousTariff: '50', participates: true },
        employments: [employment('E1')],
        claims: [claim('C1', 'E1', 'u1_sickness', '2025-05-05', '2025-05-18', '5000.00')],
      }),
      Y,
      LEVY_PARAMS,
    );
    expect(reimbursements).toEqual([
      {
        claimId: 'C1',
        employerId: '09912342',
        kind: 'u1_sickness',
        days: 14,
        eligiblePay: '5000.00',
        cappedPay: '3756.67',
        rate: '0.5',
        reimbursement: '1878.33',
        decision: 'approved',
        reason: null,
      },
    ]);
    // rounding the capped pay first would give 1,878.34
    expect(roundCents(new Decimal('3756.67').times('0.5')).toFixed(2)).toBe('1878.34');
  });

  describe('exact arithmetic: nine employees with 10 SV days above the 2025 ceiling', () => {
    const employments = staff(9);
    const payMonths = employments.map((e) => pay(e.employeeId, '2025-04', '3000.00', { svDays: 10 }));
    const row = computeEmployer(employerFacts({ employments, payMonths }), Y, LEVY_PARAMS).levyMonths.find((r) => r.month === '2025-04')!;

    it('gives a U1 base of exactly 24,150.00 and a levy of 712.43 (712.425 rounded half up)', () => {
      expect(row).toMatchObject({
        u1Base: '24150.00',
        u1Levy: '712.43',
        u2Base: '24150.00',
        u2Levy: '106.26',
        reasons: ['PAY_ABOVE_CEILING'],
      });
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
