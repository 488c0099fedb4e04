/**
 * State across years (pipeline.md, "Runs"): figures carried into year Y come from the latest
 * released run of the same job for Y−1; where there is none, from its latest computed run, and
 * the workbook says so in a warning.
 */
import type { Kysely } from 'kysely';
import type { JobName } from '../job-names.ts';
import type { DB } from '../db/schema.ts';
import { WITH_RESULTS } from './lifecycle.ts';

export async function previousYearRun(
  db: Kysely<DB>,
  job: JobName,
  year: number,
): Promise<{ stateRunId: number | null; warnings: string[] }> {
  const candidates = await db
    .selectFrom('run')
    .select(['id', 'status'])
    .where('job', '=', job)
    .where('year', '=', year - 1)
    .where('kind', '!=', 'dry')
    .where('status', 'in', WITH_RESULTS)
    .orderBy('id', 'desc')
    .execute();
  const released = candidates.find((c) => c.status === 'released');
  if (released) return { stateRunId: released.id, warnings: [] };
  const computed = candidates[0];
  if (computed) {
    return { stateRunId: computed.id, warnings: [`Vorjahreswerte aus Lauf ${computed.id} (${year - 1}), der noch nicht freigegeben ist`] };
  }
  return { stateRunId: null, warnings: [] };
}
