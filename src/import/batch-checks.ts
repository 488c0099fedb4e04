/**
 * The checks of an import that need the whole batch, run in SQL after the COPY inside the import's
 * transaction: each deletes the rows it rejects and returns them (line, column, value, reason) for
 * the rejection report — references to the members (employers) file in force, duplicate keys, and
 * a file spec's set checks.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FileSpec, Reference, SetCheck } from './file-specs.ts';

/** The batch in force for a referenced file: this import's own, else the latest earlier one. */
async function batchInForce(trx: Kysely<DB>, file: string, batchId: number): Promise<number | null> {
  const row = await trx
    .selectFrom('import_file')
    .select('batch_id')
    .where('file_name', '=', file)
    .where('batch_id', '<=', batchId)
    .orderBy('batch_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.batch_id ?? null;
}

/** Rows naming a member (employer) that the members (employers) file in force does not hold; an empty optional reference names none. */
export async function rejectUnknownReferences(trx: Kysely<DB>, spec: FileSpec, ref: Reference, batchId: number) {
  const refBatch = (await batchInForce(trx, ref.file, batchId)) ?? -1;
  const removed = await sql<{ line: number; value: string }>`
    DELETE FROM ${sql.table(spec.table)} t
     WHERE t.batch_id = ${batchId}
       AND t.${sql.ref(ref.column)} IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM ${sql.table(ref.table)} m WHERE m.batch_id = ${refBatch} AND m.${sql.ref(ref.key)} = t.${sql.ref(ref.column)})
    RETURNING t.line, t.${sql.ref(ref.column)} AS value`.execute(trx);
  return removed.rows.map((r) => ({
    line: r.line,
    column: ref.column,
    value: r.value,
    reason: `unknown ${ref.label} (not in ${ref.file})`,
  }));
}

/**
 * The first row with a key is loaded; every later row with the same key is rejected. Only the
 * candidate lines (DuplicateCandidates: every row whose key may occur twice) are numbered: the
 * other rows' keys are unique, so they are never a later row of a key. A ctid names a row only
 * within one partition (sql/migrations/0018): both sides are held to the batch's partition.
 */
export async function rejectDuplicateKeys(trx: Kysely<DB>, spec: FileSpec, batchId: number, candidates: number[] | null) {
  if (candidates?.length === 0) return [];
  const onlyCandidates = candidates === null ? sql`` : sql`AND line = ANY(${candidates}::int[])`;
  const keys = sql.join(spec.key.map((k) => sql.ref(k)));
  const keyText = sql.join(
    spec.key.map((k) => sql`d.${sql.ref(k)}::text`),
    sql` || '|' || `,
  );
  const removed = await sql<{ line: number; value: string }>`
    DELETE FROM ${sql.table(spec.table)} t
     USING (SELECT ctid AS row_id, ${keys}, row_number() OVER (PARTITION BY ${keys} ORDER BY line) AS rn
              FROM ${sql.table(spec.table)} WHERE batch_id = ${batchId} ${onlyCandidates}) d
     WHERE t.batch_id = ${batchId} AND t.ctid = d.row_id AND d.rn > 1
    RETURNING t.line, ${keyText} AS value`.execute(trx);
  const column = spec.key.join('+');
  // RETURNING has no order (it followed the join): by line, so import_rejection is filled alike every time
  return removed.rows
    .sort((a, b) => a.line - b.line)
    .map((r) => ({ line: r.line, column, value: r.value, reason: `duplicate key ${column}` }));
}

/** Rows failing a check that needs parameters or the batch's other rows (FileSpec.setChecks); no value is recorded. */
export async function rejectFailingSetCheck(trx: Kysely<DB>, spec: FileSpec, check: SetCheck, batchId: number) {
  const removed = await sql<{ line: number }>`
    DELETE FROM ${sql.table(spec.table)} t
     WHERE t.batch_id = ${batchId} AND (${check.violates(batchId)})
    RETURNING t.line`.execute(trx);
  return removed.rows.map((r) => ({ line: r.line, column: check.column, value: null, reason: check.reason }));
}
