/** Worked examples A–G of rules-18a-tariff.md, settlement year 2024, participation from 1 Jan 2024 unless stated. */
import { describe, it, expect } from 'vitest';
import { settleMember } from '../../../jobs/tariff-settlement/rules.ts';
import { TARIFF_PARAMS } from '../fixtures/tariff-params.ts';
import { classChange, enrol, facts, income, stay, treatment } from '../fixtures/tariff-facts.ts';

const Y = 2024;

describe('§ 18a worked examples', () => {
  it('A: class 3 all year, 2 treatments with prescription and 1 stay → balance 0.00', () => {
    const { settlement } = settleMember(
      facts({
        declarations: [enrol('2023-12-10', 3)],
        outpatientTreatments: [treatment('2024-02-05'), treatment('2024-09-12')],
        inpatientStays: [stay('2024-06-03', { dischargedOn: '2024-06-10' })],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({
      participationMonths: 12,
      premiumProrated: '250.00',
      deductibleCapProrated: '330.00',
      outpatientEvents: 2,
      inpatientEvents: 1,
      eventsAmount: '250.00',
      deductible: '250.00',
      premiumCap: '600.00',
      premiumPaid: '250.00',
      balance: '0.00',
      outcome: 'zero',
      dueOn: null,
      classes: '3:01-12',
      reasons: [],
      admissibleClass: 3,
    });
  });

  it('B: class 3 from 1 Feb, no claims → 229.17 payout due 30 June of Y+1', () => {
    const { settlement } = settleMember(facts({ declarations: [enrol('2024-01-15', 3)] }), Y, TARIFF_PARAMS);
    expect(settlement).toMatchObject({
      participationMonths: 11,
      premiumProrated: '229.17',
      deductibleCapProrated: '302.50',
      outpatientEvents: 0,
      inpatientEvents: 0,
      eventsAmount: '0.00',
      deductible: '0.00',
      premiumPaid: '229.17',
      balance: '229.17',
      outcome: 'payout',
      dueOn: '2025-06-30',
      classes: '3:02-12',
      reasons: [],
    });
  });

  it('C: class 6 all year, 6 treatments and 2 stays → deductible capped at 720.00, −120.00 receivable', () => {
    const { settlement } = settleMember(
      facts({
        income: income('60000.00'),
        declarations: [enrol('2023-11-20', 6)],
        outpatientTreatments: ['01-10', '02-10', '03-10', '04-10', '05-10', '06-10'].map((d) => treatment(`2024-${d}`)),
        inpatientStays: [stay('2024-07-01'), stay('2024-11-15')],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({
      premiumProrated: '600.00',
      deductibleCapProrated: '720.00',
      outpatientEvents: 6,
      inpatientEvents: 2,
      eventsAmount: '1500.00',
      deductible: '720.00',
      premiumPaid: '600.00',
      balance: '-120.00',
      outcome: 'receivable',
      dueOn: null,
      classes: '6:01-12',
      reasons: [],
    });
  });

  it('D: income 35,000, class 2 Jan–Jun, class 4 from Jul (change received in June) → +125.00', () => {
    const { settlement } = settleMember(
      facts({
        income: income('35000.00'),
        declarations: [enrol('2023-12-10', 2), classChange('2024-06-14', 4)],
        outpatientTreatments: [treatment('2024-03-11'), treatment('2024-08-20')],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({
      premiumProrated: '250.00',
      deductibleCapProrated: '335.00',
      outpatientEvents: 2,
      eventsAmount: '125.00',
      deductible: '125.00',
      balance: '125.00',
      outcome: 'payout',
      dueOn: '2025-06-30',
      classes: '2:01-06;4:07-12',
      reasons: [],
      admissibleClass: 4,
    });
  });

  it('E: declared class 5, income 20,000 (admissible 2) → reduced to class 2 for the year, CLASS_REDUCED', () => {
    const { settlement } = settleMember(facts({ income: income('20000.00'), declarations: [enrol('2023-12-10', 5)] }), Y, TARIFF_PARAMS);
    expect(settlement).toMatchObject({
      premiumProrated: '150.00',
      deductibleCapProrated: '230.00',
      deductible: '0.00',
      balance: '150.00',
      outcome: 'payout',
      classes: '2:01-12',
      reasons: ['CLASS_REDUCED'],
      admissibleClass: 2,
    });
  });

  it('F: class 1, member contributions 400.00 → premium capped at 80.00, +55.00, PREMIUM_CAPPED', () => {
    const { settlement } = settleMember(
      facts({
        income: income('15000.00', '400.00'),
        declarations: [enrol('2023-12-10', 1)],
        outpatientTreatments: [treatment('2024-05-06')],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({
      premiumProrated: '100.00',
      deductibleCapProrated: '125.00',
      outpatientEvents: 1,
      eventsAmount: '25.00',
      deductible: '25.00',
      premiumCap: '80.00',
      premiumPaid: '80.00',
      balance: '55.00',
      outcome: 'payout',
      classes: '1:01-12',
      reasons: ['PREMIUM_CAPPED'],
    });
  });

  it('G: third parties bear contributions 10 Mar – 20 May → April rests fully; 15 Apr treatment is no event', () => {
    const { settlement } = settleMember(
      facts({
        declarations: [enrol('2023-12-10', 3)],
        thirdPartyPeriods: [{ validFrom: '2024-03-10', validTo: '2024-05-20' }],
        outpatientTreatments: [treatment('2024-04-15')],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({
      participationMonths: 11,
      premiumProrated: '229.17',
      deductibleCapProrated: '302.50',
      outpatientEvents: 0,
      eventsAmount: '0.00',
      deductible: '0.00',
      balance: '229.17',
      outcome: 'payout',
      classes: '3:01-03;3:05-12',
      reasons: [],
    });
  });
});
