/**
 * The money files of one employer: pay_months.csv, levy_declarations.csv, reimbursement_claims.csv.
 *
 * Pay: a row for every employee and month of Y with an employment (sv_days 30 for a full month,
 * the calendar days for a part, 0 on parental leave), pay pro rata, one-time payments apart; a
 * row after the end of an employment for a late one-time payment (no employment that month).
 *
 * Declarations: computed with the rules' exact arithmetic in integer cents, independent of the
 * rules' code: per levied row (category not minijob, insured with the fund, taken from the
 * employment in force on the latest day of the month that has one) 30 × capped pay =
 * min(30 × pay, BBG × sv_days); U1 base (without one-time pay and short_no_efzg rows) and U2
 * base (with one-time pay) are summed ×30, and levy = round half up(base30 × rate / 30) once.
 * `perEmployee` rounds per row instead (a `rounding` difference), `sloppy` declares some months
 * wrong, some months are missing, some declarations come without pay.
 *
 * Claims: continued pay in sickness (mostly short, some exactly 42 days, some longer: held),
 * rehabilitation (short and over six weeks), maternity subsidy (14 weeks, 18 for premature or
 * multiple births) and employment bans with the employer's contribution shares. Claims come from
 * whoever works there (a few for people insured elsewhere, a few U1 claims of employers not in
 * U1, exempt ones' too); a few overlap an earlier claim of the same kind, a few start after the
 * employment ended, a few belong to December Y−1.
 */
import { resolveTariff } from './levy-model.ts';
import type { ClaimKind, LevyEmployee, LevyEmployer, LevyYear, Segment, Tariff } from './levy-model.ts';
import { centsToMoney, iso } from './model.ts';
import type { Row } from './output.ts';
import type { Rng } from './random.ts';

/** Levy rates in 1/10,000 (2025: U1 Tarif 50 2.15 %, Tarif 65 2.95 %, U2 0.44 %). */
const U1_RATE: Record<Tariff, number> = { '50': 215, '65': 295 };
const U2_RATE = 44;

/** The levy of 30 × a base at a rate in 1/10,000, rounded half up once: round(base30 × rate / 30); exact while 2n + d < 2^53. */
function levyOf(base30: number, rate: number): number {
  const d = 30 * 10_000;
  return Math.floor((2 * base30 * rate + d) / (2 * d));
}

interface PayRow {
  employeeId: string;
  month: number;
  svDays: number;
  regular: number;
  oneTime: number;
  short: boolean;
  /** in a levy's base at all: an employment that month, not a minijob, insured with the fund */
  levied: boolean;
}

/** Declared levies in cents (U1 null: left empty). */
type Amounts = { u1: number | null; u2: number };
type DeclarationRow = Amounts & { month: number };

/** Of the rows in force in a month, the one on the latest day (then the one that started last). */
function deciding(segments: readonly Segment[], from: number, to: number): Segment | null {
  let best: Segment | null = null;
  let bestDay = -Infinity;
  for (const s of segments) {
    const hi = Math.min(s.to ?? to, to);
    if (hi < from || s.from > to) continue;
    if (hi > bestDay || (hi === bestDay && best !== null && s.from >= best.from)) {
      best = s;
      bestDay = hi;
    }
  }
  return best;
}

function employeeRows(e: LevyEmployee, y: LevyYear, rng: Rng, out: PayRow[]): void {
  let lastMonth = 0;
  for (let m = 1; m <= 12; m++) {
    const from = y.monthStart[m]!;
    const to = y.monthStart[m + 1]! - 1;
    const seg = deciding(e.segments, from, to);
    if (!seg) {
      if (e.afterPayCents > 0 && lastMonth === m - 1 && lastMonth > 0) {
        out.push({ employeeId: e.id, month: m, svDays: 0, regular: 0, oneTime: e.afterPayCents, short: false, levied: false });
      }
      continue;
    }
    lastMonth = m;
    const levied = seg.category !== 'minijob' && seg.insured;
    const days = to - from + 1;
    let covered = 0;
    const parts: [number, number][] = [];
    for (const s of e.segments) {
      const lo = Math.max(s.from, from);
      const hi = Math.min(s.to ?? to, to);
      if (hi < lo || s.category === 'parental_leave') continue;
      covered += hi - lo + 1;
      parts.push([s.monthlyCents, hi - lo + 1]);
    }
    const full = covered >= days;
    let regular = 0;
    for (const [monthly, d] of parts) regular += Math.round((monthly * d) / (full ? days : 30));
    if (e.variable) regular = Math.round((regular * rng.int(90, 115)) / 100);
    out.push({
      employeeId: e.id,
      month: m,
      svDays: full ? 30 : Math.min(covered, 30),
      regular,
      oneTime: covered > 0 ? (e.oneTime.get(m) ?? 0) : 0,
      short: e.short,
      levied,
    });
  }
}

export function payRows(employer: LevyEmployer, y: LevyYear, rng: Rng): PayRow[] {
  const rows: PayRow[] = [];
  for (const e of employer.employees) employeeRows(e, y, rng, rows);
  // now and then a payroll that reports pay without SV days (a ceiling of 0)
  for (const row of rows) if (row.regular > 0 && row.levied && rng.chance(0.0005)) row.svDays = 0;
  return rows;
}

type MonthSums = Record<'rows' | 'u1Base30' | 'u2Base30' | 'u1Rounded' | 'u2Rounded' | 'u1Uncapped30', number>;

function monthSums(rows: readonly PayRow[], y: LevyYear, u1Rate: number): MonthSums[] {
  const sums: MonthSums[] = [];
  for (let m = 0; m <= 12; m++) sums.push({ rows: 0, u1Base30: 0, u2Base30: 0, u1Rounded: 0, u2Rounded: 0, u1Uncapped30: 0 });
  for (const r of rows) {
    const s = sums[r.month]!;
    s.rows++;
    if (!r.levied) continue;
    const capped30 = Math.min(30 * r.regular, y.ceiling * r.svDays);
    const u2 = capped30 + 30 * r.oneTime;
    s.u2Base30 += u2;
    s.u2Rounded += levyOf(u2, U2_RATE);
    if (!r.short) {
      s.u1Base30 += capped30;
      s.u1Rounded += levyOf(capped30, u1Rate);
      s.u1Uncapped30 += 30 * r.regular;
    }
  }
  return sums;
}

/** One wrong declaration: ceiling forgotten, the other tariff's rate, or simply a wrong amount. */
function wrong(rng: Rng, s: MonthSums, u1Rate: number, exact: Amounts): Amounts {
  const r = rng.next();
  if (r < 0.3 && exact.u1 !== null) return { u1: levyOf(s.u1Uncapped30, u1Rate), u2: exact.u2 };
  if (r < 0.5 && exact.u1 !== null) {
    const other = u1Rate === U1_RATE['50'] ? U1_RATE['65'] : U1_RATE['50'];
    return { u1: levyOf(s.u1Base30, other), u2: exact.u2 };
  }
  const off = (v: number) => Math.max(0, v + (rng.chance(0.5) ? 1 : -1) * rng.int(100, Math.max(200, Math.round(v * 0.2))));
  return { u1: exact.u1 === null ? null : off(exact.u1), u2: off(exact.u2) };
}

const existsIn = (e: LevyEmployer, y: LevyYear, m: number) =>
  e.openedOn < y.monthStart[m + 1]! && (e.closedOn ?? Infinity) >= y.monthStart[m]!;

export function declarationRows(employer: LevyEmployer, rows: readonly PayRow[], y: LevyYear, rng: Rng): DeclarationRow[] {
  const { declaring, declaresU1 } = employer;
  if (declaring === 'none') return [];
  const u1Rate = U1_RATE[resolveTariff(employer, y)];
  const sums = monthSums(rows, y, u1Rate);
  const u1Empty = !declaresU1 && rng.chance(0.85); // a non-participant writes 0.00 or nothing
  const out: DeclarationRow[] = [];
  for (let m = 1; m <= 12; m++) {
    const s = sums[m]!;
    if (s.rows === 0) {
      // existence without pay: some declare zero; a closed employer sometimes declares on
      if (existsIn(employer, y, m) && rng.chance(0.5)) out.push({ month: m, u1: u1Empty ? null : 0, u2: 0 });
      continue;
    }
    if (rng.chance(0.015)) continue;
    const exact: Amounts = {
      u1: declaresU1 ? levyOf(s.u1Base30, u1Rate) : u1Empty ? null : 0,
      u2: levyOf(s.u2Base30, U2_RATE),
    };
    if (declaring === 'perEmployee') {
      out.push({ month: m, u1: declaresU1 ? s.u1Rounded : exact.u1, u2: s.u2Rounded });
    } else if (declaring === 'sloppy' && rng.chance(0.3)) {
      out.push({ month: m, ...wrong(rng, s, u1Rate, exact) });
    } else {
      out.push({ month: m, ...exact });
    }
  }
  // a closed business that declares once more for the month after the closing (without pay)
  const closedIn = employer.closedOn !== null && employer.closedOn < y.monthStart[12]! && employer.closedOn >= y.yStart;
  if (closedIn && rng.chance(0.2)) {
    const m = y.monthStart.findIndex((start) => start > employer.closedOn!) - 1;
    const previous = out.find((r) => r.month === m);
    if (!out.some((r) => r.month === m + 1)) {
      out.push({ month: m + 1, u1: previous?.u1 ?? null, u2: previous?.u2 ?? 0 });
      out.sort((a, b) => a.month - b.month);
    }
  }
  return out;
}

const CLAIM_KINDS: readonly ClaimKind[] = ['u1_sickness', 'u1_rehab', 'u2_maternity_subsidy', 'u2_employment_ban'];
/** Claims per eligible employee and year. */
const CLAIMS_PER_EMPLOYEE = 0.23;

function sicknessDays(rng: Rng): number {
  const r = rng.next();
  if (r < 0.02) return 42;
  if (r < 0.08) return rng.int(43, 70); // beyond six weeks: held
  return Math.min(42, 1 + Math.floor(rng.logNormal(7, 0.8)));
}

function daysOf(rng: Rng, kind: ClaimKind): number {
  switch (kind) {
    case 'u1_sickness':
      return sicknessDays(rng);
    case 'u1_rehab':
      return rng.chance(0.6) ? rng.pick([14, 21, 21, 28, 35, 42]) : rng.int(43, 90);
    case 'u2_maternity_subsidy':
      return rng.weighted([98, 126, rng.int(56, 97)], [0.8, 0.15, 0.05]);
    case 'u2_employment_ban':
      return rng.chance(0.7) ? rng.int(14, 60) : rng.int(61, 120);
  }
}

/** Cents for `days` of a monthly pay, with a little variation (overtime averages, bonuses). */
const payFor = (rng: Rng, monthly: number, days: number) => Math.round((monthly * days * rng.int(95, 110)) / 3000);

function claimOf(rng: Rng, e: LevyEmployee, s: Segment, kind: ClaimKind, from: number, days: number): Row | null {
  const row = (continuedPay: number, contributions: number | null = null): Row => ({
    employee_id: e.id,
    kind,
    period_from: iso(from),
    period_to: iso(from + days - 1),
    continued_pay: centsToMoney(continuedPay),
    employer_contributions: contributions === null ? null : centsToMoney(contributions),
  });
  switch (kind) {
    case 'u1_sickness':
    case 'u1_rehab':
      return row(payFor(rng, s.monthlyCents, days));
    case 'u2_maternity_subsidy': {
      // subsidy = net daily pay (≈ 65 % of gross) minus the fund's 13 euros, per day
      const daily = Math.round((s.monthlyCents * 65) / 3000) - 1300;
      return daily <= 0 ? null : row(daily * days);
    }
    case 'u2_employment_ban': {
      const continuedPay = payFor(rng, s.monthlyCents, days);
      return row(continuedPay, Math.round((continuedPay * rng.int(195, 215)) / 1000));
    }
  }
}

export function generateClaims(rng: Rng, employer: LevyEmployer, y: LevyYear): Row[] {
  const candidates: [LevyEmployee, Segment, number, number][] = [];
  for (const e of employer.employees) {
    if (e.short) continue;
    for (const s of e.segments) {
      if (s.category === 'minijob' || s.category === 'parental_leave' || s.monthlyCents === 0) continue;
      const lo = Math.max(s.from, y.yStart);
      const hi = Math.min(s.to ?? y.yEnd, y.yEnd);
      if (hi >= lo) candidates.push([e, s, lo, hi]);
    }
  }
  const claims: Row[] = [];
  if (candidates.length === 0) return claims;
  for (let k = rng.poisson(CLAIMS_PER_EMPLOYEE * candidates.length); k > 0; k--) {
    const [e, s, lo, hi] = rng.pick(candidates);
    const kind = rng.weighted(CLAIM_KINDS, [0.83, 0.09, 0.05, 0.03]);
    // employers that know they are not in U1 rarely claim U1; claims go to the employee's own fund
    if (kind.startsWith('u1') && !employer.declaresU1 && rng.chance(0.95)) continue;
    if (!s.insured && rng.chance(0.8)) continue;
    let from = rng.int(lo, hi);
    const r = rng.next();
    if (r < 0.01 && s.to !== null && s.to + 10 <= y.yEnd)
      from = s.to + rng.int(1, 10); // after the employment ended
    else if (r < 0.02 && lo === y.yStart) from = y.yStart - rng.int(1, 25); // a claim of December Y−1
    const days = daysOf(rng, kind);
    const claim = claimOf(rng, e, s, kind, from, days);
    if (!claim) continue;
    claims.push(claim);
    if (rng.chance(0.04)) {
      // the same absence claimed again, overlapping (OVERLAP)
      const again = claimOf(rng, e, s, kind, from + rng.int(0, days - 1), rng.int(1, 20));
      if (again) claims.push(again);
    }
  }
  return claims;
}
