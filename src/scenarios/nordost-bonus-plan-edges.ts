/**
 * Worked examples H, H2 and I–L of rules-nordost-bonus-plan.md: the edges of a participation —
 * contributions borne by third parties (resting months, a third party at enrolment), a hardship
 * cancel, a cancel bound to the three years, a class reduced to the income, and claim-free months
 * with no history. Same frame as nordost-bonus-plan.ts (Y = 2025, AOK Nordost's class table,
 * contributions 4,000.00, born 1980, a mandatory member since 2000 unless given).
 */
import { CLASS_2, CLASS_3, none, noExtras, nordostScenario, payout } from './nordost-scenario-builder.ts';
import { SCENARIO_YEAR as Y, type Scenario } from './scenario.ts';

export const NORDOST_EDGE_SCENARIOS: readonly Scenario[] = [
  nordostScenario(
    8,
    'NORDOST_EXAMPLE_H',
    'H: class 2; third parties bear contributions 10 Apr – 15 Jun (May rests: 11 months); visit on a resting day → +100.83',
    {
      income: CLASS_2,
      declarations: [['enrol', '2023-12-15', '2']],
      thirdParty: [[`${Y}-04-10`, `${Y}-06-15`]],
      treatments: [[`${Y}-05-20`, true, 'regular']],
      history: [[Y - 1, '2024-01-01', 12]],
    },
    {
      row: {
        participation_start: '2024-01-01',
        participation_months: '11',
        classes: '2:01-04;2:06-12',
        basic_bonus: '100.83',
        ...noExtras,
        bonus_total: '100.83',
        premium_cap_statutory: '600.00',
        bonus_paid: '100.83',
        ...none,
        copay_cap: '201.67',
        balance: '100.83',
        ...payout,
        claim_free_months: '23',
      },
    },
  ),
  nordostScenario(
    9,
    'NORDOST_EXAMPLE_H2',
    'H2: enrolment for 1 Feb while unemployment benefit (third parties) runs to 30 June → THIRD_PARTY_AT_ENROLMENT, no row',
    {
      income: CLASS_2,
      declarations: [['enrol', `${Y}-01-20`, '2']],
      thirdParty: [['2024-11-01', `${Y}-06-30`]],
    },
    {},
  ),
  nordostScenario(
    10,
    'NORDOST_EXAMPLE_I',
    'I: class 3 since 2024-07-01, hardship cancel received 12 May → ends 30 June; stay 28 Jun – 3 Jul → 3 days, −57.50',
    {
      income: CLASS_3,
      declarations: [
        ['enrol', '2024-06-10', '3'],
        ['hardship_cancel', `${Y}-05-12`, null],
      ],
      stays: [[`${Y}-06-28`, `${Y}-07-03`, 'regular']],
      history: [[Y - 1, '2024-07-01', 6]],
    },
    {
      row: {
        participation_start: '2024-07-01',
        participation_months: '6',
        classes: '3:01-06',
        basic_bonus: '115.00',
        ...noExtras,
        bonus_total: '115.00',
        premium_cap_statutory: '600.00',
        bonus_paid: '115.00',
        outpatient_events: '0',
        inpatient_days: '3',
        events_amount: '172.50',
        copay_cap: '230.00',
        copay: '172.50',
        balance: '-57.50',
        outcome: 'receivable',
        due_on: null,
        claim_free_months: '0',
      },
    },
  ),
  nordostScenario(
    11,
    'NORDOST_EXAMPLE_J',
    'J: class 2 since 2023-03-01 (22), cancel received 15 Sep 2025 → ends 31 Dec 2026 (binding); no events → +110.00, 34',
    {
      income: CLASS_2,
      declarations: [
        ['enrol', '2023-02-10', '2'],
        ['cancel', `${Y}-09-15`, null],
      ],
      history: [[Y - 1, '2023-03-01', 22]],
    },
    {
      row: {
        participation_start: '2023-03-01',
        participation_months: '12',
        classes: '2:01-12',
        basic_bonus: '110.00',
        ...noExtras,
        bonus_total: '110.00',
        premium_cap_statutory: '600.00',
        bonus_paid: '110.00',
        ...none,
        copay_cap: '220.00',
        balance: '110.00',
        ...payout,
        claim_free_months: '34',
      },
    },
  ),
  nordostScenario(
    12,
    'NORDOST_EXAMPLE_K',
    'K: declared class 3 from 2025-01-01, income 30,000 → class 2 for the year (CLASS_REDUCED), +110.00',
    {
      income: CLASS_2,
      declarations: [['enrol', `${Y - 1}-12-10`, '3']],
    },
    {
      row: {
        participation_start: `${Y}-01-01`,
        participation_months: '12',
        classes: '2:01-12',
        basic_bonus: '110.00',
        ...noExtras,
        bonus_total: '110.00',
        premium_cap_statutory: '600.00',
        bonus_paid: '110.00',
        ...none,
        copay_cap: '220.00',
        balance: '110.00',
        ...payout,
        claim_free_months: '12',
        reasons: 'CLASS_REDUCED',
      },
    },
  ),
  nordostScenario(
    13,
    'NORDOST_EXAMPLE_L',
    'L: class 2 since 2022-05-01, no 2024 run and no history row, no events → held HISTORY_MISSING, claim-free months empty',
    {
      income: CLASS_2,
      declarations: [['enrol', '2022-04-10', '2']],
    },
    {
      row: {
        participation_start: '2022-05-01',
        participation_months: '12',
        classes: '2:01-12',
        basic_bonus: '110.00',
        ...noExtras,
        bonus_total: '110.00',
        premium_cap_statutory: '600.00',
        bonus_paid: '110.00',
        ...none,
        copay_cap: '220.00',
        balance: '110.00',
        outcome: 'held',
        due_on: null,
        claim_free_months: null,
        reasons: 'HISTORY_MISSING',
      },
    },
  ),
];
