/** The database itself refuses a run of a job the code does not know (migration 0009). */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_NAMES } from '../../src/job-names.ts';
import { openFresh, skipServices } from '../helpers/services.ts';

describe.skipIf(skipServices)('run.job on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  beforeAll(async () => {
    db = await openFresh('run_job');
  });
  afterAll(async () => db?.drop());

  const insert = (job: string) =>
    sql`INSERT INTO run (job, fund, year, kind, status, mode, started_by, as_of, chunk_size)
        VALUES (${job}, 'AOK PLUS', 2025, 'dry', 'cancelled', 'in-process', 'test', '2026-05-04', 100)`.execute(db.database.db);

  it('accepts every job of JOB_NAMES and nothing else', async () => {
    for (const job of JOB_NAMES) await expect(insert(job)).resolves.toBeDefined();
    await expect(insert('levi')).rejects.toThrow(/run_job_known/);
    const { rows } = await sql<{ def: string }>`
      SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'run_job_known'`.execute(db.database.db);
    // the constraint names exactly the jobs of the code
    expect([...rows[0]!.def.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]).sort()).toEqual([...JOB_NAMES].sort());
  });
});
