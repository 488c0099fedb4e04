/**
 * Worked examples 1–8 of rules-19a-bonus.md (Y = 2025, deadline 31 March 2026). Unless given: a
 * member born 1985-06-15, mandatory member since 2000, bonus participant since 2020; proofs on
 * paper, received on the day performed; activities qualify by steps (12,000).
 */
import { scenarioMember, SCENARIO_YEAR as Y, type Row, type Scenario } from './scenario.ts';

type Rows = Record<string, Row[]>;
type Item = [type: string, id: string, decision: string, points: number, reason?: string];

interface Person {
  birth?: string;
  /** a family-insured child from birth instead of a member */
  child?: boolean;
  participationFrom?: string;
}

function bonusScenario(
  n: number,
  title: string,
  person: Person,
  rows: (id: string, key: string) => Rows,
  items: Item[],
  account: Row,
): Scenario {
  const key = `BONUS_EXAMPLE_${n}`;
  const member_id = scenarioMember(10 + n);
  const birth_date = person.birth ?? '1985-06-15';
  const membership = person.child ? { valid_from: birth_date, kind: 'family' } : { valid_from: '2000-01-01', kind: 'mandatory' };
  const year = String(Y);
  return {
    key,
    title,
    facts: {
      'members.csv': [{ member_id, birth_date, died_on: null }],
      'memberships.csv': [{ member_id, ...membership, valid_to: null }],
      'bonus_participations.csv': [{ member_id, valid_from: person.participationFrom ?? '2020-01-01', valid_to: null }],
      ...rows(member_id, `B${n}-`),
    },
    expected: {
      bonus_items: items.map(([item_type, id, decision, points, reason]) => ({
        item_type,
        item_id: `B${n}-${id}`,
        member_id,
        year,
        points: String(points),
        decision,
        reason: reason ?? null,
      })),
      bonus_accounts: [{ member_id, year, ...account }],
    },
  };
}

const proof = (member_id: string, proof_id: string, measure_code: string, performed_on: string, received_on = performed_on): Row => ({
  proof_id,
  member_id,
  measure_code,
  performed_on,
  received_on,
  channel: 'paper',
});

function activity(member_id: string, activity_id: string, activity_on: string, values: Partial<Row> = {}): Row {
  return { activity_id, member_id, activity_on, duration_min: null, kcal: null, avg_heart_rate: null, steps: '12000', ...values };
}

function goal(member_id: string, goal_id: string, started_on: string, completed_on: string, done: number, total: number): Row {
  return { goal_id, member_id, started_on, completed_on, challenges_total: String(total), challenges_done: String(done) };
}

function payout(member_id: string, payout_id: string, requested_on: string, kind: string, points: number, plus: Partial<Row> = {}): Row {
  const none = { receipt_id: null, service_code: null, service_on: null, cost: null };
  return { payout_id, member_id, requested_on, kind, points: String(points), ...none, ...plus };
}

const MAY = ['01', '02', '03', '04', '05', '06', '07', '08'];
const march = Array.from({ length: 20 }, (_, i) => `M${String(i + 1).padStart(2, '0')}`);

export const BONUS_SCENARIOS: readonly Scenario[] = [
  bonusScenario(
    1,
    '1: HEALTH_CHECKUP 500 + SPORTS_CLUB 1,000 credited, GYM_MEMBERSHIP received 1 April LATE_SUBMISSION',
    { birth: '1985-01-01' },
    (id, p) => ({
      'bonus_proofs.csv': [
        proof(id, `${p}P1`, 'HEALTH_CHECKUP', `${Y}-03-10`, `${Y}-04-01`),
        proof(id, `${p}P2`, 'SPORTS_CLUB', `${Y}-01-15`, `${Y + 1}-03-31`),
        proof(id, `${p}P3`, 'GYM_MEMBERSHIP', `${Y}-02-01`, `${Y + 1}-04-01`),
      ],
    }),
    [
      ['proof', 'P1', 'credited', 500],
      ['proof', 'P2', 'credited', 1000],
      ['proof', 'P3', 'rejected', 0, 'LATE_SUBMISSION'],
    ],
    {
      opening_points: '0',
      credited_65a1: '500',
      credited_65a1a: '1000',
      credited_activities: '0',
      credited_goals: '0',
      payout_points: '0',
      payout_cash_eur: '0.00',
      payout_plus_eur: '0.00',
      forfeited_points: '0',
      closing_points: '1500',
      closing_value_eur: '15.00',
      payout_eligible: 'true',
    },
  ),
  bonusScenario(
    2,
    '2: child aged 12, two dental check-ups in the first half-year → both INCOMPLETE_SET, 0 points',
    { birth: `${Y - 12}-01-01`, child: true },
    (id, p) => ({
      'bonus_proofs.csv': [proof(id, `${p}D1`, 'DENTAL_CHECKUP', `${Y}-02-10`), proof(id, `${p}D2`, 'DENTAL_CHECKUP', `${Y}-05-20`)],
    }),
    [
      ['proof', 'D1', 'rejected', 0, 'INCOMPLETE_SET'],
      ['proof', 'D2', 'rejected', 0, 'INCOMPLETE_SET'],
    ],
    { credited_65a1a: '0', closing_points: '0' },
  ),
  bonusScenario(
    3,
    `3: child aged 12, dental check-ups in both half-years → ${Y}-09-01 credited 500, ${Y}-02-10 merged`,
    { birth: `${Y - 12}-01-01`, child: true },
    (id, p) => ({
      'bonus_proofs.csv': [proof(id, `${p}D2`, 'DENTAL_CHECKUP', `${Y}-09-01`), proof(id, `${p}D1`, 'DENTAL_CHECKUP', `${Y}-02-10`)],
    }),
    [
      ['proof', 'D1', 'merged', 0],
      ['proof', 'D2', 'credited', 500],
    ],
    { credited_65a1: '0', credited_65a1a: '500', closing_points: '500' },
  ),
  bonusScenario(
    4,
    '4: two vaccinations 500 each; HEALTH_CHECKUP 05-01 credited, 06-01 FREQUENCY_LIMIT',
    {},
    (id, p) => ({
      'bonus_proofs.csv': [
        proof(id, `${p}V1`, 'VACCINATION', `${Y}-04-01`),
        proof(id, `${p}V2`, 'VACCINATION', `${Y}-10-01`),
        proof(id, `${p}H1`, 'HEALTH_CHECKUP', `${Y}-06-01`),
        proof(id, `${p}H2`, 'HEALTH_CHECKUP', `${Y}-05-01`),
      ],
    }),
    [
      ['proof', 'V1', 'credited', 500],
      ['proof', 'V2', 'credited', 500],
      ['proof', 'H2', 'credited', 500],
      ['proof', 'H1', 'rejected', 0, 'FREQUENCY_LIMIT'],
    ],
    { credited_65a1: '1500', closing_points: '1500' },
  ),
  bonusScenario(
    5,
    '5: 20 March days + a second on 3 March + a short April one → 15 credited (750), 5 MONTHLY_LIMIT, 1 DAILY_LIMIT, 1 threshold',
    { birth: '1995-01-01', participationFrom: `${Y}-01-01` },
    (id, p) => ({
      'bonus_activities.csv': [
        ...march.map((a) => activity(id, p + a, `${Y}-03-${a.slice(1)}`, { duration_min: '45', kcal: '300', steps: null })),
        activity(id, `${p}M03b`, `${Y}-03-03`, { steps: '15000' }),
        activity(id, `${p}APR`, `${Y}-04-04`, { duration_min: '25', kcal: '200', steps: '8000' }),
      ],
    }),
    [
      ...march.map((a, i): Item => (i < 15 ? ['activity', a, 'credited', 50] : ['activity', a, 'rejected', 0, 'MONTHLY_LIMIT'])),
      ['activity', 'M03b', 'rejected', 0, 'DAILY_LIMIT'],
      ['activity', 'APR', 'rejected', 0, 'ACTIVITY_THRESHOLD_NOT_MET'],
    ],
    { credited_activities: '750', closing_points: '750' },
  ),
  bonusScenario(
    6,
    '6: goals → G1 1,500; G2 GOAL_OVERLAP; G3 GOAL_TOO_LONG; G4 GOAL_BELOW_80_PERCENT',
    {},
    (id, p) => ({
      'bonus_goals.csv': [
        goal(id, `${p}G1`, `${Y}-01-10`, `${Y}-03-30`, 10, 12),
        goal(id, `${p}G2`, `${Y}-03-15`, `${Y}-05-01`, 10, 10),
        goal(id, `${p}G3`, `${Y}-04-01`, `${Y}-07-15`, 10, 10),
        goal(id, `${p}G4`, `${Y}-08-01`, `${Y}-09-30`, 7, 10),
      ],
    }),
    [
      ['goal', 'G1', 'credited', 1500],
      ['goal', 'G2', 'rejected', 0, 'GOAL_OVERLAP'],
      ['goal', 'G3', 'rejected', 0, 'GOAL_TOO_LONG'],
      ['goal', 'G4', 'rejected', 0, 'GOAL_BELOW_80_PERCENT'],
    ],
    { credited_goals: '1500', closing_points: '1500' },
  ),
  bonusScenario(
    7,
    '7: opening 300 + 400 credited; cash 600 → 6.00, plus 100 points on 1.50 → 75 points, cash 500 INSUFFICIENT_BALANCE; closing 25',
    {},
    (id, p) => ({
      'bonus_opening_balances.csv': [{ member_id: id, year: String(Y), points: '300' }],
      'bonus_activities.csv': MAY.map((d) => activity(id, `${p}A${d}`, `${Y}-05-${d}`)),
      'bonus_payout_requests.csv': [
        payout(id, `${p}Q3`, `${Y + 1}-04-12`, 'cash', 500),
        payout(id, `${p}Q2`, `${Y + 1}-04-11`, 'plus', 100, {
          receipt_id: `${p}R1`,
          service_code: 'PLUS_YOGA',
          service_on: `${Y}-06-01`,
          cost: '1.50',
        }),
        payout(id, `${p}Q1`, `${Y + 1}-04-10`, 'cash', 600),
      ],
    }),
    [
      ...MAY.map((d): Item => ['activity', `A${d}`, 'credited', 50]),
      ['payout', 'Q1', 'paid', 600],
      ['payout', 'Q2', 'paid', 75],
      ['payout', 'Q3', 'rejected', 0, 'INSUFFICIENT_BALANCE'],
    ],
    {
      opening_points: '300',
      credited_65a1: '0',
      credited_65a1a: '0',
      credited_activities: '400',
      credited_goals: '0',
      payout_points: '675',
      payout_cash_eur: '6.00',
      payout_plus_eur: '1.50',
      forfeited_points: '0',
      closing_points: '25',
      closing_value_eur: '0.25',
      payout_eligible: 'false',
    },
  ),
  bonusScenario(
    8,
    `8: § 18a participant from ${Y}-07-01 → VACCINATION in March credited, in August TARIFF_18A_OVERLAP`,
    {},
    (id, p) => ({
      'tariff_declarations.csv': [
        { declaration_id: `${p}E1`, member_id: id, kind: 'enrol', received_on: `${Y}-06-10`, declared_class: '3' },
      ],
      'bonus_proofs.csv': [proof(id, `${p}V1`, 'VACCINATION', `${Y}-03-01`), proof(id, `${p}V2`, 'VACCINATION', `${Y}-08-01`)],
    }),
    [
      ['proof', 'V1', 'credited', 500],
      ['proof', 'V2', 'rejected', 0, 'TARIFF_18A_OVERLAP'],
    ],
    { credited_65a1: '500', closing_points: '500' },
  ),
];
