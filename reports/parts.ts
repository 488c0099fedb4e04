/**
 * Sheet names, row-limit splitting and SUM formulas over split detail sheets.
 * A streaming workbook writes the summary FIRST, so its formulas must name the detail parts
 * before they exist: planParts() predicts them from a row count with exactly the arithmetic
 * addTable() uses to split, and the workbook checks the two agree.
 */

/** Excel's hard row limit per sheet (header rows included). */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Excel's limit on sheet-name length. */
export const SHEET_NAME_MAX = 31;
/** Excel's limit on the arguments of one function call. */
const SUM_MAX_ARGS = 255;

export interface SheetPart {
  sheetName: string;
  /** the header row (1, or 2 under the VORLÄUFIG banner) */
  headerRow: number;
  /** first data row (headerRow + 1) */
  firstDataRow: number;
  /** last data row; headerRow when the part has no data rows */
  lastDataRow: number;
}

export interface PlanOptions {
  /** a preliminary workbook has the VORLÄUFIG banner above the header */
  preliminary?: boolean;
}

/** Rows above the data: the banner (preliminary only) and the header. */
export function headerRowOf(preliminary: boolean): number {
  return preliminary ? 2 : 1;
}

/**
 * A name Excel accepts without repair: none of []:*?/\, no apostrophe at either end, not empty,
 * not Excel's reserved "History", at most 31 characters.
 */
export function sanitizeSheetName(name: string, maxLength = SHEET_NAME_MAX): string {
  const clean = name
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength)
    .replace(/^'+|'+$/g, '')
    .trim();
  if (clean === '') throw new Error(`sheet name "${name}" is empty after cleaning`);
  if (clean.toLowerCase() === 'history') throw new Error('"History" is a sheet name reserved by Excel');
  return clean;
}

/** Name of the n-th part (1-based): `Einzelabrechnung`, `Einzelabrechnung (2)`, … */
export function partSheetName(base: string, n: number): string {
  if (n === 1) return sanitizeSheetName(base);
  const suffix = ` (${n})`;
  return `${sanitizeSheetName(base, SHEET_NAME_MAX - suffix.length)}${suffix}`;
}

export function checkRowLimit(rowLimit: number, preliminary: boolean): void {
  const header = headerRowOf(preliminary);
  if (!Number.isSafeInteger(rowLimit) || rowLimit <= header || rowLimit > EXCEL_MAX_ROWS) {
    throw new Error(`rowLimit must be an integer from ${header + 1} to ${EXCEL_MAX_ROWS}, got ${rowLimit}`);
  }
}

/** Data rows that fit on one part below the banner and header. */
export function dataRowsPerPart(rowLimit: number, preliminary: boolean): number {
  checkRowLimit(rowLimit, preliminary);
  return rowLimit - headerRowOf(preliminary);
}

/** The parts a table of rowCount data rows is written to; always at least one (header only). */
export function planParts(name: string, rowCount: number, rowLimit: number = EXCEL_MAX_ROWS, opts: PlanOptions = {}): SheetPart[] {
  if (!Number.isSafeInteger(rowCount) || rowCount < 0) throw new Error(`rowCount must be ≥ 0, got ${rowCount}`);
  const preliminary = opts.preliminary ?? false;
  const perPart = dataRowsPerPart(rowLimit, preliminary);
  const headerRow = headerRowOf(preliminary);
  const count = Math.max(1, Math.ceil(rowCount / perPart));
  const result: SheetPart[] = [];
  for (let i = 0; i < count; i++) {
    const rows = Math.min(perPart, rowCount - i * perPart);
    result.push({
      sheetName: partSheetName(name, i + 1),
      headerRow,
      firstDataRow: headerRow + 1,
      lastDataRow: headerRow + Math.max(0, rows),
    });
  }
  return result;
}

/** Column letters of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > 16_384) throw new Error(`no Excel column ${n}`);
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/** Column letter of a column key in a column list (throws for an unknown key). */
export function letterOf(columns: readonly { key: string }[], key: string): string {
  const index = columns.findIndex((c) => c.key === key);
  if (index < 0) throw new Error(`no column "${key}"`);
  return columnLetter(index + 1);
}

/** A sheet name as a formula reference: always quoted, apostrophes doubled. */
export function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/**
 * `SUM('Einzelabrechnung'!L2:L1000,'Einzelabrechnung (2)'!L2:L50)` over the data rows of every
 * part. A part without data rows contributes its (empty) first data row, so the formula stays a
 * valid SUM of 0 that still shows where the figures would be.
 */
export function sumFormula(partsList: readonly SheetPart[], column: string): string {
  if (!/^[A-Z]{1,3}$/.test(column)) throw new Error(`"${column}" is not a column letter`);
  if (partsList.length === 0) throw new Error('sumFormula needs at least one part');
  if (partsList.length > SUM_MAX_ARGS) throw new Error(`SUM takes at most ${SUM_MAX_ARGS} ranges`);
  const ranges = partsList.map((p) => {
    const last = Math.max(p.lastDataRow, p.firstDataRow);
    return `${sheetRef(p.sheetName)}!${column}${p.firstDataRow}:${column}${last}`;
  });
  return `SUM(${ranges.join(',')})`;
}

/**
 * `SUMIF(crit range,"text",sum range)+…` over the data rows of every part: the sum of `sumColumn`
 * over the rows whose `criteriaColumn` reads `criteria` (e.g. Auszahlung on the Zahlungsliste).
 */
export function sumIfFormula(partsList: readonly SheetPart[], criteriaColumn: string, criteria: string, sumColumn: string): string {
  if (partsList.length === 0) return '0';
  return partsList
    .map((p) => {
      const s = sheetRef(p.sheetName);
      const last = Math.max(p.lastDataRow, p.firstDataRow);
      return `SUMIF(${s}!${criteriaColumn}${p.firstDataRow}:${criteriaColumn}${last},"${criteria}",${s}!${sumColumn}${p.firstDataRow}:${sumColumn}${last})`;
    })
    .join('+');
}

/** Sheet names a formula refers to (quoted 'A b'!X1 or bare Name!X1), for the dangling-reference check. */
export function referencedSheets(formulaText: string): string[] {
  const names: string[] = [];
  for (const m of formulaText.matchAll(/'((?:[^']|'')+)'!/g)) names.push(m[1]!.replace(/''/g, "'"));
  const unquoted = formulaText.replace(/'(?:[^']|'')+'!/g, '');
  for (const m of unquoted.matchAll(/(?:^|[^\w.])([A-Za-z_\u00C0-\u017F][\w.\u00C0-\u017F]*)!/g)) names.push(m[1]!);
  return names;
}
