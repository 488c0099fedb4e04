/**
 * Worked examples A–L and H2 of rules-nordost-bonus-plan.md (Y = 2025; class table of fund AOK
 * Nordost valid from 2024-01-01; contributions 4,000.00 and no health proof unless stated). Each
 * member: born 1980, a mandatory member since 2000 unless given. "(n) = claim-free months at the
 * end of 2024" are bonus_plan_history.csv rows here (D's "from the 2024 run" is the two-year test's
 * case, test/db/nordost-two-years.test.ts); rows for participations with an event in 2025 are
 * there as the fund would deliver them, though the rules do not need them.
 */
import { scenarioMember, SCENARIO_YEAR as Y, type Row, type Scenario } from './scenario.ts';

type Category = 'regular' | 'pregnancy' | 'prevention' | 'contraception';

interface Facts {
  /** contributory income of Y */
  income: string;
  contributions?: string;
  birthDate?: string;
  membershipFrom?: string;
  /** [kind, received_on, declared_class] in declaration_id order */
  declarations: [string, string, string | null][];
  /** [treated_on, with_prescription, category] */
  treatments?: [string, boolean, Category][];
  /** [admitted_on, discharged_on, category] */
  stays?: [string, string, Category][];
  thirdParty?: [string, string][];
  /** [path, performed_on, received_on] */
  proofs?: [string, string, string][];
  /** [year, participation_start, claim_free_months] */
  history?: [number, string, number][];
}

interface Expected {
  row?: Row;
  /** [proof index (1-based), decision, reason] */
  proofs?: [number, string, string | null][];
}

function nordostScenario(n: number, key: string, title: string, facts: Facts, expected: Expected): Scenario {
  const member_id = scenarioMember(40 + n);
  const proofId = (k: number) => `${key}-P${k}`;
  const proofs = facts.proofs ?? [];
  return {
    key,
    title,
    facts: {
      'members.csv': [{ member_id, birth_date: facts.birthDate ?? '1980-01-01', died_on: null }],
      'memberships.csv': [{ member_id, valid_from: facts.membershipFrom ?? '2000-01-01', valid_to: null, kind: 'mandatory' }],
      'annual_income.csv': [
        { member_id, year: String(Y), contributory_income: facts.income, member_contributions: facts.contributions ?? '4000.00' },
      ],
      'bonus_plan_declarations.csv': facts.declarations.map(([kind, received_on, declared_class], k) => ({
        declaration_id: `${key}-D${k + 1}`,
        member_id,
        kind,
        received_on,
        declared_class,
      })),
      'outpatient_treatments.csv': (facts.treatments ?? []).map(([treated_on, prescription, category], k) => ({
        claim_id: `${key}-O${k + 1}`,
        member_id,
        treated_on,
        with_prescription: String(prescription),
        category,
      })),
      'inpatient_stays.csv': (facts.stays ?? []).map(([admitted_on, discharged_on, category], k) => ({
        claim_id: `${key}-S${k + 1}`,
        member_id,
        admitted_on,
        discharged_on,
        category,
      })),
      'third_party_periods.csv': (facts.thirdParty ?? []).map(([valid_from, valid_to]) => ({ member_id, valid_from, valid_to })),
      'bonus_plan_health_proofs.csv': proofs.map(([path, performed_on, received_on], k) => ({
        proof_id: proofId(k + 1),
        member_id,
        path,
        performed_on,
        received_on,
      })),
      'bonus_plan_history.csv': (facts.history ?? []).map(([year, participation_start, months]) => ({
        member_id,
        year: String(year),
        participation_start,
        claim_free_months: String(months),
      })),
    },
    expected: {
      nordost_bonus_plan: expected.row ? [{ member_id, year: String(Y), ...expected.row }] : [],
      ...(expected.proofs
        ? {
            nordost_bonus_plan_proofs: expected.proofs.map(([k, decision, reason]) => ({
              proof_id: proofId(k),
              member_id,
              year: String(Y),
              path: proofs[k - 1]![0],
              performed_on: proofs[k - 1]![1],
              received_on: proofs[k - 1]![2],
              decision,
              reason,
            })),
          }
        : {}),
    },
  };
}

const CLASS_1 = '15000.00';
const CLASS_2 = '30000.00';
const CLASS_3 = '50000.00';
const payout = { outcome: 'payout', due_on: `${Y + 1}-06-30` };
const none = { outpatient_events: '0', inpatient_days: '0', events_amount: '0.00', copay: '0.00' };
const noExtras = { health_bonus: '0.00', additional_bonus: '0.00', health_proof_id: null, reasons: null };

export const NORDOST_SCENARIOS: readonly Scenario[] = [
  nordostScenario(
    1,
    'NORDOST_EXAMPLE_A',
    'A: class 3 since 2024, 5 visits and a 5-day stay, fitness test → co-payment capped at 460.00, −160.00 receivable',
    {
      income: CLASS_3,
      declarations: [['enrol', '2023-12-15', '3']],
      treatments: [
        [`${Y}-01-10`, true, 'regular'],
        [`${Y}-02-12`, true, 'regular'],
        [`${Y}-04-14`, true, 'regular'],
        [`${Y}-06-16`, true, 'regular'],
        [`${Y}-10-20`, true, 'regular'],
      ],
      stays: [[`${Y}-03-10`, `${Y}-03-14`, 'regular']],
      proofs: [['fitness_test', `${Y}-05-05`, `${Y}-05-20`]],
      history: [[Y - 1, '2024-01-01', 12]],
    },
    {
      row: {
        participation_start: '2024-01-01',
        participation_months: '12',
        classes: '3:01-12',
        basic_bonus: '230.00',
        health_bonus: '70.00',
        additional_bonus: '0.00',
        bonus_total: '300.00',
        premium_cap_statutory: '600.00',
        bonus_paid: '300.00',
        outpatient_events: '5',
        inpatient_days: '5',
        events_amount: '575.00',
        copay_cap: '460.00',
        copay: '460.00',
        balance: '-160.00',
        outcome: 'receivable',
        due_on: null,
        claim_free_months: '2',
        health_proof_id: 'NORDOST_EXAMPLE_A-P1',
        reasons: null,
      },
      proofs: [[1, 'accepted', null]],
    },
  ),
  nordostScenario(
    2,
    'NORDOST_EXAMPLE_B',
    'B: class 1 from 1 June (7 months), prevention set before the start, sports badge received in January → +67.50',
    {
      income: CLASS_1,
      declarations: [['enrol', `${Y}-05-20`, '1']],
      treatments: [[`${Y}-11-05`, true, 'regular']],
      proofs: [
        ['prevention_set', `${Y}-03-01`, `${Y}-03-10`],
        ['sports_badge', `${Y}-09-14`, `${Y + 1}-01-10`],
      ],
    },
    {
      row: {
        participation_start: `${Y}-06-01`,
        participation_months: '7',
        classes: '1:06-12',
        basic_bonus: '46.67',
        health_bonus: '40.83',
        additional_bonus: '0.00',
        bonus_total: '87.50',
        premium_cap_statutory: '600.00',
        bonus_paid: '87.50',
        outpatient_events: '1',
        inpatient_days: '0',
        events_amount: '20.00',
        copay_cap: '93.33',
        copay: '20.00',
        balance: '67.50',
        ...payout,
        claim_free_months: '1',
        health_proof_id: 'NORDOST_EXAMPLE_B-P2',
        reasons: null,
      },
      proofs: [
        [1, 'rejected', 'OUTSIDE_PARTICIPATION'],
        [2, 'accepted', null],
      ],
    },
  ),
  nordostScenario(
    3,
    'NORDOST_EXAMPLE_C',
    'C: class 1, contributions 700.03 → bonuses capped at 140.01 (PREMIUM_CAPPED), +120.01',
    {
      income: CLASS_1,
      contributions: '700.03',
      declarations: [['enrol', '2023-12-15', '1']],
      treatments: [[`${Y}-08-04`, true, 'regular']],
      proofs: [['prevention_set', `${Y}-06-10`, `${Y}-06-20`]],
      history: [[Y - 1, '2024-01-01', 12]],
    },
    {
      row: {
        participation_start: '2024-01-01',
        participation_months: '12',
        classes: '1:01-12',
        basic_bonus: '80.00',
        health_bonus: '70.00',
        additional_bonus: '0.00',
        bonus_total: '150.00',
        premium_cap_statutory: '140.01',
        bonus_paid: '140.01',
        outpatient_events: '1',
        inpatient_days: '0',
        events_amount: '20.00',
        copay_cap: '160.00',
        copay: '20.00',
        balance: '120.01',
        ...payout,
        claim_free_months: '4',
        health_proof_id: 'NORDOST_EXAMPLE_C-P1',
        reasons: 'PREMIUM_CAPPED',
      },
      proofs: [[1, 'accepted', null]],
    },
  ),
  nordostScenario(
    4,
    'NORDOST_EXAMPLE_D',
    'D: class 2 since 2023 (24), no events → 36 claim-free months, additional bonus 180.00 once, +290.00',
    {
      income: CLASS_2,
      declarations: [['enrol', '2022-12-10', '2']],
      history: [[Y - 1, '2023-01-01', 24]],
    },
    {
      row: {
        participation_start: '2023-01-01',
        participation_months: '12',
        classes: '2:01-12',
        basic_bonus: '110.00',
        health_bonus: '0.00',
        additional_bonus: '180.00',
        bonus_total: '290.00',
        premium_cap_statutory: '600.00',
        bonus_paid: '290.00',
        ...none,
        copay_cap: '220.00',
        balance: '290.00',
        ...payout,
        claim_free_months: '36',
        health_proof_id: null,
        reasons: null,
      },
    },
  ),
  nordostScenario(
    5,
    'NORDOST_EXAMPLE_E',
    'E: since 2022 (36), class 2 then 3 from July, fitness test, no events → 170.00 + 70.00 + 240.00 = 480.00',
    {
      income: '45000.00',
      declarations: [
        ['enrol', '2021-12-10', '2'],
        ['class_change', `${Y}-06-12`, '3'],
      ],
      proofs: [['fitness_test', `${Y}-08-01`, `${Y}-08-10`]],
      history: [[Y - 1, '2022-01-01', 36]],
    },
    {
      row: {
        participation_start: '2022-01-01',
        participation_months: '12',
        classes: '2:01-06;3:07-12',
        basic_bonus: '170.00',
        health_bonus: '70.00',
        additional_bonus: '240.00',
        bonus_total: '480.00',
        premium_cap_statutory: '600.00',
        bonus_paid: '480.00',
        ...none,
        copay_cap: '340.00',
        balance: '480.00',
        ...payout,
        claim_free_months: '48',
        health_proof_id: 'NORDOST_EXAMPLE_E-P1',
        reasons: null,
      },
      proofs: [[1, 'accepted', null]],
    },
  ),
  nordostScenario(
    6,
    'NORDOST_EXAMPLE_F',
    'F: class 3 since 2023-04-01 (21), never an event → 33 < 36: no additional bonus, +230.00',
    {
      income: CLASS_3,
      declarations: [['enrol', '2023-03-10', '3']],
      history: [[Y - 1, '2023-04-01', 21]],
    },
    {
      row: {
        participation_start: '2023-04-01',
        participation_months: '12',
        classes: '3:01-12',
        basic_bonus: '230.00',
        ...noExtras,
        bonus_total: '230.00',
        premium_cap_statutory: '600.00',
        bonus_paid: '230.00',
        ...none,
        copay_cap: '460.00',
        balance: '230.00',
        ...payout,
        claim_free_months: '33',
      },
    },
  ),
  nordostScenario(
    7,
    'NORDOST_EXAMPLE_G',
    'G: class 1; birth in hospital, contraception, vaccination with prescription, visit without prescription → no event, +150.00',
    {
      income: CLASS_1,
      birthDate: '2006-01-01',
      membershipFrom: '2023-09-01',
      declarations: [['enrol', '2023-12-15', '1']],
      stays: [[`${Y}-01-05`, `${Y}-01-08`, 'pregnancy']],
      treatments: [
        [`${Y}-04-03`, true, 'contraception'],
        [`${Y}-10-15`, true, 'prevention'],
        [`${Y}-06-02`, false, 'regular'],
      ],
      proofs: [['prevention_set', `${Y}-11-20`, `${Y}-12-01`]],
      history: [[Y - 1, '2024-01-01', 12]],
    },
    {
      row: {
        participation_start: '2024-01-01',
        participation_months: '12',
        classes: '1:01-12',
        basic_bonus: '80.00',
        health_bonus: '70.00',
        additional_bonus: '0.00',
        bonus_total: '150.00',
        premium_cap_statutory: '600.00',
        bonus_paid: '150.00',
        ...none,
        copay_cap: '160.00',
        balance: '150.00',
        ...payout,
        claim_free_months: '24',
        health_proof_id: 'NORDOST_EXAMPLE_G-P1',
        reasons: null,
      },
      proofs: [[1, 'accepted', null]],
    },
  ),
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
