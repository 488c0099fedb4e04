/**
 * AAG § 7, Satzung § 40: the U1 and U2 levies of every month of Y and their reconciliation with
 * the employer's declarations (rules-aag-levy.md § 3 and "Levies").
 *
 * Exact arithmetic: the ceiling BBG × sv_days / 30 has no finite decimal form (8,050 × 10 / 30),
 * so every base is carried as 30 × base — per pay row min(30 × pay, BBG × sv_days), always exact —
 * summed, and divided by 30 once, together with the rate, right before the one rounding.
 */
import { groupBy } from '../../src/collections.ts';
import { Decimal, ZERO, formatMoney, minDecimal, roundCents } from '../../src/money.ts';
import { wholeCents } from './cents.ts';
import { UNLEVIED_CATEGORIES, diffClassOf, worseDiffClass } from './decisions.ts';
import { employmentOfMonth } from './employment.ts';
import { existedInMonth, MONTHS } from './existence.ts';
import { levyMonthCents, monthBasesInCents, monthReasonsOf, monthsOf } from './month-cents.ts';
import { formatRate, u1LevyRate, u2LevyRate, type LevyYear } from './rates.ts';
import { tariffOn, type TariffSegment } from './tariff.ts';
import type { Employer, Employment, LevyDeclaration, LevyMonthReason, LevyMonthRow, PayMonth, Tariff } from './types.ts';
import { TARIFFS } from './types.ts';

const THIRTY = new Decimal(30);

export interface LevyMonthsInput {
  employer: Employer;
  payMonths: readonly PayMonth[];
  declarations: readonly LevyDeclaration[];
  employmentsByEmployee: Map<string, Employment[]>;
  /** null for u1_exempt employers (no tariff) */
  segments: TariffSegment[] | null;
  /** U1 participation in Y (null: unknown, treated as not in U1) */
  participates: boolean | null;
}

export interface LevyMonthsResult {
  rows: LevyMonthRow[];
  u1Computed: Decimal;
  u2Computed: Decimal;
  u1Base30ByTariff: Record<Tariff, Decimal>;
  u2Base30: Decimal;
}

/** 30 × the month's bases and who is in them. */
export interface MonthBases {
  u1Base30: Decimal;
  u2Base30: Decimal;
  u1Employees: Set<string>;
  u2Employees: Set<string>;
  aboveCeiling: boolean;
}

/**
 * One row per month of Y in which the employer existed on at least one day, and per other month
 * of Y with a pay row or a declaration. The caller leaves out aag_exempt employers and those
 * founded in Y+1.
 */
export function levyMonths(input: LevyMonthsInput, y: LevyYear): LevyMonthsResult {
  const { employer, segments, participates } = input;
  const payByMonth = groupBy(input.payMonths, (p) => p.month);
  const declarationByMonth = new Map(input.declarations.map((d) => [d.month, d]));
  const months = monthsOf(y);
  const result: LevyMonthsResult = {
    rows: [],
    u1Computed: ZERO,
    u2Computed: ZERO,
    u1Base30ByTariff: { '50': ZERO, '65': ZERO },
    u2Base30: ZERO,
  };
  // the months computed in whole cents are summed here; months in decimal.js (figures with more
  // than 2 decimals) straight into `result`; both added up once at the end
  const cents = { u1Computed: 0n, u2Computed: 0n, u1Base30ByTariff: { '50': 0n, '65': 0n }, u2Base30: 0n };

  for (const m of MONTHS) {
    const { month, firstDay } = months[m - 1]!;
    const pay = payByMonth.get(month) ?? [];
    const declaration = declarationByMonth.get(month);
    if (!existedInMonth(employer, y.year, m) && pay.length === 0 && !declaration) continue;

    const tariff = segments === null ? null : tariffOn(segments, firstDay);
    const inU1 = participates === true && tariff !== null;
    const monthCents = levyMonthCents(pay, declaration, input.employmentsByEmployee, y, months[m - 1]!, inU1 ? tariff : null);
    if (monthCents !== null) {
      const { row, u1Levy, u2Levy, u1Base30, u2Base30 } = monthCents;
      result.rows.push({ employerId: employer.employerId, month, u1Participates: participates, u1Tariff: tariff, ...row });
      cents.u1Computed += u1Levy;
      cents.u2Computed += u2Levy;
      if (inU1) cents.u1Base30ByTariff[tariff] += u1Base30;
      cents.u2Base30 += u2Base30;
      continue;
    }
    const bases = monthBases(pay, input.employmentsByEmployee, y.ceiling, inU1);

    // BeitrVV § 1 Abs. 2 (Decision): base × rate, rounded half up to cents once per employer-month.
    const u1Rate = inU1 ? u1LevyRate(y, tariff, firstDay) : null;
    const u2Rate = u2LevyRate(y, firstDay);
    const u1Levy = u1Rate === null ? ZERO : roundCents(bases.u1Base30.times(u1Rate).dividedBy(THIRTY));
    const u2Levy = roundCents(bases.u2Base30.times(u2Rate).dividedBy(THIRTY));

    const declaredU1 = declaration?.declaredU1 ?? null;
    const declaredU2 = declaration?.declaredU2 ?? null;
    const diffU1 = (declaredU1 === null ? ZERO : new Decimal(declaredU1)).minus(u1Levy);
    const diffU2 = (declaredU2 === null ? ZERO : new Decimal(declaredU2)).minus(u2Levy);
    const diffClass = worseDiffClass(
      diffClassOf(diffU1, bases.u1Employees.size, declaredU1 !== null),
      diffClassOf(diffU2, bases.u2Employees.size, declaredU2 !== null),
    );

    result.rows.push({
      employerId: employer.employerId,
      month,
      u1Participates: participates,
      u1Tariff: tariff,
      u1Rate: u1Rate === null ? null : formatRate(u1Rate),
      u1Base: formatMoney(bases.u1Base30.dividedBy(THIRTY)),
      u1Levy: formatMoney(u1Levy),
      u2Rate: formatRate(u2Rate),
      u2Base: formatMoney(bases.u2Base30.dividedBy(THIRTY)),
      u2Levy: formatMoney(u2Levy),
      declaredU1: declaredU1 === null ? null : formatMoney(new Decimal(declaredU1)),
      declaredU2: declaredU2 === null ? null : formatMoney(new Decimal(declaredU2)),
      diffU1: formatMoney(diffU1),
      diffU2: formatMoney(diffU2),
      diffClass,
      reasons: monthReasons(bases, declaredU1, declaredU2),
    });
    result.u1Computed = result.u1Computed.plus(u1Levy);
    result.u2Computed = result.u2Computed.plus(u2Levy);
    if (inU1) result.u1Base30ByTariff[tariff] = result.u1Base30ByTariff[tariff].plus(bases.u1Base30);
    result.u2Base30 = result.u2Base30.plus(bases.u2Base30);
  }
  result.u1Computed = result.u1Computed.plus(fromCents(cents.u1Computed));
  result.u2Computed = result.u2Computed.plus(fromCents(cents.u2Computed));
  for (const t of TARIFFS) result.u1Base30ByTariff[t] = result.u1Base30ByTariff[t].plus(fromCents(cents.u1Base30ByTariff[t]));
  result.u2Base30 = result.u2Base30.plus(fromCents(cents.u2Base30));
  return result;
}

/**
 * levy_months.reasons (Decision of 2026-12), in this order: PAY_ABOVE_CEILING (some levied pay
 * row capped), DECLARATION_MISSING (no declaration for a month with pay in a levied base) and
 * DECLARATION_WITHOUT_PAY (a declaration other than 0.00 for a month without such pay). Read per
 * levy, like the reconciliation ("difference when that levy has pay"; L4: an empty levy of a
 * declaration row is not declared): the U1 base is levied only when the employer takes part in
 * U1 (else it is empty), the U2 base always (aag_exempt employers have no rows). So each code
 * names the cause of a `difference` that is not a mere amount mismatch (rules.ts L6). The
 * employer-level codes (TARIFF_DEFAULTED, ELECTION_LATE) stay on u1_tariffs.
 */
export function monthReasons(bases: MonthBases, declaredU1: string | null, declaredU2: string | null): LevyMonthReason[] {
  const declared = (value: string | null) => (value === null ? null : !new Decimal(value).isZero());
  return monthReasonsOf(bases.aboveCeiling, [
    { declared: declared(declaredU1), hasPay: bases.u1Employees.size > 0 },
    { declared: declared(declaredU2), hasPay: bases.u2Employees.size > 0 },
  ]);
}

/**
 * 30 × the U1 and U2 bases of one month. A pay row is levied when the employment in force on the
 * latest day of the month that has one is insured with this fund and not a minijob; its regular
 * pay is capped per row at BBG × sv_days / 30 (sv_days 0: ceiling 0).
 *
 * Summed in whole cents (BigInt): pay is numeric(12,2) and the ceiling whole cents, so 30 × pay,
 * BBG × sv_days and their sums are exact integers of cents — the same values decimal.js gives,
 * at a fraction of the cost (millions of pay rows made decimal.js the largest share of the levy
 * rules' CPU time in the bench profile). Figures that are not whole cents take the decimal path.
 */
export function monthBases(pay: readonly PayMonth[], employments: Map<string, Employment[]>, ceiling: Decimal, inU1: boolean): MonthBases {
  const ceilingCents = wholeCents(ceiling);
  const cents = ceilingCents === null ? null : monthBasesInCents(pay, employments, ceilingCents, inU1);
  if (cents === null) return monthBasesDecimal(pay, employments, ceiling, inU1);
  return { ...cents, u1Base30: fromCents(cents.u1Base30), u2Base30: fromCents(cents.u2Base30) };
}

/** monthBases in decimal.js throughout: for figures with more than 2 decimals (not in the contract, but exact either way). */
function monthBasesDecimal(pay: readonly PayMonth[], employments: Map<string, Employment[]>, ceiling: Decimal, inU1: boolean): MonthBases {
  const bases: MonthBases = { u1Base30: ZERO, u2Base30: ZERO, u1Employees: new Set(), u2Employees: new Set(), aboveCeiling: false };
  for (const row of pay) {
    const employment = employmentOfMonth(employments.get(row.employeeId), row.month);
    if (!employment || !employment.insuredWithFund || UNLEVIED_CATEGORIES.has(employment.category)) continue;
    const regular30 = new Decimal(row.payRegular).times(THIRTY);
    const ceiling30 = ceiling.times(row.svDays);
    const capped30 = minDecimal(regular30, ceiling30);
    if (regular30.greaterThan(ceiling30)) bases.aboveCeiling = true;
    bases.u2Base30 = bases.u2Base30.plus(capped30).plus(new Decimal(row.payOneTime).times(THIRTY));
    bases.u2Employees.add(row.employeeId);
    if (inU1 && !row.shortNoEfzg) {
      bases.u1Base30 = bases.u1Base30.plus(capped30);
      bases.u1Employees.add(row.employeeId);
    }
  }
  return bases;
}

function fromCents(cents: bigint): Decimal {
  return new Decimal(cents.toString()).dividedBy(100);
}
