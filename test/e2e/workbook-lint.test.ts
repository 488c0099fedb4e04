/**
 * The workbooks read like a finance report (issue 11 items 6–8), checked on the demo-sized
 * workbooks of every job, one Klärfall decided so decisions are on the sheet too: every header
 * fits its column, no text is cut, no English reason on Importfehler or Klärfälle, dates are date
 * cells, rates are percent, money in euros, every SUM on Übersicht equals its detail rows, data bars
 * stand over figures, one font family, A4 landscape fit to width with print titles.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.ts';
import { FONT_NAME, FONT_SIZE } from '../../reports/cells.ts';
import { isTranslatedRejection, rejectionReasonText } from '../../reports/catalogue-import.ts';
import { cleanEnv, yearend } from '../helpers/cli.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-lint-'));
const env = cleanEnv({ PGLITE_DIR: path.join(root, 'pglite'), OUTPUT_DIR: path.join(root, 'output'), YEAREND_TODAY: '2026-05-04' });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const BOOKS = ['tariff-settlement_2025_1.xlsx', 'bonus-crediting_2025_2.xlsx', 'levy_2025_3.xlsx', 'nordost-bonus-plan_2025_4.xlsx'];
/** Lower-case English words of the import's and the rules' reasons; German texts never contain them. */
const ENGLISH = /\b(not|missing|unknown|duplicate|must|required|where|before|the|value|amount|check digit)\b/;
/** Header texts of date columns, and labels of date rows on Übersicht. */
const DATE_HEADER = /( am|^Monat|gültig ab|gültig bis)$/;
/** Headers and labels of rates (fractions shown as percent). */
const RATE_HEADER = /(satz|Satz)( |$)|^Anteil|Mindestanteil/;
/** Headers of money columns; counts, points and rates among them are excluded by NOT_MONEY. */
const MONEY_HEADER =
  /(Betrag|Saldo|Prämie|Selbstbehalt|Erstattung|Umlage|[Bb]onus|Eigenbeteiligung|bestand|Barauszahl|Bemessungsgrundlage|Differenz|Summe)/;
const NOT_MONEY = /(Anzahl|Anträge|Monate|Tage|Punkte|Mitglieder|Teilnehmer|satz|Satz|Schlüssel|Code|Art$|Posten$)/;
/** Points per line, as the writer sizes wrapped rows (reports/sheet-rows.ts). */
const LINE = FONT_SIZE * 1.35;

interface Sheet {
  book: string;
  ws: ExcelJS.Worksheet;
}

const sheets: Sheet[] = [];

function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

/** Rows that are table headers: the frozen row of a detail sheet, the filled rows of a summary. */
function headerRows(ws: ExcelJS.Worksheet): ExcelJS.Row[] {
  const frozen = ws.views?.[0]?.state === 'frozen' ? ws.views[0].ySplit : undefined;
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((row, n) => {
    const fill = row.getCell(1).fill as { fgColor?: { argb?: string } } | undefined;
    if (n === frozen || (frozen === undefined && fill?.fgColor?.argb === 'FFD9E1F2')) rows.push(row);
  });
  return rows;
}

function linesOf(row: ExcelJS.Row): number {
  return row.height ? Math.max(1, Math.floor((row.height - 2) / LINE + 0.01)) : 1;
}

/** Columns (1-based) of a table header row whose header matches. */
function columnsOf(header: ExcelJS.Row, pattern: RegExp): number[] {
  const found: number[] = [];
  header.eachCell((cell, col) => {
    if (pattern.test(text(cell))) found.push(col);
  });
  return found;
}

/** The data rows under a header row: up to the next empty row. */
function dataRows(ws: ExcelJS.Worksheet, header: ExcelJS.Row): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  for (let n = header.number + 1; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    if (row.cellCount === 0 || row.values.length === 0) break;
    rows.push(row);
  }
  return rows;
}

describe('workbook lint (demo workbooks of every job)', () => {
  beforeAll(async () => {
    const demo = await yearend(['demo', '--members', '1200', '--employers', '200'], env, root);
    expect(demo.code, demo.stderr).toBe(0);
    // one decision, so Entschieden am is on a sheet: the first held member of the § 18a run
    const first = new ExcelJS.Workbook();
    await first.xlsx.readFile(path.join(root, 'output', BOOKS[0]!));
    const klaerfaelle = first.getWorksheet('Klärfälle')!;
    let key: string | undefined;
    klaerfaelle.eachRow((row) => {
      if (!key && text(row.getCell(1)) === 'Mitglied') key = text(row.getCell(2));
    });
    expect(key).toBeDefined();
    const decided = await yearend(['decide', '1', key!, 'reject', '--by', 'pruefer', '--note', 'Einkommen fehlt'], env, root);
    expect(decided.code, decided.stderr).toBe(0);
    const report = await yearend(['report', '1'], env, root);
    expect(report.code, report.stderr).toBe(0);
    for (const book of BOOKS) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(root, 'output', book));
      for (const ws of wb.worksheets) sheets.push({ book, ws });
    }
  }, 300_000);

  it('prints every sheet A4 landscape, fit to one page wide, tables with their header row on every page', () => {
    expect(sheets.length).toBeGreaterThan(15);
    for (const { book, ws } of sheets) {
      const where = `${book} ${ws.name}`;
      expect(ws.pageSetup, where).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      if (ws.views?.[0]?.state === 'frozen') expect(ws.pageSetup.printTitlesRow, where).toBe(`1:${ws.views[0].ySplit}`);
      expect(ws.headerFooter.oddFooter, where).toMatch(/Lauf \d+.*&A.*Seite &P von &N/);
    }
  });

  it('fits every header in its column (characters ≤ width × lines, no word cut)', () => {
    let checked = 0;
    for (const { book, ws } of sheets) {
      for (const row of headerRows(ws)) {
        row.eachCell((cell, col) => {
          const header = text(cell);
          const width = ws.getColumn(col).width ?? 9;
          const where = `${book} ${ws.name} ${cell.address} "${header}" (width ${width}, ${linesOf(row)} lines)`;
          expect(header.length, where).toBeLessThanOrEqual((width - 2) * linesOf(row));
          for (const word of header.split(/\s+/)) expect(word.length, where).toBeLessThanOrEqual(width - 2);
          expect(cell.alignment?.wrapText, where).toBe(true);
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('cuts no text: a text longer than its column wraps, in a row tall enough', () => {
    let long = 0;
    for (const { book, ws } of sheets) {
      ws.eachRow((row) => {
        row.eachCell((cell, col) => {
          const value = cell.value;
          // titles and section headings (larger type) stand alone in their row and run on
          if (typeof value !== 'string' || (cell.font?.size ?? FONT_SIZE) > FONT_SIZE) return;
          const width = ws.getColumn(col).width ?? 9;
          if (value.length + 2 <= width) return;
          const where = `${book} ${ws.name} ${cell.address} (${value.length} chars, width ${width}, ${linesOf(row)} lines)`;
          expect(cell.alignment?.wrapText, where).toBe(true);
          expect(value.length, where).toBeLessThanOrEqual((width - 2) * linesOf(row));
          long++;
        });
      });
    }
    expect(long).toBeGreaterThan(10);
  });

  it('uses one font family throughout', () => {
    for (const { book, ws } of sheets) {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          expect(cell.font?.name, `${book} ${ws.name} ${cell.address}`).toBe(FONT_NAME);
        });
      });
    }
  });

  it('shows no English reason on Importfehler and Klärfälle', () => {
    let reasons = 0;
    for (const { book, ws } of sheets.filter((s) => s.ws.name === 'Importfehler' || s.ws.name === 'Klärfälle')) {
      const [header] = headerRows(ws);
      const columns = columnsOf(header!, /^(Grund|Wenn genehmigt|Wenn abgelehnt)$/);
      expect(columns.length, `${book} ${ws.name}`).toBeGreaterThan(0);
      for (const row of dataRows(ws, header!)) {
        for (const col of columns) {
          const value = text(row.getCell(col));
          expect(value, `${book} ${ws.name} ${row.getCell(col).address}`).not.toMatch(ENGLISH);
          if (value) reasons++;
        }
      }
    }
    expect(reasons).toBeGreaterThan(50);
  });

  it('writes dates as date cells with a German date format (tables and Übersicht)', () => {
    let dates = 0;
    const isDate = (cell: ExcelJS.Cell, where: string) => {
      const value = cell.value as unknown;
      const result = typeof value === 'object' && value !== null && 'result' in value ? (value as { result: unknown }).result : value;
      if (result === null || result === undefined || result === '–') return;
      expect(result, where).toBeInstanceOf(Date);
      expect(cell.numFmt, where).toMatch(/^(dd\.)?mm\.yyyy( hh:mm)?$/);
      dates++;
    };
    for (const { book, ws } of sheets) {
      for (const header of headerRows(ws)) {
        for (const col of columnsOf(header, DATE_HEADER)) {
          for (const row of dataRows(ws, header)) isDate(row.getCell(col), `${book} ${ws.name} ${row.getCell(col).address}`);
        }
      }
      ws.eachRow((row) => {
        const label = text(row.getCell(1));
        if (DATE_HEADER.test(label) && row.getCell(1).fill === undefined) isDate(row.getCell(2), `${book} ${ws.name} ${label}`);
      });
    }
    expect(dates).toBeGreaterThan(100);
  });

  it('formats rates as percent (tables and Parameter)', () => {
    let rates = 0;
    for (const { book, ws } of sheets) {
      for (const header of headerRows(ws)) {
        for (const col of columnsOf(header, RATE_HEADER)) {
          for (const row of dataRows(ws, header)) {
            const cell = row.getCell(col);
            if (typeof cell.value !== 'number') continue;
            expect(cell.numFmt, `${book} ${ws.name} ${cell.address}`).toMatch(/%$/);
            rates++;
          }
        }
      }
      ws.eachRow((row) => {
        const cell = row.getCell(2);
        if (RATE_HEADER.test(text(row.getCell(1))) && typeof cell.value === 'number') {
          expect(cell.numFmt, `${book} ${ws.name} ${text(row.getCell(1))}`).toMatch(/%$/);
          rates++;
        }
      });
    }
    expect(rates).toBeGreaterThan(100);
  });

  it('formats every money figure in euros (tables and Übersicht)', () => {
    let amounts = 0;
    for (const { book, ws } of sheets) {
      for (const header of headerRows(ws)) {
        for (const col of columnsOf(header, MONEY_HEADER)) {
          if (NOT_MONEY.test(text(header.getCell(col)))) continue;
          for (const row of dataRows(ws, header)) {
            const cell = row.getCell(col);
            const value = cell.value && typeof cell.value === 'object' && 'result' in cell.value ? cell.value.result : cell.value;
            if (typeof value !== 'number') continue;
            expect(cell.numFmt, `${book} ${ws.name} ${cell.address} (${text(header.getCell(col))})`).toMatch(/€/);
            amounts++;
          }
        }
      }
    }
    expect(amounts).toBeGreaterThan(1000);
  });

  it('agrees with its detail rows: every SUM on Übersicht recomputed from the sheet it names equals the figure shown', () => {
    let sums = 0;
    for (const { book, ws } of sheets.filter((s) => s.ws.name === 'Übersicht')) {
      const others = new Map(sheets.filter((s) => s.book === book).map((s) => [s.ws.name, s.ws]));
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          const v = cell.value as { formula?: string; result?: unknown } | null;
          if (!v || typeof v !== 'object' || typeof v.formula !== 'string' || !/^SUM\(/.test(v.formula)) return;
          // SUM('Sheet'!D2:D800,'Sheet (2)'!D2:D900): the parts of a split sheet
          let total = new Decimal(0);
          for (const m of v.formula.matchAll(/'((?:[^']|'')+)'!([A-Z]+)(\d+):([A-Z]+)(\d+)/g)) {
            const detail = others.get(m[1]!.replace(/''/g, "'"))!;
            expect(detail, `${book}: ${m[1]}`).toBeDefined();
            for (let n = Number(m[3]); n <= Number(m[5]); n++) {
              const x = detail.getCell(`${m[2]}${n}`).value;
              if (typeof x === 'number') total = total.plus(new Decimal(String(x)));
            }
          }
          expect(total.toFixed(2), `${book} Übersicht ${cell.address}: ${v.formula}`).toBe(new Decimal(String(v.result)).toFixed(2));
          sums++;
        });
      });
    }
    expect(sums).toBeGreaterThan(10);
  });

  it('draws the year on Übersicht: data bars over figures of every workbook, the levy year month by month', () => {
    for (const { book, ws } of sheets.filter((s) => s.ws.name === 'Übersicht')) {
      const formattings = (ws as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] })
        .conditionalFormattings;
      const bars = formattings.filter((f) => f.rules.some((r) => r.type === 'dataBar'));
      expect(bars.length, book).toBeGreaterThanOrEqual(2);
      for (const bar of bars) {
        // each range is one column of numbers (the figures the bars stand for)
        const [from, to] = bar.ref.split(':') as [string, string];
        const [col, first, last] = [from.replace(/\d+/, ''), Number(from.replace(/\D+/, '')), Number(to.replace(/\D+/, ''))];
        expect(to.replace(/\d+/, ''), bar.ref).toBe(col);
        for (let n = first; n <= last; n++) {
          const value = ws.getCell(`${col}${n}`).value;
          if (value !== null) expect(typeof value, `${book} ${col}${n}`).toBe('number');
        }
      }
      if (book.startsWith('levy')) {
        const monthly = [...Array(ws.rowCount).keys()].find((i) =>
          text(ws.getRow(i + 1).getCell(1)).startsWith('Umlagen und Erstattungen'),
        );
        expect(monthly, 'the monthly table').toBeDefined();
        // twelve months under the header, each a real date shown as MM.JJJJ
        const months = dataRows(ws, ws.getRow(monthly! + 2));
        expect(months).toHaveLength(12);
        for (const m of months) {
          expect(m.getCell(1).value).toBeInstanceOf(Date);
          expect(m.getCell(1).numFmt).toBe('mm.yyyy');
        }
      }
    }
  });

  it('names no parameter set by its technical name', () => {
    let labels = 0;
    for (const { book, ws } of sheets.filter((s) => s.ws.name === 'Übersicht')) {
      ws.eachRow((row) => {
        const label = text(row.getCell(1));
        if (!label.startsWith('Parameterversion')) return;
        expect(label, book).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
        labels++;
      });
    }
    expect(labels).toBe(9); // § 18a 2, § 19a 2, levy 2, the Nordost plan 3
  });
});

describe('Importfehler reasons', () => {
  it('has a German text for every reason the import writes', () => {
    const reasons = [
      'missing value',
      'not a KVNR (capital letter and 9 digits)',
      'KVNR check digit is wrong',
      "not an amount (digits, '.' and at most 2 decimals)",
      'unknown member (not in members.csv)',
      'unknown employer (not in employers.csv)',
      'duplicate key member_id+year',
      '3 fields where the header has 4',
      'not one of mandatory, voluntary, family',
      'not a whole number from 0 to 99',
      'IBAN_INVALID: not an IBAN in electronic form (capitals and digits, no spaces)',
      'TEXT_TOO_LONG: longer than 70 characters after conversion to the SEPA character set',
      'died_on before birth_date',
      'plus_service_id is required for a plus request',
    ];
    for (const reason of reasons) {
      expect(isTranslatedRejection(reason), reason).toBe(true);
      expect(rejectionReasonText(reason, 1), reason).not.toMatch(ENGLISH);
    }
    expect(rejectionReasonText('unknown member (not in members.csv)', 1)).toBe('unbekanntes Mitglied (nicht in members.csv)');
    expect(rejectionReasonText('a check added later', 7)).toMatch(/Ablehnungsbericht des Importlaufs 7/);
  });
});
