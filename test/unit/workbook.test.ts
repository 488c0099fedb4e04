import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, formatMoney } from '../../src/money.ts';
import { PRELIMINARY_BANNER, REASON_TEXTS, TARIFF_DETAIL_COLUMNS, reasonsText } from '../../reports/catalogue.ts';
import {
  NUM_FMT,
  letterOf,
  openWorkbook,
  planParts,
  sumFormula,
  zipBacklog,
  type ColumnSpec,
  type SheetPart,
} from '../../reports/workbook.ts';
import { partSheetName, referencedSheets } from '../../reports/parts.ts';
import { expectOpensInLibreOffice } from '../helpers/libreoffice.ts';

const COLUMNS: ColumnSpec[] = [
  { header: 'KVNR', key: 'member_id', type: 'text' },
  { header: 'Jahr', key: 'year', type: 'int' },
  { header: 'Saldo', key: 'balance', type: 'money' },
  { header: 'fällig am', key: 'due_on', type: 'date' },
  { header: 'Kopfzahl', key: 'headcount', type: 'decimal' },
  { header: 'Satz', key: 'rate', type: 'rate' },
];
const ROWS = 25;
const LIMIT = 10;

/** 0.10 steps make float sums inexact (0.1 + 0.2 ≠ 0.3), so exactness is really tested. */
const DATA = Array.from({ length: ROWS }, (_, i) => ({
  member_id: `A${String(100000000 + i)}`,
  year: 2025,
  balance: i % 3 === 0 ? '0.10' : i % 3 === 1 ? `-${i}.20` : `${i * 1000}.07`,
  due_on: i % 4 === 0 ? null : `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
  headcount: `${i}.25`,
  rate: '0.0295',
}));
const sum = (key: 'balance' | 'headcount') => DATA.reduce((t, r) => t.plus(r[key]), new Decimal(0));

async function* slowly<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-test-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function writeBook(file: string, preliminary: boolean) {
  const book = await openWorkbook(file, { preliminary, rowLimit: LIMIT, title: 'Testlauf 2025 & Co' });
  const plan = book.planParts('Einzelabrechnung', ROWS);
  const total = formatMoney(sum('balance'));
  const totalFormula = sumFormula(plan, letterOf(COLUMNS, 'balance'));
  await book.addSummary('Übersicht', [
    {
      title: 'Summen',
      rows: [
        { label: 'Saldo gesamt', type: 'money', value: total, formula: totalFormula },
        { label: 'Stichtag', type: 'date', value: '2026-06-30' },
        { label: 'Zeilen', type: 'int', value: ROWS },
      ],
      table: {
        columns: [
          { header: 'Ergebnis', key: 'outcome', type: 'text' },
          { header: 'Anzahl', key: 'count', type: 'int' },
          { header: 'Betrag', key: 'amount', type: 'money' },
        ],
        rows: [{ outcome: 'Auszahlung', count: 3, amount: '12.30' }],
      },
    },
  ]);
  const result = await book.addTable('Einzelabrechnung', COLUMNS, slowly(DATA), { expectedRows: ROWS });
  await book.addSummary('Parameter', [{ title: 'Sätze', rows: [{ label: 'U1-Umlagesatz', type: 'rate', value: '0.0295' }] }]);
  return { final: await book.close(), plan, result, total, totalFormula };
}

describe.each([false, true])('workbook (preliminary: %s)', (preliminary) => {
  const header = preliminary ? 2 : 1;
  let file: string;
  let written: Awaited<ReturnType<typeof writeBook>>;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    file = path.join(tmp, preliminary ? 'new-folder/dry.xlsx' : 'final.xlsx');
    written = await writeBook(file, preliminary);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
  });

  it('splits the detail table at the row limit into numbered sheets, as planned', () => {
    const names = preliminary
      ? ['Einzelabrechnung', 'Einzelabrechnung (2)', 'Einzelabrechnung (3)', 'Einzelabrechnung (4)']
      : ['Einzelabrechnung', 'Einzelabrechnung (2)', 'Einzelabrechnung (3)'];
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Übersicht', ...names, 'Parameter']);
    expect(written.result.parts.map((p) => p.sheetName)).toEqual(names);
    expect(written.result.parts).toEqual(written.plan);
    expect(written.result.parts).toEqual(planParts('Einzelabrechnung', ROWS, LIMIT, { preliminary }));
    expect(written.result.rowCount).toBe(ROWS);
    for (const part of written.result.parts) {
      const ws = wb.getWorksheet(part.sheetName)!;
      expect(ws.rowCount).toBe(part.lastDataRow);
      expect(part.lastDataRow).toBeLessThanOrEqual(LIMIT);
    }
  });

  it('writes German headers, a frozen header row and an autofilter on every part', () => {
    for (const part of written.result.parts) {
      const ws = wb.getWorksheet(part.sheetName)!;
      expect((ws.getRow(header).values as unknown[]).slice(1)).toEqual(COLUMNS.map((c) => c.header));
      expect(ws.getRow(header).getCell(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: header });
      expect(ws.autoFilter).toBe(`A${header}:F${part.lastDataRow}`);
    }
  });

  it('writes money as numbers formatted in euros and dates as UTC midnight', () => {
    let i = 0;
    for (const part of written.result.parts) {
      const ws = wb.getWorksheet(part.sheetName)!;
      for (let r = part.firstDataRow; r <= part.lastDataRow; r++, i++) {
        const row = ws.getRow(r);
        const input = DATA[i]!;
        expect(row.getCell(1).value).toBe(input.member_id);
        expect(row.getCell(2).value).toBe(2025);
        expect(row.getCell(3).value).toBe(Number(input.balance));
        expect(row.getCell(3).numFmt).toBe(NUM_FMT.money);
        if (input.due_on === null) expect(row.getCell(4).value).toBeNull();
        else {
          const [y, m, d] = input.due_on.split('-').map(Number);
          expect(row.getCell(4).value).toEqual(new Date(Date.UTC(y!, m! - 1, d!)));
          expect(row.getCell(4).numFmt).toBe('dd.mm.yyyy');
        }
        expect(row.getCell(5).numFmt).toBe(NUM_FMT.decimal);
        expect(row.getCell(6).value).toBe(0.0295);
      }
    }
    expect(i).toBe(ROWS);
  });

  it('keeps the SUM formula with its result on the summary', () => {
    const ws = wb.getWorksheet('Übersicht')!;
    const cell = ws.getCell(`B${header + 3}`);
    expect(ws.getCell(`A${header + 3}`).value).toBe('Saldo gesamt');
    expect(cell.value).toEqual({ formula: written.totalFormula, result: Number(written.total) });
    expect(cell.numFmt).toBe(NUM_FMT.money);
    expect(written.totalFormula).toContain("'Einzelabrechnung (2)'!C");
    expect(ws.getCell(`B${header + 4}`).value).toEqual(new Date(Date.UTC(2026, 5, 30)));
    expect(ws.getCell(`C${header + 7}`).value).toBe(12.3);
  });

  it('returns exact column totals summed from the strings', () => {
    const { totals } = written.result;
    expect(Object.keys(totals).sort()).toEqual(['balance', 'headcount', 'year']);
    expect(totals.balance!.equals(sum('balance'))).toBe(true);
    expect(totals.headcount!.equals(sum('headcount'))).toBe(true);
    expect(totals.year!.toString()).toBe(String(2025 * ROWS));
  });

  it('marks every sheet VORLÄUFIG only in a preliminary workbook', () => {
    for (const ws of wb.worksheets) {
      const a1 = ws.getCell('A1');
      if (preliminary) {
        expect(a1.value).toBe(PRELIMINARY_BANNER);
        expect(a1.font).toMatchObject({ bold: true, color: { argb: 'FFC00000' } });
        expect(ws.headerFooter.oddHeader).toContain('VORLÄUFIG');
      } else {
        expect(a1.value).not.toBe(PRELIMINARY_BANNER);
        expect(ws.headerFooter.oddHeader ?? '').not.toContain('VORLÄUFIG');
      }
      expect(ws.headerFooter.oddFooter).toContain('Testlauf 2025 && Co');
    }
  });

  it('leaves the file readable for owner and group only, and no partial file', () => {
    expect(written.final).toBe(path.resolve(file));
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    if (preliminary) expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o750);
  });

  it('opens in LibreOffice', async (test) => {
    const output = await expectOpensInLibreOffice(file, test);
    expect(output).toContain('Saldo gesamt');
  });
});

describe('planning and formulas', () => {
  it('plans one header-only part for an empty table and a SUM over its empty first row', () => {
    const parts = planParts('Klärfälle', 0, LIMIT);
    expect(parts).toEqual([{ sheetName: 'Klärfälle', headerRow: 1, firstDataRow: 2, lastDataRow: 1 }]);
    expect(sumFormula(parts, 'D')).toBe("SUM('Klärfälle'!D2:D2)");
  });

  it('builds SUM over every part', () => {
    const parts: SheetPart[] = planParts('Einzelabrechnung', 1048, 1000);
    expect(sumFormula(parts, 'L')).toBe("SUM('Einzelabrechnung'!L2:L1000,'Einzelabrechnung (2)'!L2:L50)");
    expect(referencedSheets(sumFormula(parts, 'L'))).toEqual(['Einzelabrechnung', 'Einzelabrechnung (2)']);
  });

  it('keeps sheet names valid: ≤ 31 characters, no []:*?/\\', () => {
    const name = partSheetName('Einzelabrechnung [Teil]: a/b? sehr lang*', 12);
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).not.toMatch(/[[\]:*?/\\]/);
    expect(name.endsWith(' (12)')).toBe(true);
  });
});

describe('bounded memory', () => {
  it("finds the zip backlog inside exceljs's streaming writer (back-pressure depends on it)", async () => {
    const file = path.join(tmp, 'probe.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('x');
    const backlog = zipBacklog(ws);
    expect(backlog).not.toBeNull();
    expect(typeof backlog!.bytes).toBe('number');
    ws.commit();
    await wb.commit();
  });
});

describe('failures leave no file behind', () => {
  async function expectNothingLeft(
    file: string,
    work: (book: Awaited<ReturnType<typeof openWorkbook>>) => Promise<unknown>,
    message: RegExp,
  ) {
    const book = await openWorkbook(file, { preliminary: false, rowLimit: LIMIT, title: 'Fehler' });
    await expect(work(book)).rejects.toThrow(message);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    await expect(book.close()).rejects.toThrow(/aborted/);
  }

  it('a money value with three decimals (and the error names no value)', async () => {
    const rows = [...DATA.slice(0, 12), { ...DATA[12]!, balance: '12.345' }];
    await expectNothingLeft(path.join(tmp, 'bad-money.xlsx'), (b) => b.addTable('Einzelabrechnung', COLUMNS, rows), /data row 13: money/);
  });

  it('a row count different from the one announced', async () => {
    await expectNothingLeft(path.join(tmp, 'count.xlsx'), (b) => b.addTable('E', COLUMNS, DATA, { expectedRows: 24 }), /24 announced/);
  });

  it('a table that does not match the plan the summary used', async () => {
    await expectNothingLeft(
      path.join(tmp, 'plan.xlsx'),
      (b) => {
        b.planParts('E', 30);
        return b.addTable('E', COLUMNS, DATA);
      },
      /differ from the parts planned/,
    );
  });

  it('a formula that refers to a sheet never written', async () => {
    await expectNothingLeft(
      path.join(tmp, 'dangling.xlsx'),
      async (b) => {
        await b.addSummary('Übersicht', [
          { title: 'x', rows: [{ label: 'y', type: 'money', value: '1.00', formula: "SUM('Fehlt'!A2:A3)" }] },
        ]);
        return b.close();
      },
      /missing sheet\(s\): Fehlt/,
    );
  });

  it('a duplicate sheet name', async () => {
    await expectNothingLeft(
      path.join(tmp, 'dup.xlsx'),
      async (b) => {
        await b.addSummary('Parameter', []);
        return b.addSummary('parameter', []);
      },
      /duplicate sheet name/,
    );
  });
});

describe('catalogue', () => {
  it('has a German text for every reason code and the § 18a detail headers', () => {
    expect(REASON_TEXTS.EXCEEDS_SIX_WEEKS).toMatch(/sechs Wochen/);
    expect(reasonsText('CLASS_REDUCED;PREMIUM_CAPPED')).toBe(`${REASON_TEXTS.CLASS_REDUCED}; ${REASON_TEXTS.PREMIUM_CAPPED}`);
    expect(TARIFF_DETAIL_COLUMNS.map((c) => c.key)).toContain('due_on');
    expect(TARIFF_DETAIL_COLUMNS.find((c) => c.key === 'member_id')?.header).toBe('KVNR');
  });
});
