/**
 * How every sheet prints and scrolls: A4 landscape, one page wide, narrow margins; the header row
 * frozen and repeated on every printed page of a table; the run's title, the sheet and the page
 * number in the footer; the VORLÄUFIG banner in the header of a dry run's pages.
 */
import type ExcelJS from 'exceljs';
import { PRELIMINARY_BANNER } from './catalogue.ts';
import { FONT_NAME } from './cells.ts';
import { hfText } from './sheet-rows.ts';

/** Excel's paper size code for A4; narrow margins (inches) leave the columns room. */
const A4 = 9;
const MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.25, footer: 0.3 };

/** The options of a new sheet; `headerRow` is the table's header row (below the banner of a dry run). */
export function sheetLayout(title: string, preliminary: boolean, headerRow: number, table: boolean): Partial<ExcelJS.AddWorksheetOptions> {
  const frozen = table ? [{ state: 'frozen' as const, xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }] : [];
  return {
    views: frozen,
    headerFooter: {
      ...(preliminary ? { oddHeader: `&C&B&KC00000${hfText(PRELIMINARY_BANNER)}` } : {}),
      // the run (title), the sheet and the page, on every printed page
      oddFooter: `&L&"${FONT_NAME}"&8${hfText(title)}&C&"${FONT_NAME}"&8&A&R&"${FONT_NAME}"&8Seite &P von &N`,
    },
    pageSetup: {
      paperSize: A4,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: MARGINS,
      ...(table ? { printTitlesRow: `1:${headerRow}` } : {}),
    },
  };
}
