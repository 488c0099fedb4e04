/**
 * Hand-built employers for the U1/U2 rules' edge cases (rules-aag-levy.md "Details that decide
 * results"), after the worked examples (levy-examples.ts). They come first in every file, with
 * fixed employer numbers, and carry no bad rows next to them.
 */
import { claim, day, employer, endOf, person, staff, type EdgeContext, type LevyEdgeCase } from './levy-examples.ts';
import type { LevyEmployer, Tariff } from './levy-model.ts';

/** A small employer with a given tariff story (elections, history). */
function tariffCase(key: string, rule: string, build: (c: EdgeContext) => Partial<LevyEmployer>): LevyEdgeCase {
  return {
    key,
    rule,
    build: (c, id) =>
      employer(c, id, `Tarifwahl ${key.slice(6).toLowerCase().replace(/_/g, ' ')} GmbH`, { employees: staff(c, 3), ...build(c) }),
  };
}

const history = (c: EdgeContext, tariff: Tariff | null, participates = true) => [
  { year: c.y.year - 1, participates, tariff },
  { year: c.y.year, participates, tariff: null },
];

export const LEVY_EDGE_CASES: readonly LevyEdgeCase[] = [
  {
    key: 'LEVY_HEADCOUNT_30_25',
    rule: '30 full-time + a minijob with 0 weekly hours (0.25) = 30.25 every month → not small',
    build: (c, id) =>
      employer(c, id, 'Kopfzahl 30,25 GmbH', {
        employees: [...staff(c, 30), ...staff(c, 1, { category: 'minijob', hours: '0', monthly: 300 })],
      }),
  },
  {
    key: 'LEVY_HIRED_ON_1ST_AND_2ND',
    rule: 'hired on 1 April counts from April, hired on 2 April from May: 29, 30, 31 → 4 small months',
    build: (c, id) =>
      employer(c, id, 'Einstellung am Zweiten KG', {
        employees: [
          ...staff(c, 29),
          person(c, [{ from: c.y.monthStart[4]!, monthly: 3100 }]),
          person(c, [{ from: c.y.monthStart[4]! + 1, monthly: 3100 }]),
        ],
      }),
  },
  {
    key: 'LEVY_PART_YEAR',
    rule: 'opened 15 July: part_year, July headcount 0, election on day 42 → its tariff',
    build: (c, id) => {
      const opened = day(c, 7, 15);
      return employer(c, id, 'Neugründung Sommer UG (haftungsbeschränkt)', {
        openedOn: opened,
        history: [{ year: c.y.year, participates: true, tariff: null }],
        elections: [{ year: c.y.year, tariff: '50', receivedOn: opened + 42 }],
        employees: [person(c, [{ from: opened, monthly: 2800 }]), person(c, [{ from: c.y.monthStart[8]!, monthly: 2600, hours: '20' }])],
      });
    },
  },
  tariffCase('LEVY_ELECTION_FEB_END', 'election on the last day of February (29 Feb in a leap year) → in time', (c) => ({
    history: history(c, '65'),
    elections: [{ year: c.y.year, tariff: '50', receivedOn: c.y.febEnd }],
  })),
  tariffCase('LEVY_ELECTION_MARCH_1', 'election on 1 March → late (ELECTION_LATE), Y−1 tariff carried over', (c) => ({
    history: history(c, '65'),
    elections: [{ year: c.y.year, tariff: '50', receivedOn: c.y.febEnd + 1 }],
  })),
  tariffCase('LEVY_ELECTION_DECEMBER', 'election for Y received in December Y−1 → counts', (c) => ({
    history: history(c, '65'),
    elections: [{ year: c.y.year, tariff: '50', receivedOn: day(c, 12, 20, -1) }],
  })),
  tariffCase('LEVY_TWO_ELECTIONS', 'two elections in time → the latest received wins (50)', (c) => ({
    history: history(c, '65'),
    elections: [
      { year: c.y.year, tariff: '65', receivedOn: day(c, 1, 10) },
      { year: c.y.year, tariff: '50', receivedOn: day(c, 2, 20) },
      { year: c.y.year + 1, tariff: '65', receivedOn: day(c, 12, 1) },
    ],
  })),
  tariffCase('LEVY_NEW_DAY_42', 'account opened 1 April, election received on day 42 → in time', (c) => ({
    openedOn: c.y.monthStart[4]!,
    history: [{ year: c.y.year, participates: true, tariff: null }],
    elections: [{ year: c.y.year, tariff: '50', receivedOn: c.y.monthStart[4]! + 42 }],
    employees: staff(c, 3).map((e) => ({ ...e, segments: e.segments.map((s) => ({ ...s, from: c.y.monthStart[4]! })) })),
  })),
  tariffCase('LEVY_NEW_DAY_43', 'account opened 1 April, election received on day 43 → late, Tarif 65 assigned', (c) => ({
    openedOn: c.y.monthStart[4]!,
    history: [{ year: c.y.year, participates: true, tariff: null }],
    elections: [{ year: c.y.year, tariff: '50', receivedOn: c.y.monthStart[4]! + 43 }],
    employees: staff(c, 3).map((e) => ({ ...e, segments: e.segments.map((s) => ({ ...s, from: c.y.monthStart[4]! })) })),
  })),
  tariffCase('LEVY_OPENED_JAN_1', 'opened on 1 January Y without an election → Tarif 65 (new account), full_year', (c) => ({
    openedOn: c.y.yStart,
    history: [{ year: c.y.year, participates: true, tariff: null }],
    employees: staff(c, 2).map((e) => ({ ...e, segments: e.segments.map((s) => ({ ...s, from: c.y.yStart })) })),
  })),
  {
    key: 'LEVY_NO_HISTORY',
    rule: 'no u1_history and no election → TARIFF_DEFAULTED, HISTORY_MISSING; its U1 claim is held',
    build: (c, id) => {
      const people = staff(c, 4);
      return employer(c, id, 'Ohne Vorgeschichte GmbH', {
        history: [],
        employees: people,
        claims: [claim(people[0]!, 'u1_sickness', day(c, 3, 3), day(c, 3, 12), 1000)],
      });
    },
  },
  {
    key: 'LEVY_FOUNDED_NEXT_30',
    rule: 'founded in Y+1 with expected_headcount 30 → U1 in Y+1 (basis founded)',
    build: (c, id) =>
      employer(c, id, 'Gründung nächstes Jahr GmbH', {
        openedOn: day(c, 2, 1, 1),
        expectedHeadcount: '30',
        history: [],
        habit: { mode: 'none', declaresU1: false, missing: new Set(), withoutPay: new Map() },
      }),
  },
  {
    key: 'LEVY_FOUNDED_NEXT_MISSING',
    rule: 'founded in Y+1 without expected_headcount → EXPECTED_HEADCOUNT_MISSING, held',
    build: (c, id) =>
      employer(c, id, 'Gründung ohne Prognose UG', {
        openedOn: day(c, 5, 1, 1),
        history: [],
        habit: { mode: 'none', declaresU1: false, missing: new Set(), withoutPay: new Map() },
      }),
  },
  {
    key: 'LEVY_U1_EXEMPT',
    rule: 'u1_exempt: U2 only (basis exempt); its U1 claim → NOT_IN_U1',
    build: (c, id) => {
      const people = staff(c, 3);
      return employer(c, id, 'Kreisverwaltung (U1-befreit)', {
        u1Exempt: true,
        history: [],
        employees: people,
        habit: { mode: 'exact', declaresU1: false, missing: new Set(), withoutPay: new Map() },
        claims: [claim(people[1]!, 'u1_sickness', day(c, 4, 7), day(c, 4, 11), 500)],
      });
    },
  },
  {
    key: 'LEVY_AAG_EXEMPT',
    rule: 'aag_exempt: no levies, no levy_months; its U2 claim → NOT_IN_U2',
    build: (c, id) => {
      const people = staff(c, 2);
      return employer(c, id, 'Bundesbehörde (AAG-befreit)', {
        aagExempt: true,
        history: [],
        employees: people,
        habit: { mode: 'none', declaresU1: false, missing: new Set(), withoutPay: new Map() },
        claims: [claim(people[0]!, 'u2_maternity_subsidy', day(c, 6, 2), day(c, 9, 7), 2900)],
      });
    },
  },
  {
    key: 'LEVY_NOT_IN_U1',
    rule: 'not in U1 in Y (history): U1 levy 0, U1 claim → NOT_IN_U1, U2 claim approved',
    build: (c, id) => {
      const people = staff(c, 3, { monthly: 4200 });
      return employer(c, id, 'Großbetrieb Nicht-U1 AG', {
        history: history(c, '65', false),
        employees: people,
        habit: { mode: 'exact', declaresU1: false, missing: new Set(), withoutPay: new Map() },
        claims: [
          claim(people[0]!, 'u1_sickness', day(c, 2, 2), day(c, 2, 13), 1900),
          claim(people[1]!, 'u2_employment_ban', day(c, 5, 1), day(c, 7, 31), 12600, 2583),
        ],
      });
    },
  },
  {
    key: 'LEVY_CLAIMS',
    rule: 'rehab 42 days approved, 43 held; overlap; insured elsewhere; after the employment; maternity; ban; 31 days above one month’s ceiling',
    build: (c, id) => {
      const p = staff(c, 5, { monthly: 3600 });
      const elsewhere = person(c, [{ from: day(c, 1, 1, -3), monthly: 3000, insured: false }]);
      const left = person(c, [{ from: day(c, 1, 1, -3), to: endOf(c, 6), monthly: 3300 }]);
      const high = person(c, [{ from: day(c, 1, 1, -3), monthly: 9000 }]);
      return employer(c, id, 'Erstattungsfälle Pflegedienst GmbH', {
        employees: [...p, elsewhere, left, high],
        claims: [
          claim(p[0]!, 'u1_rehab', day(c, 2, 1), day(c, 2, 1) + 41, 4900),
          claim(p[0]!, 'u1_rehab', day(c, 9, 1), day(c, 9, 1) + 42, 5000),
          claim(p[1]!, 'u1_sickness', day(c, 2, 3), day(c, 2, 14), 1400),
          claim(p[1]!, 'u1_sickness', day(c, 2, 10), day(c, 2, 20), 1300),
          claim(elsewhere, 'u1_sickness', day(c, 3, 2), day(c, 3, 6), 500),
          claim(left, 'u1_sickness', day(c, 7, 6), day(c, 7, 10), 550),
          claim(p[2]!, 'u2_maternity_subsidy', day(c, 4, 14), day(c, 4, 14) + 97, 3822),
          claim(p[3]!, 'u2_employment_ban', day(c, 8, 1), day(c, 10, 31), 10800, 2214),
          claim(high, 'u1_sickness', day(c, 1, 1), day(c, 1, 31), 9300),
        ],
      });
    },
  },
  {
    key: 'LEVY_PAY_EDGES',
    rule: 'pay at the ceiling and 1 cent above; sv_days 0 with pay; minijob; insured elsewhere; short job; one-time after leaving; hours 0/10/20/30; July not declared',
    build: (c, id) => {
      const ceiling = c.y.ceiling / 100;
      const from = day(c, 1, 1, -2);
      const zeroDays = person(c, [{ from, monthly: 2500 }], { payOverride: new Map([[3, { svDays: 0, regular: 10_000, oneTime: 0 }]]) });
      const temp = person(c, [{ from: day(c, 6, 3), to: day(c, 6, 20), monthly: 3000 }], { short: true });
      const leaver = person(c, [{ from, to: endOf(c, 8), monthly: 2800 }], { afterPayCents: 80_000 });
      return employer(c, id, 'Lohngrenzen Metallbau GmbH', {
        employees: [
          person(c, [{ from, monthly: ceiling }]),
          person(c, [{ from, monthly: ceiling + 0.01 }]),
          zeroDays,
          temp,
          leaver,
          person(c, [{ from, category: 'minijob', hours: '10', monthly: 556 }]),
          person(c, [{ from, monthly: 3900, insured: false }]),
          ...['0', '10', '20', '30', '30.25'].map((hours) => person(c, [{ from, hours, monthly: 2000 }])),
          person(c, [
            { from, to: endOf(c, 4), monthly: 3500 },
            { from: c.y.monthStart[5]!, category: 'parental_leave', monthly: 0 },
          ]),
        ],
        habit: { mode: 'exact', declaresU1: true, missing: new Set([7]), withoutPay: new Map() },
      });
    },
  },
  {
    key: 'LEVY_CLOSED_IN_Y',
    rule: 'closed 30 September; declares October without pay (difference) and November 0.00 (none)',
    build: (c, id) =>
      employer(c, id, 'Schließung Herbst Gaststätte', {
        closedOn: endOf(c, 9),
        employees: staff(c, 3).map((e) => ({ ...e, segments: e.segments.map((s) => ({ ...s, to: endOf(c, 9) })) })),
        habit: {
          mode: 'exact',
          declaresU1: true,
          missing: new Set(),
          withoutPay: new Map([
            [10, { u1: 1234, u2: 321 }],
            [11, { u1: 0, u2: 0 }],
          ]),
        },
      }),
  },
  {
    key: 'LEVY_PER_EMPLOYEE_ROUNDING',
    id: '09912342', // the contract's example Betriebsnummer (leading zero)
    rule: 'declared per employee rounded → rounding differences',
    build: (c, id) =>
      employer(c, id, 'Rundung pro Kopf Steuerbüro', {
        employees: [2345.67, 3456.78, 1234.57, 2999.99, 4111.11, 1875.43, 2222.22].map((monthly) =>
          person(c, [{ from: day(c, 1, 1, -1), monthly }]),
        ),
        habit: { mode: 'perEmployee', declaresU1: true, missing: new Set(), withoutPay: new Map() },
      }),
  },
];
