/**
 * Once per `npm test`: check that PostgreSQL and Redis answer (they are required), and build the
 * migrated template database that every database test file clones.
 */
import pg from 'pg';
import { Redis } from 'ioredis';
import { openPostgres } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { ADMIN_URL, REDIS_URL, TEMPLATE_DB, databaseUrl, skipServices } from './helpers/services.ts';

export default async function setup(): Promise<void> {
  if (skipServices) return;
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is required for the tests (${ADMIN_URL}): ${(error as Error).message}. ` +
      'Start it, or set YEAREND_TEST_SKIP_SERVICES=1 to run the rule tests only.');
  }
  try {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await client.end();
  }
  const database = await openPostgres(databaseUrl(TEMPLATE_DB));
  await migrate(database);
  await database.close();
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is required for the tests (${REDIS_URL}): ${(error as Error).message}. Start it, or set YEAREND_TEST_SKIP_SERVICES=1.`);
  } finally {
    redis.disconnect();
  }
}
