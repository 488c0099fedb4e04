/**
 * The detail rows' fast path: a data row written as the very XML exceljs's streaming writer
 * would write for it (row-xform / cell-xform: `<row r spans x14ac:dyDescent><c r s t><v>`),
 * straight into the sheet's stream, with the style ids exceljs's own style manager assigns.
 *
 * Why: the public API costs a Row, a Cell per value (each with a freshly merged style object), a
 * cell model, an XmlStream and a join per row — most of a million-row sheet's time and garbage
 * (docs/benchmarks.md). The file is the same to finance: same values, same styles (the ids come
 * from exceljs's styles.xml), same row heights.
 *
 * It leans on exceljs internals (4.4: WorksheetWriter._rowZero/_rows/_write, its workbook's style
 * manager); `rowXml` returns null when they are not there, and the caller keeps the public API.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import type { CellValue } from './cells.ts';

const require = createRequire(import.meta.url);
// exceljs's own escaping and date serial, so a cell's text is byte for byte what exceljs writes
const { xmlEncode, dateToExcel } = require('exceljs/lib/utils/utils.js') as {
  xmlEncode(text: string): string;
  dateToExcel(d: Date, date1904?: boolean): number;
};

/** exceljs's Enums.ValueType: the cell type its style manager is told (only matters without numFmt). */
const NUMBER = 2;
const STRING = 3;
const DATE = 4;

interface SheetInternals {
  _rowZero: number;
  _rows: unknown[];
  startedData: boolean;
  _write(text: string): void;
  _workbook: { styles: { addStyleModel(style: object, cellType: number): number } };
}

export interface RowXml {
  /**
   * Writes one row of plain values (null → no cell) and returns its number; false when a value
   * needs exceljs's own rendering (a formula) — nothing is written then, use the public API.
   */
  add(values: readonly CellValue[], styles: readonly object[], height?: number): number | false;
  /** hands the rows gathered so far to the sheet's stream (before back-pressure checks and commit) */
  flush(): void;
}

/** Column letters A, B, …, Z, AA, … */
function letters(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    let s = '';
    for (let c = i + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
    return s;
  });
}

/** The fast path for a sheet whose header is written (committed); null if exceljs's internals changed. */
export function rowXml(ws: ExcelJS.Worksheet, columns: number): RowXml | null {
  const sheet = ws as unknown as Partial<SheetInternals>;
  if (
    typeof sheet._rowZero !== 'number' ||
    !Array.isArray(sheet._rows) ||
    sheet.startedData !== true ||
    typeof sheet._write !== 'function' ||
    typeof sheet._workbook?.styles?.addStyleModel !== 'function'
  ) {
    return null;
  }
  const internals = sheet as SheetInternals;
  const styleManager = internals._workbook.styles;
  const names = letters(columns);
  // exceljs caches a style's id by object identity (a WeakMap); so does this map
  const ids = new Map<object, string>();
  const styleAttr = (style: object, cellType: number): string => {
    let attr = ids.get(style);
    if (attr === undefined) {
      const id = styleManager.addStyleModel(style, cellType);
      attr = id ? ` s="${id}"` : '';
      ids.set(style, attr);
    }
    return attr;
  };
  let pending: string[] = [];

  return {
    add(values, styles, height) {
      for (const v of values) if (v !== null && typeof v === 'object' && !(v instanceof Date)) return false;
      if (internals._rows.length > 0) throw new Error('rows of the public API are still open');
      const r = internals._rowZero++;
      let cells = '';
      let min = 0;
      let max = 0;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v === null || v === undefined) continue;
        if (min === 0) min = i + 1;
        max = i + 1;
        const style = styles[i]!;
        if (typeof v === 'number') cells += `<c r="${names[i]}${r}"${styleAttr(style, NUMBER)}><v>${v}</v></c>`;
        else if (typeof v === 'string') cells += `<c r="${names[i]}${r}"${styleAttr(style, STRING)} t="str"><v>${xmlEncode(v)}</v></c>`;
        else cells += `<c r="${names[i]}${r}"${styleAttr(style, DATE)}><v>${dateToExcel(v as Date, false)}</v></c>`;
      }
      // exceljs writes no element for a row without cells or height (its number is used all the same)
      if (min === 0 && !height) return r;
      let row = `<row r="${r}"`;
      if (height) row += ` ht="${height}" customHeight="1"`;
      if (min > 0) row += ` spans="${min}:${max}"`;
      row += ' x14ac:dyDescent="0.25"';
      pending.push(cells === '' ? `${row}/>` : `${row}>${cells}</row>`);
      return r;
    },
    flush() {
      if (pending.length === 0) return;
      internals._write(pending.join(''));
      pending = [];
    },
  };
}
