/**
 * A CSV syntax error names the file, line and column, never the value it broke in (issue 10,
 * fault C: csv-parse's own message printed a full member id: `value is "G613012607"`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsv, readCsvRows } from '../../src/import/csv-source.ts';

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

/** Every row of a file as `line: fields` or `line ! column: reason` (issue 10, fault B). */
async function rows(name: string, content: string | Buffer): Promise<string[]> {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  const out: string[] = [];
  for await (const row of readCsvRows(file)) {
    out.push('problem' in row ? `${row.line} ! ${row.problem.column}: ${row.problem.reason}` : `${row.line}: ${row.fields.join('|')}`);
  }
  return out;
}

describe('malformed rows are rejected one by one, the rest of the file is read (issue 10, B)', () => {
  const header = 'proof_id,member_id,amount\n';

  it('an unclosed quote mid-file: that line is rejected, the later lines keep their numbers', async () => {
    expect(await rows('b1.csv', header + 'P1,X1,1\nP2,"X2,2\nP3,X3,3\nP4,X4,4\n')).toEqual([
      '1: proof_id|member_id|amount',
      '2: P1|X1|1',
      '3 ! member_id: quote not closed',
      '4: P3|X3|3',
      '5: P4|X4|4',
    ]);
  });

  it('an unclosed quote closed by a quote on a later line: only its line is rejected', async () => {
    expect(await rows('b1b.csv', header + 'P1,"X1,1\nP2,X2,2\nP3,"X3",3\nP4,X4,4\n')).toEqual([
      '1: proof_id|member_id|amount',
      '2 ! member_id: quote not closed',
      '3: P2|X2|2',
      '4: P3|X3|3',
      '5: P4|X4|4',
    ]);
  });

  it('an unclosed quote that a stray quote later would close with the right field count: the rows between stay rows', async () => {
    expect(await rows('b1d.csv', header + 'P1,"X1,1\nP2,X2,2\nP3,X3",3\nP4,X4,4\n')).toEqual([
      '1: proof_id|member_id|amount',
      '2 ! member_id: quote not closed',
      '3: P2|X2|2',
      '4 ! member_id: a quote inside an unquoted field (quote the whole field and double the quote)',
      '5: P4|X4|4',
    ]);
  });

  it('a quoted field spanning lines (RFC 4180) is one record numbered by its first line', async () => {
    expect(await rows('b1c.csv', header + 'P1,"X\n1",1\nP2,X2,2\n')).toEqual([
      '1: proof_id|member_id|amount',
      '2: P1|X\n1|1',
      '4: P2|X2|2',
    ]);
  });

  it('a stray quote: that line is rejected with its column', async () => {
    expect(await rows('b2.csv', header + 'P1,X1,1\nP2,X"2,2\nP3,"X3"x,3\nP4,X4,4\n')).toEqual([
      '1: proof_id|member_id|amount',
      '2: P1|X1|1',
      '3 ! member_id: a quote inside an unquoted field (quote the whole field and double the quote)',
      '4 ! member_id: a quoted field whose closing quote is not followed by a comma or the line end',
      '5: P4|X4|4',
    ]);
  });

  it('a NUL byte: that line is rejected', async () => {
    expect(await rows('b3.csv', header + 'P1,X1,1\nP2,X\u00002,2\nP3,X3,3\n')).toEqual([
      '1: proof_id|member_id|amount',
      '2: P1|X1|1',
      '3 ! *: NUL byte inside a row',
      '4: P3|X3|3',
    ]);
  });

  it('a CRLF row in an LF file is accepted and does not shift later line numbers', async () => {
    expect(await rows('b4.csv', header + 'P1,X1,1\r\nP2,X2,2\nP3,X3,3\n')).toEqual([
      '1: proof_id|member_id|amount',
      '2: P1|X1|1',
      '3: P2|X2|2',
      '4: P3|X3|3',
    ]);
  });

  it('a bare CR: that line is rejected, later line numbers stay right', async () => {
    expect(await rows('b5.csv', header + 'P1,X1,1\nP2,X2\r,2\nP3,X3,3\rP4,X4,4\nP5,X5,5\n')).toEqual([
      '1: proof_id|member_id|amount',
      '2: P1|X1|1',
      '3 ! *: carriage return inside a row',
      '4 ! *: carriage return inside a row',
      '5: P5|X5|5',
    ]);
  });

  it('a Latin-1 byte: that line is rejected, not loaded as U+FFFD', async () => {
    const content = Buffer.concat([Buffer.from(header + 'P1,X1,1\nP2,M'), Buffer.from([0xfc]), Buffer.from('ller,2\nP3,Müller,3\n')]);
    expect(await rows('b6.csv', content)).toEqual([
      '1: proof_id|member_id|amount',
      '2: P1|X1|1',
      '3 ! *: not UTF-8 (Latin-1?)',
      '4: P3|Müller|3',
    ]);
  });

  it('a UTF-8 BOM at the start stays accepted', async () => {
    expect(await rows('b7.csv', '\uFEFF' + header + 'P1,X1,1\n')).toEqual(['1: proof_id|member_id|amount', '2: P1|X1|1']);
  });

  it('an all-CRLF file stays accepted with the right line numbers; empty lines are skipped but counted', async () => {
    expect(await rows('b8.csv', header.replace('\n', '\r\n') + 'P1,X1,1\r\n\r\nP3,"X,3",3\r\nP4,X4,4')).toEqual([
      '1: proof_id|member_id|amount',
      '2: P1|X1|1',
      '4: P3|X,3|3',
      '5: P4|X4|4',
    ]);
  });

  it('a file with CR-only line ends is one line: its header is a problem row at line 1', async () => {
    expect(await rows('b10.csv', header.replace('\n', '\r') + 'P1,X1,1\rP2,X2,2\r')).toEqual(['1 ! *: carriage return inside a row']);
  });

  it('a file without any line end for 16 MiB cannot be split into rows: refused with its name and line', async () => {
    const file = path.join(tmp, 'b11.csv');
    fs.writeFileSync(file, header + 'P1,X1,1\r'.repeat(2_500_000));
    const read = async () => {
      for await (const row of readCsvRows(file)) void row;
    };
    await expect(read()).rejects.toThrow(CsvSyntaxError);
    await expect(read()).rejects.toThrow(/^b11\.csv, line 2: no line end within 16 MiB \(CR-only line ends\?\)$/);
  });

  it('rows across read chunks keep their numbers', async () => {
    const lines = Array.from({ length: 30000 }, (_, i) => `P${i + 2},"X ${i + 2}",${i + 2}`);
    const out = await rows('b9.csv', header + lines.join('\n') + '\n');
    expect(out).toHaveLength(30001);
    expect(out[29999]).toBe('30000: P30000|X 30000|30000');
    expect(out[30000]).toBe('30001: P30001|X 30001|30001');
  });
});
