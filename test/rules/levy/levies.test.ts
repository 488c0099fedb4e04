/** AAG § 7, Satzung § 40: levy bases, ceilings, rounding, reconciliation and which months get a row. */
import { describe, expect, it } from 'vitest';
import { computeEmployer } from '../../../jobs/levy/rules.ts';
import { LEVY_MONTH_REASONS, type LevyMonthRow } from '../../../jobs/levy/types.ts';
import { reasonText } from '../../../reports/catalogue.ts';
import { declaration, employerFacts, employment, pay } from '../fixtures/levy-facts.ts';
import { LEVY_PARAMS } from '../fixtures/levy-params.ts';

const Y = 2025;
const months = (opts: Parameters<typeof employerFacts>[0]) => computeEmployer(employerFacts(opts), Y, LEVY_PARAMS).levyMonths;
const march = (opts: Parameters<typeof employerFacts>[0]): LevyMonthRow => months(opts).find((r) => r.month === '2025-03')!;

describe('which pay is levied', () => {
  it('only employees insured with the fund; minijob pay never; other categories are levied', () => {
    const row = march({
      employments: [
        employment('R'),
        employment('X', { insured: false }),
        employment('M', { category: 'minijob', hours: 8 }),
        employment('A', { category: 'apprentice' }),
      ],
      payMonths: [
        pay('R', '2025-03', '1000.00'),
        pay('X', '2025-03', '2000.00'),
        pay('M', '2025-03', '500.00'),
        pay('A', '2025-03', '900.00'),
      ],
    });
    expect(row).toMatchObject({ u1Base: '1900.00', u2Base: '1900.00' });
  });

  it('a pay row takes its facts from the employment in force on the latest day of the month that has one', () => {
    const employments = [
      employment('E1', { to: '2025-03-15', insured: false }),
      employment('E1', { from: '2025-03-16' }), // insured from the 16th: March is levied
      employment('E2', { to: '2025-03-20' }), // left on the 20th: March still levied
      employment('E3', { to: '2025-03-10' }),
      employment('E3', { from: '2025-03-11', category: 'minijob', hours: 8 }), // minijob at month end: not levied
    ];
    const row = march({ employments, payMonths: ['E1', 'E2', 'E3'].map((e) => pay(e, '2025-03', '1000.00')) });
    expect(row).toMatchObject({ u1Base: '2000.00', u2Base: '2000.00' });
  });

  it('a pay row with no employment that month is not levied (but the month gets a row)', () => {
    const rows = months({
      employer: { closedOn: '2025-06-30' },
      employments: [employment('E1', { to: '2025-06-30' })],
      payMonths: [pay('E1', '2025-08', '1000.00')],
    });
    expect(rows.find((r) => r.month === '2025-08')).toMatchObject({ u1Base: '0.00', u2Base: '0.00', declaredU1: null, diffClass: 'none' });
  });

  it('U1 base leaves out one-time pay and short_no_efzg rows; U2 base has both', () => {
    const row = march({
      employments: [employment('E1'), employment('E2')],
      payMonths: [pay('E1', '2025-03', '2000.00', { oneTime: '500.00' }), pay('E2', '2025-03', '800.00', { short: true, svDays: 12 })],
    });
    // no declaration for a month with pay: DECLARATION_MISSING (Decision 2026-12), nothing capped
    expect(row).toMatchObject({ u1Base: '2000.00', u1Levy: '59.00', u2Base: '3300.00', u2Levy: '14.52', reasons: ['DECLARATION_MISSING'] });
  });

  it('the ceiling applies per pay row (BBG × sv_days / 30); sv_days 0 means a ceiling of 0', () => {
    const row = march({
      employments: [employment('E1'), employment('E2'), employment('E3')],
      payMonths: [
        pay('E1', '2025-03', '3000.00', { svDays: 10 }), // capped to 2,683.33…
        pay('E2', '2025-03', '2683.33', { svDays: 10 }), // just below: not capped
        pay('E3', '2025-03', '700.00', { svDays: 0, oneTime: '100.00' }), // capped to 0
      ],
    });
    // 30 × base = 80,500 + 80,499.90 + 0 → 5,366.663333… → 5,366.66
    expect(row).toMatchObject({
      u1Base: '5366.66',
      u1Levy: '158.32',
      u2Base: '5466.66',
      reasons: ['PAY_ABOVE_CEILING', 'DECLARATION_MISSING'],
    });
  });

  it('no PAY_ABOVE_CEILING at the ceiling itself', () => {
    expect(march({ employments: [employment('E1')], payMonths: [pay('E1', '2025-03', '8050.00')] }).reasons).toEqual([
      'DECLARATION_MISSING',
    ]);
  });
});

describe('participation and tariff on the row', () => {
  const staffPay = { employments: [employment('E1')], payMonths: [pay('E1', '2025-03', '1000.00')] };

  it('non-participants in U1: u1_rate empty, base and levy 0.00, tariff still shown', () => {
    expect(march({ ...staffPay, history: { previousTariff: '50', participates: false } })).toMatchObject({
      u1Participates: false,
      u1Tariff: '50',
      u1Rate: null,
      u1Base: '0.00',
      u1Levy: '0.00',
      u2Base: '1000.00',
      u2Levy: '4.40',
    });
  });

  it('participation unknown (HISTORY_MISSING): treated as not in U1, u1_participates empty', () => {
    // "levy_months: u1_participates empty, u1_rate empty, U1 base and levy 0.00" (Existence and rows)
    expect(march({ ...staffPay, history: { previousTariff: '65', participates: null } })).toMatchObject({
      u1Participates: null,
      u1Tariff: '65',
      u1Rate: null,
      u1Base: '0.00',
      u1Levy: '0.00',
      u2Levy: '4.40',
    });
  });

  it('u1_exempt employers: U2 only, u1_tariff empty', () => {
    expect(march({ ...staffPay, employer: { u1Exempt: true } })).toMatchObject({
      u1Participates: false,
      u1Tariff: null,
      u1Rate: null,
      u1Base: '0.00',
      u2Levy: '4.40',
    });
  });

  it('aag_exempt employers and employers founded in Y+1 have no levy_months rows', () => {
    expect(months({ ...staffPay, employer: { aagExempt: true }, declarations: [declaration('2025-03', '1.00', '1.00')] })).toEqual([]);
    expect(months({ ...staffPay, employer: { accountOpenedOn: '2026-01-01', expectedHeadcount: 3 } })).toEqual([]);
  });
});

describe('which months get a row', () => {
  it('every month of existence, and other months of Y with pay or a declaration', () => {
    const rows = months({
      employer: { accountOpenedOn: '2025-03-20', closedOn: '2025-06-10' },
      employments: [employment('E1', { from: '2025-03-20', to: '2025-06-10' })],
      payMonths: [pay('E1', '2025-11', '100.00'), pay('E1', '2024-12', '100.00')],
      declarations: [declaration('2025-09', '0.00', '0.00'), declaration('2026-01', '5.00', '5.00')],
    });
    expect(rows.map((r) => r.month)).toEqual(['2025-03', '2025-04', '2025-05', '2025-06', '2025-09', '2025-11']);
  });

  it('two declarations for one month are an import error', () => {
    expect(() => months({ declarations: [declaration('2025-03', '1.00', '1.00'), declaration('2025-03', '2.00', '2.00')] })).toThrow(
      /two declarations for 2025-03/,
    );
  });
});

describe('reconciliation with the declarations', () => {
  // two employees: 1,000 + 2,000 → U1 88.50 (Tarif 65), U2 13.20
  const two = {
    employments: [employment('E1'), employment('E2')],
    payMonths: [pay('E1', '2025-03', '1000.00'), pay('E2', '2025-03', '2000.00')],
  };
  const withDeclaration = (u1: string | null, u2: string | null) => march({ ...two, declarations: [declaration('2025-03', u1, u2)] });

  it('none when declared = computed', () => {
    expect(withDeclaration('88.50', '13.20')).toMatchObject({
      u1Levy: '88.50',
      u2Levy: '13.20',
      declaredU1: '88.50',
      declaredU2: '13.20',
      diffU1: '0.00',
      diffU2: '0.00',
      diffClass: 'none',
    });
  });

  it('rounding when |diff| ≤ 0.01 × employees in that base, difference above', () => {
    expect(withDeclaration('88.52', '13.20')).toMatchObject({ diffU1: '0.02', diffClass: 'rounding' });
    expect(withDeclaration('88.48', '13.19')).toMatchObject({ diffU1: '-0.02', diffU2: '-0.01', diffClass: 'rounding' });
    expect(withDeclaration('88.53', '13.20')).toMatchObject({ diffU1: '0.03', diffClass: 'difference' });
  });

  it('the worse of the two levies decides', () => {
    expect(withDeclaration('88.51', '14.20')).toMatchObject({ diffU1: '0.01', diffU2: '1.00', diffClass: 'difference' });
  });

  it('employees in the base are counted per levy: a short_no_efzg employee is in U2 only', () => {
    const row = march({
      employments: [employment('E1'), employment('E2')],
      payMonths: [pay('E1', '2025-03', '1000.00'), pay('E2', '2025-03', '1000.00', { short: true })],
      declarations: [declaration('2025-03', '29.52', '8.80')],
    });
    expect(row).toMatchObject({ u1Levy: '29.50', diffU1: '0.02', diffClass: 'difference' });
  });

  it('a month with pay but no declaration: declared empty, diff = −computed, difference', () => {
    expect(march(two)).toMatchObject({ declaredU1: null, declaredU2: null, diffU1: '-88.50', diffU2: '-13.20', diffClass: 'difference' });
  });

  it('no declaration and no pay: none', () => {
    expect(march({})).toMatchObject({ declaredU1: null, diffU1: '0.00', diffU2: '0.00', diffClass: 'none' });
  });

  it('a declaration without pay is a difference unless it is 0.00', () => {
    expect(march({ declarations: [declaration('2025-03', '0.00', '0.00')] })).toMatchObject({ diffClass: 'none' });
    expect(march({ declarations: [declaration('2025-03', '0.00', '5.00')] })).toMatchObject({ diffU2: '5.00', diffClass: 'difference' });
  });

  it('a non-participant declaring U1 levies has a difference', () => {
    expect(
      march({ ...two, history: { previousTariff: '65', participates: false }, declarations: [declaration('2025-03', '88.50', '13.20')] }),
    ).toMatchObject({
      u1Levy: '0.00',
      diffU1: '88.50',
      diffClass: 'difference',
    });
  });
});

describe('reason codes of a month (rules-aag-levy.md § 3, Decision of 2026-12)', () => {
  // "levy_months.reasons holds, in this order, PAY_ABOVE_CEILING (some pay row capped),
  // DECLARATION_MISSING (no declaration for a month with pay in a levied base) and
  // DECLARATION_WITHOUT_PAY (a declaration other than 0.00 for a month without such pay)."
  const one = { employments: [employment('E1')], payMonths: [pay('E1', '2025-03', '1000.00')] };
  const reasons = (opts: Parameters<typeof employerFacts>[0]) => march(opts).reasons;

  it('a month with pay and a matching declaration carries no code; without a declaration DECLARATION_MISSING', () => {
    expect(reasons({ ...one, declarations: [declaration('2025-03', '29.50', '4.40')] })).toEqual([]);
    expect(reasons(one)).toEqual(['DECLARATION_MISSING']);
  });

  it('PAY_ABOVE_CEILING comes first, then DECLARATION_MISSING', () => {
    expect(reasons({ employments: [employment('E1')], payMonths: [pay('E1', '2025-03', '9000.00')] })).toEqual([
      'PAY_ABOVE_CEILING',
      'DECLARATION_MISSING',
    ]);
  });

  it('no pay in a levied base (none, or only minijob pay or pay insured elsewhere) and no declaration: no code', () => {
    expect(reasons({})).toEqual([]);
    const unlevied = {
      employments: [employment('M', { category: 'minijob', hours: 8 }), employment('X', { insured: false })],
      payMonths: [pay('M', '2025-03', '500.00'), pay('X', '2025-03', '3000.00')],
    };
    expect(march(unlevied)).toMatchObject({ u2Base: '0.00', diffClass: 'none', reasons: [] });
  });

  it('a declaration without pay: DECLARATION_WITHOUT_PAY unless it is 0.00', () => {
    expect(reasons({ declarations: [declaration('2025-03', '0.00', '0.00')] })).toEqual([]);
    expect(march({ declarations: [declaration('2025-03', '0.00', '5.00')] })).toMatchObject({
      diffClass: 'difference',
      reasons: ['DECLARATION_WITHOUT_PAY'],
    });
  });

  it('read per levy: a declaration row with the U2 levy empty has not declared it (DECLARATION_MISSING)', () => {
    expect(march({ ...one, declarations: [declaration('2025-03', '29.50', null)] })).toMatchObject({
      declaredU2: null,
      diffU2: '-4.40',
      diffClass: 'difference',
      reasons: ['DECLARATION_MISSING'],
    });
  });

  it('the U1 base is levied only in U1: a non-participant declaring U1 other than 0.00 gets DECLARATION_WITHOUT_PAY', () => {
    const notInU1 = { ...one, history: { previousTariff: '65' as const, participates: false } };
    expect(reasons({ ...notInU1, declarations: [declaration('2025-03', '29.50', '4.40')] })).toEqual(['DECLARATION_WITHOUT_PAY']);
    expect(reasons({ ...notInU1, declarations: [declaration('2025-03', '0.00', '4.40')] })).toEqual([]);
    expect(reasons({ ...notInU1, declarations: [declaration('2025-03', null, '4.40')] })).toEqual([]);
  });

  it('both codes on one month: U1 declared without U1 pay (short_no_efzg only), U2 pay not declared', () => {
    const short = { employments: [employment('E1')], payMonths: [pay('E1', '2025-03', '1000.00', { short: true })] };
    expect(march({ ...short, declarations: [declaration('2025-03', '5.00', null)] })).toMatchObject({
      u1Base: '0.00',
      u2Base: '1000.00',
      reasons: ['DECLARATION_MISSING', 'DECLARATION_WITHOUT_PAY'],
    });
  });

  it('employer-level codes stay on u1_tariffs and are not repeated on the months', () => {
    const result = computeEmployer(
      employerFacts({
        ...one,
        history: { previousTariff: null, participates: true },
        elections: [{ tariff: '50', receivedOn: '2025-03-01' }],
        declarations: [declaration('2025-03', '29.50', '4.40')],
      }),
      Y,
      LEVY_PARAMS,
    );
    expect(result.tariff?.reasons).toEqual(['TARIFF_DEFAULTED', 'ELECTION_LATE']);
    expect(result.levyMonths.map((m) => m.reasons)).toEqual(Array(12).fill([]));
  });

  it('every month code has a German text in the workbook catalogue', () => {
    for (const code of LEVY_MONTH_REASONS) expect(reasonText(code), code).not.toBe(code);
  });
});
