/**
 * A PostgreSQL connection lost while a client is checked out (a chunk's queries, its save
 * transaction) must not emit an unheard 'error' — that kills a worker process — but fail the
 * query in flight; the next unit of work gets a new connection. The server's side of a restart
 * is played by pg_terminate_backend, which sends `terminating connection due to administrator
 * command` to the client, as a fast shutdown does.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../src/db/database.ts';
import { freshDatabase, skipServices } from '../helpers/services.ts';

describe.skipIf(skipServices)('a lost PostgreSQL connection', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let database: Database;
  const events: string[] = [];
  const uncaught: Error[] = [];
  const onUncaught = (error: Error) => uncaught.push(error);

  beforeAll(async () => {
    fresh = await freshDatabase('connloss');
    database = await openPostgres(fresh.url, 4, {
      lost: (reason) => events.push(`lost: ${reason}`),
      restored: () => events.push('restored'),
    });
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await database?.close();
    await fresh?.drop();
  });

  async function terminate(pid: number): Promise<void> {
    const admin = new pg.Client({ connectionString: fresh.url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      // Wait (generously: a busy machine) until the backend is gone.
      for (let i = 0; i < 600; i++) {
        const r = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pid]);
        if (r.rows[0].n === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the backend did not go away');
    } finally {
      await admin.end();
    }
  }

  async function backendPid(db: Database['db']): Promise<number> {
    const r = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
    return r.rows[0]!.pid;
  }

  it('a checked-out client that loses its connection fails its next query, not the process', async () => {
    const outcome = await database.db.connection().execute(async (conn) => {
      await terminate(await backendPid(conn));
      // Give the client time to read the server's message and the socket's end.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return sql`SELECT 1`.execute(conn).then(
        () => 'answered',
        (error: Error) => `failed: ${error.message}`,
      );
    });
    expect(outcome).toMatch(/^failed: /);
    expect(uncaught).toEqual([]);
    // The broken client was dropped: the next query gets a new connection.
    expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db)).rows[0]!.one).toBe(1);
    expect(events).toEqual(['lost: terminating connection due to administrator command', 'restored']);
  });

  it('a session (a chunk save transaction) that loses its connection rejects; the next session works', async () => {
    const failed = await database
      .withSession((session) =>
        session.db.transaction().execute(async (trx) => {
          await terminate(await backendPid(trx));
          await new Promise((resolve) => setTimeout(resolve, 300));
          await sql`SELECT 1`.execute(trx);
        }),
      )
      .then(
        () => null,
        (error: Error) => error,
      );
    expect(failed).toBeInstanceOf(Error);
    expect(uncaught).toEqual([]);
    const again = await database.withSession((session) => backendPid(session.db));
    expect(again).toBeGreaterThan(0);
  });
});
