/**
 * The worked examples of rules-aag-levy.md (Y = 2025, pension ceiling 8,050). Unless given: an
 * employer since 2010, not exempt, Tarif 65 in Y−1 and in U1 in Y (u1_history), staff employed
 * since 2020 full-time (40 h, regular, insured with the fund).
 */
import { scenarioEmployer, SCENARIO_YEAR as Y, type Row, type Scenario } from './scenario.ts';

interface Staff {
  id: string;
  from?: string;
  to?: string;
  category?: string;
  hours?: string;
}

interface Facts {
  employerId?: string;
  previousTariff?: string;
  staff: Staff[];
  /** [employee_id, month, pay_regular, pay_one_time, sv_days] */
  pay?: [string, string, string, string, string][];
  /** [claim_id, employee_id, kind, period_from, period_to, continued_pay] */
  claims?: [string, string, string, string, string, string][];
}

function levyScenario(
  n: number,
  key: string,
  title: string,
  facts: Facts,
  expected: (employer_id: string) => Record<string, Row[]>,
): Scenario {
  const employer_id = facts.employerId ?? scenarioEmployer(n);
  const history = (year: number, tariff: string | null) => ({ employer_id, year: String(year), participates: 'true', tariff });
  return {
    key,
    title,
    facts: {
      'employers.csv': [
        {
          employer_id,
          name: `Beispiel ${n}`,
          account_opened_on: '2010-01-01',
          closed_on: null,
          u1_exempt: 'false',
          aag_exempt: 'false',
          expected_headcount: null,
        },
      ],
      'u1_history.csv': [history(Y - 1, facts.previousTariff ?? '65'), history(Y, null)],
      'employments.csv': facts.staff.map((s) => ({
        employer_id,
        employee_id: s.id,
        valid_from: s.from ?? '2020-01-01',
        valid_to: s.to ?? null,
        category: s.category ?? 'regular',
        weekly_hours: s.hours ?? '40',
        insured_with_fund: 'true',
      })),
      'pay_months.csv': (facts.pay ?? []).map(([employee_id, month, pay_regular, pay_one_time, sv_days]) => ({
        employer_id,
        employee_id,
        month,
        sv_days,
        pay_regular,
        pay_one_time,
        short_no_efzg: 'false',
      })),
      'reimbursement_claims.csv': (facts.claims ?? []).map(([claim_id, employee_id, kind, period_from, period_to, continued_pay]) => ({
        claim_id,
        employer_id,
        employee_id,
        kind,
        period_from,
        period_to,
        continued_pay,
        employer_contributions: null,
      })),
    },
    expected: expected(employer_id),
  };
}

/** `n` people E001… with the same options. */
const staff = (n: number, options: Omit<Staff, 'id'> = {}, prefix = 'E'): Staff[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${String(i + 1).padStart(3, '0')}`, ...options }));

/** `count` extra full-time people for exactly one month of Y. */
function extraInMonth(month: number, count: number, hours = '40'): Staff[] {
  const mm = String(month).padStart(2, '0');
  const last = new Date(Date.UTC(Y, month, 0)).getUTCDate();
  return staff(count, { from: `${Y}-${mm}-01`, to: `${Y}-${mm}-${last}`, hours }, `M${mm}-`);
}

const headcounts = (values: string[]): Row => Object.fromEntries(values.map((v, i) => [`headcount_${String(i + 1).padStart(2, '0')}`, v]));
const next = String(Y + 1);
const thirty = [
  ...staff(29),
  ...staff(2, { hours: '15' }, 'H'),
  { id: 'A1', category: 'apprentice' },
  { id: 'S1', category: 'severely_disabled' },
];

export const LEVY_SCENARIOS: readonly Scenario[] = [
  levyScenario(
    1,
    'LEVY_EXAMPLE_HEADCOUNT_8_SMALL',
    'headcounts 28, 29, 31, 31, 30, 30, 29, 28, 28, 31.5, 32, 30 → 8 small months → U1 next year',
    {
      staff: [
        ...staff(28),
        ...extraInMonth(2, 1),
        ...extraInMonth(3, 3),
        ...extraInMonth(4, 3),
        ...extraInMonth(5, 2),
        ...extraInMonth(6, 2),
        ...extraInMonth(7, 1),
        ...extraInMonth(10, 3),
        ...extraInMonth(10, 1, '15').map((e) => ({ ...e, id: 'P10' })),
        ...extraInMonth(11, 4),
        ...extraInMonth(12, 2),
      ],
    },
    (employer_id) => ({
      u1_determination: [
        {
          employer_id,
          year: next,
          months_considered: '12',
          months_at_most_30: '8',
          participates: 'true',
          basis: 'full_year',
          ...headcounts(['28.00', '29.00', '31.00', '31.00', '30.00', '30.00', '29.00', '28.00', '28.00', '31.50', '32.00', '30.00']),
          reasons: null,
        },
      ],
    }),
  ),
  levyScenario(
    2,
    'LEVY_EXAMPLE_HEADCOUNT_30',
    '29 full-time, 2 at 15 h, 1 apprentice, 1 severely disabled → 29 + 2 × 0.5 = 30 → small',
    { staff: thirty },
    (employer_id) => ({
      u1_determination: [
        { employer_id, year: next, months_at_most_30: '12', participates: 'true', ...headcounts(Array(12).fill('30.00')) },
      ],
    }),
  ),
  levyScenario(
    3,
    'LEVY_EXAMPLE_HEADCOUNT_30_25',
    'the same and a minijob at 0 hours, which weighs 0.25: 30.25 is not small',
    { staff: [...thirty, { id: 'J1', category: 'minijob', hours: '0' }] },
    (employer_id) => ({
      u1_determination: [
        { employer_id, year: next, months_at_most_30: '0', participates: 'false', ...headcounts(Array(12).fill('30.25')) },
      ],
    }),
  ),
  levyScenario(
    4,
    'LEVY_EXAMPLE_TARIFF65_MONTH',
    'Tarif 65, one month: 4,000 + 9,000 (capped to 8,050) + one-time 1,000 → U1 355.48, U2 57.42',
    {
      staff: staff(2),
      pay: [
        ['E001', `${Y}-03`, '4000.00', '1000.00', '30'],
        ['E002', `${Y}-03`, '9000.00', '0.00', '30'],
      ],
    },
    (employer_id) => ({
      levy_months: [
        {
          employer_id,
          month: `${Y}-03`,
          u1_participates: 'true',
          u1_tariff: '65',
          u1_rate: '0.0295',
          u1_base: '12050.00',
          u1_levy: '355.48',
          u2_rate: '0.0044',
          u2_base: '13050.00',
          u2_levy: '57.42',
          // no declaration in the example: DECLARATION_MISSING after the cap (rules-aag-levy.md, Decision of 2026-12)
          reasons: 'PAY_ABOVE_CEILING;DECLARATION_MISSING',
        },
      ],
    }),
  ),
  levyScenario(
    5,
    'LEVY_EXAMPLE_NINE_TEN_DAYS',
    'nine employees with 10 SV days above the 2025 ceiling → U1 base 24,150.00, levy 712.43 (712.425 rounded half up)',
    { staff: staff(9), pay: staff(9).map((e): [string, string, string, string, string] => [e.id, `${Y}-04`, '3000.00', '0.00', '10']) },
    (employer_id) => ({
      levy_months: [
        {
          employer_id,
          month: `${Y}-04`,
          u1_base: '24150.00',
          u1_levy: '712.43',
          u2_base: '24150.00',
          u2_levy: '106.26',
          // no declaration in the example: DECLARATION_MISSING after the cap (rules-aag-levy.md, Decision of 2026-12)
          reasons: 'PAY_ABOVE_CEILING;DECLARATION_MISSING',
        },
      ],
    }),
  ),
  levyScenario(
    6,
    'LEVY_EXAMPLE_U1_CLAIM_T50',
    'U1 claim, Tarif 50, 14 days, continued pay 5,000 → cap 3,756.666… → 1,878.33 (not 1,878.34)',
    {
      employerId: '09912342', // the contract's example Betriebsnummer
      previousTariff: '50',
      staff: staff(1),
      claims: [['L6-C1', 'E001', 'u1_sickness', `${Y}-05-05`, `${Y}-05-18`, '5000.00']],
    },
    (employer_id) => ({
      reimbursements: [
        {
          claim_id: 'L6-C1',
          employer_id,
          kind: 'u1_sickness',
          days: '14',
          eligible_pay: '5000.00',
          capped_pay: '3756.67',
          rate: '0.5',
          reimbursement: '1878.33',
          decision: 'approved',
          reason: null,
        },
      ],
    }),
  ),
];
