/** § 41, AAG § 9: the levy funds' year; and the parameter errors that stop a run. */
import { describe, expect, it } from 'vitest';
import { breakEvenRate, closeLevyFunds, emptyFundFigures, sumFundFigures } from '../../../jobs/levy/funds.ts';
import { computeEmployer } from '../../../jobs/levy/rules.ts';
import type { LevyFundFigures } from '../../../jobs/levy/types.ts';
import { claim, declaration, employerFacts, employment, pay, staff } from '../fixtures/levy-facts.ts';
import { LEVY_PARAMS } from '../fixtures/levy-params.ts';

const Y = 2025;

function figures(u1: Partial<LevyFundFigures['u1']>, u2: Partial<LevyFundFigures['u2']> = {}): LevyFundFigures {
  const empty = emptyFundFigures();
  return { u1: { ...empty.u1, ...u1 }, u2: { ...empty.u2, ...u2 } };
}

describe('per-employer figures, summed', () => {
  it('declared (every declaration), computed, approved reimbursements and 30 × base, per procedure and tariff', () => {
    const t65 = computeEmployer(
      employerFacts({
        employments: staff(9),
        payMonths: staff(9).map((e) => pay(e.employeeId, '2025-04', '3000.00', { svDays: 10 })),
        declarations: [declaration('2025-04', '712.40', '106.26'), declaration('2025-05', '1.00', null)],
        claims: [
          claim('C1', 'E001', 'u1_sickness', '2025-05-05', '2025-05-18', '5000.00'),
          claim('C2', 'E001', 'u2_maternity_subsidy', '2025-06-01', '2025-06-30', '800.00'),
        ],
      }),
      Y,
      LEVY_PARAMS,
    ).fund;
    const t50 = computeEmployer(
      employerFacts({
        employer: { employerId: '09912350' },
        history: { previousTariff: '50', participates: true },
        employments: [employment('E1')],
        payMonths: [pay('E1', '2025-03', '1000.00')],
        claims: [
          claim('C3', 'E1', 'u1_sickness', '2025-05-05', '2025-05-18', '5000.00'),
          claim('C4', 'E1', 'u1_sickness', '2025-05-10', '2025-05-12', '500.00'),
        ],
      }),
      Y,
      LEVY_PARAMS,
    ).fund;
    const exempt = computeEmployer(
      employerFacts({ employer: { employerId: '09912368', aagExempt: true }, declarations: [declaration('2025-01', '3.00', '4.00')] }),
      Y,
      LEVY_PARAMS,
    ).fund;

    expect(t65.u1).toEqual({
      levyDeclared: '713.40',
      levyComputed: '712.43',
      reimbursementsApproved: '2441.83', // 3,756.666… × 65 % = 2,441.833…
      base30: '724500.00',
      byTariff: {
        '50': { reimbursementsApproved: '0.00', base30: '0.00' },
        '65': { reimbursementsApproved: '2441.83', base30: '724500.00' },
      },
    });
    expect(sumFundFigures([t65, t50, exempt])).toEqual({
      u1: {
        levyDeclared: '716.40',
        levyComputed: '733.93', // + 1,000 × 2.15 % = 21.50
        reimbursementsApproved: '4320.16',
        base30: '754500.00',
        byTariff: {
          '50': { reimbursementsApproved: '1878.33', base30: '30000.00' },
          '65': { reimbursementsApproved: '2441.83', base30: '724500.00' },
        },
      },
      u2: { levyDeclared: '110.26', levyComputed: '110.66', reimbursementsApproved: '800.00', base30: '754500.00' },
    });
  });
});

describe('closeLevyFunds', () => {
  const opening = { year: Y, u1: '1000.00', u2: '500.00' };

  it('closing = opening + declared − approved; reserve limit = 3/12 of approved; break-even rates to 6 decimals', () => {
    const f = figures(
      {
        levyDeclared: '2000.00',
        levyComputed: '2010.00',
        reimbursementsApproved: '2200.00',
        base30: '3000000.00', // base 100,000
        byTariff: {
          '50': { reimbursementsApproved: '700.00', base30: '900000.00' },
          '65': { reimbursementsApproved: '1500.00', base30: '2100000.00' },
        },
      },
      { levyDeclared: '300.00', levyComputed: '300.00', reimbursementsApproved: '0.00', base30: '0.00' },
    );
    expect(closeLevyFunds(opening, f, LEVY_PARAMS)).toEqual([
      {
        procedure: 'U1',
        year: 2025,
        openingBalance: '1000.00',
        leviesDeclared: '2000.00',
        leviesComputed: '2010.00',
        reimbursements: '2200.00',
        closingBalance: '800.00',
        reserveLimit: '550.00',
        reserveStatus: 'above_limit',
        breakEvenRate: '0.022000',
        breakEvenRateT50: '0.023333', // 700 / 30,000
        breakEvenRateT65: '0.021429', // 1,500 / 70,000 = 0.0214285…
      },
      {
        procedure: 'U2',
        year: 2025,
        openingBalance: '500.00',
        leviesDeclared: '300.00',
        leviesComputed: '300.00',
        reimbursements: '0.00',
        closingBalance: '800.00',
        reserveLimit: '0.00',
        reserveStatus: 'above_limit',
        breakEvenRate: null, // base 0
        breakEvenRateT50: null,
        breakEvenRateT65: null,
      },
    ]);
  });

  it('reserve status boundaries: equal to the limit is ok, a cent above is above_limit, below zero negative', () => {
    const status = (declared: string) =>
      closeLevyFunds(
        { year: Y, u1: '0.00', u2: '0.00' },
        figures({ levyDeclared: declared, reimbursementsApproved: '1000.00' }),
        LEVY_PARAMS,
      )[0]!;
    expect(status('1250.00')).toMatchObject({ closingBalance: '250.00', reserveLimit: '250.00', reserveStatus: 'ok' });
    expect(status('1250.01')).toMatchObject({ closingBalance: '250.01', reserveStatus: 'above_limit' });
    expect(status('1000.00')).toMatchObject({ closingBalance: '0.00', reserveStatus: 'ok' });
    expect(status('999.99')).toMatchObject({ closingBalance: '-0.01', reserveStatus: 'negative' });
  });

  it('the status compares the closing balance with the shown (rounded) reserve limit, not the exact one', () => {
    // rules-aag-levy.md "Funds": "reserve limit = 3/12 of Y's approved reimbursements, rounded half up
    // to cents (the figure shown), and the closing balance is compared with that shown figure".
    // 3/12 × 999.99 = 249.9975, shown 250.00: a closing balance of 250.00 is ok (above the exact limit).
    const row = closeLevyFunds(
      { year: Y, u1: '0.00', u2: '0.00' },
      figures({ levyDeclared: '1249.99', reimbursementsApproved: '999.99' }),
      LEVY_PARAMS,
    )[0]!;
    expect(row).toMatchObject({ closingBalance: '250.00', reserveLimit: '250.00', reserveStatus: 'ok' });
  });

  it('break-even rate: half up at the 6th decimal, empty for a zero base', () => {
    expect(breakEvenRate('1', '30000000.00')).toBe('0.000001'); // 1 / 1,000,000
    expect(breakEvenRate('1', '60000000.00')).toBe('0.000001'); // 0.0000005 → up
    expect(breakEvenRate('1', '60000030.00')).toBe('0.000000');
    expect(breakEvenRate('100.00', '0.00')).toBeNull();
  });

  it('a missing opening balance stops the run', () => {
    expect(() => closeLevyFunds({ year: Y, u1: null, u2: '0.00' }, emptyFundFigures(), LEVY_PARAMS)).toThrow(
      /opening balance of the U1 fund for 2025 is missing/,
    );
  });
});

describe('parameters that stop a run', () => {
  it('2024 and 2023: separate West/East ceilings and no place of employment → clear error', () => {
    expect(() => computeEmployer(employerFacts(), 2024, LEVY_PARAMS)).toThrow(
      /BBG RV\) of 2024 has separate West \(7550\) and East \(7450\) values/,
    );
    expect(() => computeEmployer(employerFacts(), 2023, LEVY_PARAMS)).toThrow(/West \(7300\) and East \(7100\)/);
  });

  it('a year without a ceiling or rates names the missing parameter', () => {
    expect(() => computeEmployer(employerFacts(), 2027, LEVY_PARAMS)).toThrow(
      /parameter missing: pension-insurance ceiling \(BBG RV\) per month of 2027/,
    );
    const ratesEnd2025 = { ...LEVY_PARAMS, u2LevyRates: [{ validFrom: '2025-01-01', validTo: '2025-12-31', rate: '0.0044' }] };
    expect(() => computeEmployer(employerFacts(), 2026, ratesEnd2025)).toThrow(/parameter missing: U2 levy rate in force on 2026-01-01/);
  });

  it('2026 runs with its own ceiling (8,450)', () => {
    const row = computeEmployer(
      employerFacts({ employments: [employment('E1')], payMonths: [pay('E1', '2026-01', '9000.00')] }),
      2026,
      LEVY_PARAMS,
    ).levyMonths[0]!;
    expect(row).toMatchObject({ month: '2026-01', u1Base: '8450.00', reasons: ['PAY_ABOVE_CEILING', 'DECLARATION_MISSING'] });
  });
});
