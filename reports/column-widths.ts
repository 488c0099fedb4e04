/**
 * Column widths and text lines: how wide a column must be for its header (in up to
 * HEADER_MAX_LINES lines) and its longest values as Excel shows them, and how many lines a text
 * takes in it. Estimates in Excel's width unit (the widest digit of the default font).
 */
import { Decimal } from '../src/money.ts';
import { isFormula, percentDecimals, type ColumnSpec, type ColumnType } from './cells.ts';

/** Width bounds per type (Excel characters): text may grow (and wraps beyond), numbers stay narrow. */
const WIDTH_BOUNDS: Record<ColumnType, [min: number, max: number]> = {
  text: [6, 50],
  int: [6, 16],
  id: [5, 12],
  money: [10, 18],
  date: [11, 12],
  month: [9, 10],
  datetime: [16, 17],
  decimal: [6, 14],
  rate: [7, 12],
  euroRate: [8, 12],
};

/** Header lines a header row may use before its column must widen. */
export const HEADER_MAX_LINES = 3;

/**
 * Lines a text needs in a column of `width` characters, wrapping at spaces and hyphens (an
 * estimate). A width unit is the widest digit of the default font; `perUnit` characters of body
 * text fit in one (1: the safe bound used for the bold headers; body text is narrower).
 */
export function textLines(text: string, width: number, perUnit = 1): number {
  // the text indent (TEXT_INDENT) and the cell padding take about two units
  const room = Math.max(1, Math.floor((width - 2) * perUnit));
  let lines = 1;
  let used = 0;
  for (const word of text.split(/(?<=[\s-])/)) {
    const w = word.trimEnd().length;
    if (used > 0 && used + w > room) {
      lines++;
      used = 0;
    }
    used += word.length;
    while (used > room) {
      lines++;
      used -= room;
    }
  }
  return lines;
}

/** Headers up to this long stay on one line. */
const SHORT_HEADER = 12;

/** The least width at which a header fits in HEADER_MAX_LINES lines (a short one in one), no word split. */
export function headerWidth(text: string): number {
  if (text.length <= SHORT_HEADER) return text.length + 3;
  const longestWord = Math.max(0, ...text.split(/[\s]+/).map((w) => w.length));
  let width = longestWord + 3;
  while (textLines(text, width) > HEADER_MAX_LINES) width++;
  return width;
}

/** Characters a value takes as Excel shows it (German separators), for the column width. */
export function displayLength(type: ColumnType, raw: unknown): number {
  const v = isFormula(raw) ? raw.value : raw;
  if (v === null || v === undefined || v === '') return 0;
  switch (type) {
    case 'text':
      return String(v).length;
    case 'date':
      return 10;
    case 'month':
      return 7;
    case 'datetime':
      return 16;
    case 'id':
      return String(v).length;
    case 'rate':
      return 6 + percentDecimals(v);
    case 'euroRate':
      return 8;
    case 'money':
    case 'int':
    case 'decimal': {
      // digits, thousands separators, decimals, sign, " €"
      const text = Decimal.isDecimal(v) ? (v as Decimal).toFixed() : String(v);
      const [int = '', frac] = text.replace('-', '').split('.');
      const digits = int.length + Math.floor((int.length - 1) / 3);
      return digits + (frac !== undefined || type === 'money' ? 3 : 0) + (text.startsWith('-') ? 1 : 0) + (type === 'money' ? 2 : 0);
    }
  }
}

/**
 * A column's width: room for its header (wrapped in up to HEADER_MAX_LINES lines) and for the
 * longest sampled value, within the type's bounds; a text longer than the bound wraps.
 */
export function fittedWidth(col: ColumnSpec, longest: number): number {
  const [min, bound] = WIDTH_BOUNDS[col.type];
  const max = col.maxWidth ?? bound;
  // numbers get a little more air: a right-aligned figure must not touch the next column's text
  const content = Math.min(max, Math.max(min, longest + 3));
  return Math.ceil(Math.max(content, col.width ?? 0, headerWidth(col.header)));
}

/** True when a text column's sampled values are longer than its width: its cells wrap. */
export function wraps(col: ColumnSpec, longest: number, width: number): boolean {
  return col.type === 'text' && longest + 3 > width;
}

/** Width of a column before any value is seen (header and type only). */
export function columnWidth(col: ColumnSpec): number {
  return fittedWidth(col, 0);
}
