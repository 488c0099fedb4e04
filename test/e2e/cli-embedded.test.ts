/**
 * The newcomer's path with no services: `npm run demo` (embedded PGlite, in-process runner),
 * then the workbook opened as finance would (exceljs and headless LibreOffice), the export
 * checked against the contract, and the CLI's help, usage errors and failure messages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARIFF_SETTLEMENT_COLUMNS } from '../../jobs/tariff-settlement/export.ts';
import { BONUS_ACCOUNT_COLUMNS, BONUS_ITEM_COLUMNS } from '../../jobs/bonus-crediting/export.ts';
import { NUM_FMT } from '../../reports/workbook.ts';
import { expectOpensInLibreOffice, expectPrintsInLibreOffice } from '../helpers/libreoffice.ts';
import { cleanEnv, isPlainError, yearend } from '../helpers/cli.ts';
import { forCli } from '../helpers/time.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-e2e-'));
const env = cleanEnv({ PGLITE_DIR: path.join(root, 'pglite'), OUTPUT_DIR: path.join(root, 'output'), YEAREND_TODAY: '2026-05-04' });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const SUBCOMMANDS = [
  'migrate',
  'import',
  'run',
  'status',
  'resume',
  'cancel',
  'dismiss',
  'approve',
  'release',
  'decide',
  'export',
  'report',
  'worker',
  'schedule',
  'dashboard',
  'purge',
  'generate',
  'demo',
  'bench',
];

describe('yearend in embedded mode', () => {
  let demo: Awaited<ReturnType<typeof yearend>>;
  beforeAll(async () => {
    demo = await yearend(['demo', '--members', '1200', '--employers', '200'], env, root);
  }, 300_000);

  it('demo generates, imports, runs and says where the files are', () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('embedded PostgreSQL');
    expect(demo.stdout).toMatch(/run 1 computed: \d+ rows, \d+ Klärfälle \(\d+ held\)/);
    expect(demo.stdout).toMatch(/workbook: .*tariff-settlement_2025_1\.xlsx/);
    expect(demo.stdout).toMatch(/export: .*tariff_settlement\.csv/);
    // the fourth job, AOK Nordost's bonus plan, runs in the demo too (run 4, after levy)
    expect(demo.stdout).toMatch(/workbook: .*nordost-bonus-plan_2025_4\.xlsx/);
    expect(demo.stdout).toMatch(/export: .*nordost_bonus_plan\.csv/);
    expect(demo.stdout).toMatch(/export: .*nordost_bonus_plan_proofs\.csv/);
  });

  it('writes a workbook only owner and group can read, which opens cleanly', async () => {
    const file = path.join(root, 'output', 'tariff-settlement_2025_1.xlsx');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.statSync(path.join(root, 'output')).mode & 0o777).toBe(0o750);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Übersicht', 'Einzelabrechnung', 'Klärfälle', 'Importfehler', 'Parameter']);
    const detail = book.getWorksheet('Einzelabrechnung')!;
    expect(detail.getRow(1).getCell(1).value).toBe('KVNR');
    expect(detail.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(detail.getRow(2).getCell(4).numFmt).toBe(NUM_FMT.money);
    const overview = book.getWorksheet('Übersicht')!;
    const texts: string[] = [];
    overview.eachRow((row) => texts.push(JSON.stringify(row.values)));
    expect(texts.join('\n')).toContain('berechnet');
    expect(texts.join('\n')).toContain("SUM('Einzelabrechnung'!");
  });

  // one test per workbook, so that a machine without LibreOffice skips only these (REQUIRE_LIBREOFFICE=1 fails them)
  it.for(['tariff-settlement_2025_1.xlsx', 'bonus-crediting_2025_2.xlsx', 'levy_2025_3.xlsx', 'nordost-bonus-plan_2025_4.xlsx'])(
    '%s opens in LibreOffice and prints: its first pages (Übersicht) are rendered and not blank',
    async (name, test) => {
      await expectOpensInLibreOffice(path.join(root, 'output', name), test);
      const pages = await expectPrintsInLibreOffice(path.join(root, 'output', name), test);
      expect(pages.length).toBeGreaterThanOrEqual(1);
    },
  );

  it('exports follow the contract to the column', () => {
    const exportsDir = path.join(root, 'output', 'exports', 'tariff-settlement_2025_1');
    const text = fs.readFileSync(path.join(exportsDir, 'tariff_settlement.csv'), 'utf8');
    const [header, ...rows] = text.trimEnd().split('\n');
    expect(header).toBe(TARIFF_SETTLEMENT_COLUMNS.join(','));
    for (const row of rows.slice(0, 200)) {
      const f = row.split(',');
      expect(f).toHaveLength(16);
      expect(f[0]).toMatch(/^[A-Z][0-9]{9}$/);
      for (const money of [f[3], f[4], f[7], f[8], f[10], f[11]]) expect(money).toMatch(/^-?[0-9]+\.[0-9]{2}$/);
      expect(['payout', 'receivable', 'zero', 'held']).toContain(f[12]);
      expect(f[13] === '' || f[13] === '2026-06-30').toBe(true);
      expect(f[15]).not.toBe('""');
    }
  });

  it('demo credits the bonus year too: workbook sheets and both exports per the contract', async () => {
    expect(demo.stdout).toMatch(/run 2 computed: \d+ rows/);
    const file = path.join(root, 'output', 'bonus-crediting_2025_2.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Übersicht', 'Konten', 'Auszahlungen', 'Klärfälle', 'Importfehler', 'Parameter']);
    const dir = path.join(root, 'output', 'exports', 'bonus-crediting_2025_2');
    const accounts = fs.readFileSync(path.join(dir, 'bonus_accounts.csv'), 'utf8').trimEnd().split('\n');
    expect(accounts[0]).toBe(BONUS_ACCOUNT_COLUMNS.join(','));
    for (const row of accounts.slice(1, 200)) {
      const f = row.split(',');
      expect(f).toHaveLength(14);
      expect(f[12]).toMatch(/^[0-9]+\.[0-9]{2}$/);
      expect(['true', 'false']).toContain(f[13]);
      // closing = opening + credited − paid − forfeited
      const n = f.map(Number);
      expect(n[11]).toBe(n[2]! + n[3]! + n[4]! + n[5]! + n[6]! - n[7]! - n[10]!);
    }
    const items = fs.readFileSync(path.join(dir, 'bonus_items.csv'), 'utf8').trimEnd().split('\n');
    expect(items[0]).toBe(BONUS_ITEM_COLUMNS.join(','));
    const decisions = new Set(items.slice(1).map((r) => r.split(',')[5]));
    expect([...decisions].sort()).toEqual(['credited', 'merged', 'paid', 'rejected']);
  });

  it('demo runs the U1/U2 levy year too: workbook sheets and the five exports per the contract', async () => {
    expect(demo.stdout).toMatch(/run 3 computed: \d+ rows/);
    const file = path.join(root, 'output', 'levy_2025_3.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Übersicht',
      'Arbeitgeber',
      'Monate',
      'Abstimmung',
      'Feststellung U1',
      'Erstattungen',
      'Umlagekasse',
      'Klärfälle',
      'Importfehler',
      'Parameter',
    ]);
    const dir = path.join(root, 'output', 'exports', 'levy_2025_3');
    const headers = Object.fromEntries(
      ['levy_months', 'u1_tariffs', 'u1_determination', 'reimbursements', 'levy_fund'].map((name) => [
        name,
        fs.readFileSync(path.join(dir, `${name}.csv`), 'utf8').split('\n')[0],
      ]),
    );
    expect(headers).toEqual({
      levy_months:
        'employer_id,month,u1_participates,u1_tariff,u1_rate,u1_base,u1_levy,u2_rate,u2_base,u2_levy,declared_u1,declared_u2,diff_u1,diff_u2,diff_class,reasons',
      u1_tariffs: 'employer_id,year,tariff,segments,reasons',
      u1_determination:
        'employer_id,year,months_considered,months_at_most_30,participates,basis,' +
        Array.from({ length: 12 }, (_, i) => `headcount_${String(i + 1).padStart(2, '0')}`).join(',') +
        ',reasons',
      reimbursements: 'claim_id,employer_id,kind,days,eligible_pay,capped_pay,rate,reimbursement,decision,reason',
      levy_fund:
        'procedure,year,opening_balance,levies_declared,levies_computed,reimbursements,closing_balance,reserve_limit,reserve_status,break_even_rate,break_even_rate_t50,break_even_rate_t65',
    });
    const fund = fs.readFileSync(path.join(dir, 'levy_fund.csv'), 'utf8').trimEnd().split('\n');
    expect(fund.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['U1,2025', 'U2,2025']);
  });

  it('run --json prints one JSON object; export --job --year takes the latest run', async () => {
    const run = await yearend(['run', 'tariff-settlement', '--year', '2025', '--json', '--by', 'ops'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ runId: 5, job: 'tariff-settlement', year: 2025, kind: 'final', status: 'computed' });
    expect(Object.keys(result.counts).sort()).toEqual(['exceptions', 'held', 'rows']);
    expect(result.reports[0]).toMatch(/tariff-settlement_2025_5\.xlsx$/);
    const out = path.join(root, 'export-latest');
    const exp = await yearend(['export', '--job', 'tariff-settlement', '--year', '2025', '--out', out], env);
    expect(exp.code, exp.stderr).toBe(0);
    expect(fs.readFileSync(path.join(out, 'tariff_settlement.csv'), 'utf8')).toBe(
      fs.readFileSync(path.join(root, 'output', 'exports', 'tariff-settlement_2025_1', 'tariff_settlement.csv'), 'utf8'),
    );
  });

  it('continues the detail sheet on a numbered sheet at the row limit', async () => {
    const report = await yearend(['report', '5'], { ...env, EXCEL_ROW_LIMIT: '400' });
    expect(report.code, report.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(root, 'output', 'tariff-settlement_2025_5.xlsx'));
    const names = book.worksheets.map((w) => w.name);
    expect(names).toContain('Einzelabrechnung (2)');
    expect(book.getWorksheet('Einzelabrechnung')!.rowCount).toBe(400);
  });

  it('refuses a final bonus run before the 31 March deadline has passed; a dry run is allowed', async () => {
    const early = await yearend(['run', 'bonus-crediting', '--year', '2025'], { ...env, YEAREND_TODAY: '2026-03-31' });
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/\nerror: bonus crediting for 2025 can run only after the proof deadline 2026-03-31.*--dry-run/);
    expect(early.stderr).not.toMatch(/\n\s+at /);
    const dry = await yearend(['run', 'bonus-crediting', '--year', '2025', '--dry-run', '--json'], { ...env, YEAREND_TODAY: '2026-03-31' });
    expect(dry.code, dry.stderr).toBe(0);
    const { runId, kind } = JSON.parse(dry.stdout);
    expect(kind).toBe('dry');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(root, 'output', `bonus-crediting_2025_${runId}.xlsx`));
    for (const sheet of book.worksheets) expect(String(sheet.getRow(1).getCell(1).value)).toMatch(/^VORLÄUFIG/);
  });

  it('a dry run is marked and its export needs --preliminary', async () => {
    const run = await yearend(['run', 'tariff-settlement', '--year', '2025', '--dry-run', '--json'], env);
    const { runId, kind } = JSON.parse(run.stdout);
    expect(kind).toBe('dry');
    const plain = await yearend(['export', String(runId), '--out', path.join(root, 'dry')], env);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/--preliminary/);
    const prelim = await yearend(['export', String(runId), '--out', path.join(root, 'dry'), '--preliminary'], env);
    expect(prelim.code, prelim.stderr).toBe(0);
    expect(fs.existsSync(path.join(root, 'dry', 'tariff_settlement_preliminary.csv'))).toBe(true);
    const approve = await yearend(['approve', String(runId), '--by', 'finance'], env);
    expect(approve.code).toBe(1);
    expect(approve.stderr).toMatch(/dry run .* never be approved/);
  });

  // one CLI start per subcommand, one after the other: the limit grows with them (a busy machine makes each slower)
  it('has --help on every subcommand', { timeout: forCli(SUBCOMMANDS.length) }, async () => {
    for (const sub of SUBCOMMANDS) {
      const help = await yearend([sub, '--help'], env);
      expect(help.code, sub).toBe(0);
      expect(help.stdout, sub).toContain(`Usage: yearend ${sub}`);
    }
  });

  it('usage errors exit 2, failures exit 1, each with a plain one-line message', async () => {
    const badYear = await yearend(['run', 'tariff-settlement', '--year', '20x5'], env);
    expect(badYear.code).toBe(2);
    expect(badYear.stderr).toMatch(/year is four digits/);
    const noYear = await yearend(['run', 'tariff-settlement'], env);
    expect(noYear.code).toBe(2);
    const unknownJob = await yearend(['run', 'payroll', '--year', '2025'], env);
    expect(unknownJob.code).toBe(1);
    expect(isPlainError(unknownJob.stderr)).toBe(true);
    const missing = await yearend(['import', path.join(root, 'no-such-folder')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: folder .* does not exist/);
    const noDb = await yearend(['status'], cleanEnv({ DATABASE_URL: 'postgres://root@127.0.0.1:1/none' }));
    expect(noDb.code).toBe(1);
    expect(isPlainError(noDb.stderr)).toBe(true);
    expect(noDb.stderr).toMatch(/cannot reach PostgreSQL .* start it or fix DATABASE_URL/);
    const badEnv = await yearend(['status'], cleanEnv({ LOG_LEVEL: 'loud', CHUNK_SIZE: 'many', YEAREND_TODAY: '2026-13-01' }));
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/LOG_LEVEL/);
    expect(badEnv.stderr).toMatch(/CHUNK_SIZE/);
    expect(badEnv.stderr).toMatch(/YEAREND_TODAY/);
  });

  it('status from a second process says embedded mode needs PostgreSQL for that', async () => {
    const lock = path.join(root, 'pglite', '.yearend.lock');
    fs.writeFileSync(lock, String(process.pid)); // this test process plays the running one
    try {
      const status = await yearend(['status'], env);
      expect(status.code).toBe(1);
      expect(status.stderr).toMatch(/in use by process \d+: embedded mode is one process.*DATABASE_URL/);
    } finally {
      fs.rmSync(lock);
    }
    const ok = await yearend(['status'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/tariff-settlement\s+2025\s+final\s+computed/);
  });
});
