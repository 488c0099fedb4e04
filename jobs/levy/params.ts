/**
 * The U1/U2 parameters for a year, from the effective-dated tables: levy and reimbursement
 * rates, the pension-insurance ceiling (BBG RV), headcount limit and reserve months. The rules
 * check that every month of Y is covered and stop with the missing parameter's name; here a year
 * without a ceiling, or with the West/East split (2023, 2024: the data carry no place of
 * employment), stops the run before any chunk.
 */
import type { Kysely } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { DB } from '../../src/db/schema.ts';
import { fundsInForce, type Fund } from '../../src/funds.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import type { LevyParams, PensionCeiling, Tariff } from './types.ts';

/** The job's fund (its plug-in's `fund`): every read below takes this fund's rows and the fund-less ones. */
export const FUND: Fund = 'AOK PLUS';

export async function loadLevyParameters(db: Kysely<DB>, year: number): Promise<{ params: LevyParams; versions: Record<string, string> }> {
  const rates = await db
    .selectFrom('param_levy_rate')
    .selectAll()
    .where('fund', 'in', fundsInForce(FUND))
    .where('valid_from', '<=', isoDate(year + 1, 12, 31))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', isoDate(year - 1, 1, 1))]))
    .orderBy('valid_from')
    .execute();
  const ceilings = await db
    .selectFrom('param_pension_ceiling')
    .selectAll()
    .where('fund', 'in', fundsInForce(FUND))
    .where('year', 'in', [year - 1, year, year + 1])
    .execute();
  const ofYear = ceilings.filter((c) => c.year === year);
  if (ofYear.length === 0)
    throw new PermanentRunError(`no pension-insurance ceiling (BBG RV) for ${year} in param_pension_ceiling: add it as a migration`);
  if (ofYear.some((c) => c.region !== 'all')) {
    throw new PermanentRunError(
      `${year} has separate West/East pension-insurance ceilings and the data carry no place of employment: a levy run for ${year} is not possible`,
    );
  }
  const values = await db
    .selectFrom('param_value')
    .selectAll()
    .where('fund', 'in', fundsInForce(FUND))
    .where('name', 'in', ['levy_headcount_limit', 'levy_reserve_months'])
    .where('valid_from', '<=', isoDate(year, 1, 1))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', isoDate(year, 12, 31))]))
    .execute();
  const value = (name: string) => {
    const v = values.find((x) => x.name === name);
    if (!v) throw new PermanentRunError(`parameter ${name} is not in force for all of ${year}`);
    return Number(v.value);
  };
  const of = (name: string) => rates.filter((r) => r.name === name);
  const levy = of('u1_levy');
  if (!levy.some((r) => r.valid_from <= isoDate(year, 1, 1))) {
    throw new PermanentRunError(
      `no U1 levy rate in force on ${isoDate(year, 1, 1)} (param_levy_rate; known from 2025-01-01): add the rates for ${year} as a migration`,
    );
  }
  const pensionCeilings: PensionCeiling[] = [];
  for (const y of new Set(ceilings.map((c) => c.year))) {
    const rows = ceilings.filter((c) => c.year === y);
    const all = rows.find((c) => c.region === 'all');
    if (all) pensionCeilings.push({ year: y, monthly: all.monthly });
    else
      pensionCeilings.push({
        year: y,
        west: rows.find((c) => c.region === 'west')?.monthly ?? '0',
        east: rows.find((c) => c.region === 'east')?.monthly ?? '0',
      });
  }
  const tariffRates = (name: string) =>
    of(name).map((r) => ({ tariff: r.tariff as Tariff, validFrom: r.valid_from, validTo: r.valid_to, rate: plain(r.rate) }));
  const plainRates = (name: string) => of(name).map((r) => ({ validFrom: r.valid_from, validTo: r.valid_to, rate: plain(r.rate) }));
  return {
    params: {
      u1LevyRates: tariffRates('u1_levy'),
      u1ReimbursementRates: tariffRates('u1_reimbursement'),
      u2LevyRates: plainRates('u2_levy'),
      u2ReimbursementRates: plainRates('u2_reimbursement'),
      pensionCeilings,
      headcountLimit: value('levy_headcount_limit'),
      reserveMonths: value('levy_reserve_months'),
    },
    versions: { levy_rates: [...new Set(rates.map((r) => r.version))].sort().join(','), pension_ceiling: `BBG RV ${year}` },
  };
}

/** numeric(10,6) comes back as "0.029500": rates are shown as plain decimals ("0.0295", "0.5", "1"). */
function plain(rate: string): string {
  return rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
}
