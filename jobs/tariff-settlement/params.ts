/**
 * The § 18a parameters in force for a settlement year, read from the effective-dated
 * parameter tables: the class table(s) covering every month of Y and the § 53 Abs. 8 SGB V premium cap.
 * A month of Y without a class table stops the run with a message naming the gap.
 */
import type { Kysely } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { DB } from '../../src/db/schema.ts';
import { fundsInForce, type Fund } from '../../src/funds.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import { tableInForce } from './classes.ts';
import type { ClassTable, TariffClass, TariffParams } from './types.ts';

/** The job's fund (its plug-in's `fund`): every read below takes this fund's rows and the fund-less ones. */
export const FUND: Fund = 'AOK PLUS';

export async function loadTariffParameters(
  db: Kysely<DB>,
  year: number,
): Promise<{ params: TariffParams; versions: Record<string, string> }> {
  const first = isoDate(year, 1, 1);
  const last = isoDate(year, 12, 31);
  const rows = await db
    .selectFrom('param_tariff_class')
    .selectAll()
    .where('fund', 'in', fundsInForce(FUND))
    .where('valid_from', '<=', last)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', first)]))
    .orderBy('valid_from')
    .orderBy('tariff_class')
    .execute();
  const tables = new Map<string, ClassTable>();
  for (const row of rows) {
    const table = tables.get(row.version) ?? { version: row.version, validFrom: row.valid_from, validTo: row.valid_to, classes: [] };
    table.classes.push({
      tariffClass: row.tariff_class as TariffClass,
      incomeUpTo: row.income_up_to,
      premium: row.premium,
      outpatientDeductible: row.outpatient_deductible,
      inpatientDeductible: row.inpatient_deductible,
      deductibleCap: row.yearly_cap,
    });
    tables.set(row.version, table);
  }
  const classTables = [...tables.values()];
  const uncovered = Array.from({ length: 12 }, (_, i) => isoDate(year, i + 1, 1)).filter((d) => !tableInForce(classTables, d));
  if (uncovered.length > 0) {
    throw new PermanentRunError(
      `no § 18a class table in force for ${uncovered.map((d) => d.slice(0, 7)).join(', ')}` +
        ` (param_tariff_class; the known table starts 2022-04-01): add the table for ${year} as a migration before settling it`,
    );
  }
  const premiumCaps = await db
    .selectFrom('param_value')
    .selectAll()
    .where('fund', 'in', fundsInForce(FUND))
    .where('name', 'in', ['premium_cap_rate', 'premium_cap_max'])
    .where('valid_from', '<=', first)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', last)]))
    .execute();
  const rate = premiumCaps.find((c) => c.name === 'premium_cap_rate');
  const max = premiumCaps.find((c) => c.name === 'premium_cap_max');
  if (!rate || !max)
    throw new PermanentRunError(`the § 53 Abs. 8 SGB V premium cap (premium_cap_rate, premium_cap_max) is not in force for all of ${year}`);
  return {
    params: { classTables, premiumCapRate: rate.value, premiumCapMax: max.value },
    versions: { tariff_class_table: classTables.map((t) => t.version).join(','), premium_cap: rate.version },
  };
}
