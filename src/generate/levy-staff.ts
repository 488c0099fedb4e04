/**
 * The employees of one random employer (employments.csv): enough counted heads (regular,
 * minijob; weights by weekly hours: ≤ 10, ≤ 20, ≤ 30, above, 0 hours included) to reach the
 * employer's target, plus apprentices, severely disabled people, parental leave, voluntary
 * service, partial-retirement release, early retirement and home workers on top; 9 % insured
 * elsewhere. Turnover during Y (leavers at a month's end or mid-month, hires on the 1st, on the
 * 2nd or any day), changes of hours or category (a new row), short temp jobs without continued
 * pay (short_no_efzg), Christmas and holiday pay, pay around and above the ceiling.
 */
import type { EmploymentCategory, LevyEmployee, LevyEmployer, LevyYear, Segment } from './levy-model.ts';
import { table } from './model.ts';
import type { Rng } from './random.ts';

/** Employees who are not counted for the headcount, by weight. */
const NOT_COUNTED = table<[EmploymentCategory, number]>(
  'apprentice 0.3; severely_disabled 0.15; parental_leave 0.12; voluntary_service 0.05; partial_retirement_release 0.16; ' +
    'early_retirement 0.07; home_worker 0.15',
);

/** Headcount weight of weekly hours (rules-aag-levy.md § 2). */
const weightOf = (hours: number) => (hours <= 10 ? 0.25 : hours <= 20 ? 0.5 : hours <= 30 ? 0.75 : 1);

/** The § 8 SGB IV minijob limit per month in cents. */
const minijobLimit = (year: number) => (year >= 2026 ? 60_300 : year === 2025 ? 55_600 : year === 2024 ? 53_800 : 52_000);

function regularHours(rng: Rng): string {
  const r = rng.next();
  if (r < 0.62) return rng.pick(['40', '40', '40', '39', '38.5', '37.5', '35', '42']);
  if (r < 0.74) return rng.chance(0.15) ? '30' : rng.chance(0.05) ? '30.25' : String(rng.int(21, 29));
  if (r < 0.88) return rng.chance(0.15) ? '20' : rng.chance(0.05) ? '10.5' : String(rng.int(11, 19));
  if (r < 0.97) return rng.chance(0.2) ? '10' : String(rng.int(1, 9));
  return '0'; // on call: weighs 0.25
}

const leaveHours = (rng: Rng) => rng.pick(['40', '38.5', '20']);
const HOURS: Record<EmploymentCategory, (rng: Rng) => string> = {
  regular: regularHours,
  severely_disabled: regularHours,
  minijob: (rng) => (rng.chance(0.05) ? '12' : rng.chance(0.1) ? '0' : String(rng.int(3, 10))),
  voluntary_service: (rng) => rng.pick(['39', '40']),
  apprentice: (rng) => rng.pick(['39', '40']),
  home_worker: (rng) => String(rng.int(10, 35)),
  parental_leave: leaveHours,
  partial_retirement_release: leaveHours,
  early_retirement: leaveHours,
};

/** Monthly pay in euros (lowest, highest) of the categories not paid by their hours. */
const PAY_EUROS: Partial<Record<EmploymentCategory, [number, number]>> = {
  apprentice: [800, 1400],
  voluntary_service: [350, 650],
  partial_retirement_release: [1500, 3500],
  early_retirement: [1200, 2800],
  home_worker: [600, 2800],
};

/** Regular pay of a full month in cents: ~3,500 full-time median, some at and above the ceiling. */
function monthlyPay(rng: Rng, y: LevyYear, category: EmploymentCategory, hours: string): number {
  const euros = (min: number, max: number) => rng.int(min, max) * 100 + (rng.chance(0.3) ? rng.int(0, 99) : 0);
  if (category === 'parental_leave') return 0;
  const limit = minijobLimit(y.year);
  if (category === 'minijob') return rng.chance(0.3) ? limit : rng.int(100, limit / 100) * 100;
  const range = PAY_EUROS[category];
  if (range) return euros(...range);
  const h = Number(hours);
  if (h === 0) return euros(300, 900);
  if (h >= 35) {
    const r = rng.next();
    if (r < 0.06) return rng.int(y.ceiling + 1, 2 * y.ceiling); // above the ceiling
    if (r < 0.07) return y.ceiling;
    if (r < 0.075) return y.ceiling + 1;
    if (r < 0.08) return y.ceiling - 1;
  }
  const fullTime = Math.max(210_000, Math.round(rng.logNormal(3500, 0.35)) * 100);
  return Math.min(2 * y.ceiling, Math.round((fullTime * h) / 40));
}

interface StaffContext {
  rng: Rng;
  y: LevyYear;
  nextId: () => string;
  /** the employer's last day (null: open) */
  last: number | null;
}

function segment(c: StaffContext, category: EmploymentCategory, from: number, to: number | null, insured: boolean): Segment {
  const hours = HOURS[category](c.rng);
  const end = c.last === null ? to : to === null ? c.last : Math.min(to, c.last);
  return { from, to: end, category, hours, insured, monthlyCents: monthlyPay(c.rng, c.y, category, hours) };
}

function employee(c: StaffContext, category: EmploymentCategory, from: number, to: number | null): LevyEmployee {
  const { rng } = c;
  return {
    id: c.nextId(),
    segments: [segment(c, category, from, to, rng.chance(0.91))],
    short: false,
    variable: category === 'regular' && rng.chance(0.2),
    oneTime: new Map(),
    afterPayCents: 0,
  };
}

/** A day to leave in [from, to]: mostly the last day of a month. */
function leavingDay(c: StaffContext, from: number, to: number): number {
  const { rng, y } = c;
  const day = rng.int(from, to);
  return rng.chance(0.3) ? day : Math.min(to, y.monthStart.find((start) => start > day)! - 1);
}

/** A hiring day after `after`: the 1st of a month (60 %), the 2nd (15 %) or any day. */
function hiringDay(c: StaffContext, after: number): number | null {
  const { rng, y } = c;
  const first = y.monthStart.find((start, m) => m >= 1 && m <= 12 && start > after);
  if (first === undefined) return null;
  const r = rng.next();
  const day = r < 0.6 ? first : r < 0.75 ? first + 1 : rng.int(after + 1, y.yEnd);
  return c.last !== null && day > c.last ? null : day;
}

/** A change of hours or category from the 1st of a month of Y: the employment continues in a new row. */
function change(c: StaffContext, e: LevyEmployee): void {
  const { rng, y } = c;
  const current = e.segments.at(-1)!;
  const m = rng.int(2, 12);
  const on = y.monthStart[m]!;
  if (current.from >= on || (current.to !== null && current.to < on + 31)) return;
  const to = current.to;
  current.to = on - 1;
  const next = (category: EmploymentCategory, from: number, until: number | null) => {
    const s = segment(c, category, from, until, current.insured);
    e.segments.push(s);
    return s;
  };
  if (current.category === 'apprentice') {
    next('regular', on, to); // exam passed, taken on
  } else if (current.category === 'regular' && rng.chance(0.4)) {
    const back = on + rng.int(90, 365);
    next('parental_leave', on, to !== null && to < back ? to : back - 1).hours = current.hours;
    if (back <= y.yEnd && (to === null || to >= back)) next('regular', back, to).monthlyCents = current.monthlyCents;
  } else if (current.category === 'regular' && rng.chance(0.25)) {
    next('partial_retirement_release', on, to);
  } else {
    next(current.category, on, to);
  }
}

export function generateStaff(rng: Rng, employer: LevyEmployer, y: LevyYear, nextId: () => string): LevyEmployee[] {
  const c: StaffContext = { rng, y, nextId, last: employer.closedOn };
  const staff: LevyEmployee[] = [];
  if (employer.openedOn > y.yEnd) {
    // founded in Y+1: a few employments from the opening (no pay in Y)
    if (rng.chance(0.5)) for (let i = rng.int(1, 3); i > 0; i--) staff.push(employee(c, 'regular', employer.openedOn, null));
    return staff;
  }
  const openedInY = employer.openedOn >= y.yStart;
  const lastStart = Math.min(y.yEnd, employer.closedOn ?? y.yEnd);
  const startDay = () =>
    openedInY
      ? rng.chance(0.6)
        ? employer.openedOn
        : Math.min(lastStart, employer.openedOn + rng.int(1, 60))
      : rng.int(Math.max(employer.openedOn, y.yStart - 15 * 365), y.yStart - 1);
  // counted heads up to the target (tiny and small: a number of people)
  const byPeople = employer.size === 'tiny' || employer.size === 'small';
  let reached = 0;
  while (reached < employer.target) {
    const e = employee(c, rng.chance(0.12) ? 'minijob' : 'regular', startDay(), null);
    staff.push(e);
    reached += byPeople ? 1 : weightOf(Number(e.segments[0]!.hours));
    if (rng.chance(0.1)) staff.push(employee(c, rng.weightedRow(NOT_COUNTED)[0], startDay(), null));
  }
  // turnover during Y, changes of hours or category
  for (let i = 0, n = staff.length; i < n; i++) {
    const e = staff[i]!;
    const s = e.segments[0]!;
    if (rng.chance(0.05)) change(c, e);
    const last = e.segments.at(-1)!;
    const [lo, hi] = [Math.max(last.from, y.yStart), Math.min(last.to ?? y.yEnd, y.yEnd)];
    if (hi - lo > 31 && rng.chance(0.07)) {
      const leaves = leavingDay(c, lo, hi);
      last.to = leaves;
      if (leaves < y.monthStart[12]! && rng.chance(0.03)) e.afterPayCents = rng.int(200, 1500) * 100;
      const hired = rng.chance(0.7) ? hiringDay(c, leaves) : null;
      if (hired !== null) staff.push(employee(c, s.category, hired, null));
    }
    if (rng.chance(0.03)) {
      const hired = hiringDay(c, Math.max(s.from, y.yStart + rng.int(0, 300)));
      if (hired !== null) staff.push(employee(c, s.category === 'minijob' ? 'minijob' : 'regular', hired, null));
    }
  }
  // short temp jobs (at most 4 weeks, no right to continued pay)
  for (let k = rng.poisson(0.02 * staff.length + 0.03); k > 0; k--) {
    const first = Math.max(y.yStart, employer.openedOn);
    if (first > y.yEnd - 28) break;
    const from = rng.int(first, y.yEnd - 28);
    if (employer.closedOn !== null && from + 28 > employer.closedOn) continue;
    const e = employee(c, 'regular', from, from + rng.int(4, 27));
    e.short = true;
    staff.push(e);
  }
  for (const e of staff) oneTimePayments(rng, e);
  return staff;
}

/** Christmas pay (November, some December), holiday pay (June), now and then a bonus in March. */
function oneTimePayments(rng: Rng, e: LevyEmployee): void {
  const s = e.segments[0]!;
  if (e.short || s.category === 'minijob' || s.category === 'parental_leave' || s.category === 'early_retirement') return;
  const monthly = s.monthlyCents;
  if (rng.chance(0.35)) e.oneTime.set(rng.chance(0.7) ? 11 : 12, Math.round((monthly * rng.int(50, 100)) / 100));
  if (rng.chance(0.15)) e.oneTime.set(6, rng.int(300, 1500) * 100);
  if (rng.chance(0.02)) e.oneTime.set(3, rng.int(500, 5000) * 100);
}
