/**
 * Hand-built members for the § 19a bonus rules: the worked examples 1–8 (bonus-examples.ts) and
 * the edge cases of the rules below, dates relative to Y.
 *
 * They are written after the random members, with person numbers from a reserved range
 * (BONUS_EDGE_CASES_FROM): their ids are the same in every data set, and the files that existed
 * before them keep their bytes — every row they had comes first, unchanged, and ids from counters
 * (declarations) continue after the random ones. Placed before the random members, they would
 * have moved every random person's number, id and random stream.
 * Comments give the expected § 19a result for Y; unless said otherwise a case is a mandatory
 * member since 2010, proofs are sent on paper and points come only from the rows shown.
 */
import { addDays } from '../dates.ts';
import { activity, BONUS_WORKED_EXAMPLES, cash, child, goal, goalsInARow, participant, plus, proof, workout } from './bonus-examples.ts';
import type { EdgeCase } from './edge-cases.ts';

/** Person numbers of these cases: far above any random person's (see memberIdFor). */
export const BONUS_EDGE_CASES_FROM = 2_400_000_000;

const RULE_EDGE_CASES: readonly EdgeCase[] = [
  {
    // Born 28 Dec Y−1: U1, hearing screening and U2 in Y−1 (earlier years' proofs, no items),
    // U3 on 30 Jan Y completes the set → U3 credited 1,500; U4 credited 500.
    key: 'BONUS_U1_U3_ACROSS_YEARS',
    rule: 'U1–U3 set completed in Y with exams of Y−1',
    facts: (y) =>
      child(`${y - 1}-12-28`, {
        proofs: [
          proof('CHILD_U1', `${y - 1}-12-28`, `${y - 1}-12-30`, 'app'),
          proof('NEWBORN_HEARING', `${y - 1}-12-29`, `${y - 1}-12-30`, 'app'),
          proof('CHILD_U2', `${y - 1}-12-31`, `${y}-01-03`, 'app'),
          proof('CHILD_U3', `${y}-01-30`, `${y}-02-02`, 'app'),
          proof('CHILD_U4', `${y}-04-10`, `${y}-04-12`, 'app'),
        ],
      }),
  },
  {
    // Born 20 Nov Y: U1 and U2 proven, U3 not yet → both INCOMPLETE_SET; hearing credited 500.
    key: 'BONUS_U1_U3_INCOMPLETE',
    rule: 'U1–U3 set not complete in Y (INCOMPLETE_SET)',
    facts: (y) =>
      child(`${y}-11-20`, {
        proofs: [
          proof('CHILD_U1', `${y}-11-20`, `${y}-11-24`, 'app'),
          proof('NEWBORN_HEARING', `${y}-11-21`, `${y}-11-24`, 'app'),
          proof('CHILD_U2', `${y}-11-25`, `${y}-12-01`, 'app'),
        ],
      }),
  },
  {
    // 17 on the first dental proof of Y (18th birthday 1 Mar Y), both check-ups in the first
    // half-year → both INCOMPLETE_SET (the age on the first proof decides, not the age on each).
    key: 'BONUS_DENTAL_AGE_ON_FIRST_PROOF',
    rule: 'DENTAL_CHECKUP under 18: age on the first dental proof of Y',
    facts: (y) =>
      child(`${y - 18}-03-01`, {
        proofs: [proof('DENTAL_CHECKUP', `${y}-02-20`, `${y}-02-25`), proof('DENTAL_CHECKUP', `${y}-05-10`, `${y}-05-12`)],
      }),
  },
  {
    // Family-insured child aged 5 without a declared participation: U9 500, early dental
    // screening 500, dental check-ups in both half-years (15 Nov credited 500, 1 Mar merged),
    // vaccination 500 → credited 2,000.
    key: 'BONUS_FAMILY_CHILD',
    rule: 'family-insured children collect points (insured, not members)',
    facts: (y) =>
      child(`${y - 5}-03-10`, {
        proofs: [
          proof('DENTAL_CHECKUP', `${y}-03-01`, `${y}-03-04`, 'app'),
          proof('CHILD_U9', `${y}-04-20`, `${y}-04-22`, 'app'),
          proof('CHILD_DENTAL_EARLY', `${y}-05-05`, `${y}-05-06`, 'app'),
          proof('VACCINATION', `${y}-10-10`, `${y}-10-11`, 'app'),
          proof('DENTAL_CHECKUP', `${y}-11-15`, `${y}-11-16`, 'app'),
        ],
      }),
  },
  {
    // Turns 15 on 15 Jun Y, family-insured, participation from 1 Jan Y: activity 14 Jun
    // AGE_REQUIREMENT, 15 Jun credited 50; goal from 20 Jun AGE_REQUIREMENT (under 18).
    key: 'BONUS_ACTIVITY_AGE_15',
    rule: 'activities from the 15th birthday, goals from the 18th (AGE_REQUIREMENT)',
    facts: (y) =>
      child(
        `${y - 15}-06-15`,
        {
          activities: [workout(`${y}-06-14`), workout(`${y}-06-15`)],
          goals: [goal(`${y}-06-20`, `${y}-08-20`, 10, 10)],
        },
        { bonusParticipations: [{ validFrom: `${y}-01-01`, validTo: null }] },
      ),
  },
  {
    // One activity a day on threshold values: 30 min + 150 kcal, 30 min + 120 bpm and 10,000
    // steps qualify (150 points); the other 7 are ACTIVITY_THRESHOLD_NOT_MET.
    key: 'BONUS_ACTIVITY_THRESHOLDS',
    rule: 'activity thresholds are inclusive; a missing value fails its condition',
    facts: (y) =>
      participant(y, '1985-01-01', {
        activities: [
          ['30', '150', null, null],
          ['29.99', '150', null, null],
          ['30', '149.99', null, null],
          ['30', null, '120', null],
          ['30', null, '119.99', null],
          [null, null, null, '10000'],
          [null, null, null, '9999.99'],
          [null, '400', '140', null],
          ['90', null, null, null],
          [null, null, null, null],
        ].map((values, k) => activity(`${y}-05-${String(k + 1).padStart(2, '0')}`, values)),
      }),
  },
  {
    // G1: 90 days, 8/10 (exactly 80 %) credited; G2 starts on G1's last day: GOAL_OVERLAP; G3 91
    // days: GOAL_TOO_LONG; G4–G6 credited (4 in all); G7 GOAL_YEAR_LIMIT; G8 (79/100)
    // GOAL_BELOW_80_PERCENT → credited 6,000.
    key: 'BONUS_GOAL_LIMITS',
    rule: 'goals: 90 days and 80 % inclusive, touching goals overlap, at most 4 a year',
    facts: (y) => {
      const g1End = addDays(`${y}-01-02`, 89);
      const [g4, g5, g6, g7, g8] = goalsInARow(addDays(g1End, 2), 20, 5);
      return participant(y, '1980-01-01', {
        goals: [
          goal(`${y}-01-02`, g1End, 10, 8),
          goal(g1End, addDays(g1End, 29), 10, 10),
          goal(addDays(g1End, 1), addDays(g1End, 91), 10, 10),
          g4!,
          g5!,
          g6!,
          g7!,
          { ...g8!, challengesTotal: 100, challengesDone: 79 },
        ],
      });
    },
  },
  {
    // Opening 5,000, nothing credited: cash 400 BELOW_MINIMUM; PLUS for a service of 31 Dec
    // 2022 PLUS_BEFORE_2023; PLUS 200 points for 10.00 EUR (service 1 Jan 2023) paid 4.00 EUR;
    // the same receipt again DUPLICATE_PLUS_SERVICE; PLUS 100 points for 1.99 EUR paid 1.99 EUR
    // using 100 points; cash 10,000 INSUFFICIENT_BALANCE; cash 500 requested in Y+1 paid 5.00
    // EUR → closing 4,200.
    key: 'BONUS_PAYOUT_RULES',
    rule: 'payouts: minimum, PLUS from 2023, each receipt once, balance, requests of Y+1',
    facts: (y) =>
      participant(y, '1970-01-01', {
        openingBalances: [{ year: y, points: 5000 }],
        payouts: [
          cash(`${y}-02-01`, 400),
          plus(`${y}-02-15`, 500, 0, '2022-12-31', '80.00'),
          plus(`${y}-03-01`, 200, 1, '2023-01-01', '10.00'),
          plus(`${y}-03-15`, 300, 1, '2023-01-01', '10.00'),
          plus(`${y}-04-01`, 100, 2, `${y}-03-20`, '1.99'),
          cash(`${y}-05-01`, 10000),
          cash(`${y + 1}-02-01`, 500),
        ],
      }),
  },
  {
    // Dies 30 Jun Y: opening 2,000, HEALTH_CHECKUP credited 500, cash 1,000 paid 10.00 EUR;
    // the remaining 1,500 are forfeited, closing 0.
    key: 'BONUS_DIES_IN_Y',
    rule: 'claims are not inherited: the balance of a member who died is forfeited',
    facts: (y) =>
      participant(
        y,
        '1950-06-01',
        {
          proofs: [proof('HEALTH_CHECKUP', `${y}-02-01`, `${y}-02-05`, 'app')],
          openingBalances: [{ year: y, points: 2000 }],
          payouts: [cash(`${y}-03-01`, 1000)],
        },
        {
          diedOn: `${y}-06-30`,
          memberships: [{ validFrom: '2010-01-01', validTo: `${y}-06-30`, kind: 'mandatory' }],
          bonusParticipations: [{ validFrom: '2020-01-01', validTo: `${y}-06-30` }],
        },
      ),
  },
  {
    // Leaves the fund 30 Jun Y: HEALTH_CHECKUP 1 Mar credited 500; VACCINATION 1 Aug and the
    // activity of 15 Jul NOT_INSURED; keeps the balance 1,000 + 500 = 1,500.
    key: 'BONUS_LEFT_FUND_IN_Y',
    rule: 'NOT_INSURED after leaving; members who left keep their balance',
    facts: (y) =>
      participant(
        y,
        '1982-02-02',
        {
          proofs: [proof('HEALTH_CHECKUP', `${y}-03-01`, `${y}-03-10`), proof('VACCINATION', `${y}-08-01`, `${y}-08-05`)],
          activities: [workout(`${y}-07-15`)],
          openingBalances: [{ year: y, points: 1000 }],
        },
        {
          memberships: [{ validFrom: '2010-01-01', validTo: `${y}-06-30`, kind: 'mandatory' }],
          bonusParticipations: [{ validFrom: '2020-01-01', validTo: `${y}-06-30` }],
        },
      ),
  },
  {
    // Excluded 1 Mar – 31 Aug Y: app proof of 1 Apr EXCLUDED_APP_CHANNEL, paper proof of 5 May
    // credited 500, app proof of 1 Oct credited 500; activity 10 Apr EXCLUDED, 1 Sep credited
    // 50; goal completed 15 Jul EXCLUDED → credited 1,050.
    key: 'BONUS_EXCLUSION',
    rule: 'abuse exclusion: app proofs, activities and goals excluded, paper proofs count',
    facts: (y) =>
      participant(y, '1980-01-01', {
        exclusions: [{ validFrom: `${y}-03-01`, validTo: `${y}-08-31` }],
        proofs: [
          proof('VACCINATION', `${y}-04-01`, `${y}-04-01`, 'app'),
          proof('VACCINATION', `${y}-05-05`, `${y}-05-20`),
          proof('VACCINATION', `${y}-10-01`, `${y}-10-01`, 'app'),
        ],
        activities: [workout(`${y}-04-10`), workout(`${y}-09-01`)],
        goals: [goal(`${y}-06-01`, `${y}-07-15`, 10, 10)],
      }),
  },
  {
    // VACCINATION_TRAVEL NOT_BONIFIABLE; the same vaccination by app and on paper: the first
    // credited 500, the second DUPLICATE → credited 500.
    key: 'BONUS_TRAVEL_AND_DUPLICATE',
    rule: 'travel vaccinations are never bonified; the same proof twice is one measure',
    facts: (y) =>
      participant(y, '1990-01-01', {
        proofs: [
          proof('VACCINATION_TRAVEL', `${y}-05-01`, `${y}-05-02`, 'app'),
          proof('VACCINATION', `${y}-06-01`, `${y}-06-02`, 'app'),
          proof('VACCINATION', `${y}-06-01`, `${y}-07-01`),
        ],
      }),
  },
];

export const BONUS_EDGE_CASES: readonly EdgeCase[] = [...BONUS_WORKED_EXAMPLES, ...RULE_EDGE_CASES];
