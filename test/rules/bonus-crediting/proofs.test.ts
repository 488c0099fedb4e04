/** Proof reasons (checks 1–8), the U1–U3 set across years, dental half-years and the check order; Y = 2025. */
import { describe, it, expect } from 'vitest';
import { creditMember } from '../../../jobs/bonus-crediting/rules.ts';
import type { BonusFacts, BonusItem } from '../../../jobs/bonus-crediting/types.ts';
import { BONUS_PARAMS } from '../fixtures/bonus-params.ts';
import { enrol18a, facts, proof } from '../fixtures/bonus-facts.ts';

const Y = 2025;

function run(overrides: Partial<BonusFacts>, year = Y) {
  return creditMember(facts(overrides), year, BONUS_PARAMS);
}
function decisions(items: BonusItem[]): Record<string, [string, number, string | null]> {
  return Object.fromEntries(items.map((i) => [i.itemId, [i.decision, i.points, i.reason]]));
}

describe('check 1: only proofs performed in Y are items', () => {
  it('proofs of Y-1 and Y+1 are neither items nor credited', () => {
    const { items, account } = run({
      participations: [],
      proofs: [proof('HEALTH_CHECKUP', '2024-12-31', { proofId: 'OLD' }), proof('HEALTH_CHECKUP', '2026-01-01', { proofId: 'NEW' })],
    });
    expect(items).toEqual([]);
    expect(account).toBeNull();
  });
});

describe('LATE_SUBMISSION', () => {
  it('received on 31 March Y+1 counts, on 1 April Y+1 does not', () => {
    const { items } = run({
      proofs: [
        proof('HEALTH_CHECKUP', '2025-12-20', { receivedOn: '2026-03-31', proofId: 'P1' }),
        proof('CANCER_SCREENING', '2025-12-20', { receivedOn: '2026-04-01', proofId: 'P2' }),
      ],
    });
    expect(decisions(items)).toEqual({ P1: ['credited', 500, null], P2: ['rejected', 0, 'LATE_SUBMISSION'] });
  });

  it('a late proof does not use up the yearly credit: a later timely proof of the code is credited', () => {
    const { items } = run({
      proofs: [
        proof('HEALTH_CHECKUP', '2025-02-01', { receivedOn: '2026-05-01', proofId: 'P1' }),
        proof('HEALTH_CHECKUP', '2025-03-01', { proofId: 'P2' }),
      ],
    });
    expect(decisions(items)).toEqual({ P1: ['rejected', 0, 'LATE_SUBMISSION'], P2: ['credited', 500, null] });
  });
});

describe('NOT_INSURED', () => {
  it('after the insurance ends; family insurance counts as insured', () => {
    const { items } = run({
      memberships: [
        { validFrom: '2000-01-01', validTo: '2025-03-31', kind: 'mandatory' },
        { validFrom: '2025-05-01', validTo: null, kind: 'family' },
      ],
      proofs: [proof('HEALTH_CHECKUP', '2025-04-15', { proofId: 'P1' }), proof('SKIN_CHECK', '2025-05-01', { proofId: 'P2' })],
    });
    expect(decisions(items)).toEqual({ P1: ['rejected', 0, 'NOT_INSURED'], P2: ['credited', 500, null] });
  });

  it('insurance ends on died_on: that day still counts, the next does not', () => {
    const { items } = run({
      diedOn: '2025-06-30',
      proofs: [proof('HEALTH_CHECKUP', '2025-06-30', { proofId: 'P1' }), proof('SKIN_CHECK', '2025-07-01', { proofId: 'P2' })],
    });
    expect(decisions(items)).toEqual({ P1: ['credited', 500, null], P2: ['rejected', 0, 'NOT_INSURED'] });
  });
});

describe('TARIFF_18A_OVERLAP', () => {
  it('§ 18a participation days only: days on which the tariff rests (third parties pay) do not count', () => {
    const { items } = run({
      declarations: [enrol18a('2024-12-10')],
      thirdPartyPeriods: [{ validFrom: '2025-03-01', validTo: '2025-03-31' }],
      proofs: [proof('HEALTH_CHECKUP', '2025-03-15', { proofId: 'P1' }), proof('SKIN_CHECK', '2025-04-15', { proofId: 'P2' })],
    });
    expect(decisions(items)).toEqual({ P1: ['credited', 500, null], P2: ['rejected', 0, 'TARIFF_18A_OVERLAP'] });
  });
});

describe('NOT_BONIFIABLE', () => {
  it('VACCINATION_TRAVEL and a code missing from the points table', () => {
    const { items } = run({
      proofs: [proof('VACCINATION_TRAVEL', '2025-03-01', { proofId: 'P1' }), proof('ACUPUNCTURE', '2025-03-02', { proofId: 'P2' })],
    });
    expect(decisions(items)).toEqual({ P1: ['rejected', 0, 'NOT_BONIFIABLE'], P2: ['rejected', 0, 'NOT_BONIFIABLE'] });
  });
});

describe('EXCLUDED_APP_CHANNEL', () => {
  it('during an abuse exclusion an app proof is rejected, a paper proof still counts; tested on performed_on', () => {
    const { items } = run({
      exclusions: [{ validFrom: '2025-04-01', validTo: '2025-06-30' }],
      proofs: [
        proof('HEALTH_CHECKUP', '2025-05-01', { channel: 'app', proofId: 'P1' }),
        proof('CANCER_SCREENING', '2025-05-01', { channel: 'paper', proofId: 'P2' }),
        // performed before the exclusion, received during it: counts
        proof('SKIN_CHECK', '2025-03-31', { channel: 'app', receivedOn: '2025-04-10', proofId: 'P3' }),
        // the rejected app proof does not block a later paper proof of the same code
        proof('HEALTH_CHECKUP', '2025-05-02', { channel: 'paper', proofId: 'P4' }),
      ],
    });
    expect(decisions(items)).toEqual({
      P1: ['rejected', 0, 'EXCLUDED_APP_CHANNEL'],
      P2: ['credited', 500, null],
      P3: ['credited', 500, null],
      P4: ['credited', 500, null],
    });
  });
});

describe('DUPLICATE and FREQUENCY_LIMIT', () => {
  it('same code and date: the lowest proof_id is credited, the other DUPLICATE — also for VACCINATION', () => {
    const { items, account } = run({
      proofs: [
        proof('HEALTH_CHECKUP', '2025-05-01', { proofId: 'P2' }),
        proof('HEALTH_CHECKUP', '2025-05-01', { proofId: 'P1' }),
        proof('VACCINATION_EXTRA', '2025-06-01', { proofId: 'V2' }),
        proof('VACCINATION_EXTRA', '2025-06-01', { proofId: 'V1' }),
        proof('VACCINATION_EXTRA', '2025-06-02', { proofId: 'V3' }),
      ],
    });
    expect(decisions(items)).toEqual({
      P1: ['credited', 500, null],
      P2: ['rejected', 0, 'DUPLICATE'],
      V1: ['credited', 500, null],
      V2: ['rejected', 0, 'DUPLICATE'],
      V3: ['credited', 500, null],
    });
    expect(account).toMatchObject({ credited65a1: 500, credited65a1a: 1000 });
  });

  it("the earliest performed_on wins over a lower proof_id; the losers are FREQUENCY_LIMIT, or DUPLICATE on a loser's date", () => {
    const { items } = run({
      proofs: [
        proof('GYM_MEMBERSHIP', '2025-09-01', { proofId: 'A' }),
        proof('GYM_MEMBERSHIP', '2025-02-01', { proofId: 'Z' }),
        proof('GYM_MEMBERSHIP', '2025-09-01', { proofId: 'B' }),
      ],
    });
    expect(decisions(items)).toEqual({
      Z: ['credited', 1000, null],
      A: ['rejected', 0, 'FREQUENCY_LIMIT'],
      B: ['rejected', 0, 'DUPLICATE'],
    });
  });
});

describe('check order: the first failing check is the reason', () => {
  it('late and not insured → LATE_SUBMISSION; not insured and § 18a → NOT_INSURED; § 18a and travel → TARIFF_18A_OVERLAP; travel by app in an exclusion → NOT_BONIFIABLE', () => {
    const { items } = run({
      memberships: [{ validFrom: '2000-01-01', validTo: '2025-09-30', kind: 'mandatory' }],
      declarations: [enrol18a('2025-06-10')],
      exclusions: [{ validFrom: '2025-01-01', validTo: '2025-12-31' }],
      proofs: [
        proof('HEALTH_CHECKUP', '2025-10-10', { receivedOn: '2026-04-02', proofId: 'P1' }),
        proof('HEALTH_CHECKUP', '2025-10-11', { proofId: 'P2' }),
        proof('VACCINATION_TRAVEL', '2025-08-01', { channel: 'app', proofId: 'P3' }),
        proof('VACCINATION_TRAVEL', '2025-03-01', { channel: 'app', proofId: 'P4' }),
        proof('HEALTH_CHECKUP', '2025-03-01', { channel: 'app', proofId: 'P5' }),
      ],
    });
    expect(decisions(items)).toEqual({
      P1: ['rejected', 0, 'LATE_SUBMISSION'],
      P2: ['rejected', 0, 'NOT_INSURED'],
      P3: ['rejected', 0, 'TARIFF_18A_OVERLAP'],
      P4: ['rejected', 0, 'NOT_BONIFIABLE'],
      P5: ['rejected', 0, 'EXCLUDED_APP_CHANNEL'],
    });
  });

  it('an incomplete U1–U3 set before a duplicate: INCOMPLETE_SET wins over DUPLICATE', () => {
    const { items } = run({
      birthDate: '2025-01-05',
      proofs: [proof('CHILD_U1', '2025-01-05', { proofId: 'U1a' }), proof('CHILD_U1', '2025-01-05', { proofId: 'U1b' })],
    });
    expect(decisions(items)).toEqual({ U1a: ['rejected', 0, 'INCOMPLETE_SET'], U1b: ['rejected', 0, 'INCOMPLETE_SET'] });
  });
});

describe('U1–U3 set', () => {
  const baby = {
    birthDate: '2024-12-28',
    memberships: [{ validFrom: '2024-12-28', validTo: null, kind: 'family' as const }],
    participations: [],
  };

  it("completed in Y with an earlier year's U1: the latest exam carries 1,500 (Abs. 1), the other of Y is merged, U1 is no item", () => {
    const { items, account } = run({
      ...baby,
      proofs: [
        proof('CHILD_U1', '2024-12-28', { receivedOn: '2025-01-10', proofId: 'U1' }),
        proof('CHILD_U3', '2025-02-01', { proofId: 'U3' }),
        proof('CHILD_U2', '2025-01-05', { proofId: 'U2' }),
      ],
    });
    expect(decisions(items)).toEqual({ U2: ['merged', 0, null], U3: ['credited', 1500, null] });
    expect(account).toMatchObject({ credited65a1: 1500, credited65a1a: 0, closingPoints: 1500 });
  });

  it("an earlier proof late for its own year still counts when received by this run's deadline", () => {
    const { items } = run({
      ...baby,
      proofs: [
        proof('CHILD_U1', '2024-12-28', { receivedOn: '2026-03-31', proofId: 'U1' }),
        proof('CHILD_U2', '2025-01-05', { proofId: 'U2' }),
        proof('CHILD_U3', '2025-02-01', { proofId: 'U3' }),
      ],
    });
    expect(decisions(items)).toEqual({ U2: ['merged', 0, null], U3: ['credited', 1500, null] });
  });

  it("an earlier proof received after this run's deadline, or failing checks 3–6, does not count → INCOMPLETE_SET", () => {
    const late = run({
      ...baby,
      proofs: [
        proof('CHILD_U1', '2024-12-28', { receivedOn: '2026-04-01', proofId: 'U1' }),
        proof('CHILD_U2', '2025-01-05', { proofId: 'U2' }),
        proof('CHILD_U3', '2025-02-01', { proofId: 'U3' }),
      ],
    });
    expect(decisions(late.items)).toEqual({ U2: ['rejected', 0, 'INCOMPLETE_SET'], U3: ['rejected', 0, 'INCOMPLETE_SET'] });
    // rejected items still give the member an account
    expect(late.account).toMatchObject({ credited65a1: 0, closingPoints: 0 });

    const uninsured = run({
      ...baby,
      memberships: [{ validFrom: '2025-01-01', validTo: null, kind: 'family' }],
      proofs: [
        proof('CHILD_U1', '2024-12-28', { receivedOn: '2025-01-02', proofId: 'U1' }),
        proof('CHILD_U2', '2025-01-05', { proofId: 'U2' }),
        proof('CHILD_U3', '2025-02-01', { proofId: 'U3' }),
      ],
    });
    expect(decisions(uninsured.items)).toEqual({ U2: ['rejected', 0, 'INCOMPLETE_SET'], U3: ['rejected', 0, 'INCOMPLETE_SET'] });
  });

  it("incomplete in Y → INCOMPLETE_SET; the next year's run completes it with the earlier proofs", () => {
    const proofs = [
      proof('CHILD_U1', '2025-11-01', { proofId: 'U1' }),
      proof('CHILD_U2', '2025-11-10', { proofId: 'U2' }),
      proof('CHILD_U3', '2026-01-20', { proofId: 'U3' }),
    ];
    const child = {
      birthDate: '2025-11-01',
      memberships: [{ validFrom: '2025-11-01', validTo: null, kind: 'family' as const }],
      participations: [],
    };
    expect(decisions(run({ ...child, proofs }).items)).toEqual({
      U1: ['rejected', 0, 'INCOMPLETE_SET'],
      U2: ['rejected', 0, 'INCOMPLETE_SET'],
    });
    const next = run({ ...child, proofs }, 2026);
    expect(decisions(next.items)).toEqual({ U3: ['credited', 1500, null] });
    expect(next.account).toMatchObject({ credited65a1: 1500 });
  });

  it("further proofs of a set code are FREQUENCY_LIMIT (DUPLICATE on the used proof's date)", () => {
    const { items, account } = run({
      ...baby,
      proofs: [
        proof('CHILD_U1', '2024-12-28', { receivedOn: '2025-01-10', proofId: 'U1' }),
        proof('CHILD_U2', '2025-01-05', { proofId: 'U2' }),
        proof('CHILD_U2', '2025-01-05', { proofId: 'U2dup' }),
        proof('CHILD_U2', '2025-01-07', { proofId: 'U2again' }),
        proof('CHILD_U3', '2025-02-01', { proofId: 'U3' }),
        proof('CHILD_U1', '2025-03-01', { proofId: 'U1again' }),
      ],
    });
    expect(decisions(items)).toEqual({
      U2: ['merged', 0, null],
      U2dup: ['rejected', 0, 'DUPLICATE'],
      U2again: ['rejected', 0, 'FREQUENCY_LIMIT'],
      U3: ['credited', 1500, null],
      U1again: ['rejected', 0, 'FREQUENCY_LIMIT'],
    });
    expect(account).toMatchObject({ credited65a1: 1500 });
  });

  it("a set completed by earlier years' exams: a set proof of Y is FREQUENCY_LIMIT, nothing credited", () => {
    const { items } = run({
      birthDate: '2024-01-02',
      memberships: [{ validFrom: '2024-01-02', validTo: null, kind: 'family' }],
      participations: [],
      proofs: [
        proof('CHILD_U1', '2024-01-02', { proofId: 'U1' }),
        proof('CHILD_U2', '2024-01-08', { proofId: 'U2' }),
        proof('CHILD_U3', '2024-02-01', { proofId: 'U3' }),
        proof('CHILD_U3', '2025-01-15', { proofId: 'U3again' }),
      ],
    });
    expect(decisions(items)).toEqual({ U3again: ['rejected', 0, 'FREQUENCY_LIMIT'] });
  });
});

describe('DENTAL_CHECKUP', () => {
  it('under 18: earliest of each half-year form the set; further ones FREQUENCY_LIMIT or DUPLICATE', () => {
    const { items, account } = run({
      birthDate: '2013-05-05',
      proofs: [
        proof('DENTAL_CHECKUP', '2025-02-10', { proofId: 'D1' }),
        proof('DENTAL_CHECKUP', '2025-02-10', { proofId: 'D2' }),
        proof('DENTAL_CHECKUP', '2025-03-10', { proofId: 'D3' }),
        proof('DENTAL_CHECKUP', '2025-07-01', { proofId: 'D4' }),
        proof('DENTAL_CHECKUP', '2025-11-01', { proofId: 'D5' }),
      ],
    });
    expect(decisions(items)).toEqual({
      D1: ['merged', 0, null],
      D2: ['rejected', 0, 'DUPLICATE'],
      D3: ['rejected', 0, 'FREQUENCY_LIMIT'],
      D4: ['credited', 500, null],
      D5: ['rejected', 0, 'FREQUENCY_LIMIT'],
    });
    expect(account).toMatchObject({ credited65a1a: 500 });
  });

  it('18 or older: once a year, no half-year rule', () => {
    const { items } = run({
      proofs: [proof('DENTAL_CHECKUP', '2025-02-10', { proofId: 'D1' }), proof('DENTAL_CHECKUP', '2025-03-10', { proofId: 'D2' })],
    });
    expect(decisions(items)).toEqual({ D1: ['credited', 500, null], D2: ['rejected', 0, 'FREQUENCY_LIMIT'] });
  });

  it('the age is taken on the first dental proof of Y that passed checks 2–6 (a late one does not count)', () => {
    // turns 18 on 2025-04-01: the late February proof would make her 17
    const { items } = run({
      birthDate: '2007-04-01',
      proofs: [
        proof('DENTAL_CHECKUP', '2025-02-10', { receivedOn: '2026-04-01', proofId: 'D1' }),
        proof('DENTAL_CHECKUP', '2025-04-01', { proofId: 'D2' }),
      ],
    });
    expect(decisions(items)).toEqual({ D1: ['rejected', 0, 'LATE_SUBMISSION'], D2: ['credited', 500, null] });
  });

  it('29 February birthday: 18th birthday on 1 March in a common year', () => {
    const birthDate = '2008-02-29';
    const on28Feb = run(
      {
        birthDate,
        proofs: [proof('DENTAL_CHECKUP', '2026-02-28', { proofId: 'D1' }), proof('DENTAL_CHECKUP', '2026-05-01', { proofId: 'D2' })],
      },
      2026,
    );
    expect(decisions(on28Feb.items)).toEqual({ D1: ['rejected', 0, 'INCOMPLETE_SET'], D2: ['rejected', 0, 'INCOMPLETE_SET'] });
    const on1Mar = run(
      {
        birthDate,
        proofs: [proof('DENTAL_CHECKUP', '2026-03-01', { proofId: 'D1' }), proof('DENTAL_CHECKUP', '2026-05-01', { proofId: 'D2' })],
      },
      2026,
    );
    expect(decisions(on1Mar.items)).toEqual({ D1: ['credited', 500, null], D2: ['rejected', 0, 'FREQUENCY_LIMIT'] });
  });
});
