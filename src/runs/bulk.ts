/**
 * Bulk writes of a chunk's results: COPY on the chunk's own connection and inside its
 * transaction, so the delete-then-write of a chunk stays atomic (PostgreSQL: COPY FROM STDIN;
 * PGlite: COPY from a blob). Multi-row INSERTs cost several times more per row, and a bonus
 * chunk writes tens of thousands of item rows.
 */
import type { Session } from '../db/database.ts';
import { csvField } from '../import/csv-source.ts';
import { yielder } from './cooperative.ts';

export type CopyValue = string | number | boolean | null;

/** The columns of run_exception in the order the jobs' exception rows give them (bulk.copy). */
export const RUN_EXCEPTION_COLUMNS = ['run_id', 'chunk_no', 'item_type', 'item_key', 'member_id', 'code', 'held'] as const;

export interface BulkWriter {
  copy(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
  /**
   * COPY of rows the caller renders itself: `render` returns one CSV line without its newline,
   * the fields in `columns` order (csvField for text that may need quoting). For the largest tables: no array per
   * row, constant fields rendered once per chunk.
   */
  copyRendered<T>(table: string, columns: readonly string[], rows: readonly T[], render: (row: T) => string): Promise<number>;
}

const CHUNK_CHARS = 1 << 16;

/** A value of copy(): booleans as true/false; csvField quotes an empty string ("" = empty text) and leaves null unquoted (NULL). */
function copyField(v: CopyValue): string {
  return csvField(typeof v === 'boolean' ? String(v) : v);
}

/** A row of copy() as one line: a loop, not map + join (an array less per row). */
function copyLine(row: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += ',';
    line += copyField(row[i]!);
  }
  return line;
}

export function bulkWriter(session: Session): BulkWriter {
  // Rendering a large chunk's rows is synchronous work too: the event loop gets a turn between
  // pieces (a piece of 64 KiB renders in well under a millisecond, so checking the clock there
  // rather than per row bounds the block just as well, without an await per row).
  async function* pieces<T>(rows: Iterable<T>, line: (row: T) => string): AsyncGenerator<string> {
    const turns = yielder();
    let buffer = '';
    for (const row of rows) {
      buffer += line(row) + '\n';
      if (buffer.length >= CHUNK_CHARS) {
        yield buffer;
        buffer = '';
        await turns.maybeYield();
      }
    }
    if (buffer) yield buffer;
  }
  return {
    copy(table, columns, rows) {
      return session.copyIn(table, [...columns], pieces(rows, copyLine));
    },
    copyRendered(table, columns, rows, render) {
      return session.copyIn(table, [...columns], pieces(rows, render));
    },
  };
}
