/**
 * The database: PostgreSQL through `pg`, or the embedded PGlite when DATABASE_URL is unset.
 * Both sit behind Kysely's PostgresDialect — PGlite through a one-connection "pool" — so every
 * query, migration and rule-facing loader is the same code in both modes. Bulk loading differs
 * only in `copyIn`: COPY FROM STDIN on PostgreSQL, COPY FROM a blob on PGlite (and `copyOut`, the
 * bench's input floor: COPY TO STDOUT / TO a blob).
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import type { DB } from './schema.ts';

export type DatabaseKind = 'postgres' | 'embedded';

/** One connection held for a unit of work (an import), with bulk loading beside Kysely. */
export interface Session {
  db: Kysely<DB>;
  /** Load CSV text (no header) into `table (columns)`; returns the rows loaded. */
  copyIn(table: string, columns: string[], csv: AsyncIterable<string | Uint8Array>): Promise<number>;
  /**
   * Stream the result of `query` (a SELECT) out as COPY text and discard it: the cheapest full
   * read of those rows into this process (the bench's input floor). Returns rows and bytes read.
   */
  copyOut(query: string): Promise<{ rows: number; bytes: number }>;
}

export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /** Run several statements separated by `;` (migrations). */
  exec(sqlText: string): Promise<void>;
  withSession<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

// Dates stay ISO strings (no time zone, no shifted day); numeric stays a decimal string for
// decimal.js; bigint ids fit comfortably in a JS number.
const TYPE_DATE = 1082;
const TYPE_INT8 = 20;
pg.types.setTypeParser(TYPE_DATE, (v: string) => v);
pg.types.setTypeParser(TYPE_INT8, (v: string) => Number(v));

/** A pool that always hands out the same client: Kysely then runs on exactly one connection. */
function singleClientPool(client: PostgresPoolClient): PostgresPool {
  return { connect: async () => ({ query: client.query.bind(client), release: () => {} }) as PostgresPoolClient, end: async () => {} };
}

/** Told once per outage: the first lost connection, then the first new connection after it. */
export interface ConnectionWatch {
  lost(reason: string): void;
  restored(): void;
}

export async function openPostgres(url: string, poolSize = 10, watch?: ConnectionWatch): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'yearend' });
  // A connection lost (server restart, ECONNRESET, pg_terminate_backend) makes its client emit
  // 'error'. The pool listens only on idle clients; a client checked out for a chunk's queries
  // or its transaction has no listener, and an unheard 'error' kills the process. So every
  // client gets a listener as it connects: the error surfaces as the rejection of the query in
  // flight (or the next one: the client is no longer queryable), the pool drops the broken client
  // on release and connects a new one on demand.
  let outage = false;
  const connectionLost = (error: Error) => {
    if (outage) return;
    outage = true;
    watch?.lost(error.message);
  };
  pool.on('error', connectionLost);
  pool.on('connect', (client) => {
    client.on('error', connectionLost);
    if (outage) {
      outage = false;
      watch?.restored();
    }
  });
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(
      `cannot reach PostgreSQL at ${redactUrl(url)} (${(error as Error).message}); start it or fix DATABASE_URL`,
    );
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    exec: async (sqlText) => {
      await pool.query(sqlText);
    },
    withSession: async (fn) => {
      const client = await pool.connect();
      const sessionDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: singleClientPool(client as never) }) });
      try {
        return await fn({
          db: sessionDb,
          copyIn: async (table, columns, csv) => {
            const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
            await pipeline(Readable.from(csv), stream);
            return Number(stream.rowCount ?? 0);
          },
          copyOut: async (query) => {
            const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
            let bytes = 0;
            for await (const piece of stream as AsyncIterable<Buffer>) bytes += piece.length;
            return { rows: Number(stream.rowCount ?? 0), bytes };
          },
        });
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/** PGlite is one connection: callers queue for it like for a pool of size one. */
function pgliteAsPool(pglite: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();
  return {
    connect: async () => {
      let release!: () => void;
      const previous = queue;
      queue = new Promise<void>((resolve) => (release = resolve));
      await previous;
      return {
        query: async (sqlText: string, parameters: ReadonlyArray<unknown>) => {
          const result = await pglite.query(sqlText, parameters as unknown[]);
          return { command: commandOf(sqlText), rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        },
        release,
      } as unknown as PostgresPoolClient;
    },
    end: async () => {},
  };
}

function commandOf(sqlText: string): 'UPDATE' | 'DELETE' | 'INSERT' | 'SELECT' | 'MERGE' {
  const word = sqlText.trimStart().slice(0, 6).toUpperCase();
  if (word === 'UPDATE' || word === 'DELETE' || word === 'INSERT' || word === 'SELECT') return word;
  return word.startsWith('MERGE') ? 'MERGE' : 'SELECT';
}

export async function openEmbedded(dir: string): Promise<Database> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o750 });
  const pglite = await PGlite.create(dir, {
    parsers: { [TYPE_DATE]: (v: string) => v, [TYPE_INT8]: (v: string) => Number(v) },
  });
  const pool = pgliteAsPool(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'embedded',
    db,
    exec: async (sqlText) => {
      const client = await pool.connect();
      try {
        await pglite.exec(sqlText);
      } finally {
        client.release();
      }
    },
    withSession: async (fn) => {
      const client = await pool.connect();
      const sessionDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: singleClientPool(client) }) });
      try {
        return await fn({
          db: sessionDb,
          // The session holds PGlite's only connection, so the blob COPY runs inside its transaction.
          copyIn: async (table, columns, csv) => {
            const parts: BlobPart[] = [];
            for await (const piece of csv) parts.push(piece as BlobPart); // Buffers of Node are over an ArrayBuffer, never a shared one
            const result = await pglite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
              blob: new Blob(parts),
            });
            return result.affectedRows ?? 0;
          },
          // PGlite runs in this process: the blob is the whole result at once (no stream to read)
          copyOut: async (query) => {
            const result = await pglite.query(`COPY (${query}) TO '/dev/blob'`);
            return { rows: result.affectedRows ?? 0, bytes: result.blob?.size ?? 0 };
          },
        });
      } finally {
        client.release();
      }
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
