/** Column types shared by the table types: dates as ISO strings, numerics as decimal strings. */
import type { ColumnType } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type Numeric = ColumnType<string, string, string>;

export type Json<T> = ColumnType<T, string | undefined, string>;
