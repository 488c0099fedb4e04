/**
 * Once per `npm test` (or `npx vitest run …`): build the compiled CLI the e2e tests spawn unless
 * dist/ is current, check that PostgreSQL and Redis answer (they are required), and build the
 * migrated template database that every database test file clones.
 */
import pg from 'pg';
import { Redis } from 'ioredis';
import { openPostgres } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import crypto from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { ADMIN_URL, REDIS_URL, databaseUrl, skipServices } from './helpers/services.ts';
import { ensureBuilt } from './helpers/build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  ensureBuilt();
  // Each test run builds its own template: two runs at once (a developer's and CI's) never clash.
  const TEMPLATE_DB = `yearend_tpl_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  project.provide('templateDb', TEMPLATE_DB);
  if (skipServices) return undefined;
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required for the tests (${ADMIN_URL}): ${(error as Error).message}. ` +
        'Start it, or set YEAREND_TEST_SKIP_SERVICES=1 to run the rule tests only.',
    );
  }
  try {
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
    throw new Error(
      `Redis is required for the tests (${REDIS_URL}): ${(error as Error).message}. Start it, or set YEAREND_TEST_SKIP_SERVICES=1.`,
    );
  } finally {
    redis.disconnect();
  }
  return async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`).finally(() => admin.end());
  };
}
