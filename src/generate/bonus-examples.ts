/**
 * The worked examples 1–8 of rules-19a-bonus.md as hand-built members (dates relative to Y; the
 * examples use Y = 2025), and the builders the § 19a edge cases are made of. The list of all
 * § 19a edge cases, and why they come last in a data set, is in bonus-edge-cases.ts.
 * Comments give the expected § 19a result for Y; unless said otherwise a case is a mandatory
 * member since 2010, proofs are sent on paper and points come only from the rows shown.
 */
import { addDays } from '../dates.ts';
import type { EdgeCase } from './edge-cases.ts';
import {
  emptyFacts,
  type ActivityFact,
  type BonusFacts,
  type GoalFact,
  type PayoutFact,
  type PersonFacts,
  type ProofFact,
} from './model.ts';

/** The § 19a rows of a case; what is not given is empty. */
type Parts = Partial<BonusFacts>;

function bonus(parts: Parts): BonusFacts {
  return { exclusions: [], proofs: [], activities: [], goals: [], openingBalances: [], payouts: [], ...parts };
}

export function proof(code: string, performedOn: string, receivedOn: string, channel: 'app' | 'paper' = 'paper') {
  return { measureCode: code, performedOn, receivedOn, channel } satisfies ProofFact;
}

/** An activity that qualifies by kcal and duration (and heart rate). */
export const workout = (activityOn: string): ActivityFact => ({
  activityOn,
  durationMin: '45',
  kcal: '320.5',
  avgHeartRate: '131',
  steps: null,
});

/** An activity with duration_min, kcal, avg_heart_rate, steps as written. */
export const activity = (activityOn: string, values: (string | null)[]): ActivityFact => ({
  activityOn,
  durationMin: values[0] ?? null,
  kcal: values[1] ?? null,
  avgHeartRate: values[2] ?? null,
  steps: values[3] ?? null,
});

export const goal = (startedOn: string, completedOn: string, total: number, done: number): GoalFact => ({
  startedOn,
  completedOn,
  challengesTotal: total,
  challengesDone: done,
});

export const cash = (requestedOn: string, points: number): PayoutFact => ({
  requestedOn,
  kind: 'cash',
  points,
  plus: null,
});

/** A PLUS request; `receipt` numbers the person's receipts (the same number: the same receipt). */
export function plus(requestedOn: string, points: number, receipt: number, serviceOn: string, cost: string) {
  const service = { receipt, serviceCode: 'OSTEOPATHY', serviceOn, cost };
  return { requestedOn, kind: 'plus', points, plus: service } satisfies PayoutFact;
}

/** A member since 2010 without § 18a declarations; income rows of Y−1 and Y (8 % contributions). */
export function member(y: number, birthDate: string, parts: Parts, extra: Partial<PersonFacts> = {}): PersonFacts {
  return {
    ...emptyFacts(birthDate),
    memberships: [{ validFrom: '2010-01-01', validTo: null, kind: 'mandatory' }],
    incomes: [y - 1, y].map((year) => ({ year, contributoryIncome: '27000.00', memberContributions: '2160.00' })),
    bonus: bonus(parts),
    ...extra,
  };
}

/** A bonus participant since 2020. */
export function participant(y: number, birthDate: string, parts: Parts, extra: Partial<PersonFacts> = {}) {
  return member(y, birthDate, parts, { bonusParticipations: [{ validFrom: '2020-01-01', validTo: null }], ...extra });
}

/** A family-insured child, insured from birth. */
export function child(birthDate: string, parts: Parts, extra: Partial<PersonFacts> = {}): PersonFacts {
  return {
    ...emptyFacts(birthDate),
    memberships: [{ validFrom: birthDate, validTo: null, kind: 'family' }],
    bonus: bonus(parts),
    ...extra,
  };
}

/** Consecutive goals of `days` days each from `from` (all 10/10 unless given). */
export function goalsInARow(from: string, days: number, count: number): GoalFact[] {
  return Array.from({ length: count }, (_, k) => {
    const start = addDays(from, k * days);
    return goal(start, addDays(start, days - 1), 10, 10);
  });
}

export const BONUS_WORKED_EXAMPLES: readonly EdgeCase[] = [
  {
    // Worked example 1: aged 40, no participation declared (the proofs count as taking part):
    // HEALTH_CHECKUP 500 + SPORTS_CLUB 1,000 (received on the deadline) credited, GYM received
    // 1 April LATE_SUBMISSION → credited 1,500.
    key: 'BONUS_EXAMPLE_1',
    rule: 'worked example 1 (deadline 31 March Y+1, LATE_SUBMISSION)',
    facts: (y) =>
      member(y, `${y - 40}-01-01`, {
        proofs: [
          proof('HEALTH_CHECKUP', `${y}-03-10`, `${y}-04-01`),
          proof('SPORTS_CLUB', `${y}-01-15`, `${y + 1}-03-31`),
          proof('GYM_MEMBERSHIP', `${y}-02-01`, `${y + 1}-04-01`),
        ],
      }),
  },
  {
    // Worked example 2: child aged 12, both dental check-ups in the first half-year → both
    // INCOMPLETE_SET, 0 points.
    key: 'BONUS_EXAMPLE_2',
    rule: 'worked example 2 (minor: dental check-ups in one half-year only → INCOMPLETE_SET)',
    facts: (y) =>
      child(`${y - 12}-01-01`, {
        proofs: [proof('DENTAL_CHECKUP', `${y}-02-10`, `${y}-02-12`), proof('DENTAL_CHECKUP', `${y}-05-20`, `${y}-05-22`)],
      }),
  },
  {
    // Worked example 3: child aged 12, one check-up per half-year → 1 Sep credited 500, 10 Feb
    // merged 0.
    key: 'BONUS_EXAMPLE_3',
    rule: 'worked example 3 (minor: one dental check-up in each half-year, set credited)',
    facts: (y) =>
      child(`${y - 12}-01-01`, {
        proofs: [proof('DENTAL_CHECKUP', `${y}-02-10`, `${y}-02-12`), proof('DENTAL_CHECKUP', `${y}-09-01`, `${y}-09-03`)],
      }),
  },
  {
    // Worked example 4: two vaccinations 500 + 500; HEALTH_CHECKUP 1 May credited 500, 1 Jun
    // FREQUENCY_LIMIT → credited 1,500.
    key: 'BONUS_EXAMPLE_4',
    rule: 'worked example 4 (per-proof vaccinations, once-a-year check-up → FREQUENCY_LIMIT)',
    facts: (y) =>
      participant(y, '1975-05-15', {
        proofs: [
          proof('VACCINATION', `${y}-04-01`, `${y}-04-03`, 'app'),
          proof('HEALTH_CHECKUP', `${y}-05-01`, `${y}-05-04`, 'app'),
          proof('HEALTH_CHECKUP', `${y}-06-01`, `${y}-06-02`, 'app'),
          proof('VACCINATION', `${y}-10-01`, `${y}-10-02`, 'app'),
        ],
      }),
  },
  {
    // Worked example 5: participant from 1 Jan Y, aged 30; qualifying activities on 1–20 March
    // and a second one on 3 March; 4 April 25 min, 200 kcal, 8,000 steps → 15 credited (750),
    // 5 MONTHLY_LIMIT (16–20 March), the second on 3 March DAILY_LIMIT, 4 April
    // ACTIVITY_THRESHOLD_NOT_MET.
    key: 'BONUS_EXAMPLE_5',
    rule: 'worked example 5 (one activity a day, 15 a month, thresholds)',
    facts: (y) => {
      const march = Array.from({ length: 20 }, (_, k) => workout(`${y}-03-${String(k + 1).padStart(2, '0')}`));
      march.splice(3, 0, activity(`${y}-03-03`, [null, null, null, '12500'])); // after the first of 3 March
      return member(
        y,
        `${y - 30}-01-01`,
        {
          activities: [...march, activity(`${y}-04-04`, ['25', '200', null, '8000'])],
        },
        { bonusParticipations: [{ validFrom: `${y}-01-01`, validTo: null }] },
      );
    },
  },
  {
    // Worked example 6: G1 (80 days, 10/12) 1,500; G2 GOAL_OVERLAP; G3 (106 days)
    // GOAL_TOO_LONG; G4 (7/10) GOAL_BELOW_80_PERCENT → credited 1,500.
    key: 'BONUS_EXAMPLE_6',
    rule: 'worked example 6 (health goals: overlap, 90 days, 80 %)',
    facts: (y) =>
      participant(y, '1980-04-12', {
        goals: [
          goal(`${y}-01-10`, `${y}-03-30`, 12, 10),
          goal(`${y}-03-15`, `${y}-05-01`, 10, 10),
          goal(`${y}-04-01`, `${y}-07-15`, 10, 10),
          goal(`${y}-08-01`, `${y}-09-30`, 10, 7),
        ],
      }),
  },
  {
    // Worked example 7: opening 300, 8 qualifying activities (400); cash 600 paid 6.00 EUR
    // (balance 100); plus 100 points for a 1.50 EUR receipt pays 1.50 EUR using 75 points
    // (balance 25); cash 500 INSUFFICIENT_BALANCE → closing 25.
    key: 'BONUS_EXAMPLE_7',
    rule: 'worked example 7 (payouts in order against the balance, PLUS capped at the receipt)',
    facts: (y) =>
      participant(y, '1968-09-30', {
        activities: ['02-03', '02-10', '02-17', '02-24', '03-03', '03-10', '03-17', '03-24'].map((d) => workout(`${y}-${d}`)),
        openingBalances: [{ year: y, points: 300 }],
        payouts: [cash(`${y}-05-02`, 600), plus(`${y}-05-10`, 100, 0, `${y}-04-20`, '1.50'), cash(`${y}-06-01`, 500)],
      }),
  },
  {
    // Worked example 8: § 18a enrolment received 10 Jun Y (participation from 1 Jul, class 3);
    // VACCINATION 1 Mar credited 500, 1 Aug TARIFF_18A_OVERLAP. § 18a: 6 months, class 3.
    key: 'BONUS_EXAMPLE_8',
    rule: 'worked example 8 (no bonus on § 18a days → TARIFF_18A_OVERLAP)',
    facts: (y) =>
      member(
        y,
        '1979-07-07',
        {
          proofs: [proof('VACCINATION', `${y}-03-01`, `${y}-03-05`), proof('VACCINATION', `${y}-08-01`, `${y}-08-04`)],
        },
        { declarations: [{ kind: 'enrol', receivedOn: `${y}-06-10`, declaredClass: 3 }] },
      ),
  },
];
