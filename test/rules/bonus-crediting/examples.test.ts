/** Worked examples 1–8 of rules-19a-bonus.md (Y = 2025, deadline 31 March 2026). */
import { describe, it, expect } from 'vitest';
import { creditMember } from '../../../jobs/bonus-crediting/rules.ts';
import type { BonusItem } from '../../../jobs/bonus-crediting/types.ts';
import { BONUS_PARAMS } from '../fixtures/bonus-params.ts';
import { activity, cash, enrol18a, facts, goal, plus, proof } from '../fixtures/bonus-facts.ts';

const Y = 2025;
const CHILD = { birthDate: '2013-01-01', memberships: [{ validFrom: '2013-01-01', validTo: null, kind: 'family' as const }] };

/** item_id → [decision, points, reason] for compact expectations */
function decisions(items: BonusItem[]): Record<string, [string, number, string | null]> {
  return Object.fromEntries(items.map((i) => [i.itemId, [i.decision, i.points, i.reason]]));
}

describe('§ 19a worked examples', () => {
  it('1: HEALTH_CHECKUP 500 + SPORTS_CLUB 1,000 credited, GYM_MEMBERSHIP received 1 April LATE_SUBMISSION', () => {
    const { account, items } = creditMember(
      facts({
        birthDate: '1985-01-01',
        proofs: [
          proof('HEALTH_CHECKUP', '2025-03-10', { receivedOn: '2025-04-01', proofId: 'P1' }),
          proof('SPORTS_CLUB', '2025-01-15', { receivedOn: '2026-03-31', proofId: 'P2' }),
          proof('GYM_MEMBERSHIP', '2025-02-01', { receivedOn: '2026-04-01', proofId: 'P3' }),
        ],
      }),
      Y,
      BONUS_PARAMS,
    );
    expect(decisions(items)).toEqual({
      P1: ['credited', 500, null],
      P2: ['credited', 1000, null],
      P3: ['rejected', 0, 'LATE_SUBMISSION'],
    });
    expect(account).toEqual({
      memberId: 'A123456780',
      year: 2025,
      openingPoints: 0,
      credited65a1: 500,
      credited65a1a: 1000,
      creditedActivities: 0,
      creditedGoals: 0,
      payoutPoints: 0,
      payoutCashEur: '0.00',
      payoutPlusEur: '0.00',
      forfeitedPoints: 0,
      closingPoints: 1500,
      closingValueEur: '15.00',
      payoutEligible: true,
    });
  });

  it('2: child aged 12, two dental check-ups in the first half-year → both INCOMPLETE_SET, 0 points', () => {
    const { account, items } = creditMember(
      facts({
        ...CHILD,
        proofs: [proof('DENTAL_CHECKUP', '2025-02-10', { proofId: 'D1' }), proof('DENTAL_CHECKUP', '2025-05-20', { proofId: 'D2' })],
      }),
      Y,
      BONUS_PARAMS,
    );
    expect(decisions(items)).toEqual({ D1: ['rejected', 0, 'INCOMPLETE_SET'], D2: ['rejected', 0, 'INCOMPLETE_SET'] });
    expect(account).toMatchObject({ credited65a1a: 0, closingPoints: 0 });
  });

  it('3: child aged 12, dental check-ups in both half-years → 2025-09-01 credited 500, 2025-02-10 merged', () => {
    const { account, items } = creditMember(
      facts({
        ...CHILD,
        proofs: [proof('DENTAL_CHECKUP', '2025-09-01', { proofId: 'D2' }), proof('DENTAL_CHECKUP', '2025-02-10', { proofId: 'D1' })],
      }),
      Y,
      BONUS_PARAMS,
    );
    expect(decisions(items)).toEqual({ D1: ['merged', 0, null], D2: ['credited', 500, null] });
    expect(account).toMatchObject({ credited65a1: 0, credited65a1a: 500, closingPoints: 500 });
  });

  it('4: two vaccinations 500 each; HEALTH_CHECKUP 05-01 credited, 06-01 FREQUENCY_LIMIT', () => {
    const { account, items } = creditMember(
      facts({
        proofs: [
          proof('VACCINATION', '2025-04-01', { proofId: 'V1' }),
          proof('VACCINATION', '2025-10-01', { proofId: 'V2' }),
          proof('HEALTH_CHECKUP', '2025-06-01', { proofId: 'H1' }),
          proof('HEALTH_CHECKUP', '2025-05-01', { proofId: 'H2' }),
        ],
      }),
      Y,
      BONUS_PARAMS,
    );
    expect(decisions(items)).toEqual({
      V1: ['credited', 500, null],
      V2: ['credited', 500, null],
      H2: ['credited', 500, null],
      H1: ['rejected', 0, 'FREQUENCY_LIMIT'],
    });
    expect(account).toMatchObject({ credited65a1: 1500, closingPoints: 1500 });
  });

  it('5: 20 March days + a second on 3 March + a short April one → 15 credited (750), 5 MONTHLY_LIMIT, 1 DAILY_LIMIT, 1 threshold', () => {
    const march = Array.from({ length: 20 }, (_, i) => {
      const day = String(i + 1).padStart(2, '0');
      return activity(`2025-03-${day}`, { activityId: `M${day}`, durationMin: '45', kcal: '300', steps: null });
    });
    const { account, items } = creditMember(
      facts({
        birthDate: '1995-01-01',
        participations: [{ validFrom: '2025-01-01', validTo: null }],
        activities: [
          ...march,
          activity('2025-03-03', { activityId: 'M03b', steps: '15000' }),
          activity('2025-04-04', { activityId: 'APR', durationMin: '25', kcal: '200', steps: '8000' }),
        ],
      }),
      Y,
      BONUS_PARAMS,
    );
    const credited = items.filter((i) => i.decision === 'credited');
    expect(credited.map((i) => i.itemId)).toEqual(march.slice(0, 15).map((a) => a.activityId));
    expect(credited.every((i) => i.points === 50 && i.itemType === 'activity')).toBe(true);
    expect(items.filter((i) => i.reason === 'MONTHLY_LIMIT').map((i) => i.itemId)).toEqual(['M16', 'M17', 'M18', 'M19', 'M20']);
    expect(decisions(items)['M03b']).toEqual(['rejected', 0, 'DAILY_LIMIT']);
    expect(decisions(items)['APR']).toEqual(['rejected', 0, 'ACTIVITY_THRESHOLD_NOT_MET']);
    expect(items).toHaveLength(22);
    expect(account).toMatchObject({ creditedActivities: 750, closingPoints: 750 });
  });

  it('6: goals → G1 1,500; G2 GOAL_OVERLAP; G3 GOAL_TOO_LONG; G4 GOAL_BELOW_80_PERCENT', () => {
    const { account, items } = creditMember(
      facts({
        goals: [
          goal('2025-01-10', '2025-03-30', 10, 12, 'G1'),
          goal('2025-03-15', '2025-05-01', 10, 10, 'G2'),
          goal('2025-04-01', '2025-07-15', 10, 10, 'G3'),
          goal('2025-08-01', '2025-09-30', 7, 10, 'G4'),
        ],
      }),
      Y,
      BONUS_PARAMS,
    );
    expect(decisions(items)).toEqual({
      G1: ['credited', 1500, null],
      G2: ['rejected', 0, 'GOAL_OVERLAP'],
      G3: ['rejected', 0, 'GOAL_TOO_LONG'],
      G4: ['rejected', 0, 'GOAL_BELOW_80_PERCENT'],
    });
    expect(account).toMatchObject({ creditedGoals: 1500, closingPoints: 1500 });
  });

  it('7: opening 300 + 400 credited; cash 600 → 6.00, plus 100 points on 1.50 → 75 points, cash 500 INSUFFICIENT_BALANCE; closing 25', () => {
    const { account, items } = creditMember(
      facts({
        openingPoints: 300,
        activities: ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => activity(`2025-05-${d}`)),
        payoutRequests: [
          cash(500, { requestedOn: '2026-04-12', payoutId: 'Q3' }),
          plus(100, '1.50', { requestedOn: '2026-04-11', payoutId: 'Q2' }),
          cash(600, { requestedOn: '2026-04-10', payoutId: 'Q1' }),
        ],
      }),
      Y,
      BONUS_PARAMS,
    );
    const payouts = items.filter((i) => i.itemType === 'payout');
    expect(decisions(payouts)).toEqual({
      Q1: ['paid', 600, null],
      Q2: ['paid', 75, null],
      Q3: ['rejected', 0, 'INSUFFICIENT_BALANCE'],
    });
    expect(account).toEqual({
      memberId: 'A123456780',
      year: 2025,
      openingPoints: 300,
      credited65a1: 0,
      credited65a1a: 0,
      creditedActivities: 400,
      creditedGoals: 0,
      payoutPoints: 675,
      payoutCashEur: '6.00',
      payoutPlusEur: '1.50',
      forfeitedPoints: 0,
      closingPoints: 25,
      closingValueEur: '0.25',
      payoutEligible: false,
    });
  });

  it('8: § 18a participant from 2025-07-01 → VACCINATION in March credited, in August TARIFF_18A_OVERLAP', () => {
    const { account, items } = creditMember(
      facts({
        declarations: [enrol18a('2025-06-10')],
        proofs: [proof('VACCINATION', '2025-03-01', { proofId: 'V1' }), proof('VACCINATION', '2025-08-01', { proofId: 'V2' })],
      }),
      Y,
      BONUS_PARAMS,
    );
    expect(decisions(items)).toEqual({ V1: ['credited', 500, null], V2: ['rejected', 0, 'TARIFF_18A_OVERLAP'] });
    expect(account).toMatchObject({ credited65a1: 500, closingPoints: 500 });
  });
});
