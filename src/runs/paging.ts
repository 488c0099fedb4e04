/**
 * Reading a run's result rows in key order, page by page (keyset pagination on the primary
 * key, compared in C collation), so exports and workbooks of millions of rows never hold them
 * all in memory, and the order is byte order whatever the database's collation.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';

const PAGE = 10_000;
const INTEGER_KEYS = new Set(['year']);

type ResultTable =
  | 'tariff_result'
  | 'bonus_account_result'
  | 'bonus_item_result'
  | 'levy_month_result'
  | 'u1_tariff_result'
  | 'u1_determination_result'
  | 'reimbursement_result'
  | 'levy_fund_result'
  | 'nordost_result'
  | 'nordost_proof_result'
  | 'run_payment';

export async function* resultRows<T extends ResultTable>(
  db: Kysely<DB>,
  table: T,
  runId: number,
  keys: readonly (keyof DB[T] & string)[],
): AsyncGenerator<Selectable<DB[T]>> {
  let after: unknown[] | null = null;
  // Keys compare as text, byte by byte (data-contract.md): integer keys (year) as their text.
  const asText = (k: string) => (INTEGER_KEYS.has(k) ? sql`${sql.ref(k)}::text COLLATE "C"` : sql`${sql.ref(k)} COLLATE "C"`);
  const keyList = sql.join(keys.map(asText));
  const order = keyList;
  for (;;) {
    const cursor: RawBuilder<unknown> = after === null ? sql`true` : sql`(${keyList}) > (${sql.join(after.map((v) => sql`${v}`))})`;
    const page: { rows: Record<string, unknown>[] } = await sql<Record<string, unknown>>`
      SELECT * FROM ${sql.table(table)} WHERE run_id = ${runId} AND ${cursor} ORDER BY ${order} LIMIT ${PAGE}`.execute(db);
    yield* page.rows as never[];
    if (page.rows.length < PAGE) return;
    const last: Record<string, unknown> = page.rows[page.rows.length - 1]!;
    after = keys.map((k) => (INTEGER_KEYS.has(k) ? String(last[k]) : last[k]));
  }
}
