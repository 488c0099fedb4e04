/**
 * Named scalar parameters (param_value) of a job's fund and of federal law (src/funds.ts), each in
 * force for a whole period (e.g. all of Y). A job's loadParameters may read its scalars with this
 * instead of its own query. A name missing, or in force in two rows (two versions within the
 * period, or a fund's row beside a federal one: a parameter is one fund's law or federal law,
 * never both), stops the run with a message naming it.
 */
import type { Kysely } from 'kysely';
import type { IsoDate } from '../dates.ts';
import type { DB } from '../db/schema.ts';
import { fundsInForce, type Fund } from '../funds.ts';
import { PermanentRunError } from './job-definition.ts';

export interface Scalars<N extends string> {
  /** the value text by name, as stored (money '70.00', dates 'MM-DD', integers '36') */
  values: Record<N, string>;
  /** the versions of the rows read, sorted and distinct (for the run's parameter_versions) */
  versions: string[];
}

export async function scalarsInForce<N extends string>(
  db: Kysely<DB>,
  fund: Fund,
  names: readonly N[],
  from: IsoDate,
  to: IsoDate,
): Promise<Scalars<N>> {
  const rows = await db
    .selectFrom('param_value')
    .select(['name', 'fund', 'version', 'value'])
    .where('fund', 'in', fundsInForce(fund))
    .where('name', 'in', [...names])
    .where('valid_from', '<=', from)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', to)]))
    .execute();
  const missing = names.filter((n) => !rows.some((r) => r.name === n));
  if (missing.length > 0) throw new PermanentRunError(`parameters of ${fund} not in force from ${from} to ${to}: ${missing.join(', ')}`);
  const twice = names.filter((n) => rows.filter((r) => r.name === n).length > 1);
  if (twice.length > 0) throw new PermanentRunError(`parameters in force twice from ${from} to ${to} for ${fund}: ${twice.join(', ')}`);
  return {
    values: Object.fromEntries(rows.map((r) => [r.name, r.value])) as Record<N, string>,
    versions: [...new Set(rows.map((r) => r.version))].sort(),
  };
}
