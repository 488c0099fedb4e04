/**
 * Row validation: every field of a row is checked against its column's type; the first
 * problem per field is reported with column, value and reason. A row with any problem is
 * rejected whole (never half loaded).
 */
import { isValidIBAN } from 'ibantools';
import { daysInMonth, isIsoDate } from '../dates.ts';
import { isValidBetriebsnummer, isValidKvnr } from '../ids.ts';
import { isMoneyString } from '../money.ts';
import { sepaTextProblem } from '../payments/sepa-text.ts';
import type { ColumnSpec, FileSpec, ValueType } from './columns.ts';

export interface FieldProblem {
  column: string;
  value: string | null;
  reason: string;
}

/** Any identifier other than KVNR and Betriebsnummer (data-contract.md, "Identifiers"). */
const IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,34}$/;
const IDENTIFIER_REASON = 'INVALID_IDENTIFIER: not an identifier (1 to 35 of A-Z a-z 0-9 - _ . /, not starting with - . or /)';

/** payments-and-ledger.md § 1.2 */
const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
/** region names of ICU; `fallback: 'none'` answers undefined for a code that names no region */
const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** codes ICU names that are no country: user-assigned (AA, QM–QZ, XA–XZ, ZZ; XK Kosovo is used in IBANs), EU, EZ, UN */
const NOT_A_COUNTRY = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/;

function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && !NOT_A_COUNTRY.test(value) && REGION_NAMES.of(value) !== undefined;
}

/** Returns a reason when the (non-empty) value does not fit the type, else null. */
export function checkValue(type: ValueType, value: string): string | null {
  switch (type.kind) {
    case 'kvnr':
      if (!/^[A-Z][0-9]{9}$/.test(value)) return 'not a KVNR (capital letter and 9 digits)';
      return isValidKvnr(value) ? null : 'KVNR check digit is wrong';
    case 'betriebsnummer':
      if (!/^[0-9]{8}$/.test(value)) return 'not a Betriebsnummer (8 digits)';
      return isValidBetriebsnummer(value) ? null : 'Betriebsnummer check digit is wrong';
    case 'month':
      return /^[0-9]{4}-(0[1-9]|1[0-2])$/.test(value) ? null : 'not a month YYYY-MM';
    case 'text':
      // ids end up in exports, workbooks and bank references: `=HYPERLINK(…)` must never get there
      return type.identifier && !IDENTIFIER.test(value) ? IDENTIFIER_REASON : null;
    case 'date':
      return isIsoDate(value) ? null : 'not a date YYYY-MM-DD';
    case 'money':
      if (!isMoneyString(value)) return "not an amount (digits, '.' and at most 2 decimals)";
      return type.nonNegative && value.startsWith('-') ? 'amount must not be negative' : null;
    case 'decimal':
      return /^[0-9]+(\.[0-9]{1,2})?$/.test(value) ? null : "not a non-negative number (digits, '.' and at most 2 decimals)";
    case 'year':
      return /^[0-9]{4}$/.test(value) ? null : 'not a year YYYY';
    case 'int':
      return /^-?[0-9]+$/.test(value) && Number(value) >= type.min && Number(value) <= type.max
        ? null
        : `not a whole number from ${type.min} to ${type.max}`;
    case 'bool':
      return value === 'true' || value === 'false' ? null : "not 'true' or 'false'";
    case 'enum':
      return type.values.includes(value) ? null : `not one of ${type.values.join(', ')}`;
    // the reasons below never quote the value: IBANs and names are personal data
    case 'iban':
      if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/.test(value))
        return 'IBAN_INVALID: not an IBAN in electronic form (capitals and digits, no spaces)';
      return isValidIBAN(value) ? null : "IBAN_INVALID: check digits, length or account number format of the IBAN's country wrong";
    case 'bic':
      return BIC.test(value) ? null : 'BIC_INVALID: not 8 or 11 characters of the BIC form';
    case 'country':
      return isCountryCode(value) ? null : 'COUNTRY_INVALID: not an ISO 3166 alpha-2 country code';
    case 'sepa-text':
      return sepaTextProblem(value, type.max);
  }
}

/** Map the header to column positions; missing required columns are an error of the whole file. */
export function headerIndex(spec: FileSpec, header: string[]): { index: Map<string, number>; missing: string[] } {
  const index = new Map<string, number>();
  header.forEach((name, i) => index.set(name.trim(), i));
  const missing = spec.columns.filter((c) => !index.has(c.name)).map((c) => c.name);
  return { index, missing };
}

/** Validate one record: the row's values by column name (empty → null), or its problems. */
export function validateRecord(
  spec: FileSpec,
  index: Map<string, number>,
  record: string[],
): { row: Record<string, string | null>; problems: FieldProblem[] } {
  const row: Record<string, string | null> = {};
  const problems: FieldProblem[] = [];
  for (const column of spec.columns) {
    const raw = record[index.get(column.name)!];
    const value = raw === undefined || raw === '' ? null : raw;
    row[column.name] = value;
    const problem = checkField(column, value);
    if (problem) problems.push({ column: column.name, value: column.personal ? null : value, reason: problem });
  }
  if (problems.length === 0) {
    for (const check of spec.rowChecks) {
      const problem = check(row);
      if (problem) {
        const personal = spec.columns.find((c) => c.name === problem.column)?.personal === true;
        problems.push({ column: problem.column, value: personal ? null : (row[problem.column] ?? null), reason: problem.reason });
      }
    }
  }
  return { row, problems };
}

function checkField(column: ColumnSpec, value: string | null): string | null {
  if (value === null) return column.required ? 'missing value' : null;
  return checkValue(column.type, value);
}

/**
 * validateRecord for the import's hot loop (issue 12): the same checks, reasons and order, with
 * the spec's columns resolved once per file, their values in a reused array (no object per row),
 * and the commonest types checked without a regex. `values[i]` is column i of the spec (empty →
 * null); a row check sees them by name through one reused object.
 */
export interface RecordValidator {
  /** the last validated record's values, in the spec's column order (valid until the next call) */
  readonly values: (string | null)[];
  /** null when the record is valid, else its problems (as validateRecord's) */
  validate(record: string[]): FieldProblem[] | null;
}

export function recordValidator(spec: FileSpec, index: Map<string, number>): RecordValidator {
  const columns = spec.columns;
  const positions = columns.map((c) => index.get(c.name)!);
  const checks = columns.map((c) => valueCheck(c.type));
  const values: (string | null)[] = columns.map(() => null);
  const row: Record<string, string | null> = Object.fromEntries(columns.map((c) => [c.name, null]));
  return {
    values,
    validate(record) {
      let problems: FieldProblem[] | null = null;
      for (let i = 0; i < columns.length; i++) {
        const raw = record[positions[i]!];
        const value = raw === undefined || raw === '' ? null : raw;
        values[i] = value;
        const column = columns[i]!;
        const problem = value === null ? (column.required ? 'missing value' : null) : checks[i]!(value);
        if (problem) (problems ??= []).push({ column: column.name, value: column.personal ? null : value, reason: problem });
      }
      if (problems === null && spec.rowChecks.length > 0) {
        for (let i = 0; i < columns.length; i++) row[columns[i]!.name] = values[i]!;
        for (const check of spec.rowChecks) {
          const problem = check(row);
          if (problem) {
            const personal = columns.find((c) => c.name === problem.column)?.personal === true;
            (problems ??= []).push({
              column: problem.column,
              value: personal ? null : (row[problem.column] ?? null),
              reason: problem.reason,
            });
          }
        }
      }
      return problems;
    },
  };
}

/** checkValue for one type, with the frequent types done by hand (same answers, same reasons). */
function valueCheck(type: ValueType): (value: string) => string | null {
  if (type.kind === 'date') return (value) => (isIsoDateFast(value) ? null : 'not a date YYYY-MM-DD');
  if (type.kind === 'bool') return (value) => (value === 'true' || value === 'false' ? null : "not 'true' or 'false'");
  if (type.kind === 'enum') {
    const values = new Set(type.values);
    const reason = `not one of ${type.values.join(', ')}`;
    return (value) => (values.has(value) ? null : reason);
  }
  if (type.kind === 'text') return type.identifier ? (value) => (IDENTIFIER.test(value) ? null : IDENTIFIER_REASON) : () => null;
  return (value) => checkValue(type, value);
}

/** dates.ts isIsoDate without a match array: `\d{4}-\d{2}-\d{2}` (ASCII digits) naming a real day. */
function isIsoDateFast(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    year = year * 10 + d;
  }
  const m1 = value.charCodeAt(5) - 48;
  const m2 = value.charCodeAt(6) - 48;
  const d1 = value.charCodeAt(8) - 48;
  const d2 = value.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Whether every value the type accepts is written to COPY csv as is: never empty and free of
 * `,` `"` CR and LF (so csvField would not quote it). Free text is not; it goes through csvField.
 */
export function copySafe(type: ValueType): boolean {
  if (type.kind === 'text') return type.identifier === true;
  if (type.kind === 'sepa-text') return false;
  if (type.kind === 'enum') return type.values.every((v) => v !== '' && !/[",\n\r]/.test(v));
  return true;
}
