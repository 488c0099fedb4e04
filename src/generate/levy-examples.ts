/**
 * The worked examples of rules-aag-levy.md as hand-built employers (exact for Y = 2025, where the
 * ceiling is 8,050), and the small builders the hand-built employers share. Hand-built employers
 * declare exactly (one rounding per month) and carry no random noise.
 */
import { dayNumber, isoDate } from '../dates.ts';
import type { ClaimFact, EmploymentCategory, LevyEmployee, LevyEmployer, LevyIds, LevyYear } from './levy-model.ts';

export interface EdgeContext {
  y: LevyYear;
  ids: LevyIds;
}

export interface LevyEdgeCase {
  key: string;
  /** a fixed Betriebsnummer instead of the running one */
  id?: string;
  /** the rule or example it shows */
  rule: string;
  build(c: EdgeContext, id: string): LevyEmployer;
}

/** Day number of a date in Y (yearOffset: Y−1 = −1, Y+1 = 1). */
export function day(c: EdgeContext, month: number, dayOfMonth: number, yearOffset = 0): number {
  return dayNumber(isoDate(c.y.year + yearOffset, month, dayOfMonth));
}

/** Last day of month m of Y. */
export function endOf(c: EdgeContext, m: number): number {
  return c.y.monthStart[m + 1]! - 1;
}

export function employer(c: EdgeContext, id: string, name: string, values: Partial<LevyEmployer> = {}): LevyEmployer {
  return {
    id,
    name,
    openedOn: day(c, 4, 1, -12),
    closedOn: null,
    u1Exempt: false,
    aagExempt: false,
    expectedHeadcount: null,
    elections: [],
    history: [
      { year: c.y.year - 1, participates: true, tariff: '65' },
      { year: c.y.year, participates: true, tariff: null },
    ],
    employees: [],
    habit: { mode: 'exact', declaresU1: true, missing: new Set(), withoutPay: new Map() },
    claims: [],
    handBuilt: true,
    ...values,
  };
}

export interface SegmentSpec {
  from: number;
  to?: number | null;
  category?: EmploymentCategory;
  hours?: string;
  /** regular pay of a full month in euros */
  monthly: number;
  insured?: boolean;
}

export function person(c: EdgeContext, segments: SegmentSpec[], values: Partial<LevyEmployee> = {}): LevyEmployee {
  return {
    id: c.ids.nextEmployeeId(),
    segments: segments.map((s) => ({
      from: s.from,
      to: s.to ?? null,
      category: s.category ?? 'regular',
      hours: s.hours ?? '40',
      insured: s.insured ?? true,
      monthlyCents: Math.round(s.monthly * 100),
    })),
    short: false,
    variable: false,
    oneTime: new Map(),
    afterPayCents: 0,
    ...values,
  };
}

/** n people employed all of Y (since Y−2) with the same pay and hours. */
export function staff(c: EdgeContext, n: number, spec: Omit<SegmentSpec, 'from'> = { monthly: 3000 }): LevyEmployee[] {
  return Array.from({ length: n }, () => person(c, [{ from: day(c, 3, 1, -2), ...spec }]));
}

export function claim(
  e: LevyEmployee,
  kind: ClaimFact['kind'],
  from: number,
  to: number,
  euros: number,
  contributions?: number,
): ClaimFact {
  return {
    employeeId: e.id,
    kind,
    from,
    to,
    continuedPay: Math.round(euros * 100),
    employerContributions: contributions === undefined ? null : Math.round(contributions * 100),
  };
}

/** Full-time heads on the first day of each month → employment rows (a person per layer). */
function layered(c: EdgeContext, heads: readonly number[]): LevyEmployee[] {
  const people: LevyEmployee[] = [];
  const max = Math.max(...heads.map(Math.floor));
  for (let k = 1; k <= max; k++) {
    const segments: SegmentSpec[] = [];
    for (let m = 1; m <= 12; m++) {
      if (Math.floor(heads[m - 1]!) < k) continue;
      const first = m;
      while (m < 12 && Math.floor(heads[m]!) >= k) m++;
      const from = first === 1 ? day(c, 4, 1, -3) : c.y.monthStart[first]!;
      segments.push({ from, to: m === 12 ? null : endOf(c, m), monthly: 3000 });
    }
    people.push(person(c, segments));
  }
  return people;
}

export const LEVY_EXAMPLES: readonly LevyEdgeCase[] = [
  {
    key: 'LEVY_EXAMPLE_HEADCOUNT_8_SMALL',
    rule: 'headcounts 28, 29, 31, 31, 30, 30, 29, 28, 28, 31.5, 32, 30 → 8 small months → U1 in Y+1',
    build: (c, id) => {
      const heads = [28, 29, 31, 31, 30, 30, 29, 28, 28, 31.5, 32, 30];
      const halfInOctober = person(c, [{ from: c.y.monthStart[10]!, to: endOf(c, 10), hours: '15', monthly: 1500 }]);
      return employer(c, id, 'Beispiel Kopfzahl 8 kleine Monate GmbH', { employees: [...layered(c, heads), halfInOctober] });
    },
  },
  {
    key: 'LEVY_EXAMPLE_HEADCOUNT_30',
    rule: '29 full-time, 2 at 15 h, 1 apprentice, 1 severely disabled → 29 + 2 × 0.5 = 30 → small',
    build: (c, id) =>
      employer(c, id, 'Beispiel Kopfzahl 30 KG', {
        employees: [
          ...staff(c, 29),
          ...staff(c, 2, { hours: '15', monthly: 1200 }),
          ...staff(c, 1, { category: 'apprentice', monthly: 1100 }),
          ...staff(c, 1, { category: 'severely_disabled', monthly: 3200 }),
        ],
      }),
  },
  {
    key: 'LEVY_EXAMPLE_TARIFF65_MONTH',
    rule: 'Tarif 65: 4,000 + 9,000 (ceiling 8,050) + one-time 1,000 in March → U1 12,050.00 / 355.48, U2 13,050.00 / 57.42',
    build: (c, id) => {
      const a = person(c, [{ from: day(c, 1, 1, -5), monthly: 4000 }], { oneTime: new Map([[3, 100_000]]) });
      const b = person(c, [{ from: day(c, 1, 1, -5), monthly: 9000 }]);
      return employer(c, id, 'Beispiel Tarif 65 OHG', {
        employees: [a, b],
        elections: [{ year: c.y.year, tariff: '65', receivedOn: day(c, 1, 15) }],
        history: [
          { year: c.y.year - 1, participates: true, tariff: '50' },
          { year: c.y.year, participates: true, tariff: null },
        ],
      });
    },
  },
  {
    key: 'LEVY_EXAMPLE_NINE_TEN_DAYS',
    rule: 'nine employees with 10 SV days above the 2025 ceiling → U1 base 24,150.00, levy 712.43 (Tarif 65, new account)',
    build: (c, id) => {
      const opened = day(c, 3, 22); // 22–31 March: 10 SV days
      return employer(c, id, 'Beispiel Neun mal zehn Tage GmbH', {
        openedOn: opened,
        history: [{ year: c.y.year, participates: true, tariff: null }],
        employees: Array.from({ length: 9 }, () => person(c, [{ from: opened, monthly: 9000 }])),
      });
    },
  },
  {
    key: 'LEVY_EXAMPLE_U1_CLAIM_T50',
    rule: 'U1 claim, Tarif 50, 14 days, continued pay 5,000 → cap 3,756.67, reimbursement 1,878.33',
    build: (c, id) => {
      const e = person(c, [{ from: day(c, 9, 1, -4), monthly: 10000 }]);
      return employer(c, id, 'Beispiel Erstattung Tarif 50 e.K.', {
        employees: [e, ...staff(c, 2)],
        elections: [{ year: c.y.year, tariff: '50', receivedOn: day(c, 2, 10) }],
        claims: [claim(e, 'u1_sickness', day(c, 5, 5), day(c, 5, 18), 5000)],
      });
    },
  },
];
