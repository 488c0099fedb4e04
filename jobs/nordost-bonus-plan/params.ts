/**
 * The plan's parameters for a year: fund AOK Nordost's class table(s) covering every month of Y,
 * its scalars, and the fund-less § 53 Abs. 8 SGB V cap (rules-nordost-bonus-plan.md,
 * "Parameters"). A month of Y without a class table stops the run with a message naming the gap.
 */
import type { Kysely } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { DB } from '../../src/db/schema.ts';
import type { Fund } from '../../src/funds.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import { scalarsInForce } from '../../src/runs/parameters.ts';
import { dayOfNextYear } from './decisions.ts';
import { tableInForce } from './months.ts';
import type { NordostClass, NordostClassTable, NordostParams } from './types.ts';

/** The job's fund (its plug-in's `fund`): every read below takes this fund's rows and the fund-less ones. */
export const FUND: Fund = 'AOK Nordost';

const PLAN_NAMES = ['health_bonus', 'additional_bonus_months', 'payout_due', 'health_proof_deadline'] as const;
const CAP_NAMES = ['premium_cap_rate', 'premium_cap_max'] as const;

export async function loadNordostParameters(
  db: Kysely<DB>,
  year: number,
): Promise<{ params: NordostParams; versions: Record<string, string> }> {
  const first = isoDate(year, 1, 1);
  const last = isoDate(year, 12, 31);
  const rows = await db
    .selectFrom('param_bonus_plan_class')
    .selectAll()
    // A tariff's class table is always one fund's law (migration 0015: no fund-less rows).
    .where('fund', '=', FUND)
    .where('valid_from', '<=', last)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', first)]))
    .orderBy('valid_from')
    .orderBy('tariff_class')
    .execute();
  const tables = new Map<string, NordostClassTable>();
  for (const row of rows) {
    const table = tables.get(row.version) ?? { version: row.version, validFrom: row.valid_from, validTo: row.valid_to, classes: [] };
    table.classes.push({
      tariffClass: row.tariff_class as NordostClass,
      incomeUpTo: row.income_up_to,
      basicBonus: row.basic_bonus,
      additionalBonus: row.additional_bonus,
      copayPerVisit: row.copay_per_visit,
      copayPerHospitalDay: row.copay_per_hospital_day,
      copayCap: row.copay_cap,
    });
    tables.set(row.version, table);
  }
  const classTables = [...tables.values()];
  const uncovered = Array.from({ length: 12 }, (_, i) => isoDate(year, i + 1, 1)).filter((d) => !tableInForce(classTables, d));
  if (uncovered.length > 0) {
    throw new PermanentRunError(
      `no AOK Nordost bonus plan class table in force for ${uncovered.map((d) => d.slice(0, 7)).join(', ')}` +
        ` (param_bonus_plan_class; the known table starts 2024-01-01): add the table for ${year} as a migration before settling it`,
    );
  }
  // Scalars in force for all of Y: the plan's (fund AOK Nordost) and the § 53 Abs. 8 cap (federal law).
  const plan = await scalarsInForce(db, FUND, PLAN_NAMES, first, last);
  const cap = await scalarsInForce(db, FUND, CAP_NAMES, first, last);
  const params: NordostParams = {
    classTables,
    healthBonus: plan.values.health_bonus,
    additionalBonusMonths: Number(plan.values.additional_bonus_months),
    payoutDue: plan.values.payout_due,
    healthProofDeadline: plan.values.health_proof_deadline,
    premiumCapRate: cap.values.premium_cap_rate,
    premiumCapMax: cap.values.premium_cap_max,
  };
  // Fail here, not per member: a malformed day is a parameter error.
  dayOfNextYear(year, params.payoutDue);
  dayOfNextYear(year, params.healthProofDeadline);
  return {
    params,
    versions: {
      bonus_plan_class_table: classTables.map((t) => t.version).join(','),
      bonus_plan_values: plan.versions.join(','),
      premium_cap: cap.versions.join(','),
    },
  };
}
