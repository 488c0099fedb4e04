/**
 * The AOK Nordost "AOK Bonus Plan" files (data-contract-nordost.md) imported into PostgreSQL: valid
 * rows load into their tables; each rejection reason of the contract is recorded with file, line,
 * column and reason (type errors, unknown member, duplicate key, and the files' own checks:
 * declared_class required, received before performed, year before participation start, more
 * claim-free months than months of participation).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kvnr } from '../../src/generate/ids.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { monthsOfParticipation } from '../../src/import/specs/nordost-bonus-plan.ts';
import { openFresh, skipServices } from '../helpers/services.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-nordost-import-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const M1 = kvnr('N', 10000001);
const M2 = kvnr('N', 10000002);
const UNKNOWN = kvnr('Z', 1);

function write(dir: string, file: string, lines: string[]): void {
  fs.writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
}

const options = (folder: string, out: string) => ({ folder, importedBy: 'test', outputDir: path.join(tmp, out), maxRejectRate: 1 });

describe('monthsOfParticipation', () => {
  it('counts the months from the start to 31 December of the year, both counted, the start month whole', () => {
    expect(monthsOfParticipation('2024-01-01', 2024)).toBe(12);
    expect(monthsOfParticipation('2023-04-01', 2024)).toBe(21);
    expect(monthsOfParticipation('2024-12-15', 2024)).toBe(1);
    expect(monthsOfParticipation('2022-05-01', 2024)).toBe(32);
  });
});

describe.skipIf(skipServices)('Nordost bonus-plan inputs on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  let batchId: number;
  let outcomes: Awaited<ReturnType<typeof importFolder>>['files'];

  beforeAll(async () => {
    db = await openFresh('nordost_import');
    const dir = path.join(tmp, 'plan');
    fs.mkdirSync(dir);
    write(dir, 'members.csv', ['member_id,birth_date,died_on', `${M1},1970-01-01,`, `${M2},1985-06-30,`]);
    write(dir, 'bonus_plan_declarations.csv', [
      'declaration_id,member_id,kind,received_on,declared_class',
      `PD1,${M1},enrol,2024-11-20,3`, // 2 valid
      `PD2,${M1},class_change,2025-06-10,2`, // 3 valid
      `PD3,${M1},hardship_cancel,2025-09-01,`, // 4 valid: a cancel needs no class
      `PD4,${M2},cancel,2025-09-01,2`, // 5 valid: the class of a cancel is ignored
      `PD5,${M2},enrol,2025-01-05,4`, // 6 class above 3
      `PD6,${M2},enrol,2025-01-05,`, // 7 class missing for enrol
      `PD7,${M2},class_change,2025-02-05,`, // 8 class missing for class_change
      `PD8,${M2},renew,2025-01-05,1`, // 9 unknown kind
      `PD9,${UNKNOWN},enrol,2025-01-05,1`, // 10 unknown member
      `PD1,${M2},enrol,2025-01-05,1`, // 11 duplicate key
      `PD10,${M2},enrol,2025-02-30,1`, // 12 impossible date
    ]);
    write(dir, 'bonus_plan_health_proofs.csv', [
      'proof_id,member_id,path,performed_on,received_on',
      `HP1,${M1},prevention_set,2025-03-01,2025-03-10`, // 2 valid
      `HP2,${M1},sports_badge,2025-09-14,2026-01-10`, // 3 valid (late: the job decides, not the import)
      `HP3,${M2},fitness_test,2025-05-05,2025-05-05`, // 4 valid: received the same day
      `HP4,${M2},fitness_test,2025-05-05,2025-05-04`, // 5 received before performed
      `HP5,${M2},marathon,2025-05-05,2025-05-06`, // 6 unknown path
      `HP6,${UNKNOWN},sports_badge,2025-05-05,2025-05-06`, // 7 unknown member
      `HP1,${M2},sports_badge,2025-05-05,2025-05-06`, // 8 duplicate key
    ]);
    write(dir, 'bonus_plan_history.csv', [
      'member_id,year,participation_start,claim_free_months',
      `${M1},2024,2022-05-01,32`, // 2 valid: every month since the start
      `${M2},2024,2024-04-15,9`, // 3 valid: April counted whole
      `${M1},2023,2022-05-01,0`, // 4 valid: zero
      `${M2},2023,2024-04-15,0`, // 5 year before participation start
      `${M2},2025,2024-04-15,22`, // 6 more claim-free months (22 > 21)
      `${M2},2022,2024-04-15,-1`, // 7 negative
      `${UNKNOWN},2024,2024-01-01,3`, // 8 unknown member
      `${M1},2024,2022-05-01,20`, // 9 duplicate key (member_id, year)
      `${M1},24,2022-05-01,20`, // 10 not a year
    ]);
    const result = await importFolder(db.database, options(dir, 'out'));
    batchId = result.batchId!;
    outcomes = result.files;
  });
  afterAll(async () => db?.drop());

  async function rejections(file: string) {
    const rows = await db.database.db
      .selectFrom('import_rejection')
      .select(['line', 'column_name', 'value', 'reason'])
      .where('batch_id', '=', batchId)
      .where('file_name', '=', file)
      .orderBy('line')
      .orderBy('column_name')
      .execute();
    return rows.map((r) => [r.line, r.column_name, r.value, r.reason]);
  }

  it('reads the three files with members.csv, counting rows loaded and rejected per file', () => {
    expect(outcomes.map((f) => [f.file, f.status, f.rows, f.loaded, f.rejected])).toEqual([
      ['members.csv', 'loaded', 2, 2, 0],
      ['bonus_plan_declarations.csv', 'loaded', 11, 4, 7],
      ['bonus_plan_health_proofs.csv', 'loaded', 7, 3, 4],
      ['bonus_plan_history.csv', 'loaded', 9, 3, 6],
    ]);
  });

  it('loads bonus_plan_declarations.csv and rejects bad classes, missing classes, unknown kinds and members, repeated keys', async () => {
    const loaded = await db.database.db
      .selectFrom('bonus_plan_declaration')
      .select(['line', 'declaration_id', 'member_id', 'kind', 'received_on', 'declared_class'])
      .where('batch_id', '=', batchId)
      .orderBy('line')
      .execute();
    expect(loaded).toEqual([
      { line: 2, declaration_id: 'PD1', member_id: M1, kind: 'enrol', received_on: '2024-11-20', declared_class: 3 },
      { line: 3, declaration_id: 'PD2', member_id: M1, kind: 'class_change', received_on: '2025-06-10', declared_class: 2 },
      { line: 4, declaration_id: 'PD3', member_id: M1, kind: 'hardship_cancel', received_on: '2025-09-01', declared_class: null },
      { line: 5, declaration_id: 'PD4', member_id: M2, kind: 'cancel', received_on: '2025-09-01', declared_class: 2 },
    ]);
    expect(await rejections('bonus_plan_declarations.csv')).toEqual([
      [6, 'declared_class', '4', 'not a whole number from 1 to 3'],
      [7, 'declared_class', null, 'declared_class is required for enrol and class_change'],
      [8, 'declared_class', null, 'declared_class is required for enrol and class_change'],
      [9, 'kind', 'renew', 'not one of enrol, class_change, cancel, hardship_cancel'],
      [10, 'member_id', UNKNOWN, 'unknown member (not in members.csv)'],
      [11, 'declaration_id', 'PD1', 'duplicate key declaration_id'],
      [12, 'received_on', '2025-02-30', 'not a date YYYY-MM-DD'],
    ]);
  });

  it('loads bonus_plan_health_proofs.csv and rejects a proof received before it was performed, unknown paths and members, repeated keys', async () => {
    const loaded = await db.database.db
      .selectFrom('bonus_plan_health_proof')
      .select(['line', 'proof_id', 'member_id', 'path', 'performed_on', 'received_on'])
      .where('batch_id', '=', batchId)
      .orderBy('line')
      .execute();
    expect(loaded).toEqual([
      { line: 2, proof_id: 'HP1', member_id: M1, path: 'prevention_set', performed_on: '2025-03-01', received_on: '2025-03-10' },
      { line: 3, proof_id: 'HP2', member_id: M1, path: 'sports_badge', performed_on: '2025-09-14', received_on: '2026-01-10' },
      { line: 4, proof_id: 'HP3', member_id: M2, path: 'fitness_test', performed_on: '2025-05-05', received_on: '2025-05-05' },
    ]);
    expect(await rejections('bonus_plan_health_proofs.csv')).toEqual([
      [5, 'received_on', '2025-05-04', 'received before performed'],
      [6, 'path', 'marathon', 'not one of prevention_set, sports_badge, fitness_test'],
      [7, 'member_id', UNKNOWN, 'unknown member (not in members.csv)'],
      [8, 'proof_id', 'HP1', 'duplicate key proof_id'],
    ]);
  });

  it('loads bonus_plan_history.csv and rejects a year before the start, more claim-free months than months of participation, negatives, unknown members, repeated keys', async () => {
    const loaded = await db.database.db
      .selectFrom('bonus_plan_history')
      .select(['line', 'member_id', 'year', 'participation_start', 'claim_free_months'])
      .where('batch_id', '=', batchId)
      .orderBy('line')
      .execute();
    expect(loaded).toEqual([
      { line: 2, member_id: M1, year: 2024, participation_start: '2022-05-01', claim_free_months: 32 },
      { line: 3, member_id: M2, year: 2024, participation_start: '2024-04-15', claim_free_months: 9 },
      { line: 4, member_id: M1, year: 2023, participation_start: '2022-05-01', claim_free_months: 0 },
    ]);
    expect(await rejections('bonus_plan_history.csv')).toEqual([
      [5, 'year', '2023', 'year before participation start'],
      [6, 'claim_free_months', '22', 'more claim-free months than months of participation'],
      [7, 'claim_free_months', '-1', 'not a whole number from 0 to 1200'],
      [8, 'member_id', UNKNOWN, 'unknown member (not in members.csv)'],
      [9, 'member_id+year', `${M1}|2024`, 'duplicate key member_id+year'],
      [10, 'year', '24', 'not a year YYYY'],
    ]);
  });
});
