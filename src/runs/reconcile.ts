/**
 * From a correction's Korrekturen to its payment list (pipeline.md, "Reconciliation (2026-12)"):
 * the money a release of the run moves, split into named causes that add up exactly
 * (sql/queries/payment-reconcile.sql):
 *   moved = recomputed + earlierUnmoved + withheldNow
 * `recomputed` is the change of the computed amounts the Korrekturen list (their money-moving
 * columns); the other two are why money moves without a Korrekturen delta (an outcome change such
 * as held → receivable with the same balance) or does not move despite one (an open Klärfall).
 * Before the release the figures say what it would move with the decisions taken so far; after it
 * they equal the run's payment list, which is checked.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { sqlQuery } from '../db/sql-files.ts';
import { Decimal } from '../money.ts';
import type { AnyJob } from './job-definition.ts';
import { settledPayments } from './release.ts';
import type { RunRecord } from './run-store.ts';

export interface Reconciliation {
  recomputed: string;
  earlierUnmoved: string;
  withheldNow: string;
  moved: string;
  payouts: string;
  /** a negative sum (the fund collects) */
  receivables: string;
  items: number;
  earlierUnmovedItems: number;
  withheldItems: number;
}

export async function reconcilePayments(db: Kysely<DB>, job: AnyJob, run: RunRecord, baselineRunId: number): Promise<Reconciliation> {
  const { rows } = await sqlQuery<{
    recomputed: string;
    earlier_unmoved: string;
    withheld_now: string;
    moved: string;
    payouts: string;
    receivables: string;
    items: number;
    earlier_unmoved_items: number;
    withheld_items: number;
  }>('payment-reconcile.sql', { settled: settledPayments(job, run), baseline_positions: job.payments.positions(baselineRunId) }).execute(
    db,
  );
  const r = rows[0]!;
  const result: Reconciliation = {
    recomputed: r.recomputed,
    earlierUnmoved: r.earlier_unmoved,
    withheldNow: r.withheld_now,
    moved: r.moved,
    payouts: r.payouts,
    receivables: r.receivables,
    items: r.items,
    earlierUnmovedItems: r.earlier_unmoved_items,
    withheldItems: r.withheld_items,
  };
  const causes = new Decimal(result.recomputed).plus(result.earlierUnmoved).plus(result.withheldNow);
  if (!causes.eq(result.moved)) throw new Error(`reconciliation of run ${run.id}: causes ${causes.toFixed(2)} ≠ moved ${result.moved}`);
  if (run.status === 'released') await checkAgainstList(db, run.id, result);
  return result;
}

/** A released run: the reconciliation must be its payment list, sum by sum. */
async function checkAgainstList(db: Kysely<DB>, runId: number, r: Reconciliation): Promise<void> {
  const list = await db
    .selectFrom('run_payment')
    .select([
      sql<string>`coalesce(sum(amount) FILTER (WHERE direction = 'payout'), 0)::numeric(16,2)::text`.as('payouts'),
      sql<string>`(-coalesce(sum(amount) FILTER (WHERE direction = 'receivable'), 0))::numeric(16,2)::text`.as('receivables'),
      sql<number>`count(*)::int`.as('items'),
    ])
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  const same = new Decimal(list.payouts).eq(r.payouts) && new Decimal(list.receivables).eq(r.receivables) && list.items === r.items;
  if (!same) {
    throw new Error(
      `reconciliation of run ${runId} differs from its payment list: ${r.payouts}/${r.receivables} (${r.items}) vs ${list.payouts}/${list.receivables} (${list.items})`,
    );
  }
}
