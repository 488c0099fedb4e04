/**
 * A correction whose only change is an outcome change (pipeline.md, "Reconciliation (2026-12)";
 * issue 11, point 2): a member held for a bonus-programme overlap, left open at the release, whose
 * overlap is withdrawn by a new import. The balance is unchanged, so no Korrekturen column moves,
 * yet the correction's release collects (or pays) the whole balance. The Korrekturen sheet lists
 * the member, and Übersicht's reconciling section leads from the Korrekturen's 0.00 to the payment
 * list line by line — before the release as what it would move, after it as what it moved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { Decimal } from '../../src/money.ts';
import { startRun } from '../../src/runs/create-run.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import { releaseRun } from '../../src/runs/release.ts';
import { writeRunReports } from '../../src/runs/run-reports.ts';
import { getRun } from '../../src/runs/run-store.ts';
import { jobOf } from '../../jobs/registry.ts';
import { openFresh, skipServices } from '../helpers/services.ts';
import { testDeps, tmpDir } from '../helpers/pipeline.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-reconcile-'));
const dataDir = path.join(root, 'data');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function computedRun(database: Database, out: string) {
  const run = await startRun(database.db, jobOf('tariff-settlement'), {
    year: 2025,
    dryRun: false,
    startedBy: 'tester',
    mode: 'in-process',
    asOf: '2026-05-02',
    chunkSize: 400,
  });
  await runInProcess(testDeps(database, out), run.id);
  const done = await getRun(database.db, run.id);
  expect(done.status).toBe('computed');
  return done;
}

async function approveAndRelease(database: Database, runId: number, on: string) {
  await database.db
    .updateTable('run')
    .set({ status: 'approved', approved_by: 'anna', approved_at: sql`now()` })
    .where('id', '=', runId)
    .execute();
  await releaseRun(database.db, jobOf('tariff-settlement'), await getRun(database.db, runId), 'ben', on);
}

/** The rows of a sheet as plain values (a formula cell as its result). */
async function sheetRows(file: string, name: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const rows: unknown[][] = [];
  book.getWorksheet(name)!.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(values.map((c) => (c && typeof c === 'object' && 'result' in c ? (c as { result: unknown }).result : c)));
  });
  return rows;
}

/** The reconciling section of Übersicht: label → value, in order. */
async function reconciliation(file: string): Promise<[string, unknown][]> {
  const rows = await sheetRows(file, 'Übersicht');
  const start = rows.findIndex((r) => String(r[0]).startsWith('Abstimmung der Korrekturen mit der Zahlungsliste'));
  expect(start, 'reconciling section on Übersicht').toBeGreaterThan(0);
  const section: [string, unknown][] = [];
  for (const r of rows.slice(start + 1)) {
    if (r.length < 2 || r[0] === undefined || r[0] === null) break;
    section.push([String(r[0]), r[1]]);
  }
  return section;
}

const money = (v: unknown) => new Decimal(String(v)).toFixed(2);

describe.skipIf(skipServices)('reconciliation of a correction with an outcome change only', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  beforeAll(async () => {
    await generateDataset({ members: 1500, employers: 150, year: 2025, seed: 'reconcile-test', outDir: dataDir });
    db = await openFresh('reconcile');
    await importFolder(db.database, { folder: dataDir, importedBy: 'test', outputDir: tmpDir(root, 'imp'), maxRejectRate: 0.01 });
  });
  afterAll(async () => db?.drop());

  it('held → payout or receivable with an unchanged balance: Korrekturen lists it, Übersicht leads from 0.00 to the payment list', async () => {
    const d = db.database.db;
    const out = tmpDir(root, 'out');
    const first = await computedRun(db.database, out);
    // a member held only for the overlap, with a balance (a receivable when the data has one: the
    // issue's case; the reconciliation is the same for a payout)
    const held = await d
      .selectFrom('tariff_result')
      .select(['member_id', 'balance', 'reasons'])
      .where('run_id', '=', first.id)
      .where('outcome', '=', 'held')
      .where('balance', '<>', '0')
      .orderBy('balance')
      .orderBy(sql`member_id COLLATE "C"`)
      .execute();
    const member = held.find((r) =>
      r.reasons.split(';').every((c) => c === 'BONUS_PROGRAMME_OVERLAP' || !['INCOME_MISSING', 'CONTRIBUTIONS_MISSING'].includes(c)),
    );
    expect(member, 'a member held for the overlap only').toBeDefined();
    const { member_id: memberId, balance } = member!;
    await approveAndRelease(db.database, first.id, '2026-05-20'); // the Klärfall stays open: nothing moves for it
    expect(
      await d.selectFrom('run_payment').select('item_key').where('run_id', '=', first.id).where('item_key', '=', memberId).execute(),
    ).toEqual([]);

    // the overlap is withdrawn: the same bonus_participations.csv without the member's rows
    const changedDir = tmpDir(root, 'changed');
    const lines = fs.readFileSync(path.join(dataDir, 'bonus_participations.csv'), 'utf8').trimEnd().split('\n');
    const kept = [lines[0]!, ...lines.slice(1).filter((l) => l.split(',')[0] !== memberId)];
    expect(kept.length).toBeLessThan(lines.length);
    fs.writeFileSync(path.join(changedDir, 'bonus_participations.csv'), kept.join('\n') + '\n');
    await importFolder(db.database, { folder: changedDir, importedBy: 'test', outputDir: tmpDir(root, 'imp2'), maxRejectRate: 0.01 });

    const correction = await computedRun(db.database, out);
    expect(correction).toMatchObject({ kind: 'correction', baseline_run_id: first.id });
    const now = await d
      .selectFrom('tariff_result')
      .select(['balance', 'outcome'])
      .where('run_id', '=', correction.id)
      .where('member_id', '=', memberId)
      .executeTakeFirstOrThrow();
    expect(now.balance).toBe(balance); // the only change is the outcome
    expect(now.outcome).toBe(new Decimal(balance).isNegative() ? 'receivable' : 'payout');

    const check = async (file: string, total: string) => {
      // Korrekturen: the member is listed (no amount column moved)
      const korrekturen = await sheetRows(file, 'Korrekturen');
      const rows = korrekturen.filter((r) => r.includes(memberId));
      expect(rows).toHaveLength(1);
      // Übersicht: the causes add up to the total, which is the member's whole balance
      const section = await reconciliation(file);
      const value = (prefix: string) => money(section.find(([label]) => label.startsWith(prefix))?.[1]);
      expect(value('Differenzen laut Korrekturen (Saldo')).toBe('0.00');
      expect(value('Früher zurückgehalten, offen oder abgelehnt, jetzt bewegt (1 Posten)')).toBe(money(balance));
      expect(value('In diesem Lauf nicht bewegt: Klärfall offen oder abgelehnt (0 Posten)')).toBe('0.00');
      expect(value(total)).toBe(money(balance));
      expect(value(new Decimal(balance).isNegative() ? 'davon Forderungen' : 'davon Auszahlungen')).toBe(money(balance));
      expect(section.find(([label]) => label === 'Posten mit Zahlungsbewegung')?.[1]).toBe(1);
      // Korrekturen's money-moving table sums no Rechengröße
      const overview = (await sheetRows(file, 'Übersicht')).flat().map(String);
      expect(overview.some((c) => c.startsWith('Summe der Differenzen (Rechengröße'))).toBe(true);
    };
    // before the release: what it would move with the decisions so far
    await check(correction.reports[0]!, 'Summe: bei Freigabe zu bewegen');

    // after the release: what the payment list moved, the same figure
    await approveAndRelease(db.database, correction.id, '2026-08-03');
    const list = await d.selectFrom('run_payment').selectAll().where('run_id', '=', correction.id).execute();
    expect(list.map((p) => [p.item_key, p.direction, p.amount, p.previously])).toEqual([
      [memberId, new Decimal(balance).isNegative() ? 'receivable' : 'payout', new Decimal(balance).abs().toFixed(2), '0.00'],
    ]);
    const [workbook] = await writeRunReports(testDeps(db.database, out), correction.id);
    await check(workbook!, 'Summe: bewegt laut Zahlungsliste');
  });
});
