/**
 * One employer-month of levies.ts in whole cents (BigInt, cents.ts): the same bases, levies,
 * differences, class and reasons as the decimal.js code in levyMonths, which stays for figures
 * that are not whole cents (then `levyMonthCents` returns null). The month's names and rates are
 * looked up once per year, not once per employer-month.
 */
import { isoDate, type IsoDate } from '../../src/dates.ts';
import type { Decimal } from '../../src/money.ts';
import { centsOf, divHalfUp, formatCents, levyCents, scaledRate, wholeCents, type ScaledRate } from './cents.ts';
import { UNLEVIED_CATEGORIES, diffClassOfCents, worseDiffClass } from './decisions.ts';
import { employmentOfMonth } from './employment.ts';
import { monthName, MONTHS } from './existence.ts';
import { formatRate, u1LevyRate, u2LevyRate, type LevyYear } from './rates.ts';
import type { Employment, LevyDeclaration, LevyMonthReason, LevyMonthRow, PayMonth, Tariff } from './types.ts';

interface MonthRate {
  /** as the export writes it (formatRate) */
  text: string;
  scaled: ScaledRate;
}

/** A month of Y with the levy rates in force on its first day. */
export interface MonthOfYear {
  /** `YYYY-MM` */
  month: string;
  firstDay: IsoDate;
  u1: Record<Tariff, MonthRate>;
  u2: MonthRate;
}

interface YearTable {
  months: MonthOfYear[];
  /** the BBG RV in whole cents; null when it is not whole cents (every month then takes decimal.js) */
  ceilingCents: bigint | null;
}

const tables = new WeakMap<LevyYear, YearTable>();

function tableOf(y: LevyYear): YearTable {
  let table = tables.get(y);
  if (table === undefined) {
    const rate = (r: Decimal): MonthRate => ({ text: formatRate(r), scaled: scaledRate(r) });
    // levyYear checked that every first day of Y has both tariffs' and the U2 rates: no lookup fails here
    const months = MONTHS.map((m) => {
      const firstDay = isoDate(y.year, m, 1);
      return {
        month: monthName(y.year, m),
        firstDay,
        u1: { '50': rate(u1LevyRate(y, '50', firstDay)), '65': rate(u1LevyRate(y, '65', firstDay)) },
        u2: rate(u2LevyRate(y, firstDay)),
      };
    });
    table = { months, ceilingCents: wholeCents(y.ceiling) };
    tables.set(y, table);
  }
  return table;
}

/** The twelve months of Y, January first. */
export function monthsOf(y: LevyYear): readonly MonthOfYear[] {
  return tableOf(y).months;
}

/** 30 × the month's bases in whole cents and who is in them (levies.ts MonthBases). */
export interface MonthBasesInCents {
  u1Base30: bigint;
  u2Base30: bigint;
  u1Employees: Set<string>;
  u2Employees: Set<string>;
  aboveCeiling: boolean;
}

/**
 * levies.ts monthBases in whole cents; null when a pay figure is not whole cents or a figure or
 * sum leaves the safe-integer range (about 90 trillion euros: never in practice) — then the
 * caller takes decimal.js, exact for any size.
 *
 * Summed in JavaScript numbers while every figure and sum is a safe integer (then each is exact:
 * a sum beyond 2^53 would not be a safe integer). Why not BigInt: a BigInt per operation and pay
 * row was the chunks' largest allocation after pg's.
 */
export function monthBasesInCents(
  pay: readonly PayMonth[],
  employments: Map<string, Employment[]>,
  ceilingCents: bigint,
  inU1: boolean,
): MonthBasesInCents | null {
  const ceiling = Number(ceilingCents);
  if (!Number.isSafeInteger(ceiling)) return null;
  let u1Base30 = 0;
  let u2Base30 = 0;
  const bases = { u1Employees: new Set<string>(), u2Employees: new Set<string>(), aboveCeiling: false };
  for (const row of pay) {
    const employment = employmentOfMonth(employments.get(row.employeeId), row.month);
    if (!employment || !employment.insuredWithFund || UNLEVIED_CATEGORIES.has(employment.category)) continue;
    const regular = safeCentsOf(row.payRegular);
    const oneTime = safeCentsOf(row.payOneTime);
    if (regular === undefined || oneTime === undefined) return null;
    const regular30 = regular * 30;
    const ceiling30 = ceiling * row.svDays;
    const capped30 = regular30 <= ceiling30 ? regular30 : ceiling30;
    if (regular30 > ceiling30) bases.aboveCeiling = true;
    u2Base30 += capped30 + oneTime * 30;
    bases.u2Employees.add(row.employeeId);
    if (inU1 && !row.shortNoEfzg) {
      u1Base30 += capped30;
      bases.u1Employees.add(row.employeeId);
    }
    if (
      !Number.isSafeInteger(regular30) ||
      !Number.isSafeInteger(ceiling30) ||
      !Number.isSafeInteger(u2Base30) ||
      !Number.isSafeInteger(u1Base30)
    )
      return null;
  }
  return { ...bases, u1Base30: BigInt(u1Base30), u2Base30: BigInt(u2Base30) };
}

/** Cents of a money string in the database's form (`1234.50`, at most 15 digits: exact as a number); undefined otherwise. */
function safeCentsOf(value: string): number | undefined {
  const n = value.length;
  if (n < 4 || n > 16 || value.charCodeAt(n - 3) !== 46) return undefined;
  let cents = 0;
  for (let i = 0; i < n; i++) {
    if (i === n - 3) continue;
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    cents = cents * 10 + digit;
  }
  return cents;
}

/**
 * levy_months.reasons from each levy's facts (levies.ts monthReasons says why): `declared` null
 * when that levy is not declared, true when declared other than 0.00.
 */
export function monthReasonsOf(aboveCeiling: boolean, levies: readonly { declared: boolean | null; hasPay: boolean }[]): LevyMonthReason[] {
  const reasons: LevyMonthReason[] = [];
  if (aboveCeiling) reasons.push('PAY_ABOVE_CEILING');
  if (levies.some((l) => l.hasPay && l.declared === null)) reasons.push('DECLARATION_MISSING');
  if (levies.some((l) => !l.hasPay && l.declared === true)) reasons.push('DECLARATION_WITHOUT_PAY');
  return reasons;
}

export interface MonthInCents {
  /** the row less employerId, month, u1Participates and u1Tariff (the caller's) */
  row: Omit<LevyMonthRow, 'employerId' | 'month' | 'u1Participates' | 'u1Tariff'>;
  u1Levy: bigint;
  u2Levy: bigint;
  u1Base30: bigint;
  u2Base30: bigint;
}

/** A declared amount in cents; undefined when it is not whole cents. */
function declaredCents(value: string | null): bigint | null | undefined {
  return value === null ? null : (centsOf(value) ?? undefined);
}

/**
 * One employer-month in whole cents, or null when a figure is not whole cents (levyMonths then
 * computes it in decimal.js). `u1Tariff`: the tariff of the month when the employer is in U1, else null.
 */
export function levyMonthCents(
  pay: readonly PayMonth[],
  declaration: LevyDeclaration | undefined,
  employments: Map<string, Employment[]>,
  y: LevyYear,
  month: MonthOfYear,
  u1Tariff: Tariff | null,
): MonthInCents | null {
  const { ceilingCents } = tableOf(y);
  if (ceilingCents === null) return null;
  const declaredU1 = declaredCents(declaration?.declaredU1 ?? null);
  const declaredU2 = declaredCents(declaration?.declaredU2 ?? null);
  if (declaredU1 === undefined || declaredU2 === undefined) return null;
  const bases = monthBasesInCents(pay, employments, ceilingCents, u1Tariff !== null);
  if (bases === null) return null;

  // BeitrVV § 1 Abs. 2 (Decision): base × rate, rounded half up to cents once per employer-month.
  const u1Rate = u1Tariff === null ? null : month.u1[u1Tariff];
  const u1Levy = u1Rate === null ? 0n : levyCents(bases.u1Base30, u1Rate.scaled);
  const u2Levy = levyCents(bases.u2Base30, month.u2.scaled);
  const diffU1 = (declaredU1 ?? 0n) - u1Levy;
  const diffU2 = (declaredU2 ?? 0n) - u2Levy;
  const classU1 = diffClassOfCents(diffU1, bases.u1Employees.size, declaredU1 !== null);
  const classU2 = diffClassOfCents(diffU2, bases.u2Employees.size, declaredU2 !== null);
  if (classU1 === null || classU2 === null) return null;

  return {
    row: {
      u1Rate: u1Rate === null ? null : u1Rate.text,
      u1Base: formatCents(divHalfUp(bases.u1Base30, 30n)),
      u1Levy: formatCents(u1Levy),
      u2Rate: month.u2.text,
      u2Base: formatCents(divHalfUp(bases.u2Base30, 30n)),
      u2Levy: formatCents(u2Levy),
      declaredU1: declaredU1 === null ? null : formatCents(declaredU1),
      declaredU2: declaredU2 === null ? null : formatCents(declaredU2),
      diffU1: formatCents(diffU1),
      diffU2: formatCents(diffU2),
      diffClass: worseDiffClass(classU1, classU2),
      reasons: monthReasonsOf(bases.aboveCeiling, [
        { declared: declaredU1 === null ? null : declaredU1 !== 0n, hasPay: bases.u1Employees.size > 0 },
        { declared: declaredU2 === null ? null : declaredU2 !== 0n, hasPay: bases.u2Employees.size > 0 },
      ]),
    },
    u1Levy,
    u2Levy,
    u1Base30: bases.u1Base30,
    u2Base30: bases.u2Base30,
  };
}
