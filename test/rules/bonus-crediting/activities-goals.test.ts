/** App activities (Abs. 4) and health goals (Abs. 5): every reason code and the check order; Y = 2025. */
import { describe, it, expect } from 'vitest';
import { creditMember } from '../../../jobs/bonus-crediting/rules.ts';
import type { BonusFacts, BonusItem } from '../../../jobs/bonus-crediting/types.ts';
import { BONUS_PARAMS } from '../fixtures/bonus-params.ts';
import { activity, enrol18a, facts, goal } from '../fixtures/bonus-facts.ts';

const Y = 2025;

function run(overrides: Partial<BonusFacts>, year = Y) {
  return creditMember(facts(overrides), year, BONUS_PARAMS);
}
function decisions(items: BonusItem[]): Record<string, [string, number, string | null]> {
  return Object.fromEntries(items.map((i) => [i.itemId, [i.decision, i.points, i.reason]]));
}

describe('activities', () => {
  it('only activities dated in Y are items', () => {
    const { items } = run({ activities: [activity('2024-12-31', { activityId: 'A1' }), activity('2026-01-01', { activityId: 'A2' })] });
    expect(items).toEqual([]);
  });

  it('NOT_INSURED: after the insurance ends, although the participation goes on', () => {
    const { items } = run({
      memberships: [{ validFrom: '2000-01-01', validTo: '2025-06-30', kind: 'voluntary' }],
      activities: [activity('2025-06-30', { activityId: 'A1' }), activity('2025-07-01', { activityId: 'A2' })],
    });
    expect(decisions(items)).toEqual({ A1: ['credited', 50, null], A2: ['rejected', 0, 'NOT_INSURED'] });
  });

  it('NOT_PARTICIPANT: outside every participation period', () => {
    const { items } = run({
      participations: [{ validFrom: '2025-05-01', validTo: '2025-08-31' }],
      activities: [
        activity('2025-04-30', { activityId: 'A1' }),
        activity('2025-05-01', { activityId: 'A2' }),
        activity('2025-09-01', { activityId: 'A3' }),
      ],
    });
    expect(decisions(items)).toEqual({
      A1: ['rejected', 0, 'NOT_PARTICIPANT'],
      A2: ['credited', 50, null],
      A3: ['rejected', 0, 'NOT_PARTICIPANT'],
    });
  });

  it('AGE_REQUIREMENT: 15 completed years on the day', () => {
    const { items } = run({
      birthDate: '2010-06-15',
      activities: [activity('2025-06-14', { activityId: 'A1' }), activity('2025-06-15', { activityId: 'A2' })],
    });
    expect(decisions(items)).toEqual({ A1: ['rejected', 0, 'AGE_REQUIREMENT'], A2: ['credited', 50, null] });
  });

  it('AGE_REQUIREMENT: born on 29 February, 15 on 1 March of a common year', () => {
    const { items } = run(
      {
        birthDate: '2012-02-29',
        activities: [activity('2027-02-28', { activityId: 'A1' }), activity('2027-03-01', { activityId: 'A2' })],
      },
      2027,
    );
    expect(decisions(items)).toEqual({ A1: ['rejected', 0, 'AGE_REQUIREMENT'], A2: ['credited', 50, null] });
  });

  it('EXCLUDED: during an abuse exclusion', () => {
    const { items } = run({
      exclusions: [{ validFrom: '2025-03-01', validTo: '2025-03-31' }],
      activities: [activity('2025-03-31', { activityId: 'A1' }), activity('2025-04-01', { activityId: 'A2' })],
    });
    expect(decisions(items)).toEqual({ A1: ['rejected', 0, 'EXCLUDED'], A2: ['credited', 50, null] });
  });

  it('TARIFF_18A_OVERLAP: on a § 18a participation day', () => {
    const { items } = run({
      declarations: [enrol18a('2025-06-10')],
      activities: [activity('2025-06-30', { activityId: 'A1' }), activity('2025-07-01', { activityId: 'A2' })],
    });
    expect(decisions(items)).toEqual({ A1: ['credited', 50, null], A2: ['rejected', 0, 'TARIFF_18A_OVERLAP'] });
  });

  it('ACTIVITY_THRESHOLD_NOT_MET: each alternative at and below its limit; a missing value fails its condition', () => {
    const a = (id: string, day: string, values: Parameters<typeof activity>[1]) =>
      activity(`2025-05-${day}`, { activityId: id, steps: null, ...values });
    const { items } = run({
      activities: [
        a('KCAL_OK', '01', { kcal: '150', durationMin: '30' }),
        a('KCAL_LOW', '02', { kcal: '149.99', durationMin: '90' }),
        a('KCAL_SHORT', '03', { kcal: '500', durationMin: '29.99' }),
        a('HR_OK', '04', { avgHeartRate: '120', durationMin: '30' }),
        a('HR_NO_DURATION', '05', { avgHeartRate: '150', durationMin: null }),
        a('STEPS_OK', '06', { steps: '10000' }),
        a('STEPS_LOW', '07', { steps: '9999.99', durationMin: '120' }),
        a('ALL_NULL', '08', {}),
      ],
    });
    expect(decisions(items)).toEqual({
      KCAL_OK: ['credited', 50, null],
      KCAL_LOW: ['rejected', 0, 'ACTIVITY_THRESHOLD_NOT_MET'],
      KCAL_SHORT: ['rejected', 0, 'ACTIVITY_THRESHOLD_NOT_MET'],
      HR_OK: ['credited', 50, null],
      HR_NO_DURATION: ['rejected', 0, 'ACTIVITY_THRESHOLD_NOT_MET'],
      STEPS_OK: ['credited', 50, null],
      STEPS_LOW: ['rejected', 0, 'ACTIVITY_THRESHOLD_NOT_MET'],
      ALL_NULL: ['rejected', 0, 'ACTIVITY_THRESHOLD_NOT_MET'],
    });
  });

  it('DAILY_LIMIT counts credited activities only; same day in order of activity_id', () => {
    const { items } = run({
      activities: [
        activity('2025-05-01', { activityId: 'B', steps: '20000' }),
        activity('2025-05-01', { activityId: 'A', steps: '100' }),
        activity('2025-05-01', { activityId: 'C', steps: '30000' }),
      ],
    });
    expect(decisions(items)).toEqual({
      A: ['rejected', 0, 'ACTIVITY_THRESHOLD_NOT_MET'],
      B: ['credited', 50, null],
      C: ['rejected', 0, 'DAILY_LIMIT'],
    });
  });

  it('MONTHLY_LIMIT: 15 per calendar month; the next month starts afresh; DAILY_LIMIT is checked first', () => {
    const june = Array.from({ length: 16 }, (_, i) =>
      activity(`2025-06-${String(i + 1).padStart(2, '0')}`, { activityId: `J${String(i + 1).padStart(2, '0')}` }),
    );
    const { items, account } = run({
      activities: [...june, activity('2025-06-01', { activityId: 'J01b' }), activity('2025-07-01', { activityId: 'JUL' })],
    });
    const d = decisions(items);
    expect(d['J15']).toEqual(['credited', 50, null]);
    expect(d['J16']).toEqual(['rejected', 0, 'MONTHLY_LIMIT']);
    expect(d['J01b']).toEqual(['rejected', 0, 'DAILY_LIMIT']);
    expect(d['JUL']).toEqual(['credited', 50, null]);
    expect(account).toMatchObject({ creditedActivities: 16 * 50 });
  });

  it('check order: not insured, not participant, under 15, excluded, § 18a, below threshold → NOT_INSURED; then each next one', () => {
    const { items } = run({
      birthDate: '2011-01-01', // 14 in 2025
      memberships: [{ validFrom: '2000-01-01', validTo: '2025-10-31', kind: 'family' }],
      participations: [{ validFrom: '2025-03-01', validTo: null }],
      exclusions: [{ validFrom: '2025-01-01', validTo: '2025-12-31' }],
      activities: [
        activity('2025-11-01', { activityId: 'A1', steps: '1' }),
        activity('2025-02-01', { activityId: 'A2', steps: '1' }),
        activity('2025-04-01', { activityId: 'A3', steps: '1' }),
      ],
    });
    expect(decisions(items)).toEqual({
      A1: ['rejected', 0, 'NOT_INSURED'],
      A2: ['rejected', 0, 'NOT_PARTICIPANT'],
      A3: ['rejected', 0, 'AGE_REQUIREMENT'],
    });
    const adult = run({
      declarations: [enrol18a('2025-06-10')],
      exclusions: [{ validFrom: '2025-08-01', validTo: '2025-08-31' }],
      activities: [activity('2025-08-05', { activityId: 'A4', steps: '1' }), activity('2025-09-05', { activityId: 'A5', steps: '1' })],
    });
    expect(decisions(adult.items)).toEqual({ A4: ['rejected', 0, 'EXCLUDED'], A5: ['rejected', 0, 'TARIFF_18A_OVERLAP'] });
  });
});

describe('goals', () => {
  it('a goal counts in the year of completed_on (started in Y-1); goals completed in another year are no items', () => {
    const { items } = run({
      goals: [
        goal('2024-12-01', '2025-01-20', 5, 5, 'G1'),
        goal('2025-12-01', '2026-01-10', 5, 5, 'G2'),
        goal('2024-10-01', '2024-11-01', 5, 5, 'G0'),
      ],
    });
    expect(decisions(items)).toEqual({ G1: ['credited', 1500, null] });
  });

  it('NOT_INSURED on completed_on', () => {
    const { items } = run({
      memberships: [{ validFrom: '2000-01-01', validTo: '2025-03-31', kind: 'mandatory' }],
      goals: [goal('2025-03-01', '2025-04-01', 5, 5, 'G1')],
    });
    expect(decisions(items)).toEqual({ G1: ['rejected', 0, 'NOT_INSURED'] });
  });

  it('NOT_PARTICIPANT: started before the participation', () => {
    const { items } = run({
      participations: [{ validFrom: '2025-03-01', validTo: null }],
      goals: [goal('2025-02-28', '2025-03-20', 5, 5, 'G1'), goal('2025-03-21', '2025-04-20', 5, 5, 'G2')],
    });
    expect(decisions(items)).toEqual({ G1: ['rejected', 0, 'NOT_PARTICIPANT'], G2: ['credited', 1500, null] });
  });

  it('AGE_REQUIREMENT: 18 on started_on; born 29 February → 18 on 1 March of a common year', () => {
    const { items } = run(
      {
        birthDate: '2008-02-29',
        goals: [goal('2026-02-28', '2026-03-10', 5, 5, 'G1'), goal('2026-03-01', '2026-03-31', 5, 5, 'G2')],
      },
      2026,
    );
    // G1 is rejected, so it does not block the overlapping G2
    expect(decisions(items)).toEqual({ G1: ['rejected', 0, 'AGE_REQUIREMENT'], G2: ['credited', 1500, null] });
  });

  it('EXCLUDED: completed_on in an exclusion (a start inside one does not matter)', () => {
    const { items } = run({
      exclusions: [{ validFrom: '2025-04-01', validTo: '2025-04-30' }],
      goals: [goal('2025-03-01', '2025-04-10', 5, 5, 'G1'), goal('2025-04-20', '2025-05-10', 5, 5, 'G2')],
    });
    expect(decisions(items)).toEqual({ G1: ['rejected', 0, 'EXCLUDED'], G2: ['credited', 1500, null] });
  });

  it('TARIFF_18A_OVERLAP: completed_on on a § 18a day; a goal completed before the tariff starts counts', () => {
    const { items } = run({
      declarations: [enrol18a('2025-06-10')],
      goals: [goal('2025-05-01', '2025-06-30', 5, 5, 'G1'), goal('2025-07-01', '2025-07-20', 5, 5, 'G2')],
    });
    expect(decisions(items)).toEqual({ G1: ['credited', 1500, null], G2: ['rejected', 0, 'TARIFF_18A_OVERLAP'] });
  });

  it('GOAL_TOO_LONG: 90 days inclusive pass, 91 fail', () => {
    const { items } = run({ goals: [goal('2025-01-01', '2025-03-31', 5, 5, 'G90'), goal('2025-04-01', '2025-06-30', 5, 5, 'G91')] });
    expect(decisions(items)).toEqual({ G90: ['credited', 1500, null], G91: ['rejected', 0, 'GOAL_TOO_LONG'] });
  });

  it('GOAL_BELOW_80_PERCENT: 8 of 10 pass, 79 of 99 fail, 0 of 0 fails', () => {
    const { items } = run({
      goals: [
        goal('2025-01-01', '2025-01-31', 8, 10, 'G1'),
        goal('2025-02-01', '2025-02-28', 79, 99, 'G2'),
        goal('2025-03-01', '2025-03-31', 0, 0, 'G3'),
      ],
    });
    expect(decisions(items)).toEqual({
      G1: ['credited', 1500, null],
      G2: ['rejected', 0, 'GOAL_BELOW_80_PERCENT'],
      G3: ['rejected', 0, 'GOAL_BELOW_80_PERCENT'],
    });
  });

  it('GOAL_OVERLAP: inclusive — starting on the day a credited goal ends overlaps; a rejected goal blocks nothing', () => {
    const { items } = run({
      goals: [
        goal('2025-01-01', '2025-01-31', 5, 5, 'G1'),
        goal('2025-01-31', '2025-02-20', 5, 5, 'G2'),
        goal('2025-02-01', '2025-02-20', 1, 5, 'G3'),
        goal('2025-02-10', '2025-03-01', 5, 5, 'G4'),
      ],
    });
    expect(decisions(items)).toEqual({
      G1: ['credited', 1500, null],
      G2: ['rejected', 0, 'GOAL_OVERLAP'],
      G3: ['rejected', 0, 'GOAL_BELOW_80_PERCENT'],
      G4: ['credited', 1500, null],
    });
  });

  it('GOAL_YEAR_LIMIT: the fifth qualifying goal of the year; order by started_on, then goal_id', () => {
    const { items, account } = run({
      goals: [
        goal('2025-09-01', '2025-09-30', 5, 5, 'G5'),
        goal('2025-01-01', '2025-01-31', 5, 5, 'G1'),
        goal('2025-03-01', '2025-03-31', 5, 5, 'G2'),
        goal('2025-05-01', '2025-05-31', 5, 5, 'G3'),
        goal('2025-07-01', '2025-07-31', 5, 5, 'G4'),
      ],
    });
    expect(decisions(items)).toEqual({
      G1: ['credited', 1500, null],
      G2: ['credited', 1500, null],
      G3: ['credited', 1500, null],
      G4: ['credited', 1500, null],
      G5: ['rejected', 0, 'GOAL_YEAR_LIMIT'],
    });
    expect(account).toMatchObject({ creditedGoals: 6000, closingPoints: 6000 });
  });

  it('check order: too long and below 80 % and overlapping → GOAL_TOO_LONG; under 18 and excluded → AGE_REQUIREMENT', () => {
    const { items } = run({
      goals: [goal('2025-01-01', '2025-01-31', 5, 5, 'G1'), goal('2025-01-15', '2025-06-30', 1, 10, 'G2')],
    });
    expect(decisions(items)).toEqual({ G1: ['credited', 1500, null], G2: ['rejected', 0, 'GOAL_TOO_LONG'] });
    const young = run({
      birthDate: '2010-01-01',
      exclusions: [{ validFrom: '2025-01-01', validTo: null }],
      goals: [goal('2025-01-01', '2025-01-31', 5, 5, 'G3')],
    });
    expect(decisions(young.items)).toEqual({ G3: ['rejected', 0, 'AGE_REQUIREMENT'] });
  });
});
