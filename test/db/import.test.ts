/**
 * Import against the real PostgreSQL (and the embedded PGlite): every row loaded or rejected
 * with file, line, column and reason; the 1 % threshold fails the import with the database
 * unchanged; a re-import of the same bytes is a no-op; a newer file replaces an older one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder, ImportError } from '../../src/import/import-folder.ts';
import { openFresh, skipServices } from '../helpers/services.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-import-'));
const dataDir = path.join(tmp, 'data');
let generated: Awaited<ReturnType<typeof generateDataset>>;

beforeAll(async () => {
  generated = await generateDataset({ members: 2500, employers: 400, year: 2025, seed: 'import-test', outDir: dataDir });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function options(outputDir: string, folder = dataDir) {
  return { folder, importedBy: 'test', outputDir, maxRejectRate: 0.01 };
}

async function countRows(database: Database, table: 'member' | 'outpatient_treatment' | 'import_batch') {
  const r = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.skipIf(skipServices)('import on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  beforeAll(async () => {
    db = await openFresh('import');
  });
  afterAll(async () => db?.drop());

  /** The rejections of a batch (of one file), in line order. */
  function rejectionsOf(batchId: number, file?: string) {
    let query = db.database.db.selectFrom('import_rejection').selectAll().where('batch_id', '=', batchId);
    if (file) query = query.where('file_name', '=', file);
    return query.orderBy('line').execute();
  }

  it('loads every good row and rejects exactly the bad rows, with file, line, column and reason', async () => {
    const out = path.join(tmp, 'out1');
    const result = await importFolder(db.database, options(out));
    expect(result.batchId).toBeGreaterThan(0);
    for (const f of generated.files) {
      const outcome = result.files.find((o) => o.file === f.file)!;
      expect(outcome.status).toBe('loaded');
      expect(outcome.rows).toBe(f.rows);
      expect(outcome.loaded + outcome.rejected).toBe(f.rows);
    }
    const rejections = await db.database.db.selectFrom('import_rejection').selectAll().execute();
    const rejectedLines = new Set(rejections.map((r) => `${r.file_name}:${r.line}`));
    const expectedLines = new Set(generated.badRows.map((b) => `${b.file}:${b.line}`));
    expect(rejectedLines).toEqual(expectedLines);
    for (const r of rejections) {
      expect(r.reason.length).toBeGreaterThan(3);
      expect(r.column_name.length).toBeGreaterThan(0);
    }
    // The report on disk lists the same rows and is not world-readable.
    const report = fs.readFileSync(result.rejectionReport!, 'utf8').trim().split('\n');
    expect(report[0]).toBe('file,line,column,value,reason');
    expect(report.length - 1).toBe(rejections.length);
    expect(fs.statSync(result.rejectionReport!).mode & 0o777).toBe(0o640);
  });

  it('a re-import of the same files is a no-op', async () => {
    const before = await countRows(db.database, 'import_batch');
    const result = await importFolder(db.database, options(path.join(tmp, 'out2')));
    expect(result.batchId).toBeNull();
    expect(result.files.filter((f) => f.status === 'unchanged').length).toBe(generated.files.length);
    expect(await countRows(db.database, 'import_batch')).toBe(before);
  });

  it('a file above the 1 % threshold fails the whole import and leaves the database unchanged', async () => {
    const bad = path.join(tmp, 'bad');
    fs.mkdirSync(bad);
    const claims = fs.readFileSync(path.join(dataDir, 'outpatient_treatments.csv'), 'utf8').trimEnd().split('\n');
    // Break 2 % of the claim rows (an impossible date) and change the members file slightly.
    const broken = claims.map((line, i) => (i > 0 && i % 50 === 0 ? line.replace(/,2025-(\d\d)-\d\d,/, ',2025-$1-32,') : line));
    fs.writeFileSync(path.join(bad, 'outpatient_treatments.csv'), broken.join('\n') + '\n');
    fs.copyFileSync(path.join(dataDir, 'members.csv'), path.join(bad, 'members.csv'));
    fs.appendFileSync(path.join(bad, 'members.csv'), '');
    const before = {
      members: await countRows(db.database, 'member'),
      claims: await countRows(db.database, 'outpatient_treatment'),
      batches: await countRows(db.database, 'import_batch'),
    };
    await expect(importFolder(db.database, options(path.join(tmp, 'out3'), bad))).rejects.toThrow(
      /outpatient_treatments.csv: \d+ of \d+ rows rejected/,
    );
    expect(await countRows(db.database, 'outpatient_treatment')).toBe(before.claims);
    expect(await countRows(db.database, 'import_batch')).toBe(before.batches);
    // The rejection report is still written so the extract can be fixed.
    const reports = fs.readdirSync(path.join(tmp, 'out3'));
    expect(reports.some((f) => /^import_\d+_rejections\.csv$/.test(f))).toBe(true);
  });

  it('with --max-reject-rate raised, the same file loads; it replaces the older version, other files stay', async () => {
    const bad = path.join(tmp, 'bad');
    const result = await importFolder(db.database, { ...options(path.join(tmp, 'out4'), bad), maxRejectRate: 0.05 });
    expect(result.batchId).toBeGreaterThan(1);
    const claims = result.files.find((f) => f.file === 'outpatient_treatments.csv')!;
    expect(claims.status).toBe('loaded');
    expect(claims.rejected).toBeGreaterThan(0);
    expect(result.files.find((f) => f.file === 'members.csv')!.status).toBe('unchanged');
    const latest = await db.database.db
      .selectFrom('import_file')
      .select(['file_name', 'batch_id'])
      .distinctOn('file_name')
      .orderBy('file_name')
      .orderBy('batch_id', 'desc')
      .execute();
    expect(latest.find((l) => l.file_name === 'outpatient_treatments.csv')!.batch_id).toBe(result.batchId);
    expect(latest.find((l) => l.file_name === 'memberships.csv')!.batch_id).toBeLessThan(result.batchId!);
  });

  it('rejects unknown members, duplicate keys, bad enums and a wrong header clearly', async () => {
    const dir = path.join(tmp, 'small');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'third_party_periods.csv'),
      [
        'member_id,valid_from,valid_to,extra',
        'A123456780,2025-01-01,2025-02-01,x', // unknown member (valid KVNR, not in members.csv)
        'X110411674,2025-01-01,,x', // bad check digit
        'X110411675,2025-03-01,2025-02-01,x', // interval order (and unknown)
      ].join('\n') + '\n',
    );
    const result = await importFolder(db.database, {
      ...options(path.join(tmp, 'out5'), dir),
      maxRejectRate: 1,
      allowShrink: ['third_party_periods.csv'], // 3 rows replace the data set's: allowed on purpose
    });
    const rows = await rejectionsOf(result.batchId!);
    expect(rows.map((r) => [r.line, r.column_name, r.reason])).toEqual([
      [2, 'member_id', 'unknown member (not in members.csv)'],
      [3, 'member_id', 'KVNR check digit is wrong'],
      [4, 'valid_to', 'interval ends before it starts'],
    ]);
    fs.writeFileSync(path.join(dir, 'third_party_periods.csv'), 'member_id,valid_from,valid_to\rA123456780,2025-01-01,\r');
    await expect(importFolder(db.database, options(path.join(tmp, 'out6'), dir))).rejects.toThrow(
      'third_party_periods.csv, line 1: the header row is unreadable (carriage return inside a row)',
    );
    fs.writeFileSync(path.join(dir, 'third_party_periods.csv'), 'member_id,valid_from\nA123456780,2025-01-01\n');
    await expect(importFolder(db.database, options(path.join(tmp, 'out6'), dir))).rejects.toThrow(ImportError);
    await expect(importFolder(db.database, options(path.join(tmp, 'out6'), dir))).rejects.toThrow(/lacks the column\(s\) valid_to/);
  });

  it('rejects an identifier that is not letters, digits, - _ . / (a formula): it never reaches the tables (issue 10, D)', async () => {
    const dir = path.join(tmp, 'formulas');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(dataDir, 'members.csv'), path.join(dir, 'members.csv')); // unchanged when already imported
    const member = fs.readFileSync(path.join(dataDir, 'members.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
    fs.writeFileSync(
      path.join(dir, 'outpatient_treatments.csv'),
      [
        'claim_id,member_id,treated_on,with_prescription,category',
        `OK-1/2025.a_b,${member},2025-03-01,true,regular`,
        `"=HYPERLINK(""http://x.example"",""klick"")",${member},2025-03-02,true,regular`,
        `"+SUM(1,2)",${member},2025-03-03,true,regular`,
        `@SUM(A1),${member},2025-03-04,true,regular`,
        `-5,${member},2025-03-05,true,regular`,
      ].join('\n') + '\n',
    );
    const result = await importFolder(db.database, {
      ...options(path.join(tmp, 'out-formulas'), dir),
      maxRejectRate: 1,
      allowShrink: ['outpatient_treatments.csv'], // 5 rows replace the data set's: allowed on purpose
    });
    const rows = await rejectionsOf(result.batchId!, 'outpatient_treatments.csv');
    expect(rows.map((r) => [r.line, r.column_name])).toEqual([
      [3, 'claim_id'],
      [4, 'claim_id'],
      [5, 'claim_id'],
      [6, 'claim_id'],
    ]);
    for (const r of rows) expect(r.reason).toMatch(/^INVALID_IDENTIFIER/);
    const loaded = await db.database.db
      .selectFrom('outpatient_treatment')
      .select('claim_id')
      .where('batch_id', '=', result.batchId!)
      .execute();
    expect(loaded.map((r) => r.claim_id)).toEqual(['OK-1/2025.a_b']);
    const report = fs.readFileSync(result.rejectionReport!, 'utf8');
    expect(report).toContain(`"'=HYPERLINK(""http://x.example"",""klick"")"`);
    expect(report).toContain("'+SUM(1,2)");
    expect(report).toContain("'@SUM(A1)");
    expect(report).not.toMatch(/,[=+@-]/);
  });
  it('malformed rows (quotes, NUL, CR, Latin-1) are rejected with their own line; the rest loads with right line numbers (issue 10, B)', async () => {
    const dir = path.join(tmp, 'malformed');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(dataDir, 'members.csv'), path.join(dir, 'members.csv')); // unchanged when already imported
    const member = fs.readFileSync(path.join(dataDir, 'members.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
    const row = (id: string) => `${id},${member},2025-03-01,true,regular`;
    const content = Buffer.concat([
      Buffer.from(
        [
          'claim_id,member_id,treated_on,with_prescription,category',
          row('C2'),
          `C3,"${member},2025-03-01,true,regular`, // unclosed quote
          row('C4') + '\r', // CRLF row in an LF file
          `C5,${member}",2025-03-01,true,regular`, // stray quote
          row('C6'),
          `C7,${member},2025-03-01,tr\u0000ue,regular`, // NUL byte
          `C8,${member},2025-03-01,true\r,regular`, // bare CR
          'C9,',
        ].join('\n'),
      ),
      Buffer.from([0xe4]), // Latin-1 ä
      Buffer.from(`${member.slice(1)},2025-03-01,true,regular\n` + row('C10') + '\n' + row('C11') + '\n'),
    ]);
    fs.writeFileSync(path.join(dir, 'outpatient_treatments.csv'), content);
    // above the threshold the refusal names the first line that is no row (file, line, column, no value)
    const refused = importFolder(db.database, {
      ...options(path.join(tmp, 'out-malformed'), dir),
      allowShrink: ['outpatient_treatments.csv'],
    });
    await expect(refused).rejects.toThrow(ImportError);
    await expect(refused).rejects.toThrow('first unreadable line: outpatient_treatments.csv, line 3, column member_id: quote not closed');
    const result = await importFolder(db.database, {
      ...options(path.join(tmp, 'out-malformed'), dir),
      maxRejectRate: 1,
      allowShrink: ['outpatient_treatments.csv'], // 10 rows replace the data set's: allowed on purpose
    });
    const outcome = result.files.find((f) => f.file === 'outpatient_treatments.csv')!;
    expect([outcome.rows, outcome.loaded, outcome.rejected]).toEqual([10, 5, 5]);
    const rows = await rejectionsOf(result.batchId!, 'outpatient_treatments.csv');
    expect(rows.map((r) => [r.line, r.column_name, r.reason, r.value])).toEqual([
      [3, 'member_id', 'quote not closed', null],
      [5, 'member_id', 'a quote inside an unquoted field (quote the whole field and double the quote)', null],
      [7, '*', 'NUL byte inside a row', null],
      [8, '*', 'carriage return inside a row', null],
      [9, '*', 'not UTF-8 (Latin-1?)', null],
    ]);
    const loaded = await db.database.db
      .selectFrom('outpatient_treatment')
      .select(['claim_id', 'line'])
      .where('batch_id', '=', result.batchId!)
      .orderBy('line')
      .execute();
    expect(loaded.map((r) => [r.line, r.claim_id])).toEqual([
      [2, 'C2'],
      [4, 'C4'],
      [6, 'C6'],
      [10, 'C10'],
      [11, 'C11'],
    ]);
  });

  it('creates the output folder 0750 and the rejection report 0640 under umask 077 (issue 10, E)', async () => {
    const dir = path.join(tmp, 'umask');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'third_party_periods.csv'), 'member_id,valid_from,valid_to\nX110411674,2025-01-01,\n');
    const out = path.join(tmp, 'umask-out', 'reports');
    const previous = process.umask(0o077);
    try {
      const result = await importFolder(db.database, { ...options(out, dir), maxRejectRate: 1, allowShrink: ['third_party_periods.csv'] });
      expect(fs.statSync(path.join(tmp, 'umask-out')).mode & 0o777).toBe(0o750);
      expect(fs.statSync(out).mode & 0o777).toBe(0o750);
      expect(fs.statSync(result.rejectionReport!).mode & 0o777).toBe(0o640);
    } finally {
      process.umask(previous);
    }
  });
});

describe('import on the embedded PGlite', () => {
  it('loads the same data set with the same counts', async () => {
    const database = await openEmbedded(path.join(tmp, 'pglite'));
    try {
      await migrate(database);
      const result = await importFolder(database, options(path.join(tmp, 'out-embedded')));
      const rejected = result.files.reduce((s, f) => s + f.rejected, 0);
      expect(rejected).toBe(generated.badRows.length);
      expect(await countRows(database, 'member')).toBe(
        generated.files.find((f) => f.file === 'members.csv')!.rows - generated.badRows.filter((b) => b.file === 'members.csv').length,
      );
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(skipServices)('import guards on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  beforeAll(async () => {
    db = await openFresh('import_guards');
    await importFolder(db.database, { ...options(path.join(tmp, 'guards-out')), maxRejectRate: 1 });
  });
  afterAll(async () => db?.drop());

  async function snapshot() {
    return {
      batches: await countRows(db.database, 'import_batch'),
      members: await countRows(db.database, 'member'),
      claims: await countRows(db.database, 'outpatient_treatment'),
    };
  }

  it('a folder without any contract file fails; a folder of unchanged contract files is still fine', async () => {
    const before = await snapshot();
    const empty = path.join(tmp, 'guard-empty');
    fs.mkdirSync(empty);
    await expect(importFolder(db.database, options(path.join(tmp, 'guards-out'), empty))).rejects.toThrow(
      /holds no file of the data contract/,
    );
    const foreign = path.join(tmp, 'guard-foreign');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'foo.csv'), 'a,b\n1,2\n');
    await expect(importFolder(db.database, options(path.join(tmp, 'guards-out'), foreign))).rejects.toThrow(
      /holds no file of the data contract/,
    );
    const unchanged = await importFolder(db.database, options(path.join(tmp, 'guards-out')));
    expect(unchanged.batchId).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('a file given where a folder is expected says so; a ;-delimited file gets a hint', async () => {
    const before = await snapshot();
    const dir = path.join(tmp, 'guard-semicolon');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'members.csv'), 'member_id;birth_date;died_on\nA123456780;1985-05-05;\n');
    await expect(importFolder(db.database, options(path.join(tmp, 'guards-out'), path.join(dataDir, 'members.csv')))).rejects.toThrow(
      /members\.csv is a file, not a folder; pass the folder/,
    );
    await expect(importFolder(db.database, options(path.join(tmp, 'guards-out'), path.join(dir, 'members.csv')))).rejects.toThrow(
      /is a file, not a folder; .* \(it looks ;-delimited; the contract's files are comma-separated\)$/,
    );
    await expect(importFolder(db.database, options(path.join(tmp, 'guards-out'), dir))).rejects.toThrow(
      /^members\.csv looks ;-delimited; the contract's files are comma-separated$/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('a shrinking extract is refused unless --allow-shrink names it; the names are recorded on the batch', async () => {
    const before = await snapshot();
    const members = fs.readFileSync(path.join(dataDir, 'members.csv'), 'utf8').trimEnd().split('\n');
    const dir = path.join(tmp, 'guard-shrink');
    fs.mkdirSync(dir);
    const out = path.join(tmp, 'guards-out');
    fs.writeFileSync(path.join(dir, 'members.csv'), members[0] + '\n');
    await expect(importFolder(db.database, { ...options(out, dir), maxRejectRate: 1 })).rejects.toThrow(
      /^import refused, nothing was imported: members\.csv: 0 data rows where the batch it replaces has \d+ \(fewer than 50 %\); if that is right, name it with --allow-shrink members\.csv$/,
    );
    const fewer = members.slice(0, Math.floor(members.length * 0.4));
    fs.writeFileSync(path.join(dir, 'members.csv'), fewer.join('\n') + '\n');
    await expect(importFolder(db.database, { ...options(out, dir), maxRejectRate: 1 })).rejects.toThrow(
      new RegExp(`members\\.csv: ${fewer.length - 1} data rows where the batch it replaces has ${members.length - 1} `),
    );
    await expect(
      importFolder(db.database, { ...options(out, dir), maxRejectRate: 1, minRowShare: 0.9, allowShrink: ['foo.csv'] }),
    ).rejects.toThrow(/--allow-shrink names foo\.csv, which is not a file of the data contract/);
    expect(await snapshot()).toEqual(before);
    // a lower share lets it pass; so does naming it
    const lower = await importFolder(db.database, { ...options(out, dir), maxRejectRate: 1, minRowShare: 0.3 });
    expect(lower.files.find((f) => f.file === 'members.csv')!.status).toBe('loaded');
    fs.writeFileSync(path.join(dir, 'members.csv'), members[0] + '\n');
    const allowed = await importFolder(db.database, { ...options(out, dir), maxRejectRate: 1, allowShrink: ['members.csv'] });
    expect(allowed.files.find((f) => f.file === 'members.csv')).toMatchObject({ status: 'loaded', rows: 0 });
    const batches = await db.database.db.selectFrom('import_batch').select(['id', 'allow_shrink']).orderBy('id').execute();
    expect(batches.map((b) => b.allow_shrink)).toEqual([[], [], ['members.csv']]);
  });
});
