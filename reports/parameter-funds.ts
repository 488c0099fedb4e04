/**
 * The fund of each parameter a run read (issue 14): on every Parameter sheet a table "Kasse der
 * Parameter" names, per parameter table or named scalar in force in Y, its version, validity and
 * fund — the job's own fund or "alle Kassen (Bundesrecht)" for the fund-less rows of federal law.
 * Read with the job's fund filter (src/funds.ts), so it shows exactly the rows the job could read.
 */
import { sql, type Kysely } from 'kysely';
import { isoDate } from '../src/dates.ts';
import type { DB } from '../src/db/schema.ts';
import { FEDERAL_LAW, fundsInForce, type Fund } from '../src/funds.ts';
import type { SummarySection } from './workbook.ts';

export const FEDERAL_LAW_TEXT = 'alle Kassen (Bundesrecht)';

/** A parameter row's fund as finance reads it: the fund's name, or "alle Kassen (Bundesrecht)". */
export function fundText(fund: string): string {
  return fund === FEDERAL_LAW ? FEDERAL_LAW_TEXT : fund;
}

/** Where a job's parameters come from: an effective-dated table, named scalars, or the yearly BBG RV. */
export type ParameterSource =
  | { title: string; table: 'param_tariff_class' | 'param_bonus_measure' | 'param_levy_rate' | 'param_bonus_plan_class' }
  | { table: 'param_value'; names: readonly string[] }
  | { title: string; table: 'param_pension_ceiling' };

interface OriginRow {
  parameter: string;
  version: string;
  valid_from: string | null;
  valid_to: string | null;
  fund: string;
}

async function originsOf(db: Kysely<DB>, fund: Fund, year: number, source: ParameterSource): Promise<OriginRow[]> {
  const funds = fundsInForce(fund);
  const [first, last] = [isoDate(year, 1, 1), isoDate(year, 12, 31)];
  if (source.table === 'param_pension_ceiling') {
    const { rows } = await sql<OriginRow>`
      SELECT DISTINCT ${source.title} AS parameter, 'BBG RV ' || year AS version, NULL::text AS valid_from, NULL::text AS valid_to, fund
        FROM param_pension_ceiling WHERE year = ${year} AND fund IN (${sql.join(funds)})`.execute(db);
    return rows;
  }
  const parameter = source.table === 'param_value' ? sql.ref('name') : sql`${source.title}::text`;
  const names = source.table === 'param_value' ? sql`AND name IN (${sql.join([...source.names])})` : sql``;
  const { rows } = await sql<OriginRow>`
    SELECT DISTINCT ${parameter} AS parameter, version, valid_from::text AS valid_from, valid_to::text AS valid_to, fund
      FROM ${sql.table(source.table)}
     WHERE fund IN (${sql.join(funds)}) AND valid_from <= ${last} AND (valid_to IS NULL OR valid_to >= ${first}) ${names}
     ORDER BY 1, 3`.execute(db);
  return rows;
}

/** The Parameter sheet's section "Kasse der Parameter" for the job's sources, in their order. */
export async function parameterFundSection(
  db: Kysely<DB>,
  fund: Fund,
  year: number,
  sources: readonly ParameterSource[],
): Promise<SummarySection> {
  const rows: Record<string, unknown>[] = [];
  for (const source of sources) {
    for (const r of await originsOf(db, fund, year, source)) {
      rows.push({ parameter: r.parameter, version: r.version, validFrom: r.valid_from, validTo: r.valid_to, fund: fundText(r.fund) });
    }
  }
  return {
    title: 'Kasse der Parameter',
    table: {
      columns: [
        { header: 'Parameter', key: 'parameter', type: 'text', width: 34 },
        { header: 'Version', key: 'version', type: 'text', width: 22 },
        { header: 'gültig ab', key: 'validFrom', type: 'date' },
        { header: 'gültig bis', key: 'validTo', type: 'date' },
        { header: 'Kasse', key: 'fund', type: 'text', width: 26 },
      ],
      rows,
    },
  };
}
