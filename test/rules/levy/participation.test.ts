/** AAG § 3, Satzung § 38: headcounts and U1 participation (Y from history, Y+1 decided from Y). */
import { describe, expect, it } from 'vitest';
import { monthlyHeadcountQuarters } from '../../../jobs/levy/headcount.ts';
import { computeEmployer } from '../../../jobs/levy/rules.ts';
import { employerFacts, employment, staff } from '../fixtures/levy-facts.ts';
import { LEVY_PARAMS } from '../fixtures/levy-params.ts';

const Y = 2025;
const determinations = (opts: Parameters<typeof employerFacts>[0]) => computeEmployer(employerFacts(opts), Y, LEVY_PARAMS).determinations;
const NONE = Array(12).fill(null);

describe('headcount of a month', () => {
  const employer = employerFacts().employer;
  const quarters = (hours: number) => monthlyHeadcountQuarters(employer, [employment('E1', { hours })], Y)[0];

  it('weights 0.25 up to 10 h (0 h included), 0.5 up to 20, 0.75 up to 30, 1.0 above', () => {
    expect([0, 10, 10.5, 20, 20.5, 30, 30.5, 40].map(quarters)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('counts regular and minijob rows, also insured elsewhere; not the other categories', () => {
    const rows = [
      employment('R', {}),
      employment('M', { category: 'minijob', hours: 8 }),
      employment('X', { insured: false }),
      ...(
        [
          'apprentice',
          'severely_disabled',
          'parental_leave',
          'voluntary_service',
          'partial_retirement_release',
          'early_retirement',
          'home_worker',
        ] as const
      ).map((category) => employment(category, { category })),
    ];
    expect(monthlyHeadcountQuarters(employer, rows, Y)[0]).toBe(9); // 1 + 0.25 + 1
  });

  it('counts rows, not persons: two overlapping rows of one person count twice', () => {
    expect(monthlyHeadcountQuarters(employer, [employment('E1'), employment('E1', { hours: 15 })], Y)[0]).toBe(6);
  });

  it('counts on the first day: hired on 15 March counts from April; leaving on 31 March counts in March', () => {
    expect(monthlyHeadcountQuarters(employer, [employment('E1', { from: '2025-03-15' })], Y).slice(1, 4)).toEqual([0, 0, 4]);
    expect(monthlyHeadcountQuarters(employer, [employment('E2', { to: '2025-03-31' })], Y).slice(1, 4)).toEqual([4, 4, 0]);
  });

  it('a month of existence whose first day lies before the opening counts 0; months without existence are empty', () => {
    const opened = { ...employer, accountOpenedOn: '2025-04-15', closedOn: '2025-10-01' };
    expect(monthlyHeadcountQuarters(opened, [employment('E1', { from: '2020-01-01' })], Y)).toEqual([
      null,
      null,
      null,
      0,
      4,
      4,
      4,
      4,
      4,
      4,
      null,
      null,
    ]);
  });
});

describe("Y's own participation (row for Y)", () => {
  it('read from the previous run or u1_history: basis history, months and headcounts empty', () => {
    expect(determinations({ history: { previousTariff: '65', participates: false } })[0]).toEqual({
      employerId: '09912342',
      year: 2025,
      monthsConsidered: null,
      monthsAtMost30: null,
      participates: false,
      basis: 'history',
      headcounts: NONE,
      reasons: [],
    });
  });

  it('unknown → participates empty, HISTORY_MISSING', () => {
    expect(determinations({ history: { previousTariff: '65', participates: null } })[0]).toMatchObject({
      year: 2025,
      participates: null,
      basis: 'history',
      reasons: ['HISTORY_MISSING'],
    });
  });

  it('exempt employers: basis exempt, not in U1, whatever the history says', () => {
    for (const employer of [{ u1Exempt: true }, { aagExempt: true }]) {
      expect(determinations({ employer, history: { previousTariff: '65', participates: null } })).toEqual([
        {
          employerId: '09912342',
          year: 2025,
          monthsConsidered: null,
          monthsAtMost30: null,
          participates: false,
          basis: 'exempt',
          headcounts: NONE,
          reasons: [],
        },
        {
          employerId: '09912342',
          year: 2026,
          monthsConsidered: null,
          monthsAtMost30: null,
          participates: false,
          basis: 'exempt',
          headcounts: NONE,
          reasons: [],
        },
      ]);
    }
  });
});

describe('participation in Y+1', () => {
  it('full_year: 7 small months are not enough', () => {
    // 31 from January to May, 30 from June: 7 small months
    const rows = [...staff(30), employment('B1', { to: '2025-05-31' })];
    expect(determinations({ employments: rows })[1]).toMatchObject({
      basis: 'full_year',
      monthsConsidered: 12,
      monthsAtMost30: 7,
      participates: false,
    });
    // 31 until April: 8 small months
    const eight = [...staff(30), employment('B1', { to: '2025-04-30' })];
    expect(determinations({ employments: eight })[1]).toMatchObject({ monthsAtMost30: 8, participates: true });
  });

  it('part_year: small in more than half of the months in which the business existed', () => {
    // opened 15 April: April (0 on its first day) and Sep–Dec small, May–Aug 35 → 5 of 9 small
    const employments = [...staff(20, { from: '2025-04-15' }), ...staff(15, { prefix: 'S', from: '2025-04-15', to: '2025-08-31' })];
    const next = determinations({ employer: { accountOpenedOn: '2025-04-15' }, employments })[1]!;
    expect(next).toEqual({
      employerId: '09912342',
      year: 2026,
      monthsConsidered: 9,
      monthsAtMost30: 5,
      participates: true,
      basis: 'part_year',
      headcounts: [null, null, null, '0.00', '35.00', '35.00', '35.00', '35.00', '20.00', '20.00', '20.00', '20.00'],
      reasons: [],
    });
  });

  it('part_year: exactly half is not more than half; an employer closing in Y still gets its rows', () => {
    const employments = [...staff(20), ...staff(15, { prefix: 'S', from: '2025-04-01' })];
    const rows = determinations({ employer: { closedOn: '2025-06-10' }, employments });
    expect(rows.map((r) => r.year)).toEqual([2025, 2026]);
    expect(rows[1]).toMatchObject({ basis: 'part_year', monthsConsidered: 6, monthsAtMost30: 3, participates: false });
  });

  it('founded in Y+1: expected_headcount ≤ 30 → takes part, above → not; only the Y+1 row', () => {
    const founded = (expectedHeadcount: number | null) =>
      determinations({
        employer: { accountOpenedOn: '2026-03-01', expectedHeadcount },
        history: { previousTariff: null, participates: null },
      });
    expect(founded(30)).toEqual([
      {
        employerId: '09912342',
        year: 2026,
        monthsConsidered: null,
        monthsAtMost30: null,
        participates: true,
        basis: 'founded',
        headcounts: NONE,
        reasons: [],
      },
    ]);
    expect(founded(31)).toMatchObject([{ participates: false, basis: 'founded', reasons: [] }]);
  });

  it('founded in Y+1 without expected_headcount: held, EXPECTED_HEADCOUNT_MISSING, participates empty', () => {
    expect(determinations({ employer: { accountOpenedOn: '2026-01-01', expectedHeadcount: null } })).toEqual([
      {
        employerId: '09912342',
        year: 2026,
        monthsConsidered: null,
        monthsAtMost30: null,
        participates: null,
        basis: 'founded',
        headcounts: NONE,
        reasons: ['EXPECTED_HEADCOUNT_MISSING'],
      },
    ]);
  });

  it('expected_headcount is used only for employers founded in Y+1', () => {
    expect(determinations({ employer: { expectedHeadcount: 100 }, employments: staff(3) })[1]).toMatchObject({
      basis: 'full_year',
      participates: true,
    });
  });

  it('no rows for an employer that neither existed in Y nor is founded in Y+1', () => {
    expect(determinations({ employer: { closedOn: '2024-12-31' } })).toEqual([]);
    expect(determinations({ employer: { accountOpenedOn: '2027-01-01', expectedHeadcount: 3 } })).toEqual([]);
  });
});

describe('rows of months without existence and of exempt or founded employers (rules-aag-levy.md, Decision of 2026-12)', () => {
  it('headcount_MM is empty for a month of Y in which the employer did not exist on any day (before opening, after closing)', () => {
    // opened 20 March, closed 10 October: Jan, Feb, Nov, Dec empty; March counts 0 (its first day lies before the opening)
    const next = determinations({
      employer: { accountOpenedOn: '2025-03-20', closedOn: '2025-10-10' },
      employments: staff(2, { from: '2025-03-20', to: '2025-10-10' }),
    })[1]!;
    expect(next).toMatchObject({ basis: 'part_year', monthsConsidered: 8, monthsAtMost30: 8, participates: true });
    expect(next.headcounts).toEqual([null, null, '0.00', '2.00', '2.00', '2.00', '2.00', '2.00', '2.00', '2.00', null, null]);
  });

  it('Y+1 rows with basis exempt or founded have months_considered, months_at_most_30 and all headcounts empty', () => {
    const rows = [
      determinations({ employer: { u1Exempt: true }, employments: staff(3) })[1]!,
      determinations({ employer: { accountOpenedOn: '2026-02-01', expectedHeadcount: 5 }, employments: staff(3) })[0]!,
    ];
    for (const row of rows) {
      expect(row).toMatchObject({ year: 2026, monthsConsidered: null, monthsAtMost30: null, headcounts: NONE });
    }
    expect(rows.map((r) => r.basis)).toEqual(['exempt', 'founded']);
  });
});
