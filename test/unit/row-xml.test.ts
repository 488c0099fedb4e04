/**
 * The detail rows' fast path (reports/row-xml.ts) writes what exceljs's public API writes: the
 * same values, styles and row heights, read back by exceljs — including text that needs XML
 * escaping, dates, gaps, a row of nothing but a height, and a formula (handed back to the API).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { STYLES, valueStyle, type CellValue } from '../../reports/cells.ts';
import { rowXml } from '../../reports/row-xml.ts';
import { addStyledRow } from '../../reports/sheet-rows.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-row-xml-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const STYLE_ROW: object[] = [STYLES.textWrap, STYLES.money, STYLES.date, STYLES.int, STYLES.rate];
const ROWS: { values: CellValue[]; height?: number; styles?: object[] }[] = [
  { values: ['Müller & Söhne <GmbH> "x" \'y\'', 1234.5, new Date(Date.UTC(2025, 11, 31)), 7, 0.0295] },
  { values: ['ctrl\u0001char', -0.01, null, 0, null], height: 27.5 },
  { values: [null, null, null, null, null] },
  { values: [null, null, null, null, null], height: 15 },
  { values: ['formula', { formula: 'SUM(B2:B3)', result: 1234.49 }, null, 1, 0.65] },
  { values: ['after the formula', 99999999.99, new Date(Date.UTC(2024, 1, 29)), -42, 0.003615], styles: [...STYLE_ROW] },
];

async function write(file: string, fast: boolean): Promise<void> {
  const out = fs.createWriteStream(file);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Daten');
  addStyledRow(ws, [{ value: 'Kopf', style: STYLES.header }]);
  const writer = fast ? rowXml(ws, STYLE_ROW.length) : null;
  if (fast) expect(writer).not.toBeNull();
  for (const row of ROWS) {
    const styles = (row.styles ?? STYLE_ROW).map((s, i) => (i === 4 ? valueStyle('rate', row.values[i], s as never) : s));
    if (writer && writer.add(row.values, styles, row.height) !== false) continue;
    writer?.flush();
    addStyledRow(
      ws,
      row.values.map((value, i) => ({ value, style: styles[i] })),
      row.height,
    );
  }
  writer?.flush();
  ws.commit();
  await wb.commit();
}

async function readBack(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('Daten')!;
  const rows: unknown[] = [];
  ws.eachRow({ includeEmpty: true }, (row) => rows.push(row.model));
  return rows;
}

describe('row-xml fast path', () => {
  it('reads back exactly as the public API writes', async () => {
    const api = path.join(dir, 'api.xlsx');
    const fast = path.join(dir, 'fast.xlsx');
    await write(api, false);
    await write(fast, true);
    const expected = await readBack(api);
    expect(expected.length).toBeGreaterThan(ROWS.length - 2); // the empty row without height is not written
    expect(await readBack(fast)).toEqual(expected);
  });

  it('hands a formula back to the public API, writing nothing', async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: fs.createWriteStream(path.join(dir, 'f.xlsx')), useStyles: true });
    const ws = wb.addWorksheet('Daten');
    addStyledRow(ws, [{ value: 'Kopf' }]);
    const writer = rowXml(ws, 1)!;
    expect(writer.add([{ formula: 'A1', result: 1 }], [STYLES.int])).toBe(false);
    expect(writer.add([5], [STYLES.int])).toBe(2);
    writer.flush();
    ws.commit();
    await wb.commit();
  });
});
