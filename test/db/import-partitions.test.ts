/**
 * The import tables partitioned by batch (sql/migrations/0018, src/import/batch-partition.ts),
 * on the real PostgreSQL: a database that held batches before the migration keeps every row and
 * reads them as before; each later import gets one partition per table with the parent's indexes;
 * a refused import leaves no table behind; a query for one batch reads only its partition.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder, ImportError } from '../../src/import/import-folder.ts';
import { FILE_SPECS } from '../../src/import/file-specs.ts';
import { openFresh, skipServices } from '../helpers/services.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-partitions-'));
const IMPORT_TABLES = [...new Set(FILE_SPECS.map((s) => s.table))].sort();

beforeAll(async () => {
  await generateDataset({ members: 300, employers: 40, year: 2025, seed: 'partitions-1', outDir: path.join(tmp, 'first') });
  await generateDataset({ members: 320, employers: 45, year: 2025, seed: 'partitions-2', outDir: path.join(tmp, 'second') });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function options(folder: string, out: string) {
  return { folder, importedBy: 'test', outputDir: path.join(tmp, out), maxRejectRate: 0.01 };
}

describe.skipIf(skipServices)('import tables partitioned by batch (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  beforeAll(async () => {
    db = await openFresh('partitions', { unmigrated: true });
  });
  afterAll(async () => db?.drop());

  async function rowsPerBatch(table: string): Promise<Map<number, number>> {
    const r = await sql<{ batch_id: string; n: string }>`SELECT batch_id, count(*) AS n FROM ${sql.table(table)} GROUP BY batch_id`.execute(
      db.database.db,
    );
    return new Map(r.rows.map((x) => [Number(x.batch_id), Number(x.n)]));
  }

  /** partition name → its bound, of a parent table */
  async function partitionsOf(table: string): Promise<Map<string, string>> {
    const r = await sql<{ name: string; bound: string }>`
      SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = ${table}::regclass`.execute(db.database.db);
    return new Map(r.rows.map((x) => [x.name, x.bound]));
  }

  async function indexCount(table: string): Promise<number> {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_index WHERE indrelid = ${table}::regclass`.execute(db.database.db);
    return Number(r.rows[0]!.n);
  }

  it('rows imported before the migration stay readable in the first partition; later batches get their own', async () => {
    // the schema as it was before 0018, and a batch imported into it
    const before = path.join(tmp, 'migrations-before-0018');
    fs.mkdirSync(before);
    for (const f of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f < '0018'))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(before, f));
    await migrate(db.database, before);
    // a batch as the code before 0018 left it: imported elsewhere, its rows copied into the old tables
    const elsewhere = await openFresh('partitions-source');
    let first: Awaited<ReturnType<typeof importFolder>>;
    try {
      first = await importFolder(elsewhere.database, options(path.join(tmp, 'first'), 'out1'));
      for (const table of ['import_batch', 'import_file', 'import_rejection', ...IMPORT_TABLES]) {
        const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(elsewhere.database.db);
        for (let i = 0; i < rows.rows.length; i += 500) {
          await db.database.db
            .insertInto(table as 'member')
            .values(rows.rows.slice(i, i + 500) as never)
            .execute();
        }
      }
      await sql`SELECT setval('import_batch_id_seq', ${first.batchId!})`.execute(db.database.db);
    } finally {
      await elsewhere.drop();
    }
    const counted = new Map<string, Map<number, number>>();
    for (const table of IMPORT_TABLES) counted.set(table, await rowsPerBatch(table));
    expect(counted.get('member')!.get(first.batchId!)).toBeGreaterThan(300);

    expect((await migrate(db.database)).applied).toEqual(['0018_import_tables_partitioned_by_batch.sql']);
    for (const table of IMPORT_TABLES) {
      expect(await rowsPerBatch(table), table).toEqual(counted.get(table));
      const partitions = await partitionsOf(table);
      expect([...partitions], table).toEqual([
        [`${table}_before_batch_partitions`, `FOR VALUES FROM (MINVALUE) TO ('${first.batchId! + 1}')`],
      ]);
    }

    const second = await importFolder(db.database, options(path.join(tmp, 'second'), 'out2'));
    expect(second.batchId).toBe(first.batchId! + 1);
    const loaded = second.files.filter((f) => f.status === 'loaded');
    expect(loaded.length).toBeGreaterThan(20);
    // a file whose bytes did not change is not loaded again: its table gets no partition for the batch
    const loadedTables = new Set(loaded.map((f) => FILE_SPECS.find((s) => s.file === f.file)!.table));
    expect(loadedTables.size).toBeGreaterThan(15);
    for (const table of IMPORT_TABLES) {
      const partitions = await partitionsOf(table);
      if (!loadedTables.has(table)) {
        expect(partitions.size, table).toBe(1);
        continue;
      }
      const own = `${table}_batch_${second.batchId}`;
      expect(partitions.get(own), table).toBe(`FOR VALUES FROM ('${second.batchId}') TO ('${second.batchId! + 1}')`);
      // attaching built the parent's indexes on the partition (bank_account and address have two)
      const indexes = await indexCount(own);
      expect(indexes, table).toBe(table === 'levy_fund_balance' ? 0 : ['bank_account', 'address'].includes(table) ? 2 : 1);
      expect(indexes, table).toBe(await indexCount(`${table}_before_batch_partitions`));
      // the old batch's rows are untouched, the new batch's rows all sit in its partition
      const rows = await rowsPerBatch(table);
      expect(rows.get(first.batchId!), table).toBe(counted.get(table)!.get(first.batchId!));
      const inPartition = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(own)}`.execute(db.database.db);
      expect(Number(inPartition.rows[0]!.n), table).toBe(rows.get(second.batchId!) ?? 0);
    }
    // the counts the import reported are the rows in the partitions (both bank account files in one)
    const member = second.files.find((f) => f.file === 'members.csv')!;
    expect((await rowsPerBatch('member')).get(second.batchId!)).toBe(member.loaded);

    // one batch's rows are read from its partition alone, by its index
    const plan = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT * FROM outpatient_treatment WHERE batch_id = ${sql.lit(second.batchId!)} AND member_id = 'A000000001'`.execute(
      db.database.db,
    );
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain(`outpatient_treatment_batch_${second.batchId}`);
    expect(text).not.toContain('outpatient_treatment_before_batch_partitions');
  });

  it('a refused import leaves no partition behind', async () => {
    const bad = path.join(tmp, 'refused');
    fs.mkdirSync(bad);
    const lines = fs
      .readFileSync(path.join(tmp, 'second', 'members.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    // every data row's birth date broken: far above the 1 % threshold
    const broken = [lines[0], ...lines.slice(1).map((l) => l.replace(/,\d{4}-\d{2}-\d{2}/, ',1990-13-45'))];
    fs.writeFileSync(path.join(bad, 'members.csv'), broken.join('\n') + '\n');
    const tablesBefore = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_class WHERE relname LIKE 'member_batch_%'`.execute(
      db.database.db,
    );
    await expect(importFolder(db.database, options(bad, 'out3'))).rejects.toThrow(ImportError);
    const tablesAfter = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_class WHERE relname LIKE 'member_batch_%'`.execute(
      db.database.db,
    );
    expect(tablesAfter.rows[0]!.n).toBe(tablesBefore.rows[0]!.n);
    expect([...(await partitionsOf('member')).keys()]).toHaveLength(2);
  });
});
