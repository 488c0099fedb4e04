/**
 * The due dates the payment lists fixed, for the workbooks (pipeline.md "Reconciliation
 * (2026-12)": one due date per payout, the payment list's). A release fixes a due date per
 * payment (src/runs/release.ts: a § 18a payout released after 30 June Y+1 is due on its release
 * day, a receivable one month after the release); every sheet of a released run's workbook shows
 * that date, read here from run_payment, never recomputed.
 *
 * An item's due date on a released run is the one of the latest payment in the direction of its
 * position (a payout for a position > 0, a receivable for one < 0) among the releases of the same
 * job and year up to this run. So the first release's list gives the first workbook its dates; a
 * correction's workbook shows the correction's date for a changed item and the earlier list's
 * date for an item the correction did not move. A payout lowered by a correction keeps its payout
 * date (the receivable for the difference has its own date on the Zahlungsliste). An item no list
 * paid in that direction (an open or rejected Klärfall) has no due date.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { IsoDate } from '../dates.ts';
import type { DB } from '../db/schema.ts';
import { Decimal } from '../money.ts';
import type { RunRecord } from './run-store.ts';

export type PaymentCategory = 'tariff' | 'bonus_payout' | 'reimbursement' | 'bonus_plan';

/** Rows resolved per query: a bounded batch, one index range scan per released run. */
const BATCH = 10_000;

/**
 * Subquery (item_key, direction, due_on): per item and direction the due date of the latest
 * payment of the releases of `run`'s job and year up to `run` (`run` itself included once
 * released); `keys` narrows it to item keys from `keys.from` to `keys.to` (byte order).
 */
export function latestDueDates(
  run: Pick<RunRecord, 'id' | 'job' | 'year'>,
  category: PaymentCategory,
  keys?: { from: string; to: string },
): RawBuilder<unknown> {
  const range = keys ? sql`AND p.item_key >= ${keys.from} AND p.item_key <= ${keys.to}` : sql``;
  return sql`
    SELECT DISTINCT ON (p.item_key, p.direction) p.item_key, p.direction, p.due_on::text AS due_on
    FROM run_payment p JOIN run r ON r.id = p.run_id
    WHERE r.job = ${run.job} AND r.year = ${run.year} AND r.status = 'released' AND r.id <= ${run.id}
      AND p.category = ${category} ${range}
    ORDER BY p.item_key, p.direction, r.id DESC`;
}

/**
 * Yields each of `rows` (in byte order of their key, as resultRows reads them) with the due date
 * of its direction: the sign of `amountOf(row)` gives it (> 0 payout, < 0 receivable, 0 none).
 * Rows are resolved in batches by one query over the batch's key range, so memory stays bounded
 * and a million rows cost a hundred range queries.
 */
export async function* withDueDates<T>(
  db: Kysely<DB>,
  run: Pick<RunRecord, 'id' | 'job' | 'year'>,
  category: PaymentCategory,
  rows: AsyncIterable<T>,
  keyOf: (row: T) => string,
  amountOf: (row: T) => string,
  batchSize = BATCH,
): AsyncGenerator<{ row: T; dueOn: IsoDate | null }> {
  async function* resolve(batch: T[]) {
    const keys = { from: keyOf(batch[0]!), to: keyOf(batch[batch.length - 1]!) };
    const found = await sql<{ item_key: string; direction: string; due_on: string }>`
      SELECT item_key, direction, due_on FROM (${latestDueDates(run, category, keys)}) d`.execute(db);
    const due = new Map(found.rows.map((d) => [`${d.direction} ${d.item_key}`, d.due_on]));
    for (const row of batch) {
      const amount = new Decimal(amountOf(row));
      const direction = amount.gt(0) ? 'payout' : amount.lt(0) ? 'receivable' : null;
      yield { row, dueOn: direction ? (due.get(`${direction} ${keyOf(row)}`) ?? null) : null };
    }
  }
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === batchSize) {
      yield* resolve(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield* resolve(batch);
}
