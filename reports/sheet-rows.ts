/**
 * Low-level helpers over exceljs's streaming worksheet: committed styled rows, the zip backlog
 * probe behind back-pressure, header/footer text and summary column widths.
 */
import type { EventEmitter } from 'node:events';
import type ExcelJS from 'exceljs';
import { columnWidth } from './cells.ts';
import type { SummarySection } from './sections.ts';

const LABEL_WIDTH_MAX = 60;

/** Appends and commits one row; committed rows leave memory at once. null/undefined → no cell. */
export function addStyledRow(ws: ExcelJS.Worksheet, cells: readonly { value: unknown; style?: object }[]): void {
  const row = ws.addRow([]);
  cells.forEach((c, i) => {
    if (c.value === null || c.value === undefined) return;
    const cell = row.getCell(i + 1);
    cell.value = c.value as ExcelJS.CellValue;
    // a shared style object: exceljs caches the style id by object identity
    if (c.style) cell.style = c.style as Partial<ExcelJS.Style>;
  });
  row.commit();
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

/** Column widths of a summary sheet: labels in A, values in B, small tables from A on. */
export function summaryWidths(sections: readonly SummarySection[]): number[] {
  const widths: number[] = [];
  const widen = (i: number, w: number) => (widths[i] = Math.max(widths[i] ?? 10, w));
  for (const s of sections) {
    for (const r of s.rows ?? []) {
      widen(0, Math.min(LABEL_WIDTH_MAX, r.label.length + 2));
      const text = r.type === undefined || r.type === 'text';
      widen(1, text ? Math.min(LABEL_WIDTH_MAX, String(r.value ?? '').length + 2) : 16);
    }
    s.table?.columns.forEach((c, i) => widen(i, columnWidth(c)));
  }
  return widths;
}
