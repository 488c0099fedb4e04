/**
 * The vocabulary of the input file specs (data-contract.md): value types, columns, row checks,
 * references to members.csv / employers.csv, and the shape of one file's spec.
 */
import type { RawBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';

export type ValueType =
  | { kind: 'kvnr' }
  | { kind: 'betriebsnummer' }
  | { kind: 'month' }
  /**
   * identifier: declaration_id, claim_id, employee_id …: 1–35 of A–Z a–z 0–9 - _ . /, not starting
   * with - . or / (data-contract.md, "Identifiers"); otherwise free text
   */
  | { kind: 'text'; identifier?: boolean }
  | { kind: 'date' }
  | { kind: 'money'; nonNegative: boolean }
  | { kind: 'decimal' }
  | { kind: 'year' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'bool' }
  | { kind: 'enum'; values: readonly string[] }
  /** IBAN in electronic form, ISO 13616 check and its country's length and BBAN format (ibantools) */
  | { kind: 'iban' }
  /** BIC: 8 or 11 characters `[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?` */
  | { kind: 'bic' }
  /** ISO 3166 alpha-2 country code */
  | { kind: 'country' }
  /** free text written into a credit transfer: non-empty and at most `max` characters after conversion to the SEPA set */
  | { kind: 'sepa-text'; max: number };

export interface ColumnSpec {
  name: string;
  type: ValueType;
  required: boolean;
  /** personal data beyond the ids (IBAN, name, address): a rejection records no value of it */
  personal?: boolean;
}

/** A check across columns of one row; returns the column at fault and the reason, or null. */
export type RowCheck = (row: Record<string, string | null>) => { column: string; reason: string } | null;

export interface Reference {
  column: string;
  file: 'members.csv' | 'employers.csv';
  table: 'member' | 'employer';
  key: 'member_id' | 'employer_id';
  label: string;
}

export const MEMBER_REF: Reference = { column: 'member_id', file: 'members.csv', table: 'member', key: 'member_id', label: 'member' };
export const EMPLOYER_REF: Reference = {
  column: 'employer_id',
  file: 'employers.csv',
  table: 'employer',
  key: 'employer_id',
  label: 'employer',
};

export interface FileSpec {
  file: string;
  table: keyof DB;
  columns: ColumnSpec[];
  /** columns whose values together are unique within the file */
  key: string[];
  /** a column that must name a row of another file in force (members.csv, employers.csv) */
  ref?: Reference;
  /** nullable columns that, when given, must name a row of another file in force (a party is a member or an employer) */
  optionalRefs?: readonly Reference[];
  rowChecks: RowCheck[];
  /** checks that need the parameters or the file's other rows, run in SQL after the load (set-checks below) */
  setChecks?: readonly SetCheck[];
}

/**
 * A check in SQL over the rows of this file's batch, run after the load: `violates(batchId)` is a
 * condition on the row aliased `t` (the batch's rows of the file's table); a row for which it holds
 * is removed and rejected with `column` and `reason` (no value: set checks serve personal columns).
 */
export interface SetCheck {
  column: string;
  reason: string;
  /**
   * `row`: judges a row by itself (with parameters), run before the duplicate-key check, so a row
   * refused anyway never takes a key from a good one; `file`: compares the rows with each other,
   * run after it (a repeated key is reported as such, not as an overlap of both rows).
   */
  stage: 'row' | 'file';
  violates: (batchId: number) => RawBuilder<unknown>;
}

export const kvnr: ValueType = { kind: 'kvnr' };
export const identifier: ValueType = { kind: 'text', identifier: true };
export const date: ValueType = { kind: 'date' };
export const decimalValue: ValueType = { kind: 'decimal' };

export function col(name: string, type: ValueType, required = true): ColumnSpec {
  return { name, type, required };
}

/** A column holding personal data beyond the ids: its value never goes into a rejection. */
export function personal(column: ColumnSpec): ColumnSpec {
  return { ...column, personal: true };
}

/** valid_from ≤ valid_to (both inclusive; an empty valid_to is open-ended). */
export function intervalOrder(fromCol: string, toCol: string, reason = 'interval ends before it starts'): RowCheck {
  return (row) => {
    const from = row[fromCol];
    const to = row[toCol];
    return from && to && to < from ? { column: toCol, reason } : null;
  };
}
