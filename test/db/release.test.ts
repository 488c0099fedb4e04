/**
 * Klärfall decisions and the release's payment list on the real PostgreSQL: four-eyes guards,
 * payouts with their due dates, receivables due one month after release, held items paid only
 * when approved, the payment CSV and the Zahlungsliste sheet, and a correction run's release
 * that moves only the deltas (the lists of all releases add up to the latest position).
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
import { runInProcess } from '../../src/runs/in-process.ts';
import { startRun } from '../../src/runs/create-run.ts';
import { AMOUNT_UNKNOWN_CODES, decideKlaerfall, DecisionRefusedError } from '../../src/runs/decide.ts';
import { releaseRun, ReleaseRefusedError } from '../../src/runs/release.ts';
import { writeRunReports } from '../../src/runs/run-reports.ts';
import { getRun } from '../../src/runs/run-store.ts';
import { withDueDates } from '../../src/runs/payment-due.ts';
import { tariffResultRows } from '../../jobs/tariff-settlement/export.ts';
import { jobOf } from '../../jobs/registry.ts';
import { OUTCOME_TEXTS, TARIFF_DETAIL_COLUMNS } from '../../reports/catalogue.ts';
import { openFresh, skipServices } from '../helpers/services.ts';
import { testDeps, tmpDir } from '../helpers/pipeline.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-release-'));
const dataDir = path.join(root, 'data');
const RELEASE_DAY = '2026-05-20';

beforeAll(async () => {
  await generateDataset({ members: 1500, employers: 150, year: 2025, seed: 'release-test', outDir: dataDir });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function computedRun(database: Database, job: string, out: string) {
  const run = await startRun(database.db, jobOf(job), {
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

async function approve(database: Database, runId: number) {
  await database.db
    .updateTable('run')
    .set({ status: 'approved', approved_by: 'anna', approved_at: sql`now()` })
    .where('id', '=', runId)
    .where('status', '=', 'computed')
    .execute();
  return getRun(database.db, runId);
}

async function payments(database: Database, runId: number) {
  return database.db
    .selectFrom('run_payment')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy(sql`item_key COLLATE "C"`)
    .execute();
}

function signed(p: { direction: string; amount: string }): Decimal {
  return p.direction === 'payout' ? new Decimal(p.amount) : new Decimal(p.amount).negated();
}

async function sheetRows(file: string, name: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet(name);
  expect(sheet, `sheet ${name}`).toBeDefined();
  const rows: unknown[][] = [];
  sheet!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** Übersicht with each formula cell read as its cached result. */
async function overviewRows(file: string): Promise<unknown[][]> {
  return (await sheetRows(file, 'Übersicht')).map((r) => r.map((c) => (c && typeof c === 'object' && 'result' in c ? c.result : c)));
}

/** A date cell (exceljs reads UTC midnight) as an ISO date; an empty cell as null. */
function isoOf(cell: unknown): string | null {
  return cell instanceof Date ? cell.toISOString().slice(0, 10) : ((cell as string | undefined) ?? null);
}

const sumOf = (values: unknown[]) => values.reduce<Decimal>((a, v) => a.plus(String(v)), new Decimal(0)).toFixed(2);

/**
 * The Zahlungsliste reads with one sign convention (issue 11, point 5): every money column signed
 * from the fund's view (+ pays, − collects), Betrag = Stand laut Lauf − bisher bewegt on every row,
 * and Übersicht shows payouts and receivables as two sums equal to the sheet's rows of each kind
 * and to the payment list; no sum that nets them.
 */
async function expectPaymentSheetSigns(file: string, list: { item_key: string; direction: string; amount: string }[]) {
  const [header, ...rows] = await sheetRows(file, 'Zahlungsliste');
  const col = (prefix: string) => header!.findIndex((h) => String(h).startsWith(prefix));
  const [art, key, betrag, stand, bisher] = [col('Art'), col('Schlüssel'), col('Betrag'), col('Stand laut Lauf'), col('bisher bewegt')];
  expect(rows).toHaveLength(list.length);
  const signedOf = new Map(list.map((p) => [p.item_key, signed(p).toFixed(2)]));
  for (const r of rows) {
    const amount = new Decimal(String(r[betrag]));
    expect(amount.toFixed(2)).toBe(new Decimal(String(r[stand])).minus(String(r[bisher] ?? 0)).toFixed(2));
    expect(amount.toFixed(2)).toBe(signedOf.get(String(r[key])));
    expect(r[art]).toBe(amount.isPositive() ? 'Auszahlung' : 'Forderung');
  }
  const overview = await overviewRows(file);
  expect(overview.flat().some((c) => typeof c === 'string' && c.startsWith('Summe der Beträge'))).toBe(false);
  const payouts = overview.find((r) => r[0] === 'Auszahlungen (Summe, Tabellenblatt Zahlungsliste)');
  const receivables = overview.find((r) => r[0] === 'Forderungen (Summe, Tabellenblatt Zahlungsliste)');
  const sheetPayouts = sumOf(rows.filter((r) => r[art] === 'Auszahlung').map((r) => r[betrag]));
  const sheetReceivables = sumOf(rows.filter((r) => r[art] === 'Forderung').map((r) => r[betrag]));
  expect(new Decimal(String(payouts?.[1])).toFixed(2)).toBe(sheetPayouts);
  expect(new Decimal(String(receivables?.[1])).toFixed(2)).toBe(sheetReceivables);
  // the per-kind table under them: the same signs (receivables negative)
  const kinds = overview.filter((r) => (r[0] === 'Auszahlung' || r[0] === 'Forderung') && typeof r[1] === 'string');
  expect(sumOf(kinds.filter((r) => r[0] === 'Auszahlung').map((r) => r[3]))).toBe(sheetPayouts);
  expect(sumOf(kinds.filter((r) => r[0] === 'Forderung').map((r) => r[3]))).toBe(sheetReceivables);
  expect(sheetPayouts).toBe(sumOf(list.filter((p) => p.direction === 'payout').map((p) => p.amount)));
  expect(sheetReceivables).toBe(
    new Decimal(sumOf(list.filter((p) => p.direction === 'receivable').map((p) => p.amount))).negated().toFixed(2),
  );
}

/** The Einzelabrechnung's due date per member (the column "fällig am"). */
async function detailDueDates(file: string): Promise<Map<string, string | null>> {
  const [, ...rows] = await sheetRows(file, 'Einzelabrechnung');
  const member = TARIFF_DETAIL_COLUMNS.findIndex((c) => c.key === 'member_id');
  const due = TARIFF_DETAIL_COLUMNS.findIndex((c) => c.key === 'due_on');
  return new Map(rows.map((r) => [String(r[member]), isoOf(r[due])]));
}

/** The "Nach Ergebnis und Fälligkeit" rows of Übersicht for one outcome: [due date, members]. */
function outcomeRows(overview: unknown[][], outcome: string): [string | null, number][] {
  return overview.filter((r) => r[0] === outcome && typeof r[1] === 'number').map((r) => [isoOf(r[3]), r[1] as number]);
}

describe.skipIf(skipServices)('decisions and release on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  let out: string;
  beforeAll(async () => {
    db = await openFresh('release');
    out = tmpDir(root, 'out');
    await importFolder(db.database, { folder: dataDir, importedBy: 'test', outputDir: tmpDir(root, 'imp'), maxRejectRate: 0.01 });
  });
  afterAll(async () => db?.drop());

  it('pays § 18a balances, honours decisions on held members, and a correction release moves only deltas', async () => {
    const d = db.database.db;
    const job = jobOf('tariff-settlement');
    const run = await computedRun(db.database, 'tariff-settlement', out);
    const held = await d
      .selectFrom('tariff_result')
      .select(['member_id', 'balance', 'reasons'])
      .where('run_id', '=', run.id)
      .where('outcome', '=', 'held')
      .where('balance', '<>', '0')
      .orderBy(sql`member_id COLLATE "C"`)
      .execute();
    // Only a Klärfall whose amount is known can be approved (pipeline.md, decision 2026-12): a
    // member held for a bonus-programme overlap, not one whose income or contributions are missing.
    const unknown = (r: (typeof held)[0]) => /INCOME_MISSING|CONTRIBUTIONS_MISSING/.test(r.reasons);
    const approvable = held.filter((r) => !unknown(r));
    const withoutIncome = held.find((r) => r.reasons.split(';').includes('INCOME_MISSING'));
    expect(approvable.length).toBeGreaterThanOrEqual(2);
    expect(withoutIncome).toBeDefined();
    const [approved, open] = approvable as [(typeof held)[0], (typeof held)[0]];
    const rejected = withoutIncome!;

    // four eyes, a reason, a real Klärfall
    await expect(decideKlaerfall(d, run, { key: approved.member_id, decision: 'approve', by: 'tester', note: 'ok' })).rejects.toThrow(
      /four-eyes rule: tester started run/,
    );
    await expect(decideKlaerfall(d, run, { key: approved.member_id, decision: 'approve', by: 'carla', note: ' ' })).rejects.toThrow(
      DecisionRefusedError,
    );
    await expect(decideKlaerfall(d, run, { key: 'X000000000', decision: 'approve', by: 'carla', note: 'ok' })).rejects.toThrow(
      /not a Klärfall/,
    );
    await expect(decideKlaerfall(d, run, { key: rejected.member_id, decision: 'approve', by: 'carla', note: 'ok' })).rejects.toThrow(
      /cannot be approved: its amount is not known from the run's inputs \([A-Z_, ]*INCOME_MISSING[A-Z_, ]*\); import the missing data and start a correction run, or reject it/,
    );
    const recorded = await decideKlaerfall(d, run, {
      key: approved.member_id,
      decision: 'approve',
      by: 'carla',
      note: 'Überschneidung geprüft',
    });
    expect(recorded).toMatchObject({ itemType: 'member', held: true });
    await expect(decideKlaerfall(d, run, { key: approved.member_id, decision: 'reject', by: 'dora', note: 'anders' })).rejects.toThrow(
      /already decided/,
    );
    await decideKlaerfall(d, run, { key: rejected.member_id, decision: 'reject', by: 'carla', note: 'Einkommen fehlt' });

    // only an approved run, never by its starter
    await expect(releaseRun(d, job, run, 'ben', RELEASE_DAY)).rejects.toThrow(/only an approved run/);
    const approvedRun = await approve(db.database, run.id);
    await expect(releaseRun(d, job, approvedRun, 'tester', RELEASE_DAY)).rejects.toThrow(ReleaseRefusedError);
    await expect(releaseRun(d, job, approvedRun, 'anna', RELEASE_DAY)).rejects.toThrow(
      /four-eyes rule: anna approved run \d+ and cannot release it too/,
    );
    const summary = await releaseRun(d, job, approvedRun, 'ben', RELEASE_DAY);
    const released = await getRun(d, run.id);
    expect(released).toMatchObject({ status: 'released', released_by: 'ben', released_on: RELEASE_DAY });

    // the list: every payout and receivable of the run, the approved held member, nothing else
    const results = await d.selectFrom('tariff_result').select(['member_id', 'balance', 'outcome']).where('run_id', '=', run.id).execute();
    const expected = new Map(
      results.filter((r) => r.outcome === 'payout' || r.outcome === 'receivable').map((r) => [r.member_id, r.balance]),
    );
    expected.set(approved.member_id, approved.balance);
    const list = await payments(db.database, run.id);
    expect(new Map(list.map((p) => [p.item_key, signed(p).toFixed(2)]))).toEqual(expected);
    for (const p of list) {
      expect(p.due_on).toBe(p.direction === 'payout' ? '2026-06-30' : '2026-06-20');
      expect(p.basis).toBe(p.item_key === approved.member_id ? 'decided' : 'computed');
      expect(p.previously).toBe('0.00');
    }
    expect(list.some((p) => p.item_key === rejected.member_id || p.item_key === open.member_id)).toBe(false);
    expect(summary.openKlaerfaelle).toBeGreaterThan(0);
    await expect(decideKlaerfall(d, released, { key: open.member_id, decision: 'approve', by: 'carla', note: 'zu spät' })).rejects.toThrow(
      /released runs are never changed/,
    );

    // the files: payment CSV (0640) and the workbook with Zahlungsliste, decisions and release
    const files = await writeRunReports(testDeps(db.database, out), run.id);
    const csv = fs.readFileSync(files[1]!, 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('category,item_key,member_id,employer_id,detail,direction,amount,due_on,basis,position,previously');
    expect(csv).toHaveLength(list.length + 1);
    expect(fs.statSync(files[1]!).mode & 0o777).toBe(0o640);
    await expectPaymentSheetSigns(files[0]!, list);
    const overview = await overviewRows(files[0]!);
    expect(overview).toContainEqual(expect.arrayContaining(['Freigegeben von', 'ben']));
    expect(overview).toContainEqual(expect.arrayContaining(['Genehmigt von', 'anna']));
    const klaerfaelle = await sheetRows(files[0]!, 'Klärfälle');
    expect(klaerfaelle).toContainEqual(expect.arrayContaining([approved.member_id, 'genehmigt', 'carla', 'Überschneidung geprüft']));
    expect(klaerfaelle).toContainEqual(expect.arrayContaining([rejected.member_id, 'abgelehnt', 'carla', 'Einkommen fehlt']));
    expect(klaerfaelle).toContainEqual(expect.arrayContaining([open.member_id, 'offen']));
    // payment files (issue 13): every Zahlungsliste row has its reference and Verbleib; Zahlungsdatei names file 1
    const [payHeader, ...payRows] = await sheetRows(files[0]!, 'Zahlungsliste');
    const [refCol, verbleibCol] = [payHeader!.indexOf('Referenz (EndToEndId)'), payHeader!.indexOf('Verbleib')];
    expect(payRows.every((r) => new RegExp(`^T2025-${run.id}-\\d{7}$`).test(String(r[refCol])))).toBe(true);
    expect(payRows.every((r) => typeof r[verbleibCol] === 'string' && r[verbleibCol] !== '')).toBe(true);
    const fileSheet = (await sheetRows(files[0]!, 'Zahlungsdatei')).flat();
    expect(fileSheet).toContain(`Datei 1: AOKP-T2025-${run.id}-1, erstellt 2026-05-20T12:00:00+02:00 von ben`);

    // a correction: fewer outpatient claims for some members; the open Klärfall is approved now
    const claims = fs.readFileSync(path.join(dataDir, 'outpatient_treatments.csv'), 'utf8').trimEnd().split('\n');
    const payoutMembers = [...expected.keys()].filter((m) => m !== approved.member_id);
    const changed = new Set(
      [...new Set(claims.slice(1).map((l) => l.split(',')[1]!))].filter((m) => payoutMembers.includes(m)).slice(0, 8),
    );
    expect(changed.size).toBeGreaterThanOrEqual(3);
    const changedDir = tmpDir(root, 'changed');
    fs.writeFileSync(
      path.join(changedDir, 'outpatient_treatments.csv'),
      [claims[0], ...claims.slice(1).filter((l) => !changed.has(l.split(',')[1]!))].join('\n') + '\n',
    );
    await importFolder(db.database, { folder: changedDir, importedBy: 'test', outputDir: tmpDir(root, 'imp2'), maxRejectRate: 0.01 });
    const correction = await computedRun(db.database, 'tariff-settlement', out);
    expect(correction).toMatchObject({ kind: 'correction', baseline_run_id: run.id });
    await decideKlaerfall(d, correction, { key: open.member_id, decision: 'approve', by: 'carla', note: 'nachgereicht' });
    await releaseRun(d, job, await approve(db.database, correction.id), 'ben', '2026-08-03');
    const deltas = await payments(db.database, correction.id);
    const newResults = new Map(
      (await d.selectFrom('tariff_result').select(['member_id', 'balance', 'outcome']).where('run_id', '=', correction.id).execute()).map(
        (r) => [r.member_id, r],
      ),
    );
    // only the changed members and the newly approved one move money; the approved member of the
    // first release is an open Klärfall again and keeps what was paid; the rejected one stays at 0
    expect(new Set(deltas.map((p) => p.item_key))).toEqual(
      new Set([...[...changed].filter((m) => newResults.get(m)!.balance !== expected.get(m)), open.member_id]),
    );
    for (const p of deltas) {
      const target = p.item_key === open.member_id ? open.balance : newResults.get(p.item_key)!.balance;
      expect(new Decimal(p.previously).plus(signed(p)).toFixed(2)).toBe(new Decimal(target).toFixed(2));
      // a late payout is due on its release day, a receivable a month after it
      expect(p.due_on).toBe(p.direction === 'payout' ? '2026-08-03' : '2026-09-03');
    }
    // the released run's payment list is untouched
    expect(await payments(db.database, run.id)).toEqual(list);

    // the correction's workbook: signs read as on the first one (rows with earlier movements
    // now), and one due date per payout, the payment lists': a changed payout is due on the
    // correction's release day, an unchanged one keeps the first list's 30 June
    const correctionFiles = await writeRunReports(testDeps(db.database, out), correction.id);
    await expectPaymentSheetSigns(correctionFiles[0]!, deltas);
    expect(deltas.some((p) => p.previously !== '0.00')).toBe(true);
    const dues = await detailDueDates(correctionFiles[0]!);
    const firstDue = new Map(list.map((p) => [p.item_key, p]));
    for (const [member, r] of newResults) {
      const delta = deltas.find((p) => p.item_key === member);
      const sameDirection = (p?: { direction: string; due_on: string }) =>
        p && (p.direction === 'payout') === new Decimal(r.balance).isPositive() ? p.due_on : undefined;
      const expectedDue = sameDirection(delta) ?? sameDirection(firstDue.get(member)) ?? null;
      if (new Decimal(r.balance).isZero()) expect(dues.get(member), member).toBeNull();
      else expect(dues.get(member), member).toBe(expectedDue);
    }
    const correctionOverview = await overviewRows(correctionFiles[0]!);
    expect(outcomeRows(correctionOverview, OUTCOME_TEXTS.payout).map(([due]) => due)).toEqual(['2026-06-30', '2026-08-03']);
    expect(correctionOverview.find((r) => String(r[0]).startsWith('Auszahlungen (fällig am'))?.[0]).toBe(
      'Auszahlungen (fällig am 30.06.2026 bzw. 03.08.2026)',
    );
  });

  it('lists the approved reimbursements of a levy run and pays a held claim only once approved', async () => {
    const d = db.database.db;
    const run = await computedRun(db.database, 'levy', out);
    const claims = await d
      .selectFrom('reimbursement_result')
      .select(['claim_id', 'employer_id', 'kind', 'reimbursement', 'decision'])
      .where('run_id', '=', run.id)
      .execute();
    // A claim held for a reason whose amount is known (e.g. EXCEEDS_SIX_WEEKS); one held for
    // HISTORY_MISSING cannot be approved (pipeline.md, decision 2026-12).
    const unknowable = new Set(
      (
        await d
          .selectFrom('run_exception')
          .select('item_key')
          .where('run_id', '=', run.id)
          .where('item_type', '=', 'claim')
          .where('code', 'in', [...AMOUNT_UNKNOWN_CODES])
          .execute()
      ).map((e) => e.item_key),
    );
    const heldClaims = claims.filter((c) => c.decision === 'held' && c.reimbursement !== '0.00' && !unknowable.has(c.claim_id));
    expect(heldClaims.length).toBeGreaterThanOrEqual(1);
    const decided = heldClaims[0]!;
    await decideKlaerfall(d, run, { key: decided.claim_id, decision: 'approve', by: 'carla', note: 'Gutachten liegt vor' });
    await releaseRun(d, jobOf('levy'), await approve(db.database, run.id), 'ben', RELEASE_DAY);
    const list = await payments(db.database, run.id);
    const expected = claims.filter((c) => (c.decision === 'approved' || c.claim_id === decided.claim_id) && c.reimbursement !== '0.00');
    expect(list.map((p) => [p.item_key, p.employer_id, p.detail, p.direction, p.amount, p.due_on])).toEqual(
      expected
        .sort((a, b) => Buffer.compare(Buffer.from(a.claim_id), Buffer.from(b.claim_id)))
        .map((c) => [c.claim_id, c.employer_id, c.kind, 'payout', c.reimbursement, RELEASE_DAY]),
    );
  });

  it('lists the settled bonus payouts (cash and PLUS) of a bonus run', async () => {
    const d = db.database.db;
    const run = await computedRun(db.database, 'bonus-crediting', out);
    await releaseRun(d, jobOf('bonus-crediting'), await approve(db.database, run.id), 'ben', RELEASE_DAY);
    // the workbook of a bonus release lists Aufrechnungshinweise (§ 3 of payments-and-ledger.md), information only
    const [workbook] = await writeRunReports(testDeps(db.database, out), run.id);
    expect((await sheetRows(workbook!, 'Aufrechnungshinweise')).flat()).toContain('Fälle');
    const paid = await d
      .selectFrom('bonus_item_result')
      .select(['item_id', 'member_id', 'payout_kind', 'payout_eur'])
      .where('run_id', '=', run.id)
      .where('item_type', '=', 'payout')
      .where('decision', '=', 'paid')
      .execute();
    expect(paid.length).toBeGreaterThan(0);
    const list = await payments(db.database, run.id);
    expect(new Set(list.map((p) => p.detail))).toEqual(new Set(paid.map((p) => p.payout_kind)));
    expect(list.map((p) => [p.item_key, p.member_id, p.amount, p.due_on]).sort()).toEqual(
      paid
        .filter((p) => p.payout_eur !== '0.00')
        .map((p) => [p.item_id, p.member_id, p.payout_eur, RELEASE_DAY])
        .sort(),
    );
  });
});

describe.skipIf(skipServices)('a § 18a release after 30 June: one due date on every sheet', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  let out: string;
  beforeAll(async () => {
    db = await openFresh('release_late');
    out = tmpDir(root, 'out-late');
    await importFolder(db.database, { folder: dataDir, importedBy: 'test', outputDir: tmpDir(root, 'imp-late'), maxRejectRate: 0.01 });
  });
  afterAll(async () => db?.drop());

  it("shows the payment list's due date (the release day) on Übersicht and Einzelabrechnung, the statutory one before release", async () => {
    const d = db.database.db;
    const run = await computedRun(db.database, 'tariff-settlement', out);
    const results = await d.selectFrom('tariff_result').select(['member_id', 'balance', 'outcome']).where('run_id', '=', run.id).execute();
    const payoutMembers = results.filter((r) => r.outcome === 'payout').map((r) => r.member_id);
    expect(payoutMembers.length).toBeGreaterThan(0);

    // before release: the statutory date (§ 18a Abs. 4, 30 June Y+1)
    const before = await writeRunReports(testDeps(db.database, out), run.id);
    const duesBefore = await detailDueDates(before[0]!);
    for (const m of payoutMembers) expect(duesBefore.get(m), m).toBe('2026-06-30');
    const overviewBefore = await overviewRows(before[0]!);
    expect(overviewBefore.some((r) => r[0] === 'Auszahlungen (fällig am 30.06.2026)')).toBe(true);
    expect(outcomeRows(overviewBefore, OUTCOME_TEXTS.payout)).toEqual([['2026-06-30', payoutMembers.length]]);

    // released on 3 August: the payment list makes the payouts due that day
    await releaseRun(d, jobOf('tariff-settlement'), await approve(db.database, run.id), 'ben', '2026-08-03');
    const list = await payments(db.database, run.id);
    expect(new Set(list.filter((p) => p.direction === 'payout').map((p) => p.due_on))).toEqual(new Set(['2026-08-03']));
    expect(new Set(list.filter((p) => p.direction === 'receivable').map((p) => p.due_on))).toEqual(new Set(['2026-09-03']));

    const files = await writeRunReports(testDeps(db.database, out), run.id);
    const overview = await overviewRows(files[0]!);
    const payoutTotal = sumOf(list.filter((p) => p.direction === 'payout' && payoutMembers.includes(p.item_key)).map((p) => p.amount));
    const payoutsLine = overview.find((r) => r[0] === 'Auszahlungen (fällig am 03.08.2026)');
    expect(new Decimal(String(payoutsLine?.[1])).toFixed(2)).toBe(payoutTotal);
    expect(overview.some((r) => r[0] === 'Forderungen (fällig am 03.09.2026)')).toBe(true);
    expect(outcomeRows(overview, OUTCOME_TEXTS.payout)).toEqual([['2026-08-03', payoutMembers.length]]);
    expect(outcomeRows(overview, OUTCOME_TEXTS.receivable).map(([due]) => due)).toEqual(['2026-09-03']);
    // nowhere on Übersicht the statutory 30 June any more
    expect(overview.flat().some((c) => isoOf(c) === '2026-06-30' || String(c).includes('30.06.2026'))).toBe(false);

    // every Einzelabrechnung row: its payment's due_on; no payment (open Klärfall, zero), no date
    const dues = await detailDueDates(files[0]!);
    const dueOf = new Map(list.map((p) => [p.item_key, p.due_on]));
    expect(dues.size).toBe(results.length);
    for (const r of results) expect(dues.get(r.member_id), r.member_id).toBe(dueOf.get(r.member_id) ?? null);
    // the workbook resolves them in batches of 10,000 keys; batches of 7 give the same dates
    const small = new Map<string, string | null>();
    const released = await getRun(d, run.id);
    for await (const { row, dueOn } of withDueDates(
      d,
      released,
      'tariff',
      tariffResultRows(d, run.id),
      (r) => r.member_id,
      (r) => r.balance,
      7,
    )) {
      small.set(row.member_id, dueOn);
    }
    expect(small).toEqual(dues);
    await expectPaymentSheetSigns(files[0]!, list);
  });
});
