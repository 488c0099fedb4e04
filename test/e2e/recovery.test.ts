/**
 * Recovery of stale runs: a `yearend worker` takes over a run whose runner died (no jobs left
 * anywhere) and finishes it; a run that stalls again and again is failed with a reason; a run
 * whose jobs BullMQ still holds is left to BullMQ. Real PostgreSQL, Redis and a worker process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openPostgres, type Database } from '../../src/db/database.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { startRun } from '../../src/runs/create-run.ts';
import { MAX_DISPATCH_ROUNDS, recoverStaleRuns } from '../../src/queue/recovery.ts';
import { getRun } from '../../src/runs/run-store.ts';
import { jobOf } from '../../jobs/registry.ts';
import { cleanEnv, startWorkerProcess, stopProcess } from '../helpers/cli.ts';
import { testDeps, tmpDir } from '../helpers/pipeline.ts';
import { freshDatabase, REDIS_URL, skipServices, uniquePrefix } from '../helpers/services.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-recovery-'));

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.skipIf(skipServices)('stale runs', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let database: Database;
  let env: NodeJS.ProcessEnv;
  let worker: ChildProcess | null = null;

  beforeAll(async () => {
    fresh = await freshDatabase('recovery');
    database = await openPostgres(fresh.url);
    await generateDataset({ members: 400, employers: 0, year: 2025, seed: 'recovery-test', outDir: path.join(root, 'data') });
    await importFolder(database, {
      folder: path.join(root, 'data'),
      importedBy: 'test',
      outputDir: tmpDir(root, 'imp'),
      maxRejectRate: 0.01,
    });
    env = cleanEnv({
      DATABASE_URL: fresh.url,
      REDIS_URL,
      QUEUE_PREFIX: uniquePrefix('recovery'),
      OUTPUT_DIR: path.join(root, 'output'),
      STALE_AFTER_MS: '1500',
      YEAREND_TODAY: '2026-05-04',
    });
  }, 120_000);

  afterAll(async () => {
    if (worker) await stopProcess(worker, 'SIGKILL');
    await database?.close();
    await fresh?.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** A run as a dead runner leaves it: running, some chunks done or none, no jobs in Redis. */
  async function abandonedRun(dispatchRound: number) {
    const run = await startRun(database.db, jobOf('tariff-settlement'), {
      year: 2025,
      dryRun: false,
      startedBy: 'ops',
      mode: 'in-process',
      asOf: '2026-05-04',
      chunkSize: 100,
    });
    await database.db
      .updateTable('run')
      .set({ status: 'running', dispatch_round: dispatchRound, updated_at: sql`now() - interval '1 hour'` })
      .where('id', '=', run.id)
      .execute();
    return run;
  }

  it('leaves a stale run whose jobs BullMQ still holds to BullMQ', async () => {
    const run = await abandonedRun(1);
    await database.db.updateTable('run').set({ mode: 'queue' }).where('id', '=', run.id).execute();
    const config = loadConfig(env);
    const outcome = await recoverStaleRuns(testDeps(database, path.join(root, 'output')), config, async () => true);
    expect(outcome).toEqual({ resumed: [], failed: [], alive: [run.id] });
    expect(await getRun(database.db, run.id)).toMatchObject({ status: 'running', dispatch_round: 1 });
    await database.db.updateTable('run').set({ status: 'cancelled' }).where('id', '=', run.id).execute();
  });

  it('a worker takes over a run whose runner died and finishes it; one that keeps stalling is failed', async () => {
    const taken = await abandonedRun(0);
    worker = await startWorkerProcess(env);
    const finished = await waitFor('the stale run to be computed', async () => {
      const run = await getRun(database.db, taken.id);
      return run.status === 'computed' ? run : null;
    });
    expect(finished).toMatchObject({ mode: 'queue', dispatch_round: 1 });
    const chunks = await database.db.selectFrom('run_chunk').select(['status']).where('run_id', '=', taken.id).execute();
    expect(chunks.every((c) => c.status === 'done')).toBe(true);
    expect(fs.existsSync(path.join(root, 'output', `tariff-settlement_2025_${taken.id}.xlsx`))).toBe(true);

    const hopeless = await abandonedRun(MAX_DISPATCH_ROUNDS);
    const failed = await waitFor('the hopeless run to fail', async () => {
      const run = await getRun(database.db, hopeless.id);
      return run.status === 'failed' ? run : null;
    });
    expect(failed.error).toMatch(new RegExp(`^stale: no progress for 1.5 s after ${MAX_DISPATCH_ROUNDS} dispatch rounds`));
    expect((worker as ChildProcess & { output(): string }).output()).toContain('stale run taken over');
    expect(await stopProcess(worker, 'SIGTERM')).toBe(0);
    worker = null;
  }, 120_000);
});
