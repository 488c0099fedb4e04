/**
 * § 19a crediting on PostgreSQL across years: the 31 March deadline guard, opening balances
 * carried from the previous year's run (released, else computed with a warning) or the file,
 * payouts settled once ever, and a correction run that does not credit twice.
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

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-bonus-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// Three insured persons: an adult (A…), a child (B…, family-insured), one who died in 2025 (C…).
const ADULT = 'A123456780';
const CHILD = 'X110411675';
const DIES = 'B100000005';

function writeInputs(dir: string): void {
  const files: Record<string, string[]> = {
    'members.csv': ['member_id,birth_date,died_on', `${ADULT},1985-05-05,`, `${CHILD},2013-03-03,`, `${DIES},1950-01-01,2025-06-30`],
    'memberships.csv': [
      'member_id,valid_from,valid_to,kind',
      `${ADULT},2010-01-01,,mandatory`,
      `${CHILD},2013-03-03,,family`,
      `${DIES},2000-01-01,2025-06-30,voluntary`,
    ],
    'third_party_periods.csv': ['member_id,valid_from,valid_to'],
    'tariff_declarations.csv': ['declaration_id,member_id,kind,received_on,declared_class'],
    'bonus_participations.csv': ['member_id,valid_from,valid_to', `${ADULT},2024-01-01,`, `${DIES},2024-01-01,`],
    'bonus_exclusions.csv': ['member_id,valid_from,valid_to'],
    'bonus_proofs.csv': [
      'proof_id,member_id,measure_code,performed_on,received_on,channel',
      `P1,${ADULT},HEALTH_CHECKUP,2024-03-10,2024-04-01,app`,
      `P2,${ADULT},SPORTS_CLUB,2025-01-15,2026-03-31,paper`,
      `P3,${ADULT},GYM_MEMBERSHIP,2025-02-01,2026-04-01,app`,
      `P4,${CHILD},DENTAL_CHECKUP,2025-02-10,2025-02-20,paper`,
      `P5,${CHILD},DENTAL_CHECKUP,2025-09-01,2025-09-10,paper`,
      `P6,${DIES},VACCINATION,2025-03-01,2025-03-05,app`,
    ],
    'bonus_activities.csv': ['activity_id,member_id,activity_on,duration_min,kcal,avg_heart_rate,steps'],
    'bonus_goals.csv': ['goal_id,member_id,started_on,completed_on,challenges_total,challenges_done'],
    'bonus_opening_balances.csv': ['member_id,year,points', `${ADULT},2024,300`, `${ADULT},2025,99999`],
    'bonus_payout_requests.csv': [
      'payout_id,member_id,requested_on,kind,points,receipt_id,service_code,service_on,cost',
      `Q1,${ADULT},2024-11-01,cash,500,,,,`,
      `Q2,${ADULT},2025-12-01,plus,100,R1,PLUS_YOGA,2025-11-20,1.50`,
    ],
  };
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, lines] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
}

describe.skipIf(skipServices)('bonus crediting across years on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  const job = jobOf('bonus-crediting');
  const deps = () => testDeps(db.database, path.join(root, 'out'));
  const start = (year: number, asOf: string, dryRun = false) =>
    startRun(db.database.db, job, { year, dryRun, startedBy: 'ops', mode: 'in-process', asOf, chunkSize: 2 });
  async function accounts(runId: number) {
    const dir = path.join(root, `exp-${runId}`);
    const run = await getRun(db.database.db, runId);
    const [accountsFile, itemsFile] = await exportRun(db.database.db, run, dir, run.kind === 'dry');
    const parse = (f: string) => {
      const [header, ...rows] = fs.readFileSync(f, 'utf8').trimEnd().split('\n');
      const cols = header!.split(',');
      return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i]!, v])));
    };
    return { accounts: parse(accountsFile!), items: parse(itemsFile!), text: fs.readFileSync(accountsFile!, 'utf8') };
  }

  beforeAll(async () => {
    db = await openFresh('bonus');
    writeInputs(path.join(root, 'in'));
    await importFolder(db.database, {
      folder: path.join(root, 'in'),
      importedBy: 't',
      outputDir: path.join(root, 'imp'),
      maxRejectRate: 0,
    });
  });
  afterAll(async () => db?.drop());

  it('refuses a final run before 1 April Y+1 and allows a dry one', async () => {
    await expect(start(2025, '2026-03-31')).rejects.toThrow(PermanentRunError);
    await expect(start(2025, '2026-03-31')).rejects.toThrow(/only after the proof deadline 2026-03-31 .* --dry-run/);
    const dry = await start(2025, '2026-03-31', true);
    expect(dry.kind).toBe('dry');
    await runInProcess(deps(), dry.id);
    expect((await getRun(db.database.db, dry.id)).status).toBe('computed');
  });

  it('2024: opening balance from the file, proof credited, every payout request in the input settled', async () => {
    const run = await start(2024, '2025-04-02');
    await runInProcess(deps(), run.id);
    const { accounts: rows, items } = await accounts(run.id);
    const adult = rows.find((r) => r.member_id === ADULT)!;
    // 300 + 500 − 500 (Q1 cash, 5.00 EUR) − 75 (Q2 PLUS 1.50 EUR: "whatever its date") = 225
    expect(adult).toMatchObject({
      opening_points: '300',
      credited_65a1: '500',
      payout_points: '575',
      payout_cash_eur: '5.00',
      payout_plus_eur: '1.50',
      closing_points: '225',
    });
    expect(items.find((i) => i.item_id === 'Q1')).toMatchObject({ item_type: 'payout', decision: 'paid', points: '500', reason: '' });
    expect(items.find((i) => i.item_id === 'Q2')).toMatchObject({ item_type: 'payout', decision: 'paid', points: '75', reason: '' });
  });

  it('2025 after an unreleased 2024 run: carries its closing balance with a warning; Q1 and Q2 are not settled again', async () => {
    const run = await start(2025, '2026-04-01');
    expect(run.warnings[0]).toMatch(/aus Lauf \d+ \(2024\), der noch nicht freigegeben ist/);
    await runInProcess(deps(), run.id);
    const { accounts: rows, items } = await accounts(run.id);
    const adult = rows.find((r) => r.member_id === ADULT)!;
    // opening 225 from the 2024 run (the file's 99999 is not used), SPORTS_CLUB 1000, GYM late.
    expect(adult).toMatchObject({
      opening_points: '225',
      credited_65a1a: '1000',
      payout_points: '0',
      payout_plus_eur: '0.00',
      closing_points: '1225',
    });
    expect(items.find((i) => i.item_id === 'P3')).toMatchObject({ decision: 'rejected', reason: 'LATE_SUBMISSION' });
    expect(items.some((i) => i.item_type === 'payout')).toBe(false); // settled once, ever
    expect(rows.find((r) => r.member_id === CHILD)).toMatchObject({
      credited_65a1a: '500',
      closing_points: '500',
      payout_eligible: 'true',
    });
    expect(items.find((i) => i.item_id === 'P4')).toMatchObject({ decision: 'merged', points: '0' });
    expect(rows.find((r) => r.member_id === DIES)).toMatchObject({ credited_65a1: '500', forfeited_points: '500', closing_points: '0' });
  });

  it('a correction run of 2025 after release does not credit twice', async () => {
    const first = await db.database.db
      .selectFrom('run')
      .select('id')
      .where('job', '=', 'bonus-crediting')
      .where('year', '=', 2025)
      .where('kind', '=', 'final')
      .executeTakeFirstOrThrow();
    await db.database.db.updateTable('run').set({ status: 'released', released_by: 'finance' }).where('id', '=', first.id).execute();
    const correction = await start(2025, '2026-05-01');
    expect(correction.kind).toBe('correction');
    expect(correction.baseline_run_id).toBe(first.id);
    await runInProcess(deps(), correction.id);
    expect((await accounts(correction.id)).text).toBe((await accounts(first.id)).text);
  });
});
