/** The key-value sections of a summary sheet (Übersicht, Parameter): labelled values and small tables. */
import type { ColumnSpec, ColumnType } from './cells.ts';

export interface KeyValueRow {
  label: string;
  /** plain value typed by `type` (text unless said otherwise); null → empty cell */
  value?: unknown;
  type?: ColumnType;
  /** a formula kept beside the value, e.g. from sumFormula(); the value is its result */
  formula?: string;
}

export interface SummarySection {
  title: string;
  rows?: readonly KeyValueRow[];
  /** a small table (header + rows) under the rows; cells may be formula() values */
  table?: { columns: readonly ColumnSpec[]; rows: Iterable<Record<string, unknown>> };
}
