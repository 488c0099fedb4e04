/**
 * § 18a Abs. 3: the class table, the admissible class from the contributory income, and the
 * class of each participation month (rules-18a-tariff.md, "Class of each month").
 */
import { isoDate, lastOfMonth, maxDate, type IsoDate } from '../../src/dates.ts';
import { Decimal } from '../../src/money.ts';
import { cached } from '../../src/collections.ts';
import { classOn, type Participation } from './timeline.ts';
import type { ClassTable, TariffClass, TariffClassRow } from './types.ts';

/** The class table in force on `date`, or undefined. Two tables in force on one day are a parameter error. */
export function tableInForce(tables: readonly ClassTable[], date: IsoDate): ClassTable | undefined {
  // Every member asks for the first of each of their months: the answer is a pure function of
  // (tables, date), looked up once per parameter set and day (an error is never remembered).
  const byDate = cached(inForceOn, tables, () => new Map<IsoDate, ClassTable | null>());
  let table = byDate.get(date);
  if (table === undefined) {
    table = findTableInForce(tables, date) ?? null;
    if (byDate.size >= 10_000) byDate.clear(); // bounded for a long-lived worker
    byDate.set(date, table);
  }
  return table ?? undefined;
}

const inForceOn = new WeakMap<readonly ClassTable[], Map<IsoDate, ClassTable | null>>();

function findTableInForce(tables: readonly ClassTable[], date: IsoDate): ClassTable | undefined {
  const found = tables.filter((t) => t.validFrom <= date && (t.validTo === null || date <= t.validTo));
  if (found.length > 1) {
    throw new Error(`§ 18a: class tables ${found.map((t) => t.version).join(', ')} are all in force on ${date}`);
  }
  return found[0];
}

export function classRow(table: ClassTable, tariffClass: TariffClass): TariffClassRow {
  const row = table.classes.find((c) => c.tariffClass === tariffClass);
  if (!row) throw new Error(`§ 18a: class table ${table.version} has no class ${tariffClass}`);
  return row;
}

/**
 * Decision (income bands): a class's band is above the previous upper bound, up to and including
 * its own (18,000.50 EUR is class 2). The lowest class whose upper bound the income does not exceed.
 */
export function admissibleClass(table: ClassTable, income: Decimal): TariffClass {
  for (const band of incomeBands(table)) {
    if (band.upTo === null || income.lessThanOrEqualTo(band.upTo)) return band.tariffClass;
  }
  throw new Error(`§ 18a: class table ${table.version} has no class for an income of ${income.toFixed()}`);
}

// Why the caches below: a chunk settles thousands of members against the same few class rows,
// and parsing the same decimal strings again for every member and month was the largest cost of
// a chunk (7 of 26 s CPU of a 200k-member run). Decimals are immutable, so sharing them is safe; the
// caches hang off the parameter objects (a WeakMap) and change no result.

const bandsOf = new WeakMap<ClassTable, { tariffClass: TariffClass; upTo: Decimal | null }[]>();

/** The table's classes in ascending order with their income bounds parsed once per table. */
function incomeBands(table: ClassTable): { tariffClass: TariffClass; upTo: Decimal | null }[] {
  return cached(bandsOf, table, () =>
    [...table.classes]
      .sort((a, b) => a.tariffClass - b.tariffClass)
      .map((row) => ({ tariffClass: row.tariffClass, upTo: row.incomeUpTo === null ? null : new Decimal(row.incomeUpTo) })),
  );
}

/** A class row's amounts as Decimals. */
export interface RowAmounts {
  premium: Decimal;
  deductibleCap: Decimal;
  outpatientDeductible: Decimal;
  inpatientDeductible: Decimal;
}

const amountsOf = new WeakMap<TariffClassRow, RowAmounts>();

/** The row's amounts, parsed once per row object. */
export function rowAmounts(row: TariffClassRow): RowAmounts {
  return cached(amountsOf, row, () => ({
    premium: new Decimal(row.premium),
    deductibleCap: new Decimal(row.deductibleCap),
    outpatientDeductible: new Decimal(row.outpatientDeductible),
    inpatientDeductible: new Decimal(row.inpatientDeductible),
  }));
}

const monthsOfYear = new Map<number, { first: IsoDate; last: IsoDate }[]>();

/** First and last day of each month of `year` (the dates are pure functions of the year). */
function monthBounds(year: number): { first: IsoDate; last: IsoDate }[] {
  return cached(monthsOfYear, year, () =>
    Array.from({ length: 12 }, (_, i) => {
      const first = isoDate(year, i + 1, 1);
      return { first, last: lastOfMonth(first) };
    }),
  );
}

export interface ParticipationMonth {
  /** 1–12 */
  month: number;
  /** the first participation day of the month: its declared class counts for the month */
  firstDay: IsoDate;
  table: ClassTable;
  declaredClass: TariffClass;
  /** null when the income is unknown */
  admissibleClass: TariffClass | null;
  /** min(declared, admissible); the declared class when the income is unknown */
  effectiveClass: TariffClass;
  row: TariffClassRow;
}

/**
 * The participation months of `year` (months with at least one participation day), each with
 * its classes and the class table in force on the month's first day. A participation month
 * without a table stops the run: there is nothing sensible to settle it with.
 */
export function participationMonths(
  participations: readonly Participation[],
  year: number,
  tables: readonly ClassTable[],
  income: Decimal | null,
): ParticipationMonth[] {
  const months: ParticipationMonth[] = [];
  // One admissible class per table: the income is the member's for the whole year.
  const admissibleIn = new Map<ClassTable, TariffClass>();
  const bounds = monthBounds(year);
  for (let month = 1; month <= 12; month++) {
    const { first, last } = bounds[month - 1]!;
    const hit = firstParticipationDay(participations, first, last);
    if (!hit) continue;
    const table = tableInForce(tables, first);
    if (!table) {
      throw new Error(
        `§ 18a: no class table in force on ${first}: month ${first.slice(0, 7)} cannot be settled (the run stops; add the table to the parameters)`,
      );
    }
    const declaredClass = classOn(hit.participation, hit.day);
    let admissible: TariffClass | null = null;
    if (income !== null) {
      admissible = admissibleIn.get(table) ?? admissibleClass(table, income);
      admissibleIn.set(table, admissible);
    }
    const effectiveClass = admissible === null ? declaredClass : (Math.min(declaredClass, admissible) as TariffClass);
    months.push({
      month,
      firstDay: hit.day,
      table,
      declaredClass,
      admissibleClass: admissible,
      effectiveClass,
      row: classRow(table, effectiveClass),
    });
  }
  return months;
}

function firstParticipationDay(
  participations: readonly Participation[],
  first: IsoDate,
  last: IsoDate,
): { participation: Participation; day: IsoDate } | undefined {
  // Participations are in order of start and never overlap, so the first hit is the earliest day.
  for (const participation of participations) {
    for (const d of participation.days) {
      if (d.from <= last && d.to >= first) return { participation, day: maxDate(d.from, first) };
    }
  }
  return undefined;
}

/**
 * `classes` export column: participation months as `class:MM-MM` ranges of the effective class,
 * `;`-separated. A month without participation breaks a range (`3:01-03;3:05-12`); a single
 * month is `3:05-05`; no participation month gives ''.
 */
export function classesString(months: readonly Pick<ParticipationMonth, 'month' | 'effectiveClass'>[]): string {
  const runs: { cls: TariffClass; from: number; to: number }[] = [];
  for (const m of months) {
    const run = runs[runs.length - 1];
    if (run && run.cls === m.effectiveClass && run.to === m.month - 1) run.to = m.month;
    else runs.push({ cls: m.effectiveClass, from: m.month, to: m.month });
  }
  const mm = (n: number) => String(n).padStart(2, '0');
  return runs.map((r) => `${r.cls}:${mm(r.from)}-${mm(r.to)}`).join(';');
}
