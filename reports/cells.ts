/**
 * Typed cell values for the workbook writer: plain data in, Excel values and shared styles out.
 * The only place where an exact amount becomes a binary float is `Number(text)` on a validated
 * 2-decimal string here — at the very last step, as pipeline.md requires.
 */
import { Decimal } from '../src/money.ts';
import { isIsoDate, parts } from '../src/dates.ts';

export type ColumnType = 'text' | 'int' | 'money' | 'date' | 'decimal' | 'rate';

export interface ColumnSpec {
  /** German header text (from reports/catalogue.ts) */
  header: string;
  /** property of the row object */
  key: string;
  type: ColumnType;
  /** Excel character width; a default per type and header length otherwise */
  width?: number;
}

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

export const NUM_FMT = {
  money: '#,##0.00 €',
  date: 'dd.mm.yyyy',
  decimal: '#,##0.00',
  // plain digits: years and ids must not show a thousands separator ("2.025")
  int: '0',
} as const;

type Style = { numFmt?: string; font?: object; fill?: object; border?: object; alignment?: object };

/**
 * One frozen object per style. exceljs caches style ids in a WeakMap keyed by the style OBJECT,
 * so sharing objects makes styling a million cells a map lookup instead of a style search.
 */
export const STYLES: Record<ColumnType, Style> & Record<'header' | 'banner' | 'title' | 'section', Style> = {
  text: {},
  int: { numFmt: NUM_FMT.int },
  money: { numFmt: NUM_FMT.money },
  date: { numFmt: NUM_FMT.date },
  decimal: { numFmt: NUM_FMT.decimal },
  rate: {},
  header: {
    font: { bold: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
    border: { bottom: { style: 'thin' } },
  },
  banner: {
    font: { bold: true, size: 12, color: { argb: 'FFC00000' } },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE0E0' } },
  },
  title: { font: { bold: true, size: 14 } },
  section: { font: { bold: true, size: 12 } },
};

const DEFAULT_WIDTH: Record<ColumnType, number> = { text: 18, int: 10, money: 15, date: 12, decimal: 12, rate: 10 };

export function columnWidth(col: ColumnSpec): number {
  return col.width ?? Math.min(60, Math.max(DEFAULT_WIDTH[col.type], col.header.length + 2));
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
    case 'money':
      moneyCents(value); // validates: exactly what Number() below may see
      return finite(type, Number(decimalText(type, value, MONEY)));
    case 'int': {
      const n = Number(decimalText(type, value, INTEGER));
      return Number.isSafeInteger(n) ? n : fail(type, 'not a safe integer');
    }
    case 'decimal': // exact like money: its column total is summed from the string
      return finite(type, Number(decimalText(type, value, DECIMAL)));
    case 'rate': // display only, never summed: a JS number is as good as its string
      if (typeof value === 'number') return finite(type, value);
      return finite(type, Number(decimalText(type, value, DECIMAL)));
    case 'date':
      return isoDateToUtc(value);
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
  private readonly cents = new Map<string, bigint>();
  private readonly decimals = new Map<string, Decimal>();

  constructor(private readonly columns: readonly ColumnSpec[]) {
    for (const c of columns) {
      if (c.type === 'money' || c.type === 'int') this.cents.set(c.key, 0n);
      if (c.type === 'decimal') this.decimals.set(c.key, new Decimal(0));
    }
  }

  add(row: Record<string, unknown>): void {
    for (const c of this.columns) {
      const raw = row[c.key];
      const v = isFormula(raw) ? raw.value : raw;
      if (v === null || v === undefined || v === '') continue;
      if (c.type === 'money') this.cents.set(c.key, this.cents.get(c.key)! + moneyCents(v));
      else if (c.type === 'int') this.cents.set(c.key, this.cents.get(c.key)! + BigInt(decimalText('int', v, INTEGER)));
      else if (c.type === 'decimal') {
        this.decimals.set(c.key, this.decimals.get(c.key)!.plus(new Decimal(decimalText('decimal', v, DECIMAL))));
      }
    }
  }

  result(): Record<string, Decimal> {
    const out: Record<string, Decimal> = {};
    for (const c of this.columns) {
      if (c.type === 'money') out[c.key] = new Decimal(this.cents.get(c.key)!.toString()).dividedBy(100);
      if (c.type === 'int') out[c.key] = new Decimal(this.cents.get(c.key)!.toString());
      if (c.type === 'decimal') out[c.key] = this.decimals.get(c.key)!;
    }
    return out;
  }
}
