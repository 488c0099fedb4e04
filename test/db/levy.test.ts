/**
 * The U1/U2 levy job on PostgreSQL with hand-made extracts: the spec's worked examples through
 * the whole pipeline (import → chunks → funds' year → exports), the state carried into the next
 * year (tariffs, U1 participation, fund balances), and the clear stops (no opening balance,
 * West/East ceilings of 2024).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/import/import-folder.ts';
import { startRun } from '../../src/runs/create-run.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import { getRun } from '../../src/runs/run-store.ts';
import { exportRun } from '../../src/cli/commands/export.ts';
import { jobOf } from '../../jobs/registry.ts';
import { openFresh, skipServices } from '../helpers/services.ts';
import { testDeps } from '../helpers/pipeline.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-levy-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const NINE = '10000012'; // nine employees above the ceiling with 10 SV days, Tarif 65
const MIXED = '10000023'; // 4,000 + 9,000 + one-time 1,000 in January, Tarif 65
const CLAIMS = '10000034'; // Tarif 50 by election, a 14-day U1 claim of 5,000

function write(dir: string, files: Record<string, string[]>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, lines] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
}

function inputs(): Record<string, string[]> {
  const employments = ['employer_id,employee_id,valid_from,valid_to,category,weekly_hours,insured_with_fund'];
  const pays = ['employer_id,employee_id,month,sv_days,pay_regular,pay_one_time,short_no_efzg'];
  for (let i = 1; i <= 9; i++) {
    employments.push(`${NINE},N${i},2020-01-01,,regular,40,true`);
    pays.push(`${NINE},N${i},2025-03,10,9000.00,0.00,false`);
  }
  employments.push(
    `${MIXED},M1,2020-01-01,,regular,40,true`,
    `${MIXED},M2,2020-01-01,,regular,40,true`,
    `${CLAIMS},C1,2020-01-01,,regular,40,true`,
  );
  pays.push(`${MIXED},M1,2025-01,30,4000.00,0.00,false`, `${MIXED},M2,2025-01,30,9000.00,1000.00,false`);
  return {
    'employers.csv': [
      'employer_id,name,account_opened_on,closed_on,u1_exempt,aag_exempt,expected_headcount',
      `${NINE},Neun GmbH,2010-01-01,,false,false,`,
      `${MIXED},Misch KG,2010-01-01,,false,false,`,
      `${CLAIMS},Klaim AG,2010-01-01,,false,false,`,
    ],
    'u1_elections.csv': ['employer_id,year,tariff,received_on', `${CLAIMS},2025,50,2025-02-28`],
    'u1_history.csv': [
      'employer_id,year,participates,tariff',
      `${NINE},2024,true,65`,
      `${NINE},2025,true,`,
      `${MIXED},2024,true,65`,
      `${MIXED},2025,true,`,
      `${CLAIMS},2024,true,65`,
      `${CLAIMS},2025,true,`,
    ],
    'employments.csv': employments,
    'pay_months.csv': pays,
    'levy_declarations.csv': [
      'employer_id,month,declared_u1,declared_u2',
      `${NINE},2025-03,712.43,106.26`,
      `${MIXED},2025-01,355.48,57.42`,
    ],
    'reimbursement_claims.csv': [
      'claim_id,employer_id,employee_id,kind,period_from,period_to,continued_pay,employer_contributions',
      `K1,${CLAIMS},C1,u1_sickness,2025-05-05,2025-05-18,5000.00,`,
    ],
    'levy_fund_balances.csv': ['procedure,year,opening_balance', 'U1,2025,100000.00', 'U2,2025,50000.00'],
  };
}

function parse(file: string): Record<string, string>[] {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = header!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i]!, v])));
}

describe.skipIf(skipServices)('U1/U2 levies on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  const job = jobOf('levy');
  const start = (year: number) =>
    startRun(db.database.db, job, { year, dryRun: false, startedBy: 'ops', mode: 'in-process', asOf: `${year + 1}-01-20`, chunkSize: 2 });
  const exportsOf = async (runId: number) => {
    const files = await exportRun(db.database.db, await getRun(db.database.db, runId), path.join(root, `exp-${runId}`), false);
    return Object.fromEntries(files.map((f) => [path.basename(f, '.csv'), parse(f)]));
  };

  beforeAll(async () => {
    db = await openFresh('levy');
    write(path.join(root, 'in'), inputs());
    await importFolder(db.database, {
      folder: path.join(root, 'in'),
      importedBy: 't',
      outputDir: path.join(root, 'imp'),
      maxRejectRate: 0,
    });
  });
  afterAll(async () => db?.drop());

  it('2024 has West/East ceilings: the run stops with a clear error', async () => {
    await expect(start(2024)).rejects.toThrow(PermanentRunError);
    await expect(start(2024)).rejects.toThrow(/West\/East/);
  });

  it('2025: the worked examples through the whole pipeline', async () => {
    const run = await start(2025);
    await runInProcess(testDeps(db.database, path.join(root, 'out')), run.id);
    expect((await getRun(db.database.db, run.id)).status).toBe('computed');
    const ex = await exportsOf(run.id);
    const month = (e: string, m: string) => ex.levy_months!.find((r) => r.employer_id === e && r.month === m)!;
    expect(month(NINE, '2025-03')).toMatchObject({
      u1_tariff: '65',
      u1_rate: '0.0295',
      u1_base: '24150.00',
      u1_levy: '712.43',
      diff_u1: '0.00',
      diff_class: 'none',
    });
    expect(month(MIXED, '2025-01')).toMatchObject({
      u1_base: '12050.00',
      u1_levy: '355.48',
      u2_base: '13050.00',
      u2_levy: '57.42',
      diff_class: 'none',
    });
    expect(ex.reimbursements!.find((r) => r.claim_id === 'K1')).toMatchObject({
      days: '14',
      capped_pay: '3756.67',
      rate: '0.5',
      reimbursement: '1878.33',
      decision: 'approved',
    });
    expect(ex.u1_tariffs!.find((r) => r.employer_id === CLAIMS)).toMatchObject({ tariff: '50', segments: '2025-01-01:50' });
    const u1 = ex.levy_fund!.find((r) => r.procedure === 'U1')!;
    expect(u1).toMatchObject({ year: '2025', opening_balance: '100000.00', reimbursements: '1878.33' });
    expect(Number(u1.closing_balance)).toBeCloseTo(100000 + Number(u1.levies_declared) - 1878.33, 2);
    // A determination for 2026 is decided from 2025 for every employer.
    expect(ex.u1_determination!.filter((r) => r.year === '2026')).toHaveLength(3);
  });

  it('2026 carries 2025: opening balances from the run, not the file; a missing balance stops the run', async () => {
    const run = await start(2026);
    expect(run.warnings[0]).toMatch(/aus Lauf \d+ \(2025\), der noch nicht freigegeben ist/);
    await runInProcess(testDeps(db.database, path.join(root, 'out')), run.id);
    const ex = await exportsOf(run.id);
    const first = await db.database.db.selectFrom('levy_fund_result').selectAll().where('year', '=', 2025).execute();
    for (const f of ex.levy_fund!) {
      expect(f.opening_balance).toBe(first.find((r) => r.procedure === f.procedure)!.closing_balance);
    }
    // Tariff 50 carries over from 2025 (no election for 2026).
    expect(ex.u1_tariffs!.find((r) => r.employer_id === CLAIMS)).toMatchObject({ tariff: '50' });
    await expect(start(2027)).rejects.toThrow(/rates|opening balance|ceiling/);
  });
});
