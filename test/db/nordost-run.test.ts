/**
 * The AOK Nordost bonus plan job end to end on PostgreSQL: the worked examples' facts imported,
 * a run of 2025 computed in chunks, every expected row found in both exports, the run's fund and
 * parameter versions, the start guard; then across years: a 2026 run reads the claim-free months
 * of the 2025 run (released, else computed with a warning), and a correction of 2025 reaches 2026
 * only through a new 2026 run. The embedded PGlite gives byte-identical exports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { Decimal } from '../../src/money.ts';
import { exportRun } from '../../src/cli/commands/export.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { startRun } from '../../src/runs/create-run.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import { releaseRun } from '../../src/runs/release.ts';
import { getRun, inputBatches } from '../../src/runs/run-store.ts';
import { sqlFileText } from '../../src/db/sql-files.ts';
import { NORDOST_SCENARIOS } from '../../src/scenarios/nordost-bonus-plan.ts';
import { SCENARIO_YEAR as Y, type Row } from '../../src/scenarios/index.ts';
import { jobOf } from '../../jobs/registry.ts';
import { openFresh, skipServices } from '../helpers/services.ts';
import { testDeps, tmpDir } from '../helpers/pipeline.ts';
import { writeScenarioFiles } from '../helpers/scenario-files.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-nordost-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const job = jobOf('nordost-bonus-plan');
const memberOf = (key: string) => NORDOST_SCENARIOS.find((s) => s.key === `NORDOST_EXAMPLE_${key}`)!.facts['members.csv']![0]!.member_id!;

/** The examples' incomes of 2025 again for 2026 (each example's income lies inside its class). */
const income2026: Row[] = NORDOST_SCENARIOS.flatMap((s) => s.facts['annual_income.csv']!).map((r) => ({ ...r, year: String(Y + 1) }));

async function run(database: Database, year: number, asOf: string, dryRun = false) {
  const started = await startRun(database.db, job, { year, dryRun, startedBy: 'tester', mode: 'in-process', asOf, chunkSize: 4 });
  await runInProcess(testDeps(database, tmpDir(root, `out-${started.id}`)), started.id);
  const done = await getRun(database.db, started.id);
  expect(done.status).toBe('computed');
  return done;
}

async function exported(database: Database, runId: number): Promise<Map<string, Row[]>> {
  const dir = tmpDir(root, `exp-${runId}`);
  const files = await exportRun(database.db, await getRun(database.db, runId), dir, false);
  return new Map(
    files.map((file) => [
      path.basename(file, '.csv'),
      (parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[]).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v])),
      ),
    ]),
  );
}

async function release(database: Database, runId: number, on: string) {
  await database.db
    .updateTable('run')
    .set({ status: 'approved', approved_by: 'anna', approved_at: sql`now()` })
    .where('id', '=', runId)
    .execute();
  await releaseRun(database.db, job, await getRun(database.db, runId), 'bert', on);
}

async function sheets(file: string): Promise<Map<string, unknown[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const result = new Map<string, unknown[][]>();
  book.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((c) => (c && typeof c === 'object' && 'result' in c ? c.result : c))),
    );
    result.set(sheet.name, rows);
  });
  return result;
}

const rowOf = (rows: Map<string, Row[]>, key: string) => rows.get('nordost_bonus_plan')!.find((r) => r.member_id === memberOf(key));

describe.skipIf(skipServices)('the AOK Nordost bonus plan job on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  let run2025: Awaited<ReturnType<typeof run>>;
  let rows2025: Map<string, Row[]>;
  const data = path.join(root, 'data');

  beforeAll(async () => {
    db = await openFresh('nordost_run');
    writeScenarioFiles(data, NORDOST_SCENARIOS, { 'annual_income.csv': income2026 });
    const imported = await importFolder(db.database, {
      folder: data,
      importedBy: 'test',
      outputDir: tmpDir(root, 'imp'),
      maxRejectRate: 0,
    });
    expect(imported.files.every((f) => f.status === 'loaded' && f.rejected === 0)).toBe(true);
    run2025 = await run(db.database, Y, `${Y + 1}-05-02`);
    rows2025 = await exported(db.database, run2025.id);
  }, 120_000);
  afterAll(async () => db?.drop());

  it('the embedded PGlite gives byte-identical exports for the same data', async () => {
    const files = async (database: Database, runId: number, name: string) =>
      (await exportRun(database.db, await getRun(database.db, runId), tmpDir(root, name), false)).map((f) => fs.readFileSync(f, 'utf8'));
    const reference = await files(db.database, run2025.id, 'exp-pg');
    const database = await openEmbedded(path.join(root, 'pglite'));
    try {
      await migrate(database);
      await importFolder(database, { folder: data, importedBy: 'test', outputDir: tmpDir(root, 'imp-emb'), maxRejectRate: 0 });
      const embedded = await run(database, Y, `${Y + 1}-05-02`);
      expect(embedded.fund).toBe('AOK Nordost');
      expect(await files(database, embedded.id, 'exp-emb')).toEqual(reference);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('writes the workbook: Übersicht with totals equal to the export, Teilnehmer under German headers, Klärfälle, Parameter', async () => {
    const book = await sheets(run2025.reports[0]!);
    expect([...book.keys()]).toEqual(['Übersicht', 'Teilnehmer', 'Klärfälle', 'Importfehler', 'Parameter']);
    const exportedRows = rows2025.get('nordost_bonus_plan')!;
    const [header, ...members] = book.get('Teilnehmer')!;
    expect(header).toEqual(
      expect.arrayContaining([
        'Grundbonus',
        'Gesundheitsbonus',
        'Zusatzbonus',
        'Höchstprämie § 53 Abs. 8',
        'Krankenhaustage',
        'Eigenbeteiligung',
        'leistungsfreie Monate',
      ]),
    );
    expect(members).toHaveLength(exportedRows.length);
    const overview = book.get('Übersicht')!;
    const labelled = (label: string) => overview.find((r) => r[0] === label)?.[1];
    const sum = (column: string) => exportedRows.reduce((a, r) => a.plus(r[column]!), new Decimal(0)).toNumber();
    expect(labelled('Grundbonus')).toBe(sum('basic_bonus'));
    expect(labelled('Zusatzbonus')).toBe(sum('additional_bonus'));
    expect(labelled('Eigenbeteiligung')).toBe(sum('copay'));
    // HISTORY_MISSING in the plan's words, not the levy's
    const klaerfaelle = book.get('Klärfälle')!.flat().map(String);
    expect(klaerfaelle.some((t) => t.startsWith('Leistungsfreie Monate des Vorjahres nicht bekannt'))).toBe(true);
    expect(book.get('Parameter')!.flat()).toEqual(expect.arrayContaining(['Gesundheitsbonus pro Jahr', 'Höchstbetrag pro Jahr']));
  });

  it("the bench's SQL floor runs over the run's inputs: one row per member with a plan declaration", async () => {
    const inputs = await inputBatches(db.database.db, run2025.id);
    const floor = await db.database.withSession(async (session) => {
      await session.db.executeQuery(
        CompiledQuery.raw(sqlFileText(job.bench.floorSql), job.bench.floorParams(inputs, run2025.parameter_versions, Y)),
      );
      const rows = await sql<{ member_id: string; inpatient_days: string }>`SELECT * FROM nordost_sql_floor ORDER BY member_id`.execute(
        session.db,
      );
      await sql`DROP TABLE nordost_sql_floor`.execute(session.db);
      return rows.rows;
    });
    expect(floor).toHaveLength(NORDOST_SCENARIOS.length);
    // A's stay of 10–14 March: 5 days (the floor neither dedups transfers nor checks participation)
    expect(Number(floor.find((r) => r.member_id === memberOf('A'))!.inpatient_days)).toBe(5);
  });

  it('refuses a final run before 1 April Y+1; a dry run may start', async () => {
    const options = { year: Y, startedBy: 'tester', mode: 'in-process' as const, asOf: `${Y + 1}-03-31`, chunkSize: 4 };
    await expect(startRun(db.database.db, job, { ...options, dryRun: false })).rejects.toThrow(PermanentRunError);
    await expect(startRun(db.database.db, job, { ...options, dryRun: false })).rejects.toThrow(/only from 2026-04-01/);
    const dry = await startRun(db.database.db, job, { ...options, dryRun: true });
    expect(dry.kind).toBe('dry');
    await db.database.db.updateTable('run').set({ status: 'cancelled' }).where('id', '=', dry.id).execute();
  });

  it("keeps the fund and the plan's parameter versions on the run; reads the plan's inputs", async () => {
    expect(run2025.fund).toBe('AOK Nordost');
    expect(run2025.parameter_versions).toMatchObject({
      bonus_plan_class_table: 'bonus-plan-2024-01-01',
      bonus_plan_values: 'bonus-plan-2024',
    });
    const inputs = await db.database.db.selectFrom('run_input').select('file_name').where('run_id', '=', run2025.id).execute();
    expect(inputs.map((i) => i.file_name).sort()).toEqual([...job.inputFiles].sort());
    expect(fs.existsSync(run2025.reports[0]!)).toBe(true);
  });

  it.each(NORDOST_SCENARIOS.map((s) => [s.key, s] as const))('%s: every expected row is in the exports', (_, s) => {
    const member = s.facts['members.csv']![0]!.member_id!;
    expect(rows2025.get('nordost_bonus_plan')!.filter((r) => r.member_id === member)).toEqual(s.expected.nordost_bonus_plan);
    expect(rows2025.get('nordost_bonus_plan_proofs')!.filter((r) => r.member_id === member)).toEqual(
      s.expected.nordost_bonus_plan_proofs ?? [],
    );
  });

  it('lists the declaration exception of H2 and holds L', async () => {
    const exceptions = await db.database.db
      .selectFrom('run_exception')
      .select(['item_key', 'code', 'held'])
      .where('run_id', '=', run2025.id)
      .orderBy('item_key')
      .execute();
    expect(exceptions).toEqual(
      [
        { item_key: 'NORDOST_EXAMPLE_H2-D1', code: 'THIRD_PARTY_AT_ENROLMENT', held: false },
        { item_key: memberOf('C'), code: 'PREMIUM_CAPPED', held: false },
        { item_key: memberOf('K'), code: 'CLASS_REDUCED', held: false },
        { item_key: memberOf('L'), code: 'HISTORY_MISSING', held: true },
      ].sort((a, b) => (a.item_key < b.item_key ? -1 : 1)),
    );
  });

  it('across years: 2026 reads 2025 (computed: with a warning; released: without), a correction of 2025 reaches 2026 only by a new 2026 run', async () => {
    // 2025 computed, not released: the 2026 run reads it and warns.
    const early = await run(db.database, Y + 1, `${Y + 2}-05-02`, true);
    expect(early.state_run_id).toBe(run2025.id);
    expect(early.warnings.join(' ')).toMatch(/Vorjahreswerte aus Lauf/);
    await db.database.db.updateTable('run').set({ status: 'cancelled' }).where('id', '=', early.id).execute();

    await release(db.database, run2025.id, `${Y + 1}-05-20`);
    // The release's payment list, as § 18a's: payouts due 30 June Y+1, receivables a month after release, held members not paid.
    const paid = await db.database.db.selectFrom('run_payment').selectAll().where('run_id', '=', run2025.id).execute();
    const moving = rows2025.get('nordost_bonus_plan')!.filter((r) => r.outcome === 'payout' || r.outcome === 'receivable');
    expect(paid.map((p) => p.item_key).sort()).toEqual(moving.map((r) => r.member_id).sort());
    for (const p of paid) {
      expect(p.category).toBe('bonus_plan');
      expect(p.due_on).toBe(p.direction === 'payout' ? `${Y + 1}-06-30` : `${Y + 1}-06-20`);
    }
    expect(paid.find((p) => p.item_key === memberOf('A'))).toMatchObject({ direction: 'receivable', amount: '160.00' });
    const first2026 = await run(db.database, Y + 1, `${Y + 2}-05-02`);
    expect(first2026.state_run_id).toBe(run2025.id);
    expect(first2026.warnings).toEqual([]);
    const rows = await exported(db.database, first2026.id);
    // F: 33 + 12 = 45 → additional 300.00; J: 34 + 12 = 46 → additional 180.00 in its last year; D: 36 + 12 = 48.
    expect(rowOf(rows, 'F')).toMatchObject({ claim_free_months: '45', additional_bonus: '300.00', bonus_total: '530.00' });
    expect(rowOf(rows, 'J')).toMatchObject({ claim_free_months: '46', additional_bonus: '180.00' });
    expect(rowOf(rows, 'D')).toMatchObject({ claim_free_months: '48', additional_bonus: '180.00' });
    // L: the 2025 row holds no value, no history row → still held.
    expect(rowOf(rows, 'L')).toMatchObject({ claim_free_months: null, outcome: 'held', reasons: 'HISTORY_MISSING' });

    // A late claim of F in November 2025 arrives: a correction of 2025.
    const late = path.join(root, 'late');
    const lateVisit = {
      claim_id: 'NORDOST_LATE-O1',
      member_id: memberOf('F'),
      treated_on: `${Y}-11-03`,
      with_prescription: 'true',
      category: 'regular',
    };
    writeScenarioFiles(late, [], {
      'outpatient_treatments.csv': [...NORDOST_SCENARIOS.flatMap((s) => s.facts['outpatient_treatments.csv'] ?? []), lateVisit],
    });
    await importFolder(db.database, { folder: late, importedBy: 'test', outputDir: tmpDir(root, 'imp-late'), maxRejectRate: 0 });
    const correction = await run(db.database, Y, `${Y + 1}-07-10`);
    expect(correction.kind).toBe('correction');
    expect(rowOf(await exported(db.database, correction.id), 'F')).toMatchObject({ claim_free_months: '1', outpatient_events: '1' });
    expect([...(await sheets(correction.reports[0]!)).keys()]).toContain('Korrekturen');
    // The 2026 run already computed keeps what it read.
    expect(rowOf(await exported(db.database, first2026.id), 'F')).toMatchObject({ claim_free_months: '45' });
    await release(db.database, correction.id, `${Y + 1}-07-15`);

    // Only a new 2026 run reads the correction: 1 + 12 = 13, no additional bonus.
    const second2026 = await run(db.database, Y + 1, `${Y + 2}-05-03`);
    expect(second2026.state_run_id).toBe(correction.id);
    expect(rowOf(await exported(db.database, second2026.id), 'F')).toMatchObject({ claim_free_months: '13', additional_bonus: '0.00' });
  }, 120_000);
});

describe.skipIf(skipServices)('the AOK Nordost bonus plan job on a generated data set', () => {
  it('settles the generated participants with no record the rules cannot process', async () => {
    const db = await openFresh('nordost_generated');
    try {
      const data = path.join(root, 'generated');
      await generateDataset({ members: 600, employers: 0, year: Y, seed: 'nordost-run', outDir: data });
      await importFolder(db.database, { folder: data, importedBy: 'test', outputDir: tmpDir(root, 'imp-gen'), maxRejectRate: 0.05 });
      const done = await run(db.database, Y, `${Y + 1}-05-02`);
      const counts = await job.storage.counts(db.database.db, done.id);
      expect(counts.rows).toBeGreaterThan(NORDOST_SCENARIOS.length);
      const errors = await db.database.db
        .selectFrom('run_exception')
        .select('item_key')
        .where('run_id', '=', done.id)
        .where('code', '=', 'PROCESSING_ERROR')
        .execute();
      expect(errors).toEqual([]);
    } finally {
      await db.drop();
    }
  }, 180_000);
});
