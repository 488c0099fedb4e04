/**
 * Correction runs on the real PostgreSQL (pipeline.md, "Correction run"): after a released run a
 * changed input gives a run of kind `correction` against that release; its
 * `<export>_corrections.csv` lists exactly the keys whose figures changed, with released value,
 * new value and delta; the workbook's Korrekturen sheet agrees with Übersicht; the released run's
 * results and exports stay byte-identical. One case per job: changed claims (§ 18a), a changed
 * proof (§ 19a), a changed reimbursement claim and declaration (U1/U2).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { exportRun } from '../../src/cli/commands/export.ts';
import { startRun } from '../../src/runs/create-run.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import { getRun } from '../../src/runs/run-store.ts';
import { Decimal } from '../../src/money.ts';
import { jobOf } from '../../jobs/registry.ts';
import { tariffSettlementExport } from '../../jobs/tariff-settlement/export.ts';
import { openFresh, skipServices } from '../helpers/services.ts';
import { testDeps } from '../helpers/pipeline.ts';
import { cleanEnv, yearend } from '../helpers/cli.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-corrections-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

type Row = Record<string, string>;

function readCsv(file: string): { header: string[]; rows: Row[] } {
  // the exports used here carry no quoted fields (ids, codes, numbers, dates)
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const header = head!.split(',');
  return { header, rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v]))) };
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const money = (d: Decimal) => (d.isZero() ? '0.00' : d.toFixed(2));

function write(dir: string, files: Record<string, string[]>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, lines] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
  return dir;
}

/**
 * The corrections file as computed by hand from two full exports held in memory (a small data
 * set): every key of either export whose row differs outside the key and `ignore` columns.
 */
function expectedCorrections(
  released: Row[],
  current: Row[],
  key: string,
  amounts: readonly string[],
  ignore: readonly string[],
): string[] {
  const before = new Map(released.map((r) => [r[key]!, r]));
  const after = new Map(current.map((r) => [r[key]!, r]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(byteOrder);
  const lines: string[] = [];
  for (const k of keys) {
    const b = before.get(k);
    const a = after.get(k);
    if (b && a && Object.keys(a).every((c) => ignore.includes(c) || a[c] === b[c])) continue;
    const cells = amounts.flatMap((c) => {
      const r = b?.[c] ?? '';
      const n = a?.[c] ?? '';
      return [r, n, money(new Decimal(n || '0').minus(r || '0'))];
    });
    lines.push([k, !b ? 'new' : !a ? 'removed' : 'changed', ...cells].join(','));
  }
  return lines;
}

interface Workbook {
  sheets: string[];
  /** Korrekturen rows by German header */
  rows: Record<string, unknown>[];
  /** the Übersicht row of an export and amount column: [keys, sum €, sum Punkte] as shown (null: empty) */
  overview(exportText: string, column: string): unknown[];
  overviewText: string;
}

async function readWorkbook(file: string): Promise<Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const parts = book.worksheets.filter((w) => /^Korrekturen( \(\d+\))?$/.test(w.name));
  expect(parts.length, 'Korrekturen sheet').toBeGreaterThan(0);
  const rows: Record<string, unknown>[] = [];
  for (const ws of parts) {
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
    });
  }
  const overview = book.getWorksheet('Übersicht')!;
  const lines: unknown[][] = [];
  overview.eachRow((row) => lines.push((row.values as unknown[]).slice(1)));
  // a formula cell as its cached result; exceljs reads a cached 0 back as no result (the file has <v>0</v>)
  const plain = (v: unknown) => (typeof v === 'object' && v !== null && 'formula' in v ? ((v as { result?: unknown }).result ?? 0) : v);
  return {
    sheets: book.worksheets.map((w) => w.name),
    rows,
    overviewText: JSON.stringify(lines),
    overview(exportText, column) {
      const line = lines.find((l) => l[0] === exportText && l[1] === column);
      expect(line, `${exportText} / ${column} on Übersicht`).toBeDefined();
      return [2, 3, 4].map((i) => plain(line![i] ?? null)); // a workbook without points has no fifth column
    },
  };
}

/** Exact sum of sheet cells (money cells are numbers with at most 2 decimals). */
const sumCells = (rows: Record<string, unknown>[], column: string, where: (r: Record<string, unknown>) => boolean = () => true) =>
  rows.filter(where).reduce((t, r) => (r[column] === null || r[column] === undefined ? t : t.plus(String(r[column]))), new Decimal(0));

describe.skipIf(skipServices)('correction runs on PostgreSQL', () => {
  const dbs: { drop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  async function fresh(label: string) {
    const db = await openFresh(label);
    dbs.push(db);
    return db;
  }

  /**
   * Four eyes through the real command: approved by one person, released by a third, neither the
   * one who started the run.
   */
  async function approveAndRelease(url: string, runId: number, today: string) {
    const env = cleanEnv({ DATABASE_URL: url, OUTPUT_DIR: path.join(root, 'cli-out'), YEAREND_TODAY: today });
    const approved = await yearend(['approve', String(runId), '--by', 'anna'], env);
    expect(approved.code, approved.stderr).toBe(0);
    const released = await yearend(['release', String(runId), '--by', 'ben'], env);
    expect(released.code, released.stderr).toBe(0);
    return env;
  }

  async function computed(database: Database, job: string, year: number, asOf: string) {
    const run = await startRun(database.db, jobOf(job), {
      year,
      dryRun: false,
      startedBy: 'ops',
      mode: 'in-process',
      asOf,
      chunkSize: 100,
    });
    await runInProcess(testDeps(database, path.join(root, 'out')), run.id);
    const done = await getRun(database.db, run.id);
    expect(done.status).toBe('computed');
    return done;
  }

  async function exportsOf(database: Database, runId: number, dir: string) {
    const files = await exportRun(database.db, await getRun(database.db, runId), path.join(root, dir), false);
    return Object.fromEntries(files.map((f) => [path.basename(f, '.csv'), f]));
  }

  it('§ 18a: a correction run after a released run with changed claims lists exactly the changed members', async () => {
    const dataDir = path.join(root, 'tariff-data');
    await generateDataset({ members: 400, employers: 0, year: 2025, seed: 'corrections-test', outDir: dataDir });
    const { database, url } = await fresh('corr_tariff');
    const db = database.db;
    await importFolder(database, { folder: dataDir, importedBy: 'test', outputDir: path.join(root, 'imp'), maxRejectRate: 0.01 });

    const first = await computed(database, 'tariff-settlement', 2025, '2026-05-02');
    expect(first.kind).toBe('final');
    const env = await approveAndRelease(url, first.id, '2026-05-04');
    const released = await getRun(db, first.id);
    expect(released).toMatchObject({ status: 'released', approved_by: 'anna', released_by: 'ben' });
    const storedBefore = await db.selectFrom('tariff_result').selectAll().where('run_id', '=', first.id).orderBy('member_id').execute();
    const releasedExport = (await exportsOf(database, first.id, 'released-before')).tariff_settlement!;
    const releasedText = fs.readFileSync(releasedExport, 'utf8');
    const releasedWorkbook = sha(released.reports[0]!);

    // A corrected claims extract: one member's claims all withdrawn, two with an extra outpatient
    // treatment on prescription, one with an extra hospital stay. Members participating all year
    // and not held, so every change is an event of their settlement.
    const rows = readCsv(releasedExport).rows;
    const settled = rows.filter((r) => r.participation_months === '12' && (r.outcome === 'payout' || r.outcome === 'receivable'));
    const withdrawn = settled.find((r) => Number(r.outpatient_events) > 0 && Number(r.inpatient_events) > 0)!.member_id!;
    const [moreOutA, moreOutB, moreIn] = settled
      .map((r) => r.member_id!)
      .filter((m) => m !== withdrawn)
      .slice(0, 3) as [string, string, string];
    const keep = (file: string) =>
      fs
        .readFileSync(path.join(dataDir, file), 'utf8')
        .trimEnd()
        .split('\n')
        .filter((l) => l.split(',')[1] !== withdrawn);
    const changedDir = write(path.join(root, 'tariff-claims-2'), {
      'outpatient_treatments.csv': [
        ...keep('outpatient_treatments.csv'),
        `CORR-1,${moreOutA},2025-06-16,true,regular`,
        `CORR-2,${moreOutB},2025-08-04,true,regular`,
      ],
      'inpatient_stays.csv': [...keep('inpatient_stays.csv'), `CORR-3,${moreIn},2025-07-01,2025-07-03,regular`],
    });
    const second = await importFolder(database, {
      folder: changedDir,
      importedBy: 'test',
      outputDir: path.join(root, 'imp'),
      maxRejectRate: 0.01,
    });
    expect(second.batchId).not.toBeNull();

    const correction = await computed(database, 'tariff-settlement', 2025, '2026-05-20');
    expect(correction.kind).toBe('correction');
    expect(correction.baseline_run_id).toBe(first.id);

    const files = await exportsOf(database, correction.id, 'correction');
    expect(Object.keys(files)).toEqual(['tariff_settlement', 'tariff_settlement_corrections']);
    const correctionText = fs.readFileSync(files.tariff_settlement_corrections!, 'utf8');
    const [header, ...lines] = correctionText.trimEnd().split('\n');
    const amounts = tariffSettlementExport.amounts;
    expect(header).toBe(['member_id', 'change', ...amounts.flatMap((c) => [`${c}_released`, `${c}_new`, `${c}_delta`])].join(','));
    expect(lines).toEqual(expectedCorrections(rows, readCsv(files.tariff_settlement!).rows, 'member_id', amounts, ['due_on']));
    expect(lines.map((l) => l.split(',')[0]!).sort(byteOrder)).toEqual([withdrawn, moreOutA, moreOutB, moreIn].sort(byteOrder));
    expect(lines.every((l) => l.split(',')[1] === 'changed')).toBe(true);
    const balanceDelta = (l: string) => new Decimal(l.split(',')[2 + 3 * amounts.indexOf('balance') + 2]!);
    expect(lines.some((l) => !balanceDelta(l).isZero())).toBe(true); // money moves for some of them

    // The command prints the corrections file too and writes the same bytes again.
    const cli = await yearend(['export', String(correction.id), '--out', path.join(root, 'cli-export')], env);
    expect(cli.code, cli.stderr).toBe(0);
    expect(
      cli.stdout
        .trim()
        .split('\n')
        .map((f) => path.basename(f)),
    ).toEqual(['tariff_settlement.csv', 'tariff_settlement_corrections.csv']);
    expect(fs.readFileSync(path.join(root, 'cli-export', 'tariff_settlement_corrections.csv'), 'utf8')).toBe(correctionText);

    // The released run is untouched: stored results, export and workbook byte for byte, record as it was.
    expect(await db.selectFrom('tariff_result').selectAll().where('run_id', '=', first.id).orderBy('member_id').execute()).toEqual(
      storedBefore,
    );
    expect(fs.readFileSync((await exportsOf(database, first.id, 'released-after')).tariff_settlement!, 'utf8')).toBe(releasedText);
    expect(sha(released.reports[0]!)).toBe(releasedWorkbook);
    expect(await getRun(db, first.id)).toEqual(released);

    // The workbook: Korrekturen right after Übersicht; per amount column the sheet's Differenz
    // sum is the figure on Übersicht, and both are the CSV's deltas.
    const wb = await readWorkbook(correction.reports[0]!);
    expect(wb.sheets.slice(0, 2)).toEqual(['Übersicht', 'Korrekturen']);
    expect(wb.overviewText).toContain(`Korrekturen gegenüber Lauf ${first.id}`);
    expect(wb.overviewText).toContain("SUMIFS('Korrekturen'!");
    const label = 'Abrechnung § 18a';
    const headers: Record<string, string> = {
      balance: 'Saldo (Prämie − Selbstbehalt)',
      deductible: 'Selbstbehalt',
      events_amount: 'Selbstbehalte vor Höchstbetrag',
    };
    for (const [column, german] of Object.entries(headers)) {
      const i = 2 + 3 * amounts.indexOf(column) + 2;
      const deltas = lines.map((l) => new Decimal(l.split(',')[i]!)).filter((d) => !d.isZero());
      const sheet = sumCells(wb.rows, 'Differenz (€)', (r) => r.Betragsspalte === german);
      const [keys, sum, points] = wb.overview(label, german);
      expect(points).toBeNull();
      expect(keys).toBe(deltas.length);
      expect(new Decimal(String(sum)).equals(sheet)).toBe(true);
      expect(sheet.equals(deltas.reduce((t, d) => t.plus(d), new Decimal(0)))).toBe(true);
    }
    // one row per changed key and amount column with a delta; a key with none gets one empty row
    const expectedRows = lines.reduce(
      (n, l) => n + Math.max(1, amounts.filter((_, k) => !new Decimal(l.split(',')[4 + 3 * k]!).isZero()).length),
      0,
    );
    expect(wb.rows).toHaveLength(expectedRows);
    expect(new Set(wb.rows.map((r) => r['Änderung']))).toEqual(new Set(['geändert']));

    // Split at the row limit like every detail sheet (Korrekturen, Korrekturen (2), …): the same
    // rows, and Übersicht's formulas sum over every part.
    const perPart = Math.floor(wb.rows.length / 2);
    expect(perPart).toBeGreaterThan(1);
    expect(rows.length / perPart).toBeLessThan(255); // Einzelabrechnung splits too; SUM takes 255 ranges
    const splitDir = path.join(root, 'split');
    const rewritten = await yearend(['report', String(correction.id)], {
      ...env,
      OUTPUT_DIR: splitDir,
      EXCEL_ROW_LIMIT: String(perPart + 1),
    });
    expect(rewritten.code, rewritten.stderr).toBe(0);
    const split = await readWorkbook(path.join(splitDir, `tariff-settlement_2025_${correction.id}.xlsx`));
    expect(split.sheets.filter((n) => n.startsWith('Korrekturen')).length).toBe(Math.ceil(wb.rows.length / perPart));
    expect(split.rows).toEqual(wb.rows);
    expect(split.overviewText).toContain("SUMIFS('Korrekturen (2)'!");
    for (const german of Object.values(headers)) expect(split.overview(label, german)).toEqual(wb.overview(label, german));
  });

  it('§ 19a: a changed proof corrects the account and the items; only deltas are listed', async () => {
    const ADULT = 'A123456780';
    const OTHER = 'X110411675';
    const common = {
      'members.csv': ['member_id,birth_date,died_on', `${ADULT},1985-05-05,`, `${OTHER},1980-03-03,`],
      'memberships.csv': ['member_id,valid_from,valid_to,kind', `${ADULT},2010-01-01,,mandatory`, `${OTHER},2010-01-01,,mandatory`],
      'third_party_periods.csv': ['member_id,valid_from,valid_to'],
      'tariff_declarations.csv': ['declaration_id,member_id,kind,received_on,declared_class'],
      'bonus_participations.csv': ['member_id,valid_from,valid_to', `${ADULT},2024-01-01,`, `${OTHER},2024-01-01,`],
      'bonus_exclusions.csv': ['member_id,valid_from,valid_to'],
      'bonus_activities.csv': ['activity_id,member_id,activity_on,duration_min,kcal,avg_heart_rate,steps'],
      'bonus_goals.csv': ['goal_id,member_id,started_on,completed_on,challenges_total,challenges_done'],
      'bonus_opening_balances.csv': ['member_id,year,points', `${ADULT},2025,300`],
      'bonus_payout_requests.csv': ['payout_id,member_id,requested_on,kind,points,receipt_id,service_code,service_on,cost'],
    };
    const proofHeader = 'proof_id,member_id,measure_code,performed_on,received_on,channel';
    const { database, url } = await fresh('corr_bonus');
    await importFolder(database, {
      folder: write(path.join(root, 'bonus-1'), {
        ...common,
        'bonus_proofs.csv': [
          proofHeader,
          `P1,${ADULT},SPORTS_CLUB,2025-01-15,2026-03-31,paper`,
          `P2,${ADULT},HEALTH_CHECKUP,2025-02-01,2026-04-01,app`, // late: rejected
          `P3,${OTHER},VACCINATION,2025-03-01,2025-03-05,app`,
        ],
      }),
      importedBy: 't',
      outputDir: path.join(root, 'imp'),
      maxRejectRate: 0,
    });
    const first = await computed(database, 'bonus-crediting', 2025, '2026-04-02');
    await approveAndRelease(url, first.id, '2026-04-10');
    const releasedText = fs.readFileSync((await exportsOf(database, first.id, 'bonus-released-before')).bonus_accounts!, 'utf8');

    // P2 was in time after all (the receipt date was keyed wrongly); P3 withdrawn, P5 new instead.
    await importFolder(database, {
      folder: write(path.join(root, 'bonus-2'), {
        'bonus_proofs.csv': [
          proofHeader,
          `P1,${ADULT},SPORTS_CLUB,2025-01-15,2026-03-31,paper`,
          `P2,${ADULT},HEALTH_CHECKUP,2025-02-01,2026-03-15,app`,
          `P5,${OTHER},VACCINATION,2025-05-01,2025-05-02,app`,
        ],
      }),
      importedBy: 't',
      outputDir: path.join(root, 'imp'),
      maxRejectRate: 0,
    });
    const correction = await computed(database, 'bonus-crediting', 2025, '2026-04-20');
    expect(correction).toMatchObject({ kind: 'correction', baseline_run_id: first.id });
    const files = await exportsOf(database, correction.id, 'bonus-correction');
    expect(Object.keys(files)).toEqual(['bonus_accounts', 'bonus_items', 'bonus_accounts_corrections', 'bonus_items_corrections']);

    // ADULT: HEALTH_CHECKUP 500 points credited (§ 65a Abs. 1); closing 1,300 → 1,800 points = 18.00 EUR.
    // OTHER: one vaccination for another, same 500 points: the account did not change.
    expect(fs.readFileSync(files.bonus_accounts_corrections!, 'utf8')).toBe(
      [
        'member_id,change,opening_points_released,opening_points_new,opening_points_delta,credited_65a1_released,credited_65a1_new,credited_65a1_delta,' +
          'credited_65a1a_released,credited_65a1a_new,credited_65a1a_delta,credited_activities_released,credited_activities_new,credited_activities_delta,' +
          'credited_goals_released,credited_goals_new,credited_goals_delta,payout_points_released,payout_points_new,payout_points_delta,' +
          'payout_cash_eur_released,payout_cash_eur_new,payout_cash_eur_delta,payout_plus_eur_released,payout_plus_eur_new,payout_plus_eur_delta,' +
          'forfeited_points_released,forfeited_points_new,forfeited_points_delta,closing_points_released,closing_points_new,closing_points_delta,' +
          'closing_value_eur_released,closing_value_eur_new,closing_value_eur_delta',
        `${ADULT},changed,300,300,0,0,500,500,1000,1000,0,0,0,0,0,0,0,0,0,0,0.00,0.00,0.00,0.00,0.00,0.00,0,0,0,1300,1800,500,13.00,18.00,5.00`,
        '',
      ].join('\n'),
    );
    expect(fs.readFileSync(files.bonus_items_corrections!, 'utf8')).toBe(
      [
        'item_type,item_id,change,points_released,points_new,points_delta',
        'proof,P2,changed,0,500,500',
        'proof,P3,removed,500,,-500',
        'proof,P5,new,,500,500',
        '',
      ].join('\n'),
    );
    expect(fs.readFileSync((await exportsOf(database, first.id, 'bonus-released-after')).bonus_accounts!, 'utf8')).toBe(releasedText);

    // Euros and points in their own columns; the sheet's sums are Übersicht's figures.
    const wb = await readWorkbook(correction.reports[0]!);
    expect(
      wb.rows.map((r) => [r.Export, r['Schlüssel'], r['Änderung'], r.Betragsspalte, r['Differenz (€)'], r['Differenz (Punkte)']]),
    ).toEqual([
      ['Punktekonten', ADULT, 'geändert', 'Gutschrift § 65a Abs. 1 (Punkte)', null, 500],
      ['Punktekonten', ADULT, 'geändert', 'Endbestand (Punkte)', null, 500],
      ['Punktekonten', ADULT, 'geändert', 'Wert des Endbestands', 5, null],
      ['Einzelposten § 19a', 'proof / P2', 'geändert', 'Punkte', null, 500],
      ['Einzelposten § 19a', 'proof / P3', 'entfallen', 'Punkte', null, -500],
      ['Einzelposten § 19a', 'proof / P5', 'neu', 'Punkte', null, 500],
    ]);
    expect(wb.overview('Punktekonten', 'Wert des Endbestands')).toEqual([1, 5, null]);
    expect(wb.overview('Punktekonten', 'Endbestand (Punkte)')).toEqual([1, null, 500]);
    expect(wb.overview('Punktekonten', 'Barauszahlung')).toEqual([0, 0, null]);
    expect(wb.overview('Einzelposten § 19a', 'Punkte')).toEqual([3, null, 500]);
  });

  it('U1/U2: a changed reimbursement claim and declaration correct the claim, the month and the fund', async () => {
    const MIXED = '10000023';
    const CLAIMS = '10000034';
    const claimsHeader = 'claim_id,employer_id,employee_id,kind,period_from,period_to,continued_pay,employer_contributions';
    const declarationsHeader = 'employer_id,month,declared_u1,declared_u2';
    const { database, url } = await fresh('corr_levy');
    await importFolder(database, {
      folder: write(path.join(root, 'levy-1'), {
        'employers.csv': [
          'employer_id,name,account_opened_on,closed_on,u1_exempt,aag_exempt,expected_headcount',
          `${MIXED},Misch KG,2010-01-01,,false,false,`,
          `${CLAIMS},Klaim AG,2010-01-01,,false,false,`,
        ],
        'u1_elections.csv': ['employer_id,year,tariff,received_on', `${CLAIMS},2025,50,2025-02-28`],
        'u1_history.csv': [
          'employer_id,year,participates,tariff',
          `${MIXED},2024,true,65`,
          `${MIXED},2025,true,`,
          `${CLAIMS},2024,true,65`,
          `${CLAIMS},2025,true,`,
        ],
        'employments.csv': [
          'employer_id,employee_id,valid_from,valid_to,category,weekly_hours,insured_with_fund',
          `${MIXED},M1,2020-01-01,,regular,40,true`,
          `${MIXED},M2,2020-01-01,,regular,40,true`,
          `${CLAIMS},C1,2020-01-01,,regular,40,true`,
        ],
        'pay_months.csv': [
          'employer_id,employee_id,month,sv_days,pay_regular,pay_one_time,short_no_efzg',
          `${MIXED},M1,2025-01,30,4000.00,0.00,false`,
          `${MIXED},M2,2025-01,30,9000.00,1000.00,false`,
        ],
        'levy_declarations.csv': [declarationsHeader, `${MIXED},2025-01,355.48,57.42`],
        'reimbursement_claims.csv': [claimsHeader, `K1,${CLAIMS},C1,u1_sickness,2025-05-05,2025-05-18,5000.00,`],
        'levy_fund_balances.csv': ['procedure,year,opening_balance', 'U1,2025,100000.00', 'U2,2025,50000.00'],
      }),
      importedBy: 't',
      outputDir: path.join(root, 'imp'),
      maxRejectRate: 0,
    });
    const first = await computed(database, 'levy', 2025, '2026-01-20');
    await approveAndRelease(url, first.id, '2026-01-22');
    const before = await exportsOf(database, first.id, 'levy-released-before');
    const releasedTexts = Object.fromEntries(Object.entries(before).map(([k, f]) => [k, fs.readFileSync(f, 'utf8')]));

    // The claim's continued pay was 3,000.00, not 5,000.00; MIXED declared 350.00 for U1 in January.
    await importFolder(database, {
      folder: write(path.join(root, 'levy-2'), {
        'reimbursement_claims.csv': [claimsHeader, `K1,${CLAIMS},C1,u1_sickness,2025-05-05,2025-05-18,3000.00,`],
        'levy_declarations.csv': [declarationsHeader, `${MIXED},2025-01,350.00,57.42`],
      }),
      importedBy: 't',
      outputDir: path.join(root, 'imp'),
      maxRejectRate: 0,
    });
    const correction = await computed(database, 'levy', 2025, '2026-01-27');
    expect(correction).toMatchObject({ kind: 'correction', baseline_run_id: first.id });
    const files = await exportsOf(database, correction.id, 'levy-correction');
    const csv = (name: string) => fs.readFileSync(files[name]!, 'utf8');

    // 14 days, capped at the pension ceiling: 8,050 / 30 × 14 = 3,756.67 before, now the 3,000.00 paid; Tarif 50.
    expect(csv('reimbursements_corrections')).toBe(
      [
        'claim_id,change,eligible_pay_released,eligible_pay_new,eligible_pay_delta,capped_pay_released,capped_pay_new,capped_pay_delta,' +
          'reimbursement_released,reimbursement_new,reimbursement_delta',
        'K1,changed,5000.00,3000.00,-2000.00,3756.67,3000.00,-756.67,1878.33,1500.00,-378.33',
        '',
      ].join('\n'),
    );
    const months = readCsv(files.levy_months_corrections!).rows;
    expect(months).toHaveLength(1);
    expect(months[0]).toMatchObject({
      employer_id: MIXED,
      month: '2025-01',
      change: 'changed',
      declared_u1_released: '355.48',
      declared_u1_new: '350.00',
      declared_u1_delta: '-5.48',
      diff_u1_released: '0.00',
      diff_u1_new: '-5.48',
      diff_u1_delta: '-5.48',
      u1_levy_delta: '0.00',
      declared_u2_delta: '0.00',
    });
    // the fund: reimbursements −378.33 and declared levies −5.48, so the closing balance +372.85
    const funds = readCsv(files.levy_fund_corrections!).rows;
    expect(
      funds.map((f) => [f.procedure, f.year, f.change, f.reimbursements_delta, f.levies_declared_delta, f.closing_balance_delta]),
    ).toEqual([['U1', '2025', 'changed', '-378.33', '-5.48', '372.85']]);
    const fundBefore = readCsv(before.levy_fund!).rows.find((f) => f.procedure === 'U1')!;
    const fundAfter = readCsv(files.levy_fund!).rows.find((f) => f.procedure === 'U1')!;
    expect(funds[0]!.reserve_limit_delta).toBe(money(new Decimal(fundAfter.reserve_limit!).minus(fundBefore.reserve_limit!)));
    // nothing changed in the tariffs and determinations: header only
    expect(csv('u1_tariffs_corrections')).toBe('employer_id,year,change\n');
    expect(csv('u1_determination_corrections')).toBe('employer_id,year,change\n');
    for (const [name, text] of Object.entries(releasedTexts)) {
      expect(fs.readFileSync((await exportsOf(database, first.id, 'levy-released-after'))[name]!, 'utf8'), name).toBe(text);
    }

    const wb = await readWorkbook(correction.reports[0]!);
    expect(wb.overview('Erstattungen', 'Erstattung')).toEqual([1, -378.33, null]);
    expect(sumCells(wb.rows, 'Differenz (€)', (r) => r.Betragsspalte === 'Erstattung').toFixed(2)).toBe('-378.33');
    expect(wb.overview('Ausgleichskassen', 'Endbestand')).toEqual([1, 372.85, null]);
    expect(wb.overview('Umlagemonate', 'Differenz U1 (gemeldet − berechnet)')).toEqual([1, -5.48, null]);
    expect(wb.rows.filter((r) => r.Export === 'Umlagemonate').map((r) => [r['Schlüssel'], r.Betragsspalte, r['Differenz (€)']])).toEqual([
      [`${MIXED} / 2025-01`, 'U1-Umlage gemeldet', -5.48],
      [`${MIXED} / 2025-01`, 'Differenz U1 (gemeldet − berechnet)', -5.48],
    ]);
  });
});
