/**
 * Shapes and year constants of the U1/U2 part of the generator (rules-aag-levy.md,
 * data-contract.md "U1/U2"), and one random employer. One employer is built at a time (facts →
 * rows → dropped); dates are UTC day numbers, money integer cents, so no floating point ever
 * reaches an amount.
 *
 * An employer: when its account opened (long ago, during Y, in Y+1 as a founding with
 * expected_headcount) and closed, exemptions, its size around the 30-employee limit, u1_history
 * rows (Y−1 tariff, Y participation; some missing → HISTORY_MISSING), tariff elections for Y
 * (December Y−1, on time up to the last day of February, late; new accounts within or after 42
 * days) and for Y+1, and how it declares its levies. resolveTariff mirrors § 39 Abs. 2 so that
 * the "right" declarations use the tariff the rules will resolve (no rate changes during Y in the
 * generated years).
 */
import type { ClaimKind, EmploymentCategory, Tariff } from '../../jobs/levy/types.ts';
import { dayNumber, isoDate } from '../dates.ts';
import { words } from './model.ts';
import type { Rng } from './random.ts';

export type { ClaimKind, EmploymentCategory, Tariff };

/** One employment row: days inclusive, `to` null = open-ended; monthly pay of a full month in cents. */
export interface Segment {
  from: number;
  to: number | null;
  category: EmploymentCategory;
  /** weekly hours as written (a decimal string with at most 2 places) */
  hours: string;
  insured: boolean;
  monthlyCents: number;
}

export interface LevyEmployee {
  id: string;
  /** in order of `from` */
  segments: Segment[];
  /** a temp job of at most 4 weeks (short_no_efzg) */
  short: boolean;
  /** regular pay varies from month to month (overtime, hours) */
  variable: boolean;
  /** one-time payments (cents) by month 1–12 */
  oneTime: Map<number, number>;
  /** a one-time payment in the month after the employment ended (no employment that month) */
  afterPayCents: number;
}

type ElectionFact = { year: number; tariff: Tariff; receivedOn: number };

export interface LevyEmployer {
  id: string;
  name: string;
  openedOn: number;
  closedOn: number | null;
  u1Exempt: boolean;
  aagExempt: boolean;
  expectedHeadcount: string | null;
  elections: ElectionFact[];
  /** u1_history rows: participation and (Y−1 only) the tariff */
  history: { year: number; participates: boolean; tariff: Tariff | null }[];
  /** size class and the full-time equivalents the employer aims at (counted categories) */
  size: 'tiny' | 'small' | 'limit' | 'large';
  target: number;
  employees: LevyEmployee[];
  /** exact: one rounding on the monthly total; perEmployee: rounded per row; sloppy: some wrong */
  declaring: 'exact' | 'perEmployee' | 'sloppy' | 'none';
  /** the employer declares U1 (it believes it takes part) */
  declaresU1: boolean;
}

/** Pension-insurance ceiling per month in cents (BBG RV; West for 2023/2024, rough beyond 2026). */
const CEILING_CENTS: Record<number, number> = { 2023: 730_000, 2024: 755_000, 2025: 805_000, 2026: 845_000 };

export interface LevyYear {
  year: number;
  yStart: number;
  yEnd: number;
  /** last day of February of Y (election deadline, rule 1) */
  febEnd: number;
  /** monthStart[m] = day number of the 1st of month m (1–12); monthStart[13] = 1 Jan Y+1 */
  monthStart: number[];
  ceiling: number;
}

export function levyYear(year: number): LevyYear {
  const monthStart = [0];
  for (let m = 1; m <= 12; m++) monthStart.push(dayNumber(isoDate(year, m, 1)));
  monthStart.push(dayNumber(isoDate(year + 1, 1, 1)));
  return {
    year,
    yStart: monthStart[1]!,
    yEnd: monthStart[13]! - 1,
    febEnd: monthStart[3]! - 1,
    monthStart,
    ceiling: CEILING_CENTS[year] ?? 845_000 + 40_000 * (year - 2026),
  };
}

const TRADES = words(`Bäckerei Autohaus Pflegedienst Zahnarztpraxis Steuerbüro Gaststätte Elektro Malerbetrieb Friseursalon
  Logistik Metallbau Software Apotheke Bauunternehmen Gärtnerei Hotel Reinigung Druckerei`);
const NAMES = words(`Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Krüger Lehmann Köhler Richter
  Wolf Neumann Schwarz Zimmermann Braun Hartmann Lange Werner`);
const PLACES = words('Dresden Leipzig Chemnitz Erfurt Jena Zwickau Plauen Gera Weimar Görlitz Bautzen');
const FORMS = ['GmbH', 'GmbH & Co. KG', 'e.K.', 'KG', 'OHG', 'UG (haftungsbeschränkt)', 'AG', 'e.V.', ''];

function employerName(rng: Rng): string {
  const [trade, name, form] = [rng.pick(TRADES), rng.pick(NAMES), rng.pick(FORMS)];
  const r = rng.next();
  // some names need CSV quoting (commas, quotes)
  if (r < 0.05) return `${name}, ${rng.pick(NAMES)} & Partner`;
  if (r < 0.07) return `${trade} "${rng.pick(PLACES)}" ${form}`.trim();
  return `${trade} ${name} ${rng.pick(PLACES)} ${form}`.trim();
}

/** Uniform in [from, to] in steps of 1/4 (headcount weights are quarters). */
const quarters = (rng: Rng, from: number, to: number) => rng.int(from * 4, to * 4) / 4;

function sizeOf(rng: Rng): Pick<LevyEmployer, 'size' | 'target'> {
  const size = rng.weighted<LevyEmployer['size']>(['tiny', 'small', 'limit', 'large'], [0.68, 0.17, 0.125, 0.025]);
  switch (size) {
    case 'tiny':
      return { size, target: rng.weighted([1, 2, 3, 4, 5], [0.3, 0.25, 0.2, 0.15, 0.1]) };
    case 'small':
      return { size, target: rng.int(6, 19) };
    case 'limit':
      return { size, target: rng.chance(0.55) ? quarters(rng, 27, 33) : quarters(rng, 20, 40) };
    case 'large':
      return { size, target: Math.round(41 * Math.exp(rng.next() * Math.log(100 / 41))) };
  }
}

/** A closing day in Y: mostly the last day of a month. */
function closingDay(rng: Rng, y: LevyYear, after: number): number | null {
  const m = rng.int(1, 12);
  const day = rng.chance(0.6) ? y.monthStart[m + 1]! - 1 : rng.int(y.monthStart[m]!, y.monthStart[m + 1]! - 1);
  return day > after + 20 ? day : null;
}

function existence(rng: Rng, y: LevyYear): { openedOn: number; closedOn: number | null; kind: 'old' | 'newY' | 'nextY' } {
  const kind = rng.weighted(['old', 'newY', 'nextY'] as const, [0.86, 0.09, 0.05]);
  if (kind === 'nextY') return { openedOn: rng.int(y.yEnd + 1, y.yEnd + 365), closedOn: null, kind };
  if (kind === 'newY') {
    const m = rng.int(1, 12);
    const r = rng.next();
    const openedOn = r < 0.06 ? y.yStart : r < 0.6 ? y.monthStart[m]! : rng.int(y.yStart + 1, y.yEnd - 20);
    return { openedOn, closedOn: rng.chance(0.03) ? closingDay(rng, y, openedOn) : null, kind };
  }
  const openedOn = rng.int(dayNumber(isoDate(y.year - 40, 1, 1)), y.yStart - 1);
  const r = rng.next();
  const closedOn = r < 0.05 ? closingDay(rng, y, y.yStart) : r < 0.06 ? rng.int(y.yEnd + 1, y.yEnd + 300) : null;
  return { openedOn, closedOn, kind };
}

function expectedHeadcount(rng: Rng): string | null {
  const r = rng.next();
  if (r < 0.2) return null; // EXPECTED_HEADCOUNT_MISSING
  if (r < 0.3) return '30';
  if (r < 0.35) return '30.25';
  return String(r < 0.8 ? quarters(rng, 1, 29.75) : quarters(rng, 31, 80));
}

const tariffOf = (rng: Rng): Tariff => (rng.chance(0.45) ? '50' : '65');

/** Receipt days of the elections for Y of an account opened before Y: December Y−1, on time up to
 *  the last day of February (some on it), late. */
function electionDaysOld(rng: Rng, y: LevyYear): number[] {
  const onTime = () => {
    const r = rng.next();
    return r < 0.2 ? rng.int(y.yStart - 31, y.yStart - 1) : r < 0.3 ? y.febEnd : rng.int(y.yStart, y.febEnd);
  };
  const late = () => (rng.chance(0.2) ? y.febEnd + 1 : rng.int(y.febEnd + 1, y.monthStart[7]! - 1));
  const r = rng.next();
  return r < 0.18 ? [onTime()] : r < 0.21 ? [onTime(), onTime()] : r < 0.25 ? [late()] : r < 0.26 ? [onTime(), late()] : [];
}

/** Receipt days of the elections for Y of an account opened in Y: within 42 days (day 42 included), some before, some late. */
function electionDaysNew(rng: Rng, openedOn: number): number[] {
  const r = rng.next();
  if (r < 0.55) return [openedOn + (rng.chance(0.1) ? 42 : rng.chance(0.05) ? -rng.int(1, 10) : rng.int(0, 41))];
  return r < 0.67 ? [openedOn + (rng.chance(0.3) ? 43 : rng.int(43, 100))] : [];
}

/** Distinct received_on per employer and year (the key of u1_elections.csv). */
function distinct(elections: ElectionFact[]): ElectionFact[] {
  return elections.filter((e, i) => elections.findIndex((o) => o.year === e.year && o.receivedOn === e.receivedOn) === i);
}

/** § 39 Abs. 2 as the rules apply it (rules-aag-levy.md § 1 and "Tariff"). */
export function resolveTariff(employer: LevyEmployer, y: LevyYear): Tariff {
  const openedInY = employer.openedOn >= y.yStart && employer.openedOn <= y.yEnd;
  let best: ElectionFact | null = null;
  for (const e of employer.elections) {
    if (e.year !== y.year) continue;
    const inTime = e.receivedOn <= y.febEnd || (openedInY && e.receivedOn <= employer.openedOn + 42);
    if (inTime && (best === null || e.receivedOn > best.receivedOn)) best = e;
  }
  if (best) return best.tariff;
  if (openedInY) return '65';
  return employer.history.find((h) => h.year === y.year - 1)?.tariff ?? '65';
}

export function randomEmployer(rng: Rng, y: LevyYear, id: string): LevyEmployer {
  const name = employerName(rng);
  const { openedOn, closedOn, kind } = existence(rng, y);
  const exemption = rng.next();
  const aagExempt = exemption < 0.01;
  const u1Exempt = !aagExempt && exemption < 0.035;
  const { size, target } = sizeOf(rng);
  const small = size === 'tiny' || size === 'small' || (size === 'limit' && target <= 30);
  const participates = size === 'limit' ? (rng.chance(0.85) ? small : !small) : small;

  const history: LevyEmployer['history'] = [];
  const elections: ElectionFact[] = [];
  if (kind !== 'nextY' && !aagExempt && !u1Exempt) {
    if (kind === 'old' && rng.chance(0.96)) {
      const tariff = rng.chance(0.03) ? null : tariffOf(rng);
      history.push({ year: y.year - 1, participates: rng.chance(0.9) ? participates : !participates, tariff });
    }
    if (rng.chance(kind === 'old' ? 0.95 : 0.85)) history.push({ year: y.year, participates, tariff: null });
    const days = kind === 'old' ? electionDaysOld(rng, y) : electionDaysNew(rng, openedOn);
    for (const receivedOn of days) elections.push({ year: y.year, tariff: tariffOf(rng), receivedOn });
  } else if (kind !== 'nextY' && rng.chance(0.3)) {
    history.push({ year: y.year, participates: false, tariff: null }); // exempt: the history does not matter
  }
  const existsAtYearEnd = closedOn === null || closedOn > y.yEnd;
  if (!aagExempt && !u1Exempt && existsAtYearEnd && rng.chance(kind === 'nextY' ? 0.4 : 0.08)) {
    // founded in Y+1: around the opening; others: November Y to February Y+1
    const [from, to] = kind === 'nextY' ? [openedOn - 30, openedOn + 42] : [y.monthStart[11]!, y.yEnd + 59];
    elections.push({ year: y.year + 1, tariff: tariffOf(rng), receivedOn: rng.int(from, to) });
  }

  return {
    id,
    name,
    openedOn,
    closedOn,
    u1Exempt,
    aagExempt,
    expectedHeadcount: kind === 'nextY' ? expectedHeadcount(rng) : null,
    elections: distinct(elections),
    history,
    size,
    target,
    employees: [],
    declaring: aagExempt || kind === 'nextY' ? 'none' : rng.weighted(['exact', 'perEmployee', 'sloppy'] as const, [0.8, 0.1, 0.1]),
    // without a history row the employer still declares what it believes (HISTORY_MISSING → difference)
    declaresU1: !aagExempt && !u1Exempt && (history.find((h) => h.year === y.year)?.participates ?? small),
  };
}
