/**
 * A CSV syntax error names the file, line and column, never the value it broke in (issue 10,
 * fault C: csv-parse's own message printed a full member id: `value is "G613012607"`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsv } from '../../src/import/csv-source.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-csv-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function failure(name: string, content: string): Promise<Error> {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  try {
    for await (const record of readCsv(file)) void record;
  } catch (error) {
    return error as Error;
  }
  throw new Error('no error');
}

describe('CSV syntax errors', () => {
  it('a quote inside an unquoted field: file, line and column, no value', async () => {
    const error = await failure('members.csv', 'member_id,birth_date,died_on\nX110411675,1970-01-01,\nG61"3012607,1980-02-02,\n');
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error.message).toContain('members.csv');
    expect(error.message).toMatch(/line 3/);
    expect(error.message).toMatch(/member_id/);
    expect(error.message).not.toMatch(/G61|3012607|value is/);
  });

  it('an unclosed quote: file and line, no value', async () => {
    const error = await failure('bonus_proofs.csv', 'proof_id,member_id\nP1,"X110411675\nP2,X110411675\n');
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error.message).toContain('bonus_proofs.csv');
    expect(error.message).toMatch(/line \d+/);
    expect(error.message).not.toMatch(/X110411675/);
  });
});
