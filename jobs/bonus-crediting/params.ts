/**
 * The § 19a parameters for a crediting year, from the effective-dated parameter tables: the
 * points table and the named parameters (deadline, ages, limits, conversion rates). One
 * version must cover the whole year — a table changing within Y would need a rule for which
 * date decides, which the spec does not give — else the run stops with a clear message.
 */
import type { Kysely } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { DB } from '../../src/db/schema.ts';
import { fundsInForce, type Fund } from '../../src/funds.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import type { BonusParams, Frequency, MeasureRule, Section } from './types.ts';

/** The job's fund (its plug-in's `fund`): every read below takes this fund's rows and the fund-less ones. */
export const FUND: Fund = 'AOK PLUS';

/** The named parameters of rules-19a-bonus.md (param_value). */
export const BONUS_PARAMETER_NAMES = [
  'bonus_proof_deadline',
  'bonus_u1_u3_set_points',
  'bonus_dental_half_years_below_age',
  'bonus_activity_min_age',
  'bonus_goal_min_age',
  'bonus_goal_max_days',
  'bonus_goal_min_share',
  'bonus_activities_per_month',
  'bonus_goals_per_year',
  'bonus_activity_points',
  'bonus_goal_points',
  'bonus_activity_kcal',
  'bonus_activity_kcal_minutes',
  'bonus_activity_heart_rate',
  'bonus_activity_heart_rate_minutes',
  'bonus_activity_steps',
  'bonus_cash_minimum_points',
  'bonus_cash_euro_per_point',
  'bonus_plus_euro_per_point',
  'bonus_plus_start_date',
] as const;
type Name = (typeof BONUS_PARAMETER_NAMES)[number];

/** The proof deadline of year Y (31 March Y+1 with the 2025 parameters). */
export async function proofDeadlineOf(db: Kysely<DB>, year: number): Promise<string> {
  const { params } = await loadBonusParameters(db, year);
  return isoDate(year + 1, params.proofDeadline.month, params.proofDeadline.day);
}

export async function loadBonusParameters(
  db: Kysely<DB>,
  year: number,
): Promise<{ params: BonusParams; versions: Record<string, string> }> {
  const first = isoDate(year, 1, 1);
  const last = isoDate(year, 12, 31);
  const measures = await db
    .selectFrom('param_bonus_measure')
    .selectAll()
    .where('fund', 'in', fundsInForce(FUND))
    .where('valid_from', '<=', first)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', last)]))
    .orderBy('measure_code')
    .execute();
  const versions = [...new Set(measures.map((m) => m.version))];
  if (versions.length !== 1) {
    throw new PermanentRunError(
      versions.length === 0
        ? `no § 19a points table in force for all of ${year} (param_bonus_measure; the known table is valid from 2023-01-01): add it as a migration`
        : `more than one § 19a points table in force in ${year} (${versions.join(', ')})`,
    );
  }
  const values = await db
    .selectFrom('param_value')
    .selectAll()
    .where('fund', 'in', fundsInForce(FUND))
    .where('name', 'in', [...BONUS_PARAMETER_NAMES])
    .where('valid_from', '<=', first)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', last)]))
    .execute();
  const byName = new Map(values.map((v) => [v.name, v]));
  const missing = BONUS_PARAMETER_NAMES.filter((n) => !byName.has(n));
  if (missing.length > 0) throw new PermanentRunError(`§ 19a parameters not in force for all of ${year}: ${missing.join(', ')}`);
  const text = (n: Name) => byName.get(n)!.value;
  const int = (n: Name) => Number(text(n));
  const [month, day] = text('bonus_proof_deadline').split('-').map(Number) as [number, number];
  const pointsTable: Record<string, MeasureRule> = {};
  for (const m of measures)
    pointsTable[m.measure_code] = { points: m.points, section: m.section as Section, frequency: m.frequency as Frequency };
  return {
    params: {
      pointsTable,
      proofDeadline: { month, day },
      u1U3SetPoints: int('bonus_u1_u3_set_points'),
      dentalHalfYearsBelowAge: int('bonus_dental_half_years_below_age'),
      activityMinAge: int('bonus_activity_min_age'),
      goalMinAge: int('bonus_goal_min_age'),
      goalMaxDays: int('bonus_goal_max_days'),
      goalMinShare: text('bonus_goal_min_share'),
      activitiesPerMonth: int('bonus_activities_per_month'),
      goalsPerYear: int('bonus_goals_per_year'),
      activityPoints: int('bonus_activity_points'),
      goalPoints: int('bonus_goal_points'),
      activityThresholds: {
        kcal: text('bonus_activity_kcal'),
        kcalMinutes: text('bonus_activity_kcal_minutes'),
        heartRate: text('bonus_activity_heart_rate'),
        heartRateMinutes: text('bonus_activity_heart_rate_minutes'),
        steps: text('bonus_activity_steps'),
      },
      cashMinimumPoints: int('bonus_cash_minimum_points'),
      cashEuroPerPoint: text('bonus_cash_euro_per_point'),
      plusEuroPerPoint: text('bonus_plus_euro_per_point'),
      plusStartDate: text('bonus_plus_start_date'),
    },
    versions: { bonus_points_table: versions[0]!, bonus_parameters: [...new Set(values.map((v) => v.version))].sort().join(',') },
  };
}
