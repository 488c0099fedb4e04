/**
 * The vocabulary of the input file specs (data-contract.md): value types, columns, row checks,
 * references to members.csv / employers.csv, and the shape of one file's spec.
 */
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
  | { kind: 'enum'; values: readonly string[] };

export interface ColumnSpec {
  name: string;
  type: ValueType;
  required: boolean;
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
  rowChecks: RowCheck[];
}

export const kvnr: ValueType = { kind: 'kvnr' };
export const identifier: ValueType = { kind: 'text', identifier: true };
export const date: ValueType = { kind: 'date' };
export const decimalValue: ValueType = { kind: 'decimal' };

export function col(name: string, type: ValueType, required = true): ColumnSpec {
  return { name, type, required };
}

/** valid_from ≤ valid_to (both inclusive; an empty valid_to is open-ended). */
export function intervalOrder(fromCol: string, toCol: string, reason = 'interval ends before it starts'): RowCheck {
  return (row) => {
    const from = row[fromCol];
    const to = row[toCol];
    return from && to && to < from ? { column: toCol, reason } : null;
  };
}
