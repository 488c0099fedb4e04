/**
 * State across years (pipeline.md): a crediting run of Y takes its opening balances from the
 * latest released run of Y−1, else from its latest computed one (with a warning in the
 * workbook); the opening-balance file counts only where no such run holds a member's balance.
 * Payouts and PLUS receipts settled by runs of earlier years are settled once, ever.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { JobName } from '../../src/job-names.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import { WITH_RESULTS } from '../../src/runs/lifecycle.ts';
import { previousYearRun } from '../../src/runs/state-run.ts';
import { proofDeadlineOf } from './params.ts';

/** § 19a Abs. 6: a final run for Y only once the proof deadline has passed; a dry run any time. */
export async function checkBonusStart(db: Kysely<DB>, start: { year: number; kind: string; asOf: string }): Promise<void> {
  if (start.kind === 'dry') return;
  const deadline = await proofDeadlineOf(db, start.year);
  if (start.asOf <= deadline) {
    throw new PermanentRunError(
      `bonus crediting for ${start.year} can run only after the proof deadline ${deadline} (today is ${start.asOf}); ` +
        'use --dry-run for a preliminary run',
    );
  }
}

export function chooseStateRun(db: Kysely<DB>, run: { id: number; job: JobName; year: number }) {
  return previousYearRun(db, run.job, run.year);
}

/** Closing balances of the state run for a key range: member → points. */
export async function carriedBalances(
  db: Kysely<DB>,
  stateRunId: number | null,
  firstKey: string,
  lastKey: string,
): Promise<Map<string, number>> {
  if (stateRunId === null) return new Map();
  const rows = await db
    .selectFrom('bonus_account_result')
    .select(['member_id', 'closing_points'])
    .where('run_id', '=', stateRunId)
    .where('member_id', '>=', firstKey)
    .where('member_id', '<=', lastKey)
    .execute();
  return new Map(rows.map((r) => [r.member_id, r.closing_points]));
}

/** Runs of the job's earlier years whose decisions stand: not dry, computed or further on. */
function earlierRuns(db: Kysely<DB>, job: JobName, year: number) {
  return db
    .selectFrom('run')
    .select('id')
    .where('job', '=', job)
    .where('year', '<', year)
    .where('kind', '!=', 'dry')
    .where('status', 'in', WITH_RESULTS);
}

/** Payout ids an earlier year's run already decided: they are not settled again. */
export async function settledPayoutIds(db: Kysely<DB>, job: JobName, year: number, payoutIds: string[]): Promise<Set<string>> {
  if (payoutIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('bonus_item_result')
    .select('item_id')
    .distinct()
    .where('item_type', '=', 'payout')
    .where('item_id', 'in', payoutIds)
    .where('run_id', 'in', earlierRuns(db, job, year))
    .execute();
  return new Set(rows.map((r) => r.item_id));
}

/** PLUS receipts an earlier year's run already paid: each receipt once, ever. */
export async function usedReceipts(db: Kysely<DB>, job: JobName, year: number, receiptIds: string[]): Promise<Set<string>> {
  if (receiptIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('bonus_item_result')
    .select('receipt_id')
    .distinct()
    .where('decision', '=', 'paid')
    .where('receipt_id', 'in', receiptIds)
    .where('run_id', 'in', earlierRuns(db, job, year))
    .execute();
  return new Set(rows.map((r) => r.receipt_id!));
}
