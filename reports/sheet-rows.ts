/**
 * Low-level helpers over exceljs's streaming worksheet: committed styled rows, the zip backlog
 * probe behind back-pressure, header/footer text and summary column widths.
 */
import type { EventEmitter } from 'node:events';
import type ExcelJS from 'exceljs';
import { FONT_SIZE, headerStyle, isFormula, type ColumnSpec, type ColumnType } from './cells.ts';
import { displayLength, fittedWidth, textLines } from './column-widths.ts';
import type { SummarySection } from './sections.ts';

/** Labels of a summary sheet wrap beyond this width; key-value texts beyond VALUE_WIDTH_MAX. */
const LABEL_WIDTH_MAX = 55;
const VALUE_WIDTH_MAX = 60;

/** Characters of body text (FONT_SIZE, proportional) per width unit, for the height of wrapped rows. */
const BODY_CHARS_PER_UNIT = 1;

/** Points per line of wrapped text at FONT_SIZE, with a little air. */
const LINE_HEIGHT = Math.round(FONT_SIZE * 1.35 * 4) / 4;

/** Row height (points) for the given number of lines. */
export function linesHeight(lines: number): number {
  return lines * LINE_HEIGHT + 2;
}

/**
 * Height of a row whose wrapped cells (indices in `wrapped`) hold the given values, or undefined
 * for a one-line row (the default height). Set explicitly: LibreOffice does not size rows on load.
 */
export function wrappedRowHeight(values: readonly unknown[], wrapped: readonly number[], widths: readonly number[]): number | undefined {
  let lines = 1;
  for (const i of wrapped) {
    const v = values[i];
    if (typeof v === 'string' && v.length + 2 > (widths[i] ?? 10))
      lines = Math.max(lines, textLines(v, widths[i] ?? 10, BODY_CHARS_PER_UNIT));
  }
  return lines > 1 ? linesHeight(lines) : undefined;
}

/** Height of a header row: the most lines any of its headers needs in its column's width. */
export function headerRowHeight(headers: readonly string[], widths: readonly number[]): number {
  return linesHeight(Math.max(1, ...headers.map((h, i) => textLines(h, widths[i] ?? 10))));
}

/**
 * Appends and commits one row of styled cells and returns its number; committed rows leave memory
 * at once. null/undefined → no cell. `height` in points; without one the application sizes the
 * row (wrapped text included).
 */
export function addStyledRow(ws: ExcelJS.Worksheet, cells: readonly { value: unknown; style?: object }[], height?: number): number {
  const row = ws.addRow([]);
  if (height !== undefined) row.height = height;
  cells.forEach((c, i) => {
    if (c.value === null || c.value === undefined) return;
    const cell = row.getCell(i + 1);
    cell.value = c.value as ExcelJS.CellValue;
    // a shared style object: exceljs caches the style id by object identity
    if (c.style) cell.style = c.style as Partial<ExcelJS.Style>;
  });
  row.commit();
  return row.number;
}

/** The header row of a table: each column's header in its header style, as high as its longest header needs. */
export function addHeaderRow(ws: ExcelJS.Worksheet, columns: readonly ColumnSpec[], widths: readonly number[]): number {
  return addStyledRow(
    ws,
    columns.map((c) => ({ value: c.header, style: headerStyle(c.type) })),
    headerRowHeight(
      columns.map((c) => c.header),
      widths,
    ),
  );
}

export type Backlogged = EventEmitter & { writableLength?: number; _writableState?: { length?: number } };

/**
 * Bytes of this sheet queued in front of the zip, or null if exceljs's internals changed.
 * exceljs's sheet stream (StreamBuf) ignores back-pressure and pushes into archiver's
 * PassThrough (readable-stream 2: `_writableState`, no `writableLength`); that queue is where
 * a fast producer piles up memory.
 */
export function zipBacklog(ws: ExcelJS.Worksheet): { pipe: Backlogged; bytes: number } | null {
  const pipe = (ws as unknown as { stream?: { pipes?: Backlogged[] } }).stream?.pipes?.[0];
  const bytes = pipe?.writableLength ?? pipe?._writableState?.length;
  return pipe && typeof bytes === 'number' ? { pipe, bytes } : null;
}

/** Header/footer text: `&` starts a code there, so a literal one is doubled; Excel allows 255 chars. */
export function hfText(text: string): string {
  return text.replace(/&/g, '&&').slice(0, 200);
}

/** Longest display length of a column's values (formulas by their value). */
export function longestValue(type: ColumnType, values: Iterable<unknown>): number {
  let longest = 0;
  for (const v of values) longest = Math.max(longest, displayLength(type, isFormula(v) ? v.value : v));
  return longest;
}

/**
 * Column widths of a summary sheet: labels in A, values in B, small tables from A on — each
 * column as wide as its widest header, label or value needs, within bounds (longer text wraps).
 */
export function summaryWidths(sections: readonly SummarySection[]): number[] {
  const widths: number[] = [];
  const widen = (i: number, w: number) => (widths[i] = Math.max(widths[i] ?? 10, Math.ceil(w)));
  for (const s of sections) {
    for (const r of s.rows ?? []) {
      widen(0, Math.min(LABEL_WIDTH_MAX, r.label.length + 2));
      const type = r.type ?? 'text';
      const spec: ColumnSpec = { header: '', key: '', type };
      const longest = longestValue(type, [r.value]);
      widen(1, type === 'text' ? Math.min(VALUE_WIDTH_MAX, longest + 3) : fittedWidth(spec, longest));
    }
    if (s.table) {
      const rows = [...s.table.rows];
      s.table.columns.forEach((c, i) =>
        widen(
          i,
          fittedWidth(
            c,
            longestValue(
              c.type,
              rows.map((r) => r[c.key]),
            ),
          ),
        ),
      );
    }
  }
  return widths;
}
