/** One test (or more) per reason code of rules-18a-tariff.md, settlement year 2024. */
import { describe, it, expect } from 'vitest';
import { settleMember } from '../../../jobs/tariff-settlement/rules.ts';
import { TARIFF_PARAMS } from '../fixtures/tariff-params.ts';
import { cancel, classChange, enrol, facts, hardship, income } from '../fixtures/tariff-facts.ts';

const Y = 2024;

describe('declaration-level reasons', () => {
  it('NOT_A_MEMBER: a family-insured person cannot enrol', () => {
    const result = settleMember(
      facts({ memberships: [{ validFrom: '2000-01-01', validTo: null, kind: 'family' }], declarations: [enrol('2024-03-10', 3, 'D1')] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(result).toEqual({ settlement: null, exceptions: [{ declarationId: 'D1', code: 'NOT_A_MEMBER' }] });
  });

  it('NOT_A_MEMBER: not insured at all', () => {
    const result = settleMember(facts({ memberships: [], declarations: [enrol('2024-03-10', 3, 'D1')] }), Y, TARIFF_PARAMS);
    expect(result).toEqual({ settlement: null, exceptions: [{ declarationId: 'D1', code: 'NOT_A_MEMBER' }] });
  });

  it('NOT_A_MEMBER: the own membership ends before the start day and none follows', () => {
    const result = settleMember(
      facts({
        memberships: [
          { validFrom: '2000-01-01', validTo: '2024-03-20', kind: 'mandatory' },
          { validFrom: '2024-03-21', validTo: null, kind: 'family' },
        ],
        declarations: [enrol('2024-03-10', 3, 'D1')],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(result.exceptions).toEqual([{ declarationId: 'D1', code: 'NOT_A_MEMBER' }]);
  });

  it('THIRD_PARTY_AT_ENROLMENT: contributions borne by third parties on the start day', () => {
    const result = settleMember(
      facts({
        thirdPartyPeriods: [{ validFrom: '2024-01-01', validTo: '2024-06-30' }],
        declarations: [enrol('2024-02-10', 3, 'D1')],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(result).toEqual({ settlement: null, exceptions: [{ declarationId: 'D1', code: 'THIRD_PARTY_AT_ENROLMENT' }] });
  });

  it('third parties bearing contributions only after the start day: accepted, the tariff rests', () => {
    const result = settleMember(
      facts({ thirdPartyPeriods: [{ validFrom: '2024-03-02', validTo: '2024-06-30' }], declarations: [enrol('2024-02-10', 3)] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(result.exceptions).toEqual([]);
    expect(result.settlement?.classes).toBe('3:03-03;3:07-12');
  });

  it('DECLARATION_OUT_OF_ORDER: class change without a running participation', () => {
    const result = settleMember(facts({ declarations: [classChange('2024-05-10', 2, 'D1')] }), Y, TARIFF_PARAMS);
    expect(result).toEqual({ settlement: null, exceptions: [{ declarationId: 'D1', code: 'DECLARATION_OUT_OF_ORDER' }] });
  });

  it('DECLARATION_OUT_OF_ORDER: cancel (ordinary or hardship) without a running participation', () => {
    const result = settleMember(facts({ declarations: [cancel('2024-05-10', 'D1'), hardship('2024-06-10', 'D2')] }), Y, TARIFF_PARAMS);
    expect(result.exceptions).toEqual([
      { declarationId: 'D1', code: 'DECLARATION_OUT_OF_ORDER' },
      { declarationId: 'D2', code: 'DECLARATION_OUT_OF_ORDER' },
    ]);
  });

  it('DECLARATION_OUT_OF_ORDER: cancel received after the participation ended', () => {
    const result = settleMember(
      facts({ declarations: [enrol('2023-12-10', 3), hardship('2024-02-10'), cancel('2024-04-01', 'D9')] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(result.exceptions).toEqual([{ declarationId: 'D9', code: 'DECLARATION_OUT_OF_ORDER' }]);
    expect(result.settlement?.classes).toBe('3:01-03');
  });

  it('DECLARATION_OUT_OF_ORDER: enrol while a participation runs (even before its start day)', () => {
    const result = settleMember(
      facts({ declarations: [enrol('2024-01-10', 3, 'D1'), enrol('2024-01-20', 5, 'D2'), enrol('2024-06-10', 2, 'D3')] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(result.exceptions).toEqual([
      { declarationId: 'D2', code: 'DECLARATION_OUT_OF_ORDER' },
      { declarationId: 'D3', code: 'DECLARATION_OUT_OF_ORDER' },
    ]);
    expect(result.settlement?.classes).toBe('3:02-12');
  });

  it('declaration exceptions are reported only in the run of their receipt year', () => {
    const f = facts({ memberships: [], declarations: [enrol('2023-12-10', 3, 'D1')] });
    expect(settleMember(f, 2023, TARIFF_PARAMS).exceptions).toEqual([{ declarationId: 'D1', code: 'NOT_A_MEMBER' }]);
    expect(settleMember(f, 2024, TARIFF_PARAMS).exceptions).toEqual([]);
  });
});

describe('member-level reasons', () => {
  const allYear = [enrol('2023-12-10', 3)];

  it('BONUS_PROGRAMME_OVERLAP: a bonus period overlapping participation days holds the settlement', () => {
    const { settlement } = settleMember(
      facts({ declarations: allYear, bonusParticipations: [{ validFrom: '2024-06-15', validTo: '2024-06-15' }] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({ balance: '250.00', outcome: 'held', dueOn: null, reasons: ['BONUS_PROGRAMME_OVERLAP'] });
  });

  it('BONUS_PROGRAMME_OVERLAP: an overlap on resting days only does not hold', () => {
    const { settlement } = settleMember(
      facts({
        declarations: allYear,
        thirdPartyPeriods: [{ validFrom: '2024-06-01', validTo: '2024-07-31' }],
        bonusParticipations: [{ validFrom: '2024-06-10', validTo: '2024-07-20' }],
      }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({ outcome: 'payout', reasons: [], classes: '3:01-05;3:08-12' });
  });

  it('BONUS_PROGRAMME_OVERLAP: a bonus period ending the day before participation starts does not hold', () => {
    const { settlement } = settleMember(
      facts({ declarations: [enrol('2024-01-15', 3)], bonusParticipations: [{ validFrom: '2023-01-01', validTo: '2024-01-31' }] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement?.reasons).toEqual([]);
  });

  it('INCOME_MISSING: held, declared class used unreduced, no admissible class', () => {
    const { settlement } = settleMember(facts({ income: income(null), declarations: [enrol('2023-12-10', 5)] }), Y, TARIFF_PARAMS);
    expect(settlement).toMatchObject({
      premiumProrated: '450.00',
      deductibleCapProrated: '550.00',
      premiumPaid: '450.00',
      balance: '450.00',
      outcome: 'held',
      dueOn: null,
      classes: '5:01-12',
      reasons: ['INCOME_MISSING'],
      admissibleClass: null,
    });
  });

  it('CONTRIBUTIONS_MISSING: held, statutory cap empty, premium at most 600.00', () => {
    const { settlement } = settleMember(
      facts({ income: income('60000.00', null), declarations: [enrol('2023-12-10', 6)] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({
      premiumProrated: '600.00',
      premiumCap: null,
      premiumPaid: '600.00',
      balance: '600.00',
      outcome: 'held',
      dueOn: null,
      reasons: ['CONTRIBUTIONS_MISSING'],
    });
  });

  it('no annual_income row: both INCOME_MISSING and CONTRIBUTIONS_MISSING, in table order', () => {
    const { settlement } = settleMember(
      facts({ income: null, declarations: allYear, bonusParticipations: [{ validFrom: '2024-01-01', validTo: null }] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement?.reasons).toEqual(['BONUS_PROGRAMME_OVERLAP', 'INCOME_MISSING', 'CONTRIBUTIONS_MISSING']);
    expect(settlement?.outcome).toBe('held');
  });

  it('CLASS_REDUCED: only the months declared above the admissible class are reduced', () => {
    const { settlement } = settleMember(
      facts({ income: income('25000.00'), declarations: [enrol('2023-12-10', 2), classChange('2024-06-20', 5)] }),
      Y,
      TARIFF_PARAMS,
    );
    // 6 × 150 + 6 × 250 = 2400 / 12 = 200.00
    expect(settlement).toMatchObject({
      premiumProrated: '200.00',
      classes: '2:01-06;3:07-12',
      reasons: ['CLASS_REDUCED'],
      outcome: 'payout',
    });
  });

  it('choosing a class below the admissible one is allowed: no CLASS_REDUCED', () => {
    const { settlement } = settleMember(facts({ income: income('60000.00'), declarations: [enrol('2023-12-10', 2)] }), Y, TARIFF_PARAMS);
    expect(settlement).toMatchObject({ classes: '2:01-12', reasons: [], admissibleClass: 6 });
  });

  it('PREMIUM_CAPPED: 20 % of the contributions below the prorated premium', () => {
    const { settlement } = settleMember(facts({ income: income('27000.00', '1000.03'), declarations: allYear }), Y, TARIFF_PARAMS);
    // 20 % × 1000.03 = 200.006 → 200.01
    expect(settlement).toMatchObject({
      premiumCap: '200.01',
      premiumPaid: '200.01',
      reasons: ['PREMIUM_CAPPED'],
      outcome: 'payout',
    });
  });

  it('no PREMIUM_CAPPED when the statutory cap equals the premium', () => {
    const { settlement } = settleMember(facts({ income: income('27000.00', '1250.00'), declarations: allYear }), Y, TARIFF_PARAMS);
    expect(settlement).toMatchObject({ premiumCap: '250.00', premiumPaid: '250.00', reasons: [] });
  });
});
