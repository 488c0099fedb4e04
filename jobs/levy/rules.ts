/**
 * U1/U2 employer levies (Aufwendungsausgleichsgesetz; Satzung §§ 37–41): the yearly computation
 * of one employer for year Y (rules-aag-levy.md). Pure: facts and parameters in, the rows of
 * u1_tariffs, u1_determination, levy_months and reimbursements and the employer's levy-fund
 * figures out. closeLevyFunds (funds.ts) closes the funds' year from the summed figures.
 *
 * Where the specification is silent we take its most literal reading; every such point:
 *
 * Parameters (rates.ts)
 *  R1  Every month of Y needs the U1 levy and reimbursement rates of both tariffs, the U2 levy and
 *      reimbursement rates in force on its first day, and one BBG RV for Y; else the run stops
 *      naming the parameter. A "change" is a day on which a rate's value differs from the day
 *      before (a new row with the same value is none). Mid-month changes of the U1 levy, U1
 *      reimbursement and U2 levy rates stop the run; the U2 reimbursement rate is read on
 *      period_from and may change on any day.
 * Tariff (tariff.ts)
 *  T1  Any election for Y received on or before the last day of February counts (December Y−1
 *      and earlier). For an account opened in Y, elections in time by rule 1 or rule 2 form one
 *      set and the latest received wins. An election received before the opening is in time.
 *  T2  Six weeks: received ≤ opening + 42 days (the opening day is day 0; decisions.ts).
 *  T3  Tarif 65 by rule 2 (new account, no timely election) is an assignment, not TARIFF_DEFAULTED;
 *      an account opened in Y never carries a Y−1 tariff over.
 *  T4  Rate change: an election not in time for the start of Y belongs to the earliest change
 *      whose deadline (end of the month after the change) it meets, whenever it was received;
 *      the latest received per change wins. A segment that repeats the tariff before it is not
 *      written. Elections belonging nowhere are ELECTION_LATE.
 *  T5  The tariff is resolved for every employer that is neither aag_ nor u1_exempt (claims and
 *      levy rows of an employer that no longer exists in Y need one), but the u1_tariffs row is
 *      written only for employers that exist in Y.
 * Participation (participation.ts, headcount.ts)
 *  P1  Exemption wins over history: an exempt employer's Y row is basis `exempt`, participates
 *      false, whatever u1_history says. Exempt and founded Y+1 rows carry no months or headcounts
 *      (like the history rows: their decision uses none).
 *  P2  An employer founded in Y+1 gets only the Y+1 row (it did not exist in Y: a Y row could
 *      only say HISTORY_MISSING). No rows for an employer that neither existed in Y nor is
 *      founded in Y+1.
 *  P3  In a part_year row, months of non-existence have an empty headcount; months_considered
 *      counts the months of existence.
 * Levies (levies.ts, employment.ts)
 *  L1  Of several employment rows in force on the deciding day, the one that started last wins
 *      (then the longer running, then an insured one, then by category) — for pay rows and claims.
 *  L2  Row existence counts any pay row of the month (levied or not); "that levy has pay" and
 *      "employees in that base" count only pay rows in that levy's base (also with 0.00 pay).
 *  L3  PAY_ABOVE_CEILING is reported for levied rows only, whenever 30 × regular pay exceeds
 *      BBG × sv_days (so any positive pay with sv_days 0).
 *  L4  A declaration row with one levy empty has not declared that levy.
 *  L5  The U1 base of a month counts for the break-even rate of the tariff of that month.
 *  L6  Month reasons (Decision 2026-12: PAY_ABOVE_CEILING, DECLARATION_MISSING,
 *      DECLARATION_WITHOUT_PAY, in this order) are read per levy: DECLARATION_MISSING when a
 *      levy has pay in its base (U1 only when in U1) and is not declared (no row, or that levy
 *      empty: L4); DECLARATION_WITHOUT_PAY when a levy is declared other than 0.00 and has no pay
 *      in its base (so also a non-participant, or one with participation unknown, declaring U1).
 *      Both can stand on one month (U1 declared without U1 pay, U2 pay not declared).
 * Claims (reimbursements.ts)
 *  C1  Only claims with period_from in Y are decided; OVERLAP compares with the claims approved
 *      earlier in this run only (held claims never block). The employment category is not checked.
 *  C2  Rejected claims show days and eligible_pay, capped_pay and reimbursement 0.00, no rate.
 *  C3  A missing employer_contributions of an employment ban counts as 0.
 * Funds (funds.ts)
 *  F1  levies_declared sums every declaration of Y, also of aag_exempt employers and months
 *      without a levy_months row.
 *  F2  The reserve limit is rounded half up to cents and the status compares the closing balance
 *      with the rounded limit (what the export shows); negative is checked first.
 *  F3  Break-even rates are rounded half up to 6 decimals and written with 6 decimals.
 */
import { Decimal, ZERO, formatMoney, sumDecimals } from '../../src/money.ts';
import { centsOf, formatCents } from './cents.ts';
import { byEmployee } from './employment.ts';
import { existedInYear, openedIn } from './existence.ts';
import { levyMonths, type LevyMonthsResult } from './levies.ts';
import { currentYearRow, isExemptFromU1, nextYearRow, participatesInYear } from './participation.ts';
import { levyYear } from './rates.ts';
import { reimburse } from './reimbursements.ts';
import { formatSegments, resolveTariff } from './tariff.ts';
import type { EmployerFacts, EmployerResult, LevyDeclaration, LevyFundFigures, LevyParams, U1DeterminationRow } from './types.ts';

export function computeEmployer(facts: EmployerFacts, year: number, params: LevyParams): EmployerResult {
  const y = levyYear(year, params);
  const { employer } = facts;
  const inYear = (month: string) => month.startsWith(`${year}-`);
  const declarations = facts.declarations.filter((d) => inYear(d.month));
  assertOneDeclarationPerMonth(employer.employerId, declarations);

  const exempt = isExemptFromU1(employer);
  const resolution = exempt ? null : resolveTariff(employer, facts.elections, facts.history.previousTariff, year, y.u1RateChanges);
  const exists = existedInYear(employer, year);
  const participates = participatesInYear(employer, facts.history);

  const determinations: U1DeterminationRow[] = [];
  if (exists) determinations.push(currentYearRow(employer, facts.history, year));
  const next = nextYearRow(employer, facts.employments, year, params);
  if (next) determinations.push(next);

  const employmentsByEmployee = byEmployee(facts.employments);
  const segments = resolution?.segments ?? null;
  const levied = !employer.aagExempt && !openedIn(employer, year + 1);
  const levies = levied
    ? levyMonths(
        {
          employer,
          payMonths: facts.payMonths.filter((p) => inYear(p.month)),
          declarations,
          employmentsByEmployee,
          segments,
          participates,
        },
        y,
      )
    : null;
  const claims = reimburse({ employer, claims: facts.claims, employmentsByEmployee, segments, participates }, y);

  return {
    tariff:
      resolution && exists
        ? {
            employerId: employer.employerId,
            year,
            tariff: resolution.segments[0]!.tariff,
            segments: formatSegments(resolution.segments),
            reasons: resolution.reasons,
          }
        : null,
    determinations,
    levyMonths: levies?.rows ?? [],
    reimbursements: claims.rows,
    fund: fundFigures(declarations, levies, claims),
  };
}

function fundFigures(
  declarations: readonly LevyDeclaration[],
  levies: LevyMonthsResult | null,
  claims: ReturnType<typeof reimburse>,
): LevyFundFigures {
  const declared = (pick: (d: LevyDeclaration) => string | null) => {
    // whole cents (cents.ts), or decimal.js for a figure with more decimals: the same sum
    let cents = 0n;
    for (const d of declarations) {
      const value = pick(d);
      const c = value === null ? 0n : centsOf(value);
      if (c === null) return formatMoney(sumDecimals(declarations.map((x) => new Decimal(pick(x) ?? 0))));
      cents += c;
    }
    return formatCents(cents);
  };
  const base30 = (value: Decimal | undefined) => (value ?? ZERO).toFixed(2);
  return {
    u1: {
      levyDeclared: declared((d) => d.declaredU1),
      levyComputed: formatMoney(levies?.u1Computed ?? ZERO),
      reimbursementsApproved: formatMoney(claims.u1Approved),
      base30: base30(levies?.u1Base30ByTariff['50'].plus(levies.u1Base30ByTariff['65'])),
      byTariff: {
        '50': { reimbursementsApproved: formatMoney(claims.u1ApprovedByTariff['50']), base30: base30(levies?.u1Base30ByTariff['50']) },
        '65': { reimbursementsApproved: formatMoney(claims.u1ApprovedByTariff['65']), base30: base30(levies?.u1Base30ByTariff['65']) },
      },
    },
    u2: {
      levyDeclared: declared((d) => d.declaredU2),
      levyComputed: formatMoney(levies?.u2Computed ?? ZERO),
      reimbursementsApproved: formatMoney(claims.u2Approved),
      base30: base30(levies?.u2Base30),
    },
  };
}

/** Two declaration rows for one employer and month are an import error. */
function assertOneDeclarationPerMonth(employerId: string, declarations: readonly LevyDeclaration[]): void {
  const seen = new Set<string>();
  for (const d of declarations) {
    if (seen.has(d.month)) throw new Error(`levy: employer ${employerId} has two declarations for ${d.month} (an import error)`);
    seen.add(d.month);
  }
}
