/**
 * The participation months of Y and the class of each (rules-nordost-bonus-plan.md,
 * "Participation": "class of each month, CLASS_REDUCED and INCOME_MISSING: as § 18a"). The
 * declared class of a month is the one in force on its first participation day; the table is the
 * one in force on the month's first day; the effective class is min(declared, admissible).
 */
import { isoDate, lastOfMonth, maxDate, type IsoDate } from '../../src/dates.ts';
import { Decimal } from '../../src/money.ts';
import { classOn, type Participation } from '../tariff-settlement/timeline.ts';
import type { NordostClass, NordostClassRow, NordostClassTable } from './types.ts';

export type NordostParticipation = Participation<NordostClass>;

export function tableInForce(tables: readonly NordostClassTable[], date: IsoDate): NordostClassTable | undefined {
  const found = tables.filter((t) => t.validFrom <= date && (t.validTo === null || date <= t.validTo));
  if (found.length > 1) {
    throw new Error(`AOK Nordost bonus plan: class tables ${found.map((t) => t.version).join(', ')} are all in force on ${date}`);
  }
  return found[0];
}

function classRow(table: NordostClassTable, tariffClass: NordostClass): NordostClassRow {
  const row = table.classes.find((c) => c.tariffClass === tariffClass);
  if (!row) throw new Error(`AOK Nordost bonus plan: class table ${table.version} has no class ${tariffClass}`);
  return row;
}

/** Decision (bands): above the previous bound up to and including its own, as § 18a. */
export function admissibleClass(table: NordostClassTable, income: Decimal): NordostClass {
  const rows = [...table.classes].sort((a, b) => a.tariffClass - b.tariffClass);
  for (const row of rows) {
    if (row.incomeUpTo === null || income.lessThanOrEqualTo(new Decimal(row.incomeUpTo))) return row.tariffClass;
  }
  throw new Error(`AOK Nordost bonus plan: class table ${table.version} has no class for an income of ${income.toFixed()}`);
}

export interface PlanMonth {
  /** 1–12 */
  month: number;
  /** the participation whose first participation day in the month sets the declared class */
  participation: NordostParticipation;
  declaredClass: NordostClass;
  admissibleClass: NordostClass | null;
  effectiveClass: NordostClass;
  row: NordostClassRow;
}

/**
 * The participation months of `year` over all the member's participations overlapping it. A
 * participation month without a class table stops the run (the spec: an error naming the gap).
 */
export function planMonths(
  participations: readonly NordostParticipation[],
  year: number,
  tables: readonly NordostClassTable[],
  income: Decimal | null,
): PlanMonth[] {
  const months: PlanMonth[] = [];
  for (let month = 1; month <= 12; month++) {
    const first = isoDate(year, month, 1);
    const hit = firstParticipationDay(participations, first, lastOfMonth(first));
    if (!hit) continue;
    const table = tableInForce(tables, first);
    if (!table) {
      throw new Error(
        `AOK Nordost bonus plan: no class table in force on ${first}: month ${first.slice(0, 7)} cannot be settled (the run stops; add the table to the parameters)`,
      );
    }
    const declaredClass = classOn(hit.participation, hit.day);
    const admissible = income === null ? null : admissibleClass(table, income);
    const effectiveClass = admissible === null ? declaredClass : (Math.min(declaredClass, admissible) as NordostClass);
    months.push({
      month,
      participation: hit.participation,
      declaredClass,
      admissibleClass: admissible,
      effectiveClass,
      row: classRow(table, effectiveClass),
    });
  }
  return months;
}

/** The months of `year` in which `p` has a participation day (a participation's own months, for claim-free counting). */
export function monthsOf(p: NordostParticipation, year: number): number[] {
  const months: number[] = [];
  for (let month = 1; month <= 12; month++) {
    const first = isoDate(year, month, 1);
    const last = lastOfMonth(first);
    if (p.days.some((d) => d.from <= last && d.to >= first)) months.push(month);
  }
  return months;
}

function firstParticipationDay(
  participations: readonly NordostParticipation[],
  first: IsoDate,
  last: IsoDate,
): { participation: NordostParticipation; day: IsoDate } | undefined {
  // In order of start and never overlapping: the first hit is the month's earliest participation day.
  for (const participation of participations) {
    for (const d of participation.days) {
      if (d.from <= last && d.to >= first) return { participation, day: maxDate(d.from, first) };
    }
  }
  return undefined;
}
