/**
 * One partition per import table and batch (sql/migrations/0018): a file's rows are copied into a
 * table of their own that has no index yet, and attaching it to the parent builds the parent's
 * indexes on it in one sort each — several times cheaper than keeping an index up to date row by
 * row during the COPY (issue 12). Everything happens inside the import's transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The partition of `table` that holds the rows of batch `batchId`. */
export function batchPartitionName(table: string, batchId: number): string {
  return `${table}_batch_${batchId}`;
}

/**
 * Creates the (still detached, index-free) partition of `table` for the batch. Its CHECK constraint
 * states the partition's bound, so ATTACH needs no scan to prove it and a row of another batch
 * cannot get in. Returns its name.
 */
export async function createBatchPartition(trx: Kysely<DB>, table: string, batchId: number): Promise<string> {
  const name = batchPartitionName(table, batchId);
  await sql`CREATE TABLE ${sql.table(name)} (LIKE ${sql.table(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`.execute(trx);
  await sql`ALTER TABLE ${sql.table(name)} ADD CONSTRAINT ${sql.ref(`${name}_bound`)}
              CHECK (batch_id >= ${sql.lit(batchId)} AND batch_id < ${sql.lit(batchId + 1)})`.execute(trx);
  return name;
}

/** Attaches the filled partition: PostgreSQL builds the parent's indexes on it (one sort each). */
export async function attachBatchPartition(trx: Kysely<DB>, table: string, batchId: number): Promise<void> {
  const name = batchPartitionName(table, batchId);
  await sql`ALTER TABLE ${sql.table(table)} ATTACH PARTITION ${sql.table(name)}
              FOR VALUES FROM (${sql.lit(batchId)}) TO (${sql.lit(batchId + 1)})`.execute(trx);
}
