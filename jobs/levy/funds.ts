/**
 * Satzung § 41, AAG § 9: the year of the two levy funds (U1 and U2 are separate special funds;
 * rules-aag-levy.md § 5 and "Funds"). Per-employer figures are summed (sumFundFigures) and the
 * year is closed once (closeLevyFunds).
 */
import { Decimal, ZERO, formatMoney, roundCents } from '../../src/money.ts';
import { BREAK_EVEN_DECIMALS, MONTHS_PER_YEAR } from './decisions.ts';
import type {
  LevyFundFigures,
  LevyFundOpening,
  LevyFundRow,
  LevyParams,
  Procedure,
  ProcedureFigures,
  ReserveStatus,
  Tariff,
} from './types.ts';
import { TARIFFS } from './types.ts';

const THIRTY = new Decimal(30);

export function emptyFundFigures(): LevyFundFigures {
  const zero = { levyDeclared: '0.00', levyComputed: '0.00', reimbursementsApproved: '0.00', base30: '0.00' };
  return {
    u1: {
      ...zero,
      byTariff: { '50': { reimbursementsApproved: '0.00', base30: '0.00' }, '65': { reimbursementsApproved: '0.00', base30: '0.00' } },
    },
    u2: { ...zero },
  };
}

/** Sum of employers' (or chunks') figures; exact, nothing rounded. */
export function sumFundFigures(all: Iterable<LevyFundFigures>): LevyFundFigures {
  const total = { u1: decimals(emptyFundFigures().u1), u2: decimals(emptyFundFigures().u2) };
  const byTariff = { '50': { approved: ZERO, base30: ZERO }, '65': { approved: ZERO, base30: ZERO } };
  for (const f of all) {
    add(total.u1, f.u1);
    add(total.u2, f.u2);
    for (const t of TARIFFS) {
      byTariff[t].approved = byTariff[t].approved.plus(f.u1.byTariff[t].reimbursementsApproved);
      byTariff[t].base30 = byTariff[t].base30.plus(f.u1.byTariff[t].base30);
    }
  }
  const tariffFigures = (t: Tariff) => ({
    reimbursementsApproved: formatMoney(byTariff[t].approved),
    base30: byTariff[t].base30.toFixed(2),
  });
  return { u1: { ...strings(total.u1), byTariff: { '50': tariffFigures('50'), '65': tariffFigures('65') } }, u2: strings(total.u2) };
}

/**
 * levy_fund rows (U1, U2) of Y. closing = opening + levies declared − reimbursements approved.
 * Reserve limit = reserveMonths / 12 of the approved reimbursements (3 × the monthly average),
 * rounded to cents; a closing balance equal to it is `ok`. Break-even rate for Y+1 =
 * reimbursements / levy base, to 6 decimals, empty when the base is 0 (U1 also per tariff).
 */
export function closeLevyFunds(opening: LevyFundOpening, figures: LevyFundFigures, params: LevyParams): LevyFundRow[] {
  const u1 = fundRow('U1', opening.year, opening.u1, figures.u1, params);
  const u2 = fundRow('U2', opening.year, opening.u2, figures.u2, params);
  const t = figures.u1.byTariff;
  return [
    {
      ...u1,
      breakEvenRateT50: breakEvenRate(t['50'].reimbursementsApproved, t['50'].base30),
      breakEvenRateT65: breakEvenRate(t['65'].reimbursementsApproved, t['65'].base30),
    },
    u2,
  ];
}

function fundRow(procedure: Procedure, year: number, openingBalance: string | null, f: ProcedureFigures, params: LevyParams): LevyFundRow {
  if (openingBalance === null) {
    throw new Error(
      `levy ${year}: the opening balance of the ${procedure} fund for ${year} is missing (levy_fund_balances.csv or the run of ${year - 1})`,
    );
  }
  const opening = new Decimal(openingBalance);
  const approved = new Decimal(f.reimbursementsApproved);
  const closing = opening.plus(f.levyDeclared).minus(approved);
  const reserveLimit = roundCents(approved.times(params.reserveMonths).dividedBy(MONTHS_PER_YEAR));
  return {
    procedure,
    year,
    openingBalance: formatMoney(opening),
    leviesDeclared: formatMoney(new Decimal(f.levyDeclared)),
    leviesComputed: formatMoney(new Decimal(f.levyComputed)),
    reimbursements: formatMoney(approved),
    closingBalance: formatMoney(closing),
    reserveLimit: formatMoney(reserveLimit),
    reserveStatus: reserveStatus(closing, reserveLimit),
    breakEvenRate: breakEvenRate(f.reimbursementsApproved, f.base30),
    breakEvenRateT50: null,
    breakEvenRateT65: null,
  };
}

export function reserveStatus(closing: Decimal, reserveLimit: Decimal): ReserveStatus {
  if (closing.lessThan(0)) return 'negative';
  if (closing.greaterThan(reserveLimit)) return 'above_limit';
  return 'ok';
}

/** reimbursements / (base30 / 30), half up to 6 decimals; null when the base is 0. */
export function breakEvenRate(reimbursements: string, base30: string): string | null {
  const base = new Decimal(base30);
  if (base.isZero()) return null;
  return new Decimal(reimbursements).times(THIRTY).dividedBy(base).toFixed(BREAK_EVEN_DECIMALS, Decimal.ROUND_HALF_UP);
}

type DecimalFigures = Record<keyof ProcedureFigures, Decimal>;

function decimals(f: ProcedureFigures): DecimalFigures {
  return {
    levyDeclared: new Decimal(f.levyDeclared),
    levyComputed: new Decimal(f.levyComputed),
    reimbursementsApproved: new Decimal(f.reimbursementsApproved),
    base30: new Decimal(f.base30),
  };
}

function add(total: DecimalFigures, f: ProcedureFigures): void {
  total.levyDeclared = total.levyDeclared.plus(f.levyDeclared);
  total.levyComputed = total.levyComputed.plus(f.levyComputed);
  total.reimbursementsApproved = total.reimbursementsApproved.plus(f.reimbursementsApproved);
  total.base30 = total.base30.plus(f.base30);
}

function strings(f: DecimalFigures): ProcedureFigures {
  return {
    levyDeclared: formatMoney(f.levyDeclared),
    levyComputed: formatMoney(f.levyComputed),
    reimbursementsApproved: formatMoney(f.reimbursementsApproved),
    base30: f.base30.toFixed(2),
  };
}
