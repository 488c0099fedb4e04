/**
 * The summary sheet (Übersicht, Parameter and the like): a title, then per section a heading,
 * label/value rows and an optional small table with data bars. Small by nature — every row is
 * written at once, no back-pressure — unlike the detail tables (workbook.ts addTable).
 */
import type ExcelJS from 'exceljs';
import { KEY_VALUE_STYLES, STYLES, cellValue, columnStyle, valueStyle, wrappedColumns, type ColumnSpec } from './cells.ts';
import { columnLetter } from './parts.ts';
import type { SummarySection } from './sections.ts';
import { addHeaderRow, addStyledRow, longestValue, wrappedRowHeight } from './sheet-rows.ts';

/**
 * Writes the sections (their tables' rows already read into arrays) under `heading`; every
 * formula value goes to `noteFormula` (the workbook checks them at close).
 */
export function writeSummary(
  ws: ExcelJS.Worksheet,
  heading: string,
  sections: readonly SummarySection[],
  widths: readonly number[],
  noteFormula: (value: unknown) => void,
): void {
  addStyledRow(ws, [{ value: heading, style: STYLES.title }]);
  for (const s of sections) {
    addStyledRow(ws, []);
    addStyledRow(ws, [{ value: s.title, style: STYLES.section }]);
    for (const r of s.rows ?? []) {
      const type = r.type ?? 'text';
      const value = r.formula ? { formula: r.formula.replace(/^=/, ''), value: r.value } : r.value;
      noteFormula(value);
      const wrap = type === 'text' && longestValue(type, [value]) + 3 > widths[1]!;
      const style = wrap ? STYLES.textWrap : valueStyle(type, value, KEY_VALUE_STYLES[type]);
      const cell = labelled(r.label, () => cellValue(type, value));
      addStyledRow(
        ws,
        [
          { value: r.label, style: STYLES.label },
          { value: cell, style },
        ],
        wrappedRowHeight([r.label, cell], wrap ? [0, 1] : [0], widths),
      );
    }
    if (s.table) {
      const { columns } = s.table;
      const rows = s.table.rows as Record<string, unknown>[];
      addHeaderRow(ws, columns, widths);
      const styles = columns.map(columnStyle);
      const wrapped = wrappedColumns(styles);
      const numbers: number[] = [];
      for (const row of rows) {
        columns.forEach((c) => noteFormula(row[c.key]));
        const values = columns.map((c) => cellValue(c.type, row[c.key]));
        numbers.push(
          addStyledRow(
            ws,
            columns.map((c, i) => ({ value: values[i], style: valueStyle(c.type, row[c.key], styles[i]) })),
            wrappedRowHeight(values, wrapped, widths),
          ),
        );
      }
      if (numbers.length > 0) addDataBars(ws, columns, numbers[0]!, numbers.at(-1)!);
    }
  }
}

function labelled<T>(label: string, convert: () => T): T {
  try {
    return convert();
  } catch (err) {
    throw new Error(`${label}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The data bars of a summary table's `bar` columns (ColumnSpec.bar). Each column is scaled on its
 * own, from 0 to its largest figure; the priority only orders rules on the sheet.
 */
function addDataBars(ws: ExcelJS.Worksheet, columns: readonly ColumnSpec[], first: number, last: number): void {
  columns.forEach((c, i) => {
    if (!c.bar) return;
    const letter = columnLetter(i + 1);
    ws.addConditionalFormatting({
      ref: `${letter}${first}:${letter}${last}`,
      rules: [
        {
          type: 'dataBar',
          priority: 1,
          gradient: false,
          cfvo: [{ type: 'num', value: 0 }, { type: 'max' }],
          color: { argb: c.bar },
        } as unknown as ExcelJS.ConditionalFormattingRule,
      ],
    });
  });
}
