/**
 * State across years (rules-nordost-bonus-plan.md, "Claim-free months and the additional bonus";
 * pipeline.md): a run of Y reads claim-free months of Y−1 from the latest released run of Y−1,
 * else its latest computed run (the workbook warns), else from bonus_plan_history.csv. A
 * correction of Y−1 reaches Y only through a new run of Y (the state run is fixed at creation).
 * Decision: a final run needs today ≥ 1 April Y+1, after the health proof deadline.
 */
import type { Kysely } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { DB } from '../../src/db/schema.ts';
import type { JobName } from '../../src/job-names.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import { previousYearRun } from '../../src/runs/state-run.ts';
import type { ClaimFreeRecord } from './types.ts';

/** The first day a final run of Y may start. */
export function firstFinalDay(year: number): string {
  return isoDate(year + 1, 4, 1);
}

export async function checkNordostStart(_db: Kysely<DB>, start: { year: number; kind: string; asOf: string }): Promise<void> {
  if (start.kind === 'dry') return;
  if (start.asOf < firstFinalDay(start.year)) {
    throw new PermanentRunError(
      `the AOK Nordost bonus plan for ${start.year} can run only from ${firstFinalDay(start.year)}, after the health proof deadline ` +
        `(today is ${start.asOf}); use --dry-run for a preliminary run`,
    );
  }
}

export function chooseNordostStateRun(db: Kysely<DB>, run: { id: number; job: JobName; year: number }) {
  return previousYearRun(db, run.job, run.year);
}

/** The state run's rows for a key range: member → its participation start and claim-free months at the end of Y−1. */
export async function previousRunRows(
  db: Kysely<DB>,
  stateRunId: number | null,
  firstKey: string,
  lastKey: string,
): Promise<Map<string, ClaimFreeRecord>> {
  if (stateRunId === null) return new Map();
  const rows = await db
    .selectFrom('nordost_result')
    .select(['member_id', 'year', 'participation_start', 'claim_free_months'])
    .where('run_id', '=', stateRunId)
    .where('member_id', '>=', firstKey)
    .where('member_id', '<=', lastKey)
    .execute();
  return new Map(
    rows.map((r) => [r.member_id, { year: r.year, participationStart: r.participation_start, claimFreeMonths: r.claim_free_months }]),
  );
}
