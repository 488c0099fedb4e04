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

export interface BulkWriter {
  copy(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
}

const CHUNK_CHARS = 1 << 16;

export function bulkWriter(session: Session): BulkWriter {
  return {
    copy(table, columns, rows) {
      async function* text(): AsyncGenerator<string> {
        let buffer = '';
        // Rendering a large chunk's rows is synchronous work too: hand the event loop back now and then.
        const turns = yielder();
        for (const row of rows) {
          // an await even of undefined costs a promise round per row: only when it is time to yield
          const turn = turns.maybeYield();
          if (turn) await turn;
          // csvField quotes an empty string ("" = empty text) and leaves null unquoted (NULL).
          let line = '';
          for (let i = 0; i < row.length; i++) {
            const v = row[i] as CopyValue;
            if (i > 0) line += ',';
            line += csvField(typeof v === 'boolean' ? String(v) : v);
          }
          buffer += line + '\n';
          if (buffer.length >= CHUNK_CHARS) {
            yield buffer;
            buffer = '';
          }
        }
        if (buffer) yield buffer;
      }
      return session.copyIn(table, [...columns], text());
    },
  };
}
