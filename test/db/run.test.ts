/**
 * Runs on the real PostgreSQL: chunked settlement, idempotent chunk writes, resume of a failed
 * run, one active run per job and year, dry runs, missing parameters, and byte-identical
 * exports between PostgreSQL and the embedded PGlite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { ActiveRunExistsError } from '../../src/runs/create-run.ts';
import { executeChunk, finalizeRun } from '../../src/runs/execute.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import { failRun, transition } from '../../src/runs/lifecycle.ts';
import { chunkProgress, getRun } from '../../src/runs/run-store.ts';
import { TARIFF_SETTLEMENT_COLUMNS } from '../../jobs/tariff-settlement/export.ts';
import { openFresh, skipServices } from '../helpers/services.ts';
import { exportText, start, testDeps, tmpDir } from '../helpers/pipeline.ts';
import { cleanEnv, yearend } from '../helpers/cli.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-run-'));
const dataDir = path.join(root, 'data');

beforeAll(async () => {
  await generateDataset({ members: 1500, employers: 0, year: 2025, seed: 'run-test', outDir: dataDir });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.skipIf(skipServices)('runs on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  let referenceExport = '';
  beforeAll(async () => {
    db = await openFresh('run');
    await importFolder(db.database, { folder: dataDir, importedBy: 'test', outputDir: tmpDir(root, 'imp'), maxRejectRate: 0.01 });
  });
  afterAll(async () => db?.drop());

  it('settles in chunks and records inputs, parameter versions, chunk counts and totals', async () => {
    const out = tmpDir(root, 'out-pg');
    const run = await start(db.database, 2025);
    expect(run.status).toBe('queued');
    expect(run.kind).toBe('final');
    expect(run.chunk_count).toBeGreaterThanOrEqual(5); // 1,500 members and family-insured persons in chunks of 300
    await runInProcess(testDeps(db.database, out), run.id);
    const done = await getRun(db.database.db, run.id);
    expect(done.status).toBe('computed');
    expect(done.parameter_versions).toEqual({ tariff_class_table: '18a-2022-04-01', premium_cap: 'SGB V § 53 Abs. 8' });
    // the run keeps its job's fund (migration 0015)
    expect(done.fund).toBe('AOK PLUS');
    const inputs = await db.database.db.selectFrom('run_input').selectAll().where('run_id', '=', run.id).execute();
    expect(inputs.map((i) => i.file_name).sort()).toEqual([
      'annual_income.csv',
      'bonus_participations.csv',
      'inpatient_stays.csv',
      'members.csv',
      'memberships.csv',
      'outpatient_treatments.csv',
      'tariff_declarations.csv',
      'third_party_periods.csv',
    ]);
    for (const i of inputs) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
    const progress = await chunkProgress(db.database.db, run.id);
    expect(progress.done).toBe(progress.total);
    const rows = await db.database.db
      .selectFrom('tariff_result')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('run_id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect(progress.written).toBe(rows.n);
    expect(rows.n).toBeGreaterThan(500);
    const totals = done.totals as { members: number; payouts: string };
    expect(totals.members).toBe(rows.n);
    expect(fs.existsSync(done.reports[0]!)).toBe(true);
    referenceExport = await exportText(db.database, run.id, tmpDir(root, 'exp-pg'));
    const lines = referenceExport.trimEnd().split('\n');
    expect(lines[0]).toBe(TARIFF_SETTLEMENT_COLUMNS.join(','));
    expect(lines.length - 1).toBe(rows.n);
    // sorted by member_id, byte order
    const ids = lines.slice(1).map((l) => l.split(',')[0]!);
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
  });

  it('a chunk executed twice writes the same rows once (idempotent by run and member)', async () => {
    const run = await start(db.database, 2025);
    const deps = testDeps(db.database, tmpDir(root, 'out-idem'));
    await executeChunk(deps, run.id, 0);
    const first = await db.database.db.selectFrom('tariff_result').selectAll().where('run_id', '=', run.id).orderBy('member_id').execute();
    // Force the chunk to count as unfinished, as after a worker died before acknowledging it.
    await db.database.db
      .updateTable('run_chunk')
      .set({ status: 'pending' })
      .where('run_id', '=', run.id)
      .where('chunk_no', '=', 0)
      .execute();
    await executeChunk(deps, run.id, 0);
    const second = await db.database.db.selectFrom('tariff_result').selectAll().where('run_id', '=', run.id).orderBy('member_id').execute();
    expect(second).toEqual(first);
    await runInProcess(deps, run.id);
    expect(await exportText(db.database, run.id, tmpDir(root, 'exp-idem'))).toBe(referenceExport);
  });

  it('a failed run resumes with only its unfinished chunks; totals equal an undisturbed run', async () => {
    const run = await start(db.database, 2025);
    const deps = testDeps(db.database, tmpDir(root, 'out-resume'));
    await executeChunk(deps, run.id, 0);
    await executeChunk(deps, run.id, 1);
    await failRun(db.database.db, run.id, 'simulated crash');
    const before = await db.database.db
      .selectFrom('run_chunk')
      .select(['chunk_no', 'attempts', 'finished_at'])
      .where('run_id', '=', run.id)
      .orderBy('chunk_no')
      .execute();
    expect(await transition(db.database.db, run.id, ['failed'], 'running')).toBe(true);
    await runInProcess(deps, run.id);
    const after = await db.database.db
      .selectFrom('run_chunk')
      .select(['chunk_no', 'attempts', 'finished_at'])
      .where('run_id', '=', run.id)
      .orderBy('chunk_no')
      .execute();
    expect(after[0]).toEqual(before[0]); // chunk 0 was not redone
    expect(after[1]).toEqual(before[1]);
    expect(after.slice(2).every((c) => c.attempts === 1)).toBe(true);
    expect((await getRun(db.database.db, run.id)).status).toBe('computed');
    expect(await exportText(db.database, run.id, tmpDir(root, 'exp-resume'))).toBe(referenceExport);
  });

  it('a run whose runner died (no progress) is stale: resume finishes it; a live one is refused', async () => {
    const run = await start(db.database, 2025);
    await executeChunk(testDeps(db.database, tmpDir(root, 'out-stale')), run.id, 0);
    const env = cleanEnv({ DATABASE_URL: db.url, OUTPUT_DIR: tmpDir(root, 'out-stale'), STALE_AFTER_MS: '60000' });
    const live = await yearend(['resume', String(run.id)], env);
    expect(live.code).toBe(1);
    expect(live.stderr).toMatch(/is running and made progress \d+ s ago; it can be resumed once it is stale/);
    await db.database.db
      .updateTable('run')
      .set({ updated_at: sql`now() - interval '1 hour'` })
      .where('id', '=', run.id)
      .execute();
    const status = await yearend(['status'], env);
    expect(status.stdout).toMatch(new RegExp(`STALE: no progress — \`yearend resume ${run.id}\``));
    const resumed = await yearend(['resume', String(run.id), '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).status).toBe('computed');
    const first = await db.database.db
      .selectFrom('run_chunk')
      .select('attempts')
      .where('run_id', '=', run.id)
      .where('chunk_no', '=', 0)
      .executeTakeFirstOrThrow();
    expect(first.attempts).toBe(1); // the chunk done before the runner died was not redone
    expect(await exportText(db.database, run.id, tmpDir(root, 'exp-stale'))).toBe(referenceExport);
  });

  it('refuses a second active run of the same job and year', async () => {
    const run = await start(db.database, 2025);
    await expect(start(db.database, 2025)).rejects.toThrow(ActiveRunExistsError);
    await expect(start(db.database, 2025)).rejects.toThrow(new RegExp(`already has an active run \\(run ${run.id}`));
    await transition(db.database.db, run.id, ['queued'], 'cancelled');
    // cancelled: the chunk is skipped, nothing written
    expect(await executeChunk(testDeps(db.database, root), run.id, 0)).toBe('skipped');
  });

  it('a year without parameters is refused with a clear message before a run record exists', async () => {
    await expect(start(db.database, 2021)).rejects.toThrow(PermanentRunError);
    await expect(start(db.database, 2021)).rejects.toThrow(/no run started: no § 18a class table in force for 2021-01, 2021-02/);
    await expect(start(db.database, 1999)).rejects.toThrow(/tariff-settlement 1999: no run started/);
    await expect(start(db.database, 1999, { dryRun: true })).rejects.toThrow(/no run started/);
    const rows = await db.database.db.selectFrom('run').select('id').where('year', 'in', [1999, 2021]).execute();
    expect(rows).toEqual([]);
  });

  it('a final run of a year that has not ended is refused, nothing inserted; a dry run of it is allowed', async () => {
    // start() runs with today = 2026-05-02: 2026 has not ended, 2099 neither
    for (const year of [2026, 2099]) {
      await expect(start(db.database, year)).rejects.toThrow(PermanentRunError);
      await expect(start(db.database, year)).rejects.toThrow(
        new RegExp(`${year}: a final run needs the year to have ended \\(today is 2026-05-02\\); use --dry-run`),
      );
    }
    expect(await db.database.db.selectFrom('run').select('id').where('year', 'in', [2026, 2099]).execute()).toEqual([]);
    const dry = await start(db.database, 2026, { dryRun: true });
    expect(dry.kind).toBe('dry');
    expect(dry.status).toBe('queued');
    await transition(db.database.db, dry.id, ['queued'], 'cancelled');
  });

  it('a dry run computes everything, is marked dry and exports only as preliminary', async () => {
    const run = await start(db.database, 2025, { dryRun: true });
    expect(run.kind).toBe('dry');
    await runInProcess(testDeps(db.database, tmpDir(root, 'out-dry')), run.id);
    await expect(exportText(db.database, run.id, tmpDir(root, 'exp-dry'))).rejects.toThrow(/--preliminary/);
    const text = await exportText(db.database, run.id, tmpDir(root, 'exp-dry'), true);
    expect(fs.readdirSync(path.join(root, 'exp-dry'))).toContain('tariff_settlement_preliminary.csv');
    expect(text).toBe(referenceExport);
  });

  it('finalize refuses a run with unfinished chunks', async () => {
    const run = await start(db.database, 2025);
    await expect(finalizeRun(testDeps(db.database, root), run.id)).rejects.toThrow(/chunks are not done/);
    await transition(db.database.db, run.id, ['queued', 'running'], 'cancelled');
  });

  it('a record the rules cannot process is held as a Klärfall; the run completes', async () => {
    const batch = await db.database.db
      .selectFrom('import_file')
      .select('batch_id')
      .where('file_name', '=', 'tariff_declarations.csv')
      .orderBy('batch_id', 'desc')
      .executeTakeFirstOrThrow();
    const victim = await db.database.db
      .selectFrom('tariff_result')
      .select('member_id')
      .where('outcome', '=', 'payout')
      .limit(1)
      .executeTakeFirstOrThrow();
    // An enrolment without a class: the import rejects such rows, so it is written here directly.
    await db.database.db
      .insertInto('tariff_declaration')
      .values({
        batch_id: batch.batch_id,
        line: 999_999,
        declaration_id: 'BROKEN-1',
        member_id: victim.member_id,
        kind: 'enrol',
        received_on: '2019-06-01',
        declared_class: null,
      })
      .execute();
    try {
      const run = await start(db.database, 2025);
      await runInProcess(testDeps(db.database, tmpDir(root, 'out-broken')), run.id);
      expect((await getRun(db.database.db, run.id)).status).toBe('computed');
      const held = await db.database.db
        .selectFrom('run_exception')
        .selectAll()
        .where('run_id', '=', run.id)
        .where('code', '=', 'PROCESSING_ERROR')
        .execute();
      expect(held).toEqual([expect.objectContaining({ item_type: 'member', item_key: victim.member_id, held: true })]);
      const text = await exportText(db.database, run.id, tmpDir(root, 'exp-broken'));
      expect(text).not.toContain(victim.member_id);
      // Every other member's row is the same as in the undisturbed run.
      expect(text).toBe(
        referenceExport
          .split('\n')
          .filter((l) => !l.startsWith(victim.member_id))
          .join('\n'),
      );
    } finally {
      await db.database.db.deleteFrom('tariff_declaration').where('declaration_id', '=', 'BROKEN-1').execute();
    }
  });

  it('the embedded PGlite gives a byte-identical export for the same data', async () => {
    const database = await openEmbedded(path.join(root, 'pglite'));
    try {
      await migrate(database);
      await importFolder(database, { folder: dataDir, importedBy: 'test', outputDir: tmpDir(root, 'imp-emb'), maxRejectRate: 0.01 });
      const run = await start(database, 2025, { chunkSize: 700 });
      await runInProcess(testDeps(database, tmpDir(root, 'out-emb')), run.id);
      expect(await exportText(database, run.id, tmpDir(root, 'exp-emb'))).toBe(referenceExport);
    } finally {
      await database.close();
    }
  });
});
