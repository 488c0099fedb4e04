/**
 * The report workbooks: a small API over exceljs's STREAMING writer so that a run with millions
 * of rows is written in bounded memory. Sheets are written one after another and committed
 * before the next one starts: the zip takes its entries strictly in order, so rows of a later
 * sheet written while an earlier one is open would pile up in memory.
 *
 * Safety: the file is written as `<path>.partial` (mode 0640, folder 0750) and renamed only when
 * everything succeeded; any failure deletes the partial file, so a failed total check never
 * leaves a half workbook under the real name.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { yielder } from '../src/runs/cooperative.ts';
import type { Decimal } from '../src/money.ts';
import { PRELIMINARY_BANNER } from './catalogue.ts';
import { STYLES, Totals, cellValue, columnStyle, valueStyle, wrappedColumns, type ColumnSpec } from './cells.ts';
import { fittedWidth } from './column-widths.ts';
import { rowXml } from './row-xml.ts';
import { sheetLayout } from './sheet-layout.ts';
import type { SummarySection } from './sections.ts';
import { writeSummary } from './summary-sheet.ts';
import { addHeaderRow, addStyledRow, longestValue, summaryWidths, wrappedRowHeight, zipBacklog } from './sheet-rows.ts';
import {
  EXCEL_MAX_ROWS,
  checkRowLimit,
  columnLetter,
  dataRowsPerPart,
  headerRowOf,
  partSheetName,
  planParts,
  referencedSheets,
  sanitizeSheetName,
  type SheetPart,
} from './parts.ts';

export type { ColumnSpec, ColumnType, FormulaValue } from './cells.ts';
export { BAR_COLOURS, formula, NUM_FMT } from './cells.ts';
export type { SheetPart } from './parts.ts';
export { EXCEL_MAX_ROWS, columnLetter, letterOf, planParts, sumFormula, sumIfFormula } from './parts.ts';
export { zipBacklog } from './sheet-rows.ts';
export type { KeyValueRow, SummarySection } from './sections.ts';

export interface WorkbookOptions {
  /** dry run: every sheet carries the VORLÄUFIG banner row and page header */
  preliminary: boolean;
  /** rows per sheet, header rows included; Excel's 1,048,576 unless a test lowers it */
  rowLimit?: number;
  /** workbook title: document properties, summary heading, page footer */
  title: string;
}

export type Rows = AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;

export interface TableOptions {
  /** rows the caller announced (e.g. to the summary's formulas); a different count fails */
  expectedRows?: number;
}

export interface TableResult {
  parts: SheetPart[];
  rowCount: number;
  /** exact totals of every money/int/decimal column, by column key */
  totals: Record<string, Decimal>;
}

export interface ReportWorkbook {
  readonly path: string;
  readonly preliminary: boolean;
  readonly rowLimit: number;
  /** the parts addTable(name, …) will write for rowCount rows; addTable checks it keeps to them */
  planParts(name: string, rowCount: number): SheetPart[];
  /** a key-value sheet such as Übersicht or Parameter */
  addSummary(name: string, sections: readonly SummarySection[], opts?: { heading?: string }): Promise<void>;
  /** a detail sheet, continued on `name (2)`, `name (3)`, … at the row limit */
  addTable(name: string, columns: readonly ColumnSpec[], rows: Rows, opts?: TableOptions): Promise<TableResult>;
  /** finish, chmod 0640, rename into place; returns the final path */
  close(): Promise<string>;
  /** give up: the partial file is deleted (idempotent) */
  abort(): Promise<void>;
  /** `cleanup` runs when the workbook is closed or aborted (scratch files of its sheets) */
  onFinish(cleanup: () => Promise<void>): void;
}

/** Rows whose values set the column widths (the header always counts): a few hundred at most. */
const WIDTH_SAMPLE = 200;

type RowIterator = AsyncIterator<Record<string, unknown>> | Iterator<Record<string, unknown>>;

/**
 * The first `n` rows in memory, and the source's iterator for the rest (`exhausted`: there is no
 * rest). The caller drives the iterator itself: another generator around it would cost a promise
 * round per row of a million-row sheet.
 */
async function sampleRows(
  rows: Rows,
  n: number,
): Promise<{ sample: Record<string, unknown>[]; iterator: RowIterator; exhausted: boolean }> {
  const iterator: RowIterator =
    Symbol.asyncIterator in rows
      ? (rows as AsyncIterable<Record<string, unknown>>)[Symbol.asyncIterator]()
      : (rows as Iterable<Record<string, unknown>>)[Symbol.iterator]();
  const sample: Record<string, unknown>[] = [];
  while (sample.length < n) {
    const next = await iterator.next();
    if (next.done) return { sample, iterator, exhausted: true };
    sample.push(next.value);
  }
  return { sample, iterator, exhausted: false };
}

/** Rows between back-pressure checks, and the zip backlog (bytes) that makes the writer wait. */
const CHECK_EVERY = 256;
const BACKLOG_LIMIT = 4 * 1024 * 1024;

class StreamingWorkbook implements ReportWorkbook {
  private state: 'open' | 'busy' | 'closed' | 'aborted' = 'open';
  private failure: Error | null = null;
  /** rejects on the first stream/zip error, so no wait can hang on a dead stream */
  private readonly failed: Promise<never>;
  private readonly names = new Set<string>();
  private readonly formulas: string[] = [];
  private readonly plans = new Map<string, SheetPart[]>();
  private cleanups: (() => Promise<void>)[] = [];

  constructor(
    readonly path: string,
    private readonly partial: string,
    private readonly out: fs.WriteStream,
    private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly opts: WorkbookOptions & { rowLimit: number },
  ) {
    this.failed = new Promise<never>((_, reject) => {
      const onError = (err: Error) => {
        this.failure ??= err;
        reject(err);
      };
      out.on('error', onError);
      // exceljs pipes an archiver instance into `out`; it is not in the typings
      (wb as unknown as { zip?: { on(e: string, f: (err: Error) => void): void } }).zip?.on('error', onError);
    });
    this.failed.catch(() => undefined); // observed through `failure` and the races below
  }

  get preliminary(): boolean {
    return this.opts.preliminary;
  }

  get rowLimit(): number {
    return this.opts.rowLimit;
  }

  onFinish(cleanup: () => Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  /** Runs the cleanups once each; the first error is thrown after all have run. */
  private async finish(): Promise<void> {
    const cleanups = this.cleanups;
    this.cleanups = [];
    const results = await Promise.allSettled(cleanups.map((c) => c()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  planParts(name: string, rowCount: number): SheetPart[] {
    const planned = planParts(name, rowCount, this.rowLimit, { preliminary: this.preliminary });
    this.plans.set(sanitizeSheetName(name), planned);
    return planned;
  }

  addSummary(name: string, sections: readonly SummarySection[], opts: { heading?: string } = {}): Promise<void> {
    return this.guard(`add sheet ${name}`, async () => {
      // small tables: read once, so widths and rows see the same values
      const fixed = sections.map((s) => (s.table ? { ...s, table: { ...s.table, rows: [...s.table.rows] } } : s));
      const widths = summaryWidths(fixed);
      const ws = this.newSheet(sanitizeSheetName(name), widths, false);
      writeSummary(ws, opts.heading ?? this.opts.title, fixed, widths, (value) => this.noteFormula(value));
      ws.commit();
    });
  }

  addTable(name: string, columns: readonly ColumnSpec[], rows: Rows, opts: TableOptions = {}): Promise<TableResult> {
    return this.guard(`add table ${name}`, async () => {
      if (columns.length === 0) throw new Error(`table ${name} has no columns`);
      const perPart = dataRowsPerPart(this.rowLimit, this.preliminary);
      const lastColumn = columnLetter(columns.length);
      // widths from the header and the first rows: the streaming writer fixes them before row 1
      const { sample, iterator, exhausted } = await sampleRows(rows, WIDTH_SAMPLE);
      const longest = columns.map((c) =>
        longestValue(
          c.type,
          sample.map((r) => r[c.key]),
        ),
      );
      const widths = columns.map((c, i) => fittedWidth(c, longest[i]!));
      // one style object per column (a few shared ones for percent and headcounts: valueStyle)
      const styles = columns.map(columnStyle);
      const perValue = columns.map((c) => c.type === 'rate' || c.type === 'decimal');
      const wrapped = wrappedColumns(styles);
      const totals = new Totals(columns);
      const written: SheetPart[] = [];
      let ws = this.startPart(name, 1, columns, widths);
      // data rows as exceljs's XML, written directly (row-xml.ts); the public API if that is unavailable
      let fast = rowXml(ws, columns.length);
      const rowStyles: object[] = [...styles];
      let inPart = 0;
      let rowCount = 0;
      // The finalize job holds a queue lock too: long sheets hand the event loop back (cooperative.ts).
      const turns = yielder();
      let sampled = 0;
      let done = exhausted;
      try {
        for (;;) {
          let row: Record<string, unknown>;
          if (sampled < sample.length) row = sample[sampled++]!;
          else if (done) break;
          else {
            const next = await iterator.next();
            if (next.done) {
              done = true;
              break;
            }
            row = next.value;
          }
          // an await even of undefined costs a promise round: only when it is time to yield
          const turn = turns.maybeYield();
          if (turn) await turn;
          if (inPart === perPart) {
            fast?.flush();
            written.push(this.endPart(ws, inPart, lastColumn));
            ws = this.startPart(name, written.length + 1, columns, widths);
            fast = rowXml(ws, columns.length);
            inPart = 0;
          }
          try {
            totals.add(row);
            const values = columns.map((c) => cellValue(c.type, row[c.key]));
            for (let i = 0; i < columns.length; i++)
              if (perValue[i]) rowStyles[i] = valueStyle(columns[i]!.type, row[columns[i]!.key], styles[i]);
            const height = wrapped.length > 0 ? wrappedRowHeight(values, wrapped, widths) : undefined;
            if (!fast || fast.add(values, rowStyles, height) === false) {
              fast?.flush();
              addStyledRow(
                ws,
                values.map((value, i) => ({ value, style: rowStyles[i] })),
                height,
              );
            }
          } catch (err) {
            // names the place, never the value: cell contents may be personal data
            throw new Error(`${name}, data row ${rowCount + 1}: ${(err as Error).message}`, { cause: err });
          }
          inPart++;
          rowCount++;
          if (rowCount % CHECK_EVERY === 0) {
            fast?.flush();
            await this.relieve(ws);
          }
        }
      } finally {
        // a writer that stops early (an error) closes the source, as for-await would have
        if (!done) await iterator.return?.();
      }
      fast?.flush();
      written.push(this.endPart(ws, inPart, lastColumn));

      if (opts.expectedRows !== undefined && opts.expectedRows !== rowCount) {
        throw new Error(`table ${name}: ${rowCount} rows written, ${opts.expectedRows} announced`);
      }
      const plan = this.plans.get(sanitizeSheetName(name));
      if (plan && JSON.stringify(plan) !== JSON.stringify(written)) {
        throw new Error(`table ${name}: the parts written differ from the parts planned for the summary`);
      }
      return { parts: written, rowCount, totals: totals.result() };
    });
  }

  async close(): Promise<string> {
    await this.guard('close', async () => {
      if (this.names.size === 0) throw new Error('a workbook needs at least one sheet');
      for (const f of this.formulas) {
        const missing = referencedSheets(f).filter((n) => !this.names.has(n.toLowerCase()));
        if (missing.length > 0) throw new Error(`formula ${f} refers to missing sheet(s): ${missing.join(', ')}`);
      }
      await Promise.race([this.wb.commit(), this.failed]);
      if (!this.out.closed) await Promise.race([once(this.out, 'close'), this.failed]);
      this.throwIfFailed();
      await fsp.chmod(this.partial, 0o640); // the umask may have narrowed or widened the mode
      await fsp.rename(this.partial, this.path);
    });
    this.state = 'closed';
    await this.finish();
    return this.path;
  }

  async abort(): Promise<void> {
    if (this.state === 'aborted' || this.state === 'closed') return;
    this.state = 'aborted';
    try {
      (this.wb as unknown as { zip?: { abort?(): void } }).zip?.abort?.();
    } catch {
      // best effort: the stream is destroyed and the file removed below anyway
    }
    if (!this.out.closed) {
      const closed = once(this.out, 'close').catch(() => undefined);
      this.out.destroy();
      await closed;
    }
    await fsp.rm(this.partial, { force: true });
    // best effort, as above: the caller is rethrowing the error that made it abort
    await this.finish().catch(() => undefined);
  }

  private startPart(name: string, n: number, columns: readonly ColumnSpec[], widths: number[]): ExcelJS.Worksheet {
    const ws = this.newSheet(partSheetName(name, n), widths, true);
    addHeaderRow(ws, columns, widths);
    return ws;
  }

  /** Autofilter over header and data (known only now: the streaming writer emits it on commit). */
  private endPart(ws: ExcelJS.Worksheet, dataRows: number, lastColumn: string): SheetPart {
    const headerRow = headerRowOf(this.preliminary);
    const lastDataRow = headerRow + dataRows;
    ws.autoFilter = `A${headerRow}:${lastColumn}${lastDataRow}`;
    ws.commit();
    return { sheetName: ws.name, headerRow, firstDataRow: headerRow + 1, lastDataRow };
  }

  /** Runs one step exclusively; any error aborts the workbook (partial file deleted). */
  private async guard<T>(what: string, step: () => Promise<T>): Promise<T> {
    if (this.state !== 'open') throw new Error(`cannot ${what}: workbook is ${this.state}`);
    this.state = 'busy';
    try {
      this.throwIfFailed();
      const result = await step();
      this.throwIfFailed();
      this.state = 'open';
      return result;
    } catch (err) {
      this.state = 'open';
      await this.abort();
      throw err;
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw new Error(`writing ${this.path} failed: ${this.failure.message}`, { cause: this.failure });
  }

  /** A new sheet with its views fixed up front: the streaming writer emits them on creation. */
  private newSheet(name: string, widths: readonly number[], table: boolean): ExcelJS.Worksheet {
    const key = name.toLowerCase(); // Excel compares sheet names case-insensitively
    if (this.names.has(key)) throw new Error(`duplicate sheet name "${name}"`);
    this.names.add(key);
    const headerRow = headerRowOf(this.preliminary);
    const ws = this.wb.addWorksheet(name, sheetLayout(this.opts.title, this.preliminary, headerRow, table));
    ws.columns = widths.map((width) => ({ width }));
    if (this.preliminary) addStyledRow(ws, [{ value: PRELIMINARY_BANNER, style: STYLES.banner }]);
    return ws;
  }

  private noteFormula(value: unknown): void {
    if (typeof value === 'object' && value !== null && 'formula' in value) this.formulas.push(String(value.formula));
  }

  /** Waits while this sheet's zip backlog is large, so memory stays bounded on a million rows. */
  private async relieve(ws: ExcelJS.Worksheet): Promise<void> {
    const backlog = zipBacklog(ws);
    if (!backlog)
      await new Promise((resolve) => setImmediate(resolve)); // unknown internals: at least yield
    else if (backlog.bytes > BACKLOG_LIMIT) await Promise.race([once(backlog.pipe, 'drain'), this.failed]);
  }
}

export async function openWorkbook(filePath: string, opts: WorkbookOptions): Promise<ReportWorkbook> {
  const rowLimit = opts.rowLimit ?? EXCEL_MAX_ROWS;
  checkRowLimit(rowLimit, opts.preliminary);
  const target = path.resolve(filePath);
  const dir = path.dirname(target);
  const created = await fsp.mkdir(dir, { recursive: true, mode: 0o750 });
  // mkdir's mode is narrowed by the umask: set it on every folder this call created
  for (let d = dir; created !== undefined; d = path.dirname(d)) {
    await fsp.chmod(d, 0o750);
    if (d === created || d === path.dirname(d)) break;
  }
  const partial = `${target}.partial`;
  const out = fs.createWriteStream(partial, { mode: 0o640 });
  await once(out, 'open'); // an unwritable folder fails here, before any work is done
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'AOK PLUS Jahresabschluss';
  wb.title = opts.title;
  return new StreamingWorkbook(target, partial, out, wb, { ...opts, rowLimit });
}
