/** Deductible events, income bands and class tables (rules-18a-tariff.md, "Amounts" and "Class of each month"). */
import { describe, it, expect } from 'vitest';
import { settleMember } from '../../../jobs/tariff-settlement/rules.ts';
import { admissibleClass, classesString } from '../../../jobs/tariff-settlement/classes.ts';
import { Decimal } from '../../../src/money.ts';
import type { TariffParams } from '../../../jobs/tariff-settlement/types.ts';
import { CLASS_TABLE_2022_04, TARIFF_PARAMS } from '../fixtures/tariff-params.ts';
import { enrol, facts, income, stay, treatment } from '../fixtures/tariff-facts.ts';

const Y = 2024;
const allYear = [enrol('2023-12-10', 3)];

describe('deductible events', () => {
  it('excluded categories are never events, for treatments and stays alike', () => {
    const { settlement } = settleMember(
      facts({
        declarations: allYear,
        outpatientTreatments: [
          treatment('2024-02-01', { category: 'pregnancy' }),
          treatment('2024-02-02', { category: 'prevention' }),
          treatment('2024-02-03', { category: 'contraception' }),
        ],
        inpatientStays: [stay('2024-03-01', { category: 'pregnancy' }), stay('2024-04-01', { category: 'prevention' })],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({ outpatientEvents: 0, inpatientEvents: 0, eventsAmount: '0.00' });
  });

  it('a treatment without prescription is no event', () => {
    const { settlement } = settleMember(
      facts({ declarations: allYear, outpatientTreatments: [treatment('2024-02-01', { withPrescription: false })] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({ outpatientEvents: 0, eventsAmount: '0.00' });
  });

  it('two treatments on the same day are two events; a repeated claim_id is one', () => {
    const { settlement } = settleMember(
      facts({
        declarations: allYear,
        outpatientTreatments: [
          treatment('2024-02-01', { claimId: 'T1' }),
          treatment('2024-02-01', { claimId: 'T2' }),
          treatment('2024-02-01', { claimId: 'T2' }),
        ],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({ outpatientEvents: 2, eventsAmount: '125.00', deductible: '125.00' });
  });

  it('an inpatient stay under class 1 is an event of 0.00 and is counted', () => {
    const { settlement } = settleMember(
      facts({
        income: income('15000.00'),
        declarations: [enrol('2023-12-10', 1)],
        inpatientStays: [stay('2024-05-02', { dischargedOn: '2024-05-09' })],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({ inpatientEvents: 1, eventsAmount: '0.00', deductible: '0.00', balance: '100.00' });
  });

  it('claims outside Y or outside the participation are ignored; a stay is dated by its admission day', () => {
    const { settlement } = settleMember(
      facts({
        declarations: [enrol('2024-01-15', 3)],
        outpatientTreatments: [treatment('2023-06-01'), treatment('2024-01-20'), treatment('2025-01-02'), treatment('2024-02-01')],
        inpatientStays: [stay('2024-01-25', { dischargedOn: '2024-02-05' }), stay('2024-12-30', { dischargedOn: '2025-01-04' })],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({ outpatientEvents: 1, inpatientEvents: 1, eventsAmount: '187.50' });
  });

  it('each event uses the effective class of its month (after reduction)', () => {
    const { settlement } = settleMember(
      facts({ income: income('20000.00'), declarations: [enrol('2023-12-10', 6)], inpatientStays: [stay('2024-07-07')] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({ inpatientEvents: 1, eventsAmount: '75.00', reasons: ['CLASS_REDUCED'] });
  });

  it('the deductible is at most the prorated cap', () => {
    const { settlement } = settleMember(
      facts({ declarations: [enrol('2024-09-10', 3)], inpatientStays: [stay('2024-10-01'), stay('2024-11-01')] }),
      Y,
      TARIFF_PARAMS,
    );
    // 3 months: cap 3 × 330 / 12 = 82.50, premium 62.50; events 250.00
    expect(settlement).toMatchObject({
      deductibleCapProrated: '82.50',
      eventsAmount: '250.00',
      deductible: '82.50',
      balance: '-20.00',
      outcome: 'receivable',
    });
  });
});

describe('income bands (above the previous upper bound, up to and including its own)', () => {
  const cases: [string, number][] = [
    ['0.00', 1],
    ['18000.00', 1],
    ['18000.50', 2],
    ['24000.00', 2],
    ['24000.01', 3],
    ['36000.00', 4],
    ['50850.00', 5],
    ['50850.01', 6],
    ['50851.00', 6],
    ['250000.00', 6],
  ];
  it.each(cases)('income %s → class %i', (value, expected) => {
    expect(admissibleClass(CLASS_TABLE_2022_04, new Decimal(value))).toBe(expected);
  });

  it('18000.50 reduces a declared class 6 to class 2 in the settlement', () => {
    const { settlement } = settleMember(facts({ income: income('18000.50'), declarations: [enrol('2023-12-10', 6)] }), Y, TARIFF_PARAMS);
    expect(settlement).toMatchObject({ admissibleClass: 2, classes: '2:01-12', premiumProrated: '150.00' });
  });
});

describe('class tables', () => {
  it('a participation month with no class table in force stops the run with an error naming the month', () => {
    expect(() => settleMember(facts({ declarations: [enrol('2021-12-10', 3)] }), 2022, TARIFF_PARAMS)).toThrow(/2022-01/);
  });

  it('months of Y without participation need no table', () => {
    const { settlement } = settleMember(facts({ declarations: [enrol('2022-03-10', 3)] }), 2022, TARIFF_PARAMS);
    expect(settlement).toMatchObject({ participationMonths: 9, classes: '3:04-12', premiumProrated: '187.50' });
  });

  it('each month uses the table in force on its first day', () => {
    const cheaper = {
      ...CLASS_TABLE_2022_04,
      version: '2024-07-01',
      validFrom: '2024-07-01',
      classes: CLASS_TABLE_2022_04.classes.map((c) => ({ ...c, premium: c.tariffClass === 3 ? '200.00' : c.premium })),
    };
    const params: TariffParams = {
      ...TARIFF_PARAMS,
      classTables: [{ ...CLASS_TABLE_2022_04, validTo: '2024-06-30' }, cheaper],
    };
    const { settlement } = settleMember(facts({ declarations: allYear }), Y, params);
    // (6 × 250 + 6 × 200) / 12 = 225.00
    expect(settlement?.premiumProrated).toBe('225.00');
  });
});

describe('classes string', () => {
  it('merges consecutive months of one class; a gap or a change breaks the range', () => {
    expect(classesString([{ month: 5, effectiveClass: 3 }])).toBe('3:05-05');
    expect(
      classesString([
        { month: 1, effectiveClass: 2 },
        { month: 2, effectiveClass: 2 },
        { month: 3, effectiveClass: 4 },
        { month: 5, effectiveClass: 4 },
      ]),
    ).toBe('2:01-02;4:03-03;4:05-05');
    expect(classesString([])).toBe('');
  });
});
