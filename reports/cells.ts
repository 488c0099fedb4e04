/**
 * Typed cell values for the workbook writer: plain data in, Excel values and shared styles out.
 * The only place where an exact amount becomes a binary float is `Number(text)` on a validated
 * 2-decimal string here — at the very last step, as pipeline.md requires.
 */
import { Decimal } from '../src/money.ts';
import { isIsoDate, parts } from '../src/dates.ts';

/**
 * Cell types. `int` is a count or points (thousands separators); `id` an integer that names
 * something (a year, a run, a line number: plain digits, never summed); `decimal` a quantity such
 * as a headcount (2 decimals only where fractional); `rate` a fraction shown as percent (0.0295 →
 * 2,95 %); `euroRate` euros per unit with up to 4 decimals (0.01 € per point); `month` an ISO
 * month `YYYY-MM` shown as MM.JJJJ; `datetime` a moment shown in Berlin time.
 */
export type ColumnType = 'text' | 'int' | 'id' | 'money' | 'date' | 'month' | 'datetime' | 'decimal' | 'rate' | 'euroRate';

export interface ColumnSpec {
  /** German header text (from reports/catalogue.ts) */
  header: string;
  /** property of the row object */
  key: string;
  type: ColumnType;
  /** the least Excel character width; the sampled content widens it within the type's bounds */
  width?: number;
  /** the most Excel character width a text column grows to (longer text wraps); the type's bound otherwise */
  maxWidth?: number;
  /**
   * A summary table's picture (issue 11, point 9): the column's figures drawn as data bars in their
   * cells (conditional formatting, rendered by Excel and LibreOffice alike, the same file every
   * time), in this colour (ARGB). Bars start at 0, so a negative figure (a receivable) points left.
   */
  bar?: string;
}

/** The bar colours of the summary tables: one per kind of figure, the same in every workbook. */
export const BAR_COLOURS = {
  paid: 'FF4F81BD',
  collected: 'FFC0504D',
  levy: 'FF9BBB59',
  count: 'FF8064A2',
  points: 'FFF79646',
} as const;

/** A formula kept with its computed result: finance sees the number and the SUM behind it. */
export interface FormulaValue {
  formula: string;
  /** the computed result, typed like any value of the cell's type */
  value: unknown;
}

export function formula(text: string, value: unknown): FormulaValue {
  return { formula: text.replace(/^=/, ''), value };
}

export function isFormula(value: unknown): value is FormulaValue {
  return typeof value === 'object' && value !== null && 'formula' in value && typeof value.formula === 'string';
}

/** Negative amounts red (issue 11): the second section of a number format is for values < 0. */
const red = (fmt: string) => `${fmt};[Red]-${fmt}`;

export const NUM_FMT = {
  money: red('#,##0.00 €'),
  date: 'dd.mm.yyyy',
  month: 'mm.yyyy',
  datetime: 'dd.mm.yyyy hh:mm',
  decimal: red('#,##0.00'),
  /** a decimal whose value is whole (a headcount of 12): no ",00" */
  decimalWhole: red('#,##0'),
  int: red('#,##0'),
  // plain digits: years and ids must not show a thousands separator ("2.025")
  id: '0',
  euroRate: '#,##0.00## €',
  percent: (decimals: number) => (decimals === 0 ? '0 %' : `0.${'0'.repeat(decimals)} %`),
} as const;

/** One font family throughout; the sizes below are the only ones used. */
export const FONT_NAME = 'Calibri';
export const FONT_SIZE = 10;

type Style = { numFmt?: string; font?: object; fill?: object; border?: object; alignment?: object };

const BODY_FONT = Object.freeze({ name: FONT_NAME, size: FONT_SIZE });
const BOLD_FONT = Object.freeze({ name: FONT_NAME, size: FONT_SIZE, bold: true });
const TOP = { vertical: 'top' } as const;
/** Text one indent step in: it never touches a right-aligned figure in the column before. */
const TEXT_INDENT = { horizontal: 'left', indent: 1 } as const;
const style = (s: Style): Style => Object.freeze({ font: BODY_FONT, ...s, alignment: Object.freeze({ ...TOP, ...(s.alignment ?? {}) }) });

/** Types whose values are numbers: right-aligned, their header too, so a figure stands under its header. */
export const NUMERIC_TYPES: ReadonlySet<ColumnType> = new Set(['int', 'id', 'money', 'decimal', 'rate', 'euroRate']);

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const HEADER_BORDER = { bottom: { style: 'thin' } };
const header = (horizontal: 'left' | 'right' | 'center') =>
  style({ font: BOLD_FONT, fill: HEADER_FILL, border: HEADER_BORDER, alignment: { horizontal, vertical: 'bottom', wrapText: true } });

/**
 * One frozen object per style. exceljs caches style ids in a WeakMap keyed by the style OBJECT,
 * so sharing objects makes styling a million cells a map lookup instead of a style search.
 */
export const STYLES: Record<ColumnType, Style> &
  Record<'header' | 'headerNumber' | 'headerCenter' | 'banner' | 'title' | 'section' | 'label' | 'textWrap', Style> = {
  text: style({ alignment: TEXT_INDENT }),
  textWrap: style({ alignment: { ...TEXT_INDENT, wrapText: true } }),
  label: style({ alignment: { wrapText: true } }),
  int: style({ numFmt: NUM_FMT.int }),
  id: style({ numFmt: NUM_FMT.id }),
  money: style({ numFmt: NUM_FMT.money }),
  // dates centred: a right-aligned date runs into the text of the next cell
  date: style({ numFmt: NUM_FMT.date, alignment: { horizontal: 'center' } }),
  month: style({ numFmt: NUM_FMT.month, alignment: { horizontal: 'center' } }),
  datetime: style({ numFmt: NUM_FMT.datetime, alignment: { horizontal: 'center' } }),
  decimal: style({ numFmt: NUM_FMT.decimal }),
  rate: style({ numFmt: NUM_FMT.percent(2) }),
  euroRate: style({ numFmt: NUM_FMT.euroRate }),
  header: style({
    font: BOLD_FONT,
    fill: HEADER_FILL,
    border: HEADER_BORDER,
    alignment: { ...TEXT_INDENT, vertical: 'bottom', wrapText: true },
  }),
  headerNumber: header('right'),
  headerCenter: header('center'),
  banner: style({
    font: { name: FONT_NAME, bold: true, size: 12, color: { argb: 'FFC00000' } },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE0E0' } },
  }),
  title: style({ font: { name: FONT_NAME, bold: true, size: 14 } }),
  section: style({ font: { name: FONT_NAME, bold: true, size: 12 } }),
};

/** Dates beside a label (Übersicht, Parameter): right-aligned like the figures in the same column. */
export const KEY_VALUE_STYLES: Partial<Record<ColumnType, Style>> = {
  date: style({ numFmt: NUM_FMT.date, alignment: { horizontal: 'right' } }),
  month: style({ numFmt: NUM_FMT.month, alignment: { horizontal: 'right' } }),
  datetime: style({ numFmt: NUM_FMT.datetime, alignment: { horizontal: 'right' } }),
};

/** The header style of a column: numbers right, dates centred, text left — the way its values sit. */
export function headerStyle(type: ColumnType): Style {
  if (NUMERIC_TYPES.has(type)) return STYLES.headerNumber;
  return type === 'date' || type === 'month' || type === 'datetime' ? STYLES.headerCenter : STYLES.header;
}

/** Percent styles by decimals (0.65 → 65 %, 0.0295 → 2,95 %, 0.003615 → 0,3615 %), shared. */
const PERCENT_STYLES = Array.from({ length: 9 }, (_, d) => style({ numFmt: NUM_FMT.percent(d) }));
const DECIMAL_WHOLE = style({ numFmt: NUM_FMT.decimalWhole });

/** Decimals a fraction needs as percent: its significant fraction digits less the two of "× 100". */
export function percentDecimals(raw: unknown): number {
  const text = Decimal.isDecimal(raw) ? (raw as Decimal).toFixed() : String(raw);
  const fraction = /\.([0-9]*?)0*$/.exec(text)?.[1] ?? '';
  return Math.min(PERCENT_STYLES.length - 1, Math.max(0, fraction.length - 2));
}

/**
 * The shared style of one value: the column's own, except percent (decimals as the rate has them)
 * and decimals (no ",00" on a whole headcount) — picked from a fixed set, never a new object.
 */
export function valueStyle(type: ColumnType, raw: unknown, column: Style = STYLES[type]): Style {
  const v = isFormula(raw) ? raw.value : raw;
  if (v === null || v === undefined || v === '') return column;
  if (type === 'rate') return PERCENT_STYLES[percentDecimals(v)]!;
  if (type === 'decimal')
    return /^-?[0-9]+(\.0*)?$/.test(Decimal.isDecimal(v) ? (v as Decimal).toFixed() : String(v)) ? DECIMAL_WHOLE : column;
  return column;
}

/**
 * The style of a column's cells. Text always wraps: a value longer than the sampled ones (or than
 * the width bound) gets more lines and its row the height for them — never a cut-off text.
 */
export function columnStyle(c: ColumnSpec): object {
  return c.type === 'text' ? STYLES.textWrap : STYLES[c.type];
}

/** Indices of the columns whose cells wrap. */
export function wrappedColumns(styles: readonly object[]): number[] {
  return styles.flatMap((s, i) => (s === STYLES.textWrap ? [i] : []));
}

/** Excel refuses (repairs) cells longer than this. */
const MAX_TEXT = 32_767;
const MONEY = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/;
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;
const INTEGER = /^-?[0-9]+$/;

export type CellValue = string | number | Date | { formula: string; result: string | number | Date } | null;

/** Why a value was refused — names the column and type, never the value (it may be personal data). */
export class CellError extends Error {}

function fail(type: ColumnType, what: string): never {
  throw new CellError(`${type} cell: ${what}`);
}

function decimalText(type: ColumnType, value: unknown, pattern: RegExp): string {
  if (typeof value === 'string' && pattern.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
  return fail(type, `expected a decimal string, got ${typeof value}`);
}

/** Exact cents of a money value: 2-decimal string ("1234.50"), integer or Decimal with ≤ 2 places. */
export function moneyCents(value: unknown): bigint {
  const m = MONEY.exec(decimalText('money', value, MONEY));
  if (!m) return fail('money', 'more than 2 fraction digits');
  const cents = BigInt(m[2]! + (m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

function isoDateToUtc(value: unknown): Date {
  // a JS Date (e.g. from pg's default date parser) is refused: it is local midnight and shifts
  if (typeof value !== 'string' || !isIsoDate(value)) return fail('date', 'expected an ISO date YYYY-MM-DD');
  const { year, month, day } = parts(value);
  return new Date(Date.UTC(year, month - 1, day));
}

function isoMonthToUtc(value: unknown): Date {
  if (typeof value !== 'string' || !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(value)) return fail('month', 'expected an ISO month YYYY-MM');
  return new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, 1));
}

const BERLIN = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * A moment (a timestamp from PostgreSQL) as the Berlin wall-clock time finance expects, written as
 * that clock time in UTC: Excel has no time zones, and UTC is what the writer puts in the cell.
 */
function berlinWallClock(value: unknown): Date {
  const moment = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!moment || Number.isNaN(moment.getTime())) return fail('datetime', 'expected a timestamp');
  const p = Object.fromEntries(BERLIN.formatToParts(moment).map((x) => [x.type, x.value]));
  return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)));
}

function finite(type: ColumnType, n: number): number {
  return Number.isFinite(n) ? n : fail(type, 'not a finite number');
}

/** The Excel value of one plain value (null / undefined / '' → empty cell). */
export function scalar(type: ColumnType, value: unknown): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'text': {
      if (typeof value === 'object') return fail(type, 'objects are not text');
      const text = String(value);
      return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
    }
    case 'money': {
      // validates as moneyCents does (a string passed MONEY in decimalText already): exactly what Number() may see
      const text = decimalText(type, value, MONEY);
      if (typeof value !== 'string' && !MONEY.test(text)) return fail('money', 'more than 2 fraction digits');
      return finite(type, Number(text));
    }
    case 'int':
    case 'id': {
      const n = Number(decimalText(type, value, INTEGER));
      return Number.isSafeInteger(n) ? n : fail(type, 'not a safe integer');
    }
    case 'decimal': // exact like money: its column total is summed from the string
      return finite(type, Number(decimalText(type, value, DECIMAL)));
    case 'rate': // display only, never summed: a JS number is as good as its string
    case 'euroRate':
      if (typeof value === 'number') return finite(type, value);
      return finite(type, Number(decimalText(type, value, DECIMAL)));
    case 'date':
      return isoDateToUtc(value);
    case 'month':
      return isoMonthToUtc(value);
    case 'datetime':
      return berlinWallClock(value);
  }
}

/** Excel value of a cell, formulas included (exceljs `{ formula, result }`). */
export function cellValue(type: ColumnType, value: unknown): CellValue {
  if (!isFormula(value)) return scalar(type, value);
  const result = scalar(type, value.value);
  if (result === null) return { formula: value.formula, result: 0 };
  return { formula: value.formula, result };
}

/** Exact running totals of the money/int/decimal columns — summed from the strings, not floats. */
export class Totals {
  // per column, in column order: arrays, not maps keyed by name — add() runs for every cell of a
  // million-row sheet
  private readonly summed: { key: string; type: 'money' | 'int' | 'decimal' }[];
  private readonly cents: bigint[];
  private readonly decimals: Decimal[];

  constructor(columns: readonly ColumnSpec[]) {
    this.summed = columns.flatMap((c) =>
      c.type === 'money' || c.type === 'int' || c.type === 'decimal' ? [{ key: c.key, type: c.type }] : [],
    );
    this.cents = this.summed.map(() => 0n);
    this.decimals = this.summed.map(() => new Decimal(0));
  }

  add(row: Record<string, unknown>): void {
    for (let i = 0; i < this.summed.length; i++) {
      const c = this.summed[i]!;
      const raw = row[c.key];
      const v = isFormula(raw) ? raw.value : raw;
      if (v === null || v === undefined || v === '') continue;
      if (c.type === 'money') this.cents[i]! += moneyCents(v);
      else if (c.type === 'int') this.cents[i]! += BigInt(decimalText('int', v, INTEGER));
      else this.decimals[i] = this.decimals[i]!.plus(new Decimal(decimalText('decimal', v, DECIMAL)));
    }
  }

  result(): Record<string, Decimal> {
    const out: Record<string, Decimal> = {};
    this.summed.forEach((c, i) => {
      if (c.type === 'money') out[c.key] = new Decimal(this.cents[i]!.toString()).dividedBy(100);
      if (c.type === 'int') out[c.key] = new Decimal(this.cents[i]!.toString());
      if (c.type === 'decimal') out[c.key] = this.decimals[i]!;
    });
    return out;
  }
}
