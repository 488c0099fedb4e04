/**
 * Folders 0750 and files 0640 whatever the umask (issue 10, fault E: under umask 077 the import
 * created the output folder 0700, locking the finance group out); an existing world-writable
 * folder is used with a one-line warning on stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensurePrivateDir, writePrivateFile } from '../../src/private-files.ts';
import { openWorkbook } from '../../reports/workbook.ts';
import { writeCsv } from '../../src/runs/csv-file.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-modes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe.each([0o077, 0o000])('under umask %o', (umask) => {
  let previous: number;
  beforeEach(() => {
    previous = process.umask(umask);
  });
  afterEach(() => {
    process.umask(previous);
  });

  it('every folder created is 0750, every file written 0640', async () => {
    const base = path.join(tmp, `u${umask.toString(8)}`);
    ensurePrivateDir(path.join(base, 'a', 'b'));
    for (const d of [base, path.join(base, 'a'), path.join(base, 'a', 'b')]) expect(modeOf(d), d).toBe(0o750);
    writePrivateFile(path.join(base, 'c', 'report.csv'), 'x\n');
    expect(modeOf(path.join(base, 'c'))).toBe(0o750);
    expect(modeOf(path.join(base, 'c', 'report.csv'))).toBe(0o640);
    await writeCsv(path.join(base, 'a', 'export.csv'), ['a'], (async function* () {})());
    expect(modeOf(path.join(base, 'a', 'export.csv'))).toBe(0o640);
    const book = await openWorkbook(path.join(base, 'd', 'e', 'book.xlsx'), { preliminary: false, title: 'x' });
    book.planParts('T', 0);
    await book.addTable('T', [{ header: 'A', key: 'a', type: 'text' }], [], { expectedRows: 0 });
    const written = await book.close();
    expect(modeOf(path.join(base, 'd'))).toBe(0o750);
    expect(modeOf(path.join(base, 'd', 'e'))).toBe(0o750);
    expect(modeOf(written)).toBe(0o640);
  });
});

describe('an existing folder', () => {
  it('keeps its mode; a world-writable one is used with one warning line on stderr, once', () => {
    const open = path.join(tmp, 'open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    const own = path.join(tmp, 'own');
    fs.mkdirSync(own);
    fs.chmodSync(own, 0o700);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      ensurePrivateDir(own);
      expect(stderr).not.toHaveBeenCalled();
      ensurePrivateDir(open);
      writePrivateFile(path.join(open, 'x.csv'), 'x\n');
      expect(stderr).toHaveBeenCalledTimes(1);
      const line = String(stderr.mock.calls[0]![0]);
      expect(line).toMatch(/^warning: folder .*open is writable by everyone \(mode 0777\)/);
      expect(line.trimEnd().split('\n')).toHaveLength(1);
    } finally {
      stderr.mockRestore();
    }
    expect(modeOf(own)).toBe(0o700);
    expect(modeOf(open)).toBe(0o777);
    expect(modeOf(path.join(open, 'x.csv'))).toBe(0o640);
  });
});
