/**
 * Worked examples A–G of rules-18a-tariff.md (class table valid from 2022-04-01; contributions
 * large enough that the 20 % cap never bites unless given). Each member: born 1980, a mandatory
 * member since 2000, income 27,000.00 of Y unless given; participation from 1 January Y unless said.
 */
import { scenarioMember, SCENARIO_YEAR as Y, type Row, type Scenario } from './scenario.ts';

interface Facts {
  income?: string;
  contributions?: string;
  /** [kind, received_on, declared_class] in declaration_id order */
  declarations: [string, string, string | null][];
  treatments?: string[];
  /** [admitted_on, discharged_on] */
  stays?: [string, string][];
  thirdParty?: [string, string][];
}

function tariffScenario(n: number, key: string, title: string, facts: Facts, expected: Row): Scenario {
  const member_id = scenarioMember(n);
  const period = ([valid_from, valid_to]: [string, string]) => ({ member_id, valid_from, valid_to });
  return {
    key,
    title,
    facts: {
      'members.csv': [{ member_id, birth_date: '1980-01-01', died_on: null }],
      'memberships.csv': [{ member_id, valid_from: '2000-01-01', valid_to: null, kind: 'mandatory' }],
      'annual_income.csv': [
        {
          member_id,
          year: String(Y),
          contributory_income: facts.income ?? '27000.00',
          member_contributions: facts.contributions ?? '10000.00',
        },
      ],
      'tariff_declarations.csv': facts.declarations.map(([kind, received_on, declared_class], k) => ({
        declaration_id: `${key}-D${k + 1}`,
        member_id,
        kind,
        received_on,
        declared_class,
      })),
      'outpatient_treatments.csv': (facts.treatments ?? []).map((treated_on, k) => ({
        claim_id: `${key}-O${k + 1}`,
        member_id,
        treated_on,
        with_prescription: 'true',
        category: 'regular',
      })),
      'inpatient_stays.csv': (facts.stays ?? []).map(([admitted_on, discharged_on], k) => ({
        claim_id: `${key}-S${k + 1}`,
        member_id,
        admitted_on,
        discharged_on,
        category: 'regular',
      })),
      'third_party_periods.csv': (facts.thirdParty ?? []).map(period),
    },
    expected: { tariff_settlement: [{ member_id, year: String(Y), ...expected }] },
  };
}

const payout = { outcome: 'payout', due_on: `${Y + 1}-06-30` };

export const TARIFF_SCENARIOS: readonly Scenario[] = [
  tariffScenario(
    1,
    'TARIFF_EXAMPLE_A',
    'A: class 3 all year, 2 treatments with prescription and 1 stay → balance 0.00',
    {
      declarations: [['enrol', `${Y - 1}-12-10`, '3']],
      treatments: [`${Y}-02-05`, `${Y}-09-12`],
      stays: [[`${Y}-06-03`, `${Y}-06-10`]],
    },
    {
      participation_months: '12',
      premium_prorated: '250.00',
      cap_prorated: '330.00',
      outpatient_events: '2',
      inpatient_events: '1',
      events_amount: '250.00',
      deductible: '250.00',
      premium_cap_statutory: '600.00',
      premium_paid: '250.00',
      balance: '0.00',
      outcome: 'zero',
      due_on: null,
      classes: '3:01-12',
      reasons: null,
    },
  ),
  tariffScenario(
    2,
    'TARIFF_EXAMPLE_B',
    'B: class 3 from 1 Feb, no claims → 229.17 payout due 30 June of Y+1',
    { declarations: [['enrol', `${Y}-01-15`, '3']] },
    {
      participation_months: '11',
      premium_prorated: '229.17',
      cap_prorated: '302.50',
      outpatient_events: '0',
      inpatient_events: '0',
      events_amount: '0.00',
      deductible: '0.00',
      premium_paid: '229.17',
      balance: '229.17',
      ...payout,
      classes: '3:02-12',
      reasons: null,
    },
  ),
  tariffScenario(
    3,
    'TARIFF_EXAMPLE_C',
    'C: class 6 all year, 6 treatments and 2 stays → deductible capped at 720.00, −120.00 receivable',
    {
      income: '60000.00',
      declarations: [['enrol', `${Y - 1}-11-20`, '6']],
      treatments: ['01-10', '02-10', '03-10', '04-10', '05-10', '06-10'].map((d) => `${Y}-${d}`),
      stays: [
        [`${Y}-07-01`, `${Y}-07-01`],
        [`${Y}-11-15`, `${Y}-11-15`],
      ],
    },
    {
      premium_prorated: '600.00',
      cap_prorated: '720.00',
      outpatient_events: '6',
      inpatient_events: '2',
      events_amount: '1500.00',
      deductible: '720.00',
      premium_paid: '600.00',
      balance: '-120.00',
      outcome: 'receivable',
      due_on: null,
      classes: '6:01-12',
      reasons: null,
    },
  ),
  tariffScenario(
    4,
    'TARIFF_EXAMPLE_D',
    'D: income 35,000, class 2 Jan–Jun, class 4 from Jul (change received in June) → +125.00',
    {
      income: '35000.00',
      declarations: [
        ['enrol', `${Y - 1}-12-10`, '2'],
        ['class_change', `${Y}-06-14`, '4'],
      ],
      treatments: [`${Y}-03-11`, `${Y}-08-20`],
    },
    {
      premium_prorated: '250.00',
      cap_prorated: '335.00',
      outpatient_events: '2',
      events_amount: '125.00',
      deductible: '125.00',
      balance: '125.00',
      ...payout,
      classes: '2:01-06;4:07-12',
      reasons: null,
    },
  ),
  tariffScenario(
    5,
    'TARIFF_EXAMPLE_E',
    'E: declared class 5, income 20,000 (admissible 2) → reduced to class 2 for the year, CLASS_REDUCED',
    { income: '20000.00', declarations: [['enrol', `${Y - 1}-12-10`, '5']] },
    {
      premium_prorated: '150.00',
      cap_prorated: '230.00',
      deductible: '0.00',
      balance: '150.00',
      ...payout,
      classes: '2:01-12',
      reasons: 'CLASS_REDUCED',
    },
  ),
  tariffScenario(
    6,
    'TARIFF_EXAMPLE_F',
    'F: class 1, member contributions 400.00 → premium capped at 80.00, +55.00, PREMIUM_CAPPED',
    { income: '15000.00', contributions: '400.00', declarations: [['enrol', `${Y - 1}-12-10`, '1']], treatments: [`${Y}-05-06`] },
    {
      premium_prorated: '100.00',
      cap_prorated: '125.00',
      outpatient_events: '1',
      events_amount: '25.00',
      deductible: '25.00',
      premium_cap_statutory: '80.00',
      premium_paid: '80.00',
      balance: '55.00',
      ...payout,
      classes: '1:01-12',
      reasons: 'PREMIUM_CAPPED',
    },
  ),
  tariffScenario(
    7,
    'TARIFF_EXAMPLE_G',
    'G: third parties bear contributions 10 Mar – 20 May → April rests fully; 15 Apr treatment is no event',
    { declarations: [['enrol', `${Y - 1}-12-10`, '3']], thirdParty: [[`${Y}-03-10`, `${Y}-05-20`]], treatments: [`${Y}-04-15`] },
    {
      participation_months: '11',
      premium_prorated: '229.17',
      cap_prorated: '302.50',
      outpatient_events: '0',
      events_amount: '0.00',
      deductible: '0.00',
      balance: '229.17',
      ...payout,
      classes: '3:01-03;3:05-12',
      reasons: null,
    },
  ),
];
