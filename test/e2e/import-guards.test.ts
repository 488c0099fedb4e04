/**
 * The import's guards as an operator (or a cron job) meets them: each refusal is one plain line
 * on stderr with exit 1, and the database is unchanged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/database.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { cleanEnv, isPlainError, yearend } from '../helpers/cli.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-guards-'));
const pgliteDir = path.join(root, 'pglite');
const env = cleanEnv({ PGLITE_DIR: pgliteDir, OUTPUT_DIR: path.join(root, 'output'), YEAREND_TODAY: '2026-05-04' });
const dataDir = path.join(root, 'data');
const TIMEOUT = 180_000;
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/** Batches and members in the embedded database (the CLI has exited, so the folder is free). */
async function counts() {
  const database = await openEmbedded(pgliteDir);
  try {
    const n = async (table: 'import_batch' | 'member') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { batches: await n('import_batch'), members: await n('member') };
  } finally {
    await database.close();
  }
}

function expectRefused(result: Awaited<ReturnType<typeof yearend>>, message: RegExp) {
  expect(result.code, result.stderr).toBe(1);
  // the embedded mode names itself on the first line; then one plain error line, no stack trace
  const stderr = result.stderr.replace(/^mode: .*\n/, '');
  expect(isPlainError(stderr), result.stderr).toBe(true);
  expect(result.stderr).toMatch(message);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stdout + result.stderr).not.toMatch(/loaded/);
}

describe('yearend import guards (embedded)', () => {
  let before: Awaited<ReturnType<typeof counts>>;
  beforeAll(async () => {
    await generateDataset({ members: 300, employers: 0, year: 2025, seed: 'import-guards', outDir: dataDir });
    const first = await yearend(['import', dataDir], env);
    expect(first.code, first.stderr).toBe(0);
    before = await counts();
  }, TIMEOUT);

  it(
    'a folder without contract files fails; unchanged contract files are still fine',
    async () => {
      expectRefused(await yearend(['import', folder('empty', {})], env), /holds no file of the data contract/);
      expectRefused(await yearend(['import', folder('foreign', { 'foo.csv': 'a,b\n1,2\n' })], env), /holds no file of the data contract/);
      const again = await yearend(['import', dataDir], env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/nothing new to import/);
      expect(await counts()).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    'a file given where a folder is expected says so; a ;-delimited file gets a hint',
    async () => {
      expectRefused(await yearend(['import', path.join(dataDir, 'members.csv')], env), /^error: .*members\.csv is a file, not a folder/m);
      const semicolon = folder('semicolon', { 'members.csv': 'member_id;birth_date;died_on\nA123456780;1985-05-05;\n' });
      expectRefused(await yearend(['import', path.join(semicolon, 'members.csv')], env), /is a file, not a folder.*looks ;-delimited/);
      expectRefused(
        await yearend(['import', semicolon], env),
        /^error: members\.csv looks ;-delimited; the contract's files are comma-separated$/m,
      );
      expect(await counts()).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    'the output of a failed import never says loaded',
    async () => {
      const members = fs.readFileSync(path.join(dataDir, 'members.csv'), 'utf8').trimEnd().split('\n');
      // every 20th birth date broken: 5 % of the rows rejected, above the default 1 %
      const broken = members.map((line, i) => (i > 0 && i % 20 === 0 ? line.replace(/,\d{4}-\d\d-\d\d,/, ',not-a-date,') : line));
      const dir = folder('rejecting', { 'members.csv': broken.join('\n') + '\n' });
      const refused = await yearend(['import', dir], env);
      expectRefused(refused, /^error: import refused, nothing was imported: members\.csv: \d+ of \d+ rows rejected/m);
      expect(refused.stdout).toMatch(/members\.csv\s+checked\s+\d+ rows, \d+ rejected/);
      expect(await counts()).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    'a shrinking extract is refused unless --allow-shrink names it (recorded on the batch)',
    async () => {
      const members = fs.readFileSync(path.join(dataDir, 'members.csv'), 'utf8').split('\n')[0]!;
      const dir = folder('header-only', { 'members.csv': members + '\n' });
      expectRefused(
        await yearend(['import', dir], env),
        /^error: import refused, nothing was imported: members\.csv: 0 data rows where the batch it replaces has \d+ .*--allow-shrink members\.csv$/m,
      );
      expectRefused(await yearend(['import', dir, '--allow-shrink', 'foo.csv'], env), /--allow-shrink names foo\.csv/);
      expect(await counts()).toEqual(before);
      const allowed = await yearend(['import', dir, '--allow-shrink', 'members.csv', '--allow-shrink', 'employers.csv'], env);
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(allowed.stdout).toMatch(/members\.csv\s+loaded\s+0 rows/);
      const database = await openEmbedded(pgliteDir);
      try {
        const last = await database.db.selectFrom('import_batch').select('allow_shrink').orderBy('id', 'desc').executeTakeFirstOrThrow();
        expect(last.allow_shrink).toEqual(['employers.csv', 'members.csv']);
      } finally {
        await database.close();
      }
    },
    TIMEOUT,
  );
});
