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

export type PaymentCategory = 'tariff' | 'bonus_payout' | 'reimbursement';

const PAGE = 10_000;

interface DueRow {
  item_key: string;
  direction: 'payout' | 'receivable';
  due_on: string;
}

/**
 * Subquery (item_key, direction, due_on): per item and direction the due date of the latest
 * payment of the releases of `run`'s job and year up to `run` (`run` itself included once released).
 */
export function latestDueDates(run: Pick<RunRecord, 'id' | 'job' | 'year'>, category: PaymentCategory): RawBuilder<unknown> {
  return sql`
    SELECT DISTINCT ON (p.item_key, p.direction) p.item_key, p.direction, p.due_on::text AS due_on
    FROM run_payment p JOIN run r ON r.id = p.run_id
    WHERE r.job = ${run.job} AND r.year = ${run.year} AND r.status = 'released' AND r.id <= ${run.id}
      AND p.category = ${category}
    ORDER BY p.item_key, p.direction, r.id DESC`;
}

export interface ItemDue {
  itemKey: string;
  direction: 'payout' | 'receivable';
  dueOn: IsoDate;
}

/** latestDueDates in byte order of item_key (then direction), page by page (bounded memory). */
export async function* dueDatesInKeyOrder(
  db: Kysely<DB>,
  run: Pick<RunRecord, 'id' | 'job' | 'year'>,
  category: PaymentCategory,
): AsyncGenerator<ItemDue> {
  let after: [string, string] | null = null;
  for (;;) {
    const cursor: RawBuilder<unknown> =
      after === null ? sql`true` : sql`(d.item_key COLLATE "C", d.direction) > (${after[0]}, ${after[1]})`;
    const page: { rows: DueRow[] } = await sql<DueRow>`
      SELECT d.item_key, d.direction, d.due_on FROM (${latestDueDates(run, category)}) d
      WHERE ${cursor} ORDER BY d.item_key COLLATE "C", d.direction LIMIT ${PAGE}`.execute(db);
    for (const r of page.rows) yield { itemKey: r.item_key, direction: r.direction, dueOn: r.due_on };
    if (page.rows.length < PAGE) return;
    const last: DueRow = page.rows[page.rows.length - 1]!;
    after = [last.item_key, last.direction];
  }
}

/** Byte order of two keys, as PostgreSQL's C collation compares them. */
function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Walks `rows` (in byte order of their key) alongside `dues` (dueDatesInKeyOrder) and yields each
 * row with the due date of its direction; the sign of `amountOf(row)` gives the direction
 * (> 0 payout, < 0 receivable, 0 none). A merge of two sorted streams: nothing is held in memory.
 */
export async function* withDueDates<T>(
  rows: AsyncIterable<T>,
  dues: AsyncIterable<ItemDue>,
  keyOf: (row: T) => string,
  amountOf: (row: T) => string,
): AsyncGenerator<{ row: T; dueOn: IsoDate | null }> {
  const it = dues[Symbol.asyncIterator]();
  let next = await it.next();
  for await (const row of rows) {
    const key = keyOf(row);
    while (!next.done && byteCompare(next.value.itemKey, key) < 0) next = await it.next();
    const amount = new Decimal(amountOf(row));
    const direction = amount.gt(0) ? 'payout' : amount.lt(0) ? 'receivable' : null;
    let dueOn: IsoDate | null = null;
    while (!next.done && next.value.itemKey === key) {
      if (next.value.direction === direction) dueOn = next.value.dueOn;
      next = await it.next();
    }
    yield { row, dueOn };
  }
}
