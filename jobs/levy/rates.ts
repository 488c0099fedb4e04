/**
 * The effective-dated parameters of one year, checked once and looked up by date: the rates in
 * force on a day, the year's single pension-insurance ceiling, and the days in Y on which a U1
 * rate changes (§ 39 Abs. 2 Nr. 4). A year without a parameter stops with an error naming it.
 */
import { addDays, isoDate, parts, type IsoDate } from '../../src/dates.ts';
import { Decimal } from '../../src/money.ts';
import type { LevyParams, RatePeriod, Tariff, TariffRatePeriod } from './types.ts';
import { TARIFFS } from './types.ts';

export interface LevyYear {
  year: number;
  params: LevyParams;
  /** BBG RV per month of Y */
  ceiling: Decimal;
  /** first days of months in Y (after 1 January) on which a U1 levy or reimbursement rate changes, ascending */
  u1RateChanges: IsoDate[];
}

const prepared = new WeakMap<LevyParams, Map<number, LevyYear>>();

/** The checked parameters of `year` (memoised per params object: computeEmployer runs per employer). */
export function levyYear(year: number, params: LevyParams): LevyYear {
  let byYear = prepared.get(params);
  if (!byYear) prepared.set(params, (byYear = new Map()));
  let result = byYear.get(year);
  if (!result) byYear.set(year, (result = prepareYear(year, params)));
  return result;
}

function prepareYear(year: number, params: LevyParams): LevyYear {
  const ceiling = ceilingOf(year, params);
  const firstDays = Array.from({ length: 12 }, (_, i) => isoDate(year, i + 1, 1));
  for (const day of firstDays) {
    for (const tariff of TARIFFS) {
      requireRate(tariffRateOn(params.u1LevyRates, tariff, day), `U1 levy rate of Tarif ${tariff}`, day);
      requireRate(tariffRateOn(params.u1ReimbursementRates, tariff, day), `U1 reimbursement rate of Tarif ${tariff}`, day);
    }
    requireRate(rateOn(params.u2LevyRates, day), 'U2 levy rate', day);
    requireRate(rateOn(params.u2ReimbursementRates, day), 'U2 reimbursement rate', day);
  }
  const u1Lookups = TARIFFS.flatMap((t) => [
    { name: `U1 levy rate of Tarif ${t}`, on: (d: IsoDate) => tariffRateOn(params.u1LevyRates, t, d), periods: params.u1LevyRates },
    {
      name: `U1 reimbursement rate of Tarif ${t}`,
      on: (d: IsoDate) => tariffRateOn(params.u1ReimbursementRates, t, d),
      periods: params.u1ReimbursementRates,
    },
  ]);
  const lookups = [...u1Lookups, { name: 'U2 levy rate', on: (d: IsoDate) => rateOn(params.u2LevyRates, d), periods: params.u2LevyRates }];
  const u1RateChanges = new Set<IsoDate>();
  for (const lookup of lookups) {
    for (const day of changeDays(lookup.periods, year)) {
      const before = lookup.on(addDays(day, -1));
      const after = lookup.on(day);
      if (sameRate(before, after)) continue;
      // A month uses the rates in force on its first day: a change within a month has no answer.
      if (parts(day).day !== 1) {
        throw new Error(
          `levy ${year}: the ${lookup.name} changes on ${day}, in the middle of a month; rates may change only on the first day of a month`,
        );
      }
      if (lookup.name.startsWith('U1')) u1RateChanges.add(day);
    }
  }
  return { year, params, ceiling, u1RateChanges: [...u1RateChanges].sort() };
}

/** The one BBG RV of `year`; years with West/East values stop: the data carry no place of employment. */
export function ceilingOf(year: number, params: LevyParams): Decimal {
  const found = params.pensionCeilings.filter((c) => c.year === year);
  if (found.length > 1) throw new Error(`levy ${year}: the pension-insurance ceiling (BBG RV) of ${year} is given ${found.length} times`);
  const entry = found[0];
  if (!entry) throw new Error(`levy ${year}: parameter missing: pension-insurance ceiling (BBG RV) per month of ${year}`);
  if ('monthly' in entry) return new Decimal(entry.monthly);
  throw new Error(
    `levy ${year}: the pension-insurance ceiling (BBG RV) of ${year} has separate West (${entry.west}) and East (${entry.east}) values ` +
      'and the data carry no place of employment; the levy job runs for 2025 and later only',
  );
}

/** The rate in force on `date`, or undefined. Two periods in force on one day are a parameter error. */
export function rateOn(periods: readonly RatePeriod[], date: IsoDate): Decimal | undefined {
  const found = periods.filter((p) => p.validFrom <= date && (p.validTo === null || date <= p.validTo));
  if (found.length > 1)
    throw new Error(`levy: ${found.length} rates are in force on ${date} (${found.map((p) => p.validFrom).join(', ')})`);
  return found[0] ? new Decimal(found[0].rate) : undefined;
}

export function tariffRateOn(periods: readonly TariffRatePeriod[], tariff: Tariff, date: IsoDate): Decimal | undefined {
  return rateOn(
    periods.filter((p) => p.tariff === tariff),
    date,
  );
}

/** Looked-up rates (checked in prepareYear, so a miss here is a programming error). */
export function u1LevyRate(y: LevyYear, tariff: Tariff, date: IsoDate): Decimal {
  return requireRate(tariffRateOn(y.params.u1LevyRates, tariff, date), `U1 levy rate of Tarif ${tariff}`, date);
}
export function u1ReimbursementRate(y: LevyYear, tariff: Tariff, date: IsoDate): Decimal {
  return requireRate(tariffRateOn(y.params.u1ReimbursementRates, tariff, date), `U1 reimbursement rate of Tarif ${tariff}`, date);
}
export function u2LevyRate(y: LevyYear, date: IsoDate): Decimal {
  return requireRate(rateOn(y.params.u2LevyRates, date), 'U2 levy rate', date);
}
export function u2ReimbursementRate(y: LevyYear, date: IsoDate): Decimal {
  return requireRate(rateOn(y.params.u2ReimbursementRates, date), 'U2 reimbursement rate', date);
}

/** Rates as plain decimals for the exports: "0.0295", "0.5", "1". */
export function formatRate(rate: Decimal): string {
  return rate.toFixed();
}

function requireRate(rate: Decimal | undefined, name: string, date: IsoDate): Decimal {
  if (!rate) throw new Error(`levy: parameter missing: ${name} in force on ${date}`);
  return rate;
}

/** Days in Y after 1 January on which a period starts or the day after one ends. */
function changeDays(periods: readonly RatePeriod[], year: number): IsoDate[] {
  const first = isoDate(year, 1, 1);
  const last = isoDate(year, 12, 31);
  const days = periods.flatMap((p) => [p.validFrom, ...(p.validTo === null ? [] : [addDays(p.validTo, 1)])]);
  return [...new Set(days.filter((d) => d > first && d <= last))].sort();
}

function sameRate(a: Decimal | undefined, b: Decimal | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}
