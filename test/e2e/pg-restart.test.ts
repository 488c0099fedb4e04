/**
 * A worker survives its database connections being killed, as on a PostgreSQL restart (the
 * machine's PostgreSQL is shared, so pg_terminate_backend plays the restart: clients in use
 * and idle get `terminating connection due to administrator command`). The chunk in flight
 * fails and is retried after a backoff, the worker reconnects, the run completes with an export
 * byte-identical to an undisturbed in-process run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/generate/index.ts';
import { cleanEnv, exportedFiles, startWorkerProcess, stopProcess, yearend } from '../helpers/cli.ts';
import { freshDatabase, REDIS_URL, skipServices, uniquePrefix } from '../helpers/services.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-pgrestart-'));
const KILLS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skipServices)('a worker whose PostgreSQL connections are killed mid-run', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let base: NodeJS.ProcessEnv;
  let worker: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
  let reference = '';

  beforeAll(async () => {
    database = await freshDatabase('pgrestart');
    base = cleanEnv({ DATABASE_URL: database.url, OUTPUT_DIR: path.join(root, 'output'), CHUNK_SIZE: '100', YEAREND_TODAY: '2026-05-04' });
    await generateDataset({ members: 1800, employers: 250, year: 2025, seed: 'pg-restart', outDir: path.join(root, 'data') });
    const imported = await yearend(['import', path.join(root, 'data')], base);
    expect(imported.code, imported.stderr).toBe(0);
    const run = await yearend(['run', 'tariff-settlement', '--year', '2025', '--json'], base);
    expect(run.code, run.stderr).toBe(0);
    reference = await exportOf(JSON.parse(run.stdout).runId, 'ref');
  }, 300_000);

  afterAll(async () => {
    if (worker) await stopProcess(worker, 'SIGKILL');
    await database?.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const exportOf = async (runId: number, dir: string) =>
    (await exportedFiles(base, runId, path.join(root, dir), ['tariff_settlement.csv']))[0]!;

  it('keeps the worker alive; the run completes with a byte-identical export', async () => {
    const queueEnv = { ...base, REDIS_URL, QUEUE_PREFIX: uniquePrefix('pgrestart') };
    worker = await startWorkerProcess(queueEnv);
    const alive = () => worker!.exitCode === null && worker!.signalCode === null;
    const started = await yearend(['run', 'tariff-settlement', '--year', '2025', '--json'], queueEnv);
    expect(started.code, started.stderr).toBe(0);
    const { runId } = JSON.parse(started.stdout);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    let terminated = 0;
    try {
      const status = async () => (await admin.query('SELECT status FROM run WHERE id = $1', [runId])).rows[0].status as string;
      // Kill every connection of the worker, preferably while one is in the middle of a query or
      // a transaction (a chunk at work), a few times over; then let the run finish.
      let kills = 0;
      for (let i = 0; i < 3000 && kills < KILLS && ['queued', 'running'].includes(await status()); i++) {
        const busy = await admin.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')`,
          [database.name],
        );
        if (busy.rows[0].n === 0 && i % 50 !== 49) {
          await sleep(10);
          continue;
        }
        const killed = await admin.query(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [database.name],
        );
        if (killed.rows[0].n === 0) continue;
        terminated += killed.rows[0].n as number;
        kills++;
        await sleep(500);
        expect(alive(), worker.output()).toBe(true);
      }
      expect(kills).toBeGreaterThan(0);
      // Retries wait 5 s, 10 s, …: poll generously.
      let final = await status();
      for (let i = 0; i < 2400 && ['queued', 'running'].includes(final) && alive(); i++) {
        await sleep(100);
        final = await status();
      }
      expect(alive(), worker.output()).toBe(true);
      expect(final, worker.output()).toBe('computed');
    } finally {
      await admin.end();
    }
    const output = worker.output();
    expect(output).not.toMatch(/Unhandled 'error'/);
    // Logged at most once per broken connection (once per outage: test/db/connection-loss.test.ts).
    const lost = output.match(/database connection lost/g) ?? [];
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.length).toBeLessThanOrEqual(terminated);
    expect(await exportOf(runId, 'queue')).toBe(reference);
    expect(await stopProcess(worker, 'SIGTERM')).toBe(0);
  }, 600_000);
});
