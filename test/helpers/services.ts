/**
 * The real services the tests run against: PostgreSQL and Redis on this machine (CI starts
 * them). They are required: a test file that needs one fails when it is down, unless the
 * developer explicitly sets YEAREND_TEST_SKIP_SERVICES=1 (never set in CI).
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgres, type Database } from '../../src/db/database.ts';

export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const skipServices = process.env.YEAREND_TEST_SKIP_SERVICES === '1';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database cloned from this test run's migrated template (test/global-setup.ts), or with
 * `unmigrated` an empty one (for tests of a migration on data that existed before it).
 */
export async function freshDatabase(
  label: string,
  { unmigrated = false }: { unmigrated?: boolean } = {},
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `yearend_t_${label.replace(/[^a-z0-9]/g, '_')}_${crypto.randomBytes(4).toString('hex')}`;
  const template = unmigrated ? 'template0' : inject('templateDb');
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: databaseUrl(name),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function openFresh(
  label: string,
  options: { unmigrated?: boolean } = {},
): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
  const fresh = await freshDatabase(label, options);
  const database = await openPostgres(fresh.url);
  return {
    database,
    url: fresh.url,
    drop: async () => {
      await database.close();
      await fresh.drop();
    },
  };
}

export function uniquePrefix(label: string): string {
  return `yearend-test-${label}-${crypto.randomBytes(3).toString('hex')}`;
}
