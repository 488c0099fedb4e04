/**
 * Production mode: PostgreSQL + Redis, runs as BullMQ flows processed by separate `yearend
 * worker` processes. The same data gives byte-identical exports in-process and on the queue,
 * and a worker killed with SIGKILL in the middle of a run does not lose or double a row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/generate/index.ts';
import { cleanEnv, exportedFiles, startWorkerProcess, stopProcess, yearend } from '../helpers/cli.ts';
import { freshDatabase, REDIS_URL, skipServices, uniquePrefix } from '../helpers/services.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-queue-'));

describe.skipIf(skipServices)('yearend with PostgreSQL and Redis workers', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let base: NodeJS.ProcessEnv;
  let queueEnv: NodeJS.ProcessEnv;
  const workers: ChildProcess[] = [];
  let reference = '';

  beforeAll(async () => {
    database = await freshDatabase('queue');
    base = cleanEnv({ DATABASE_URL: database.url, OUTPUT_DIR: path.join(root, 'output'), CHUNK_SIZE: '100', YEAREND_TODAY: '2026-05-04' });
    queueEnv = { ...base, REDIS_URL, QUEUE_PREFIX: uniquePrefix('queue'), WORKER_LOCK_MS: '3000' };
    await generateDataset({ members: 1800, employers: 250, year: 2025, seed: 'queue-test', outDir: path.join(root, 'data') });
    const imported = await yearend(['import', path.join(root, 'data')], base);
    expect(imported.code, imported.stderr).toBe(0);
    // Reference: the same data, settled in-process (no Redis).
    const run = await yearend(['run', 'tariff-settlement', '--year', '2025', '--json'], base);
    expect(run.code, run.stderr).toBe(0);
    reference = await exportOf(JSON.parse(run.stdout).runId, 'ref');
  }, 300_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await database?.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const exportOf = async (runId: number, dir: string) =>
    (await exportedFiles(base, runId, path.join(root, dir), ['tariff_settlement.csv']))[0]!;

  it('two worker processes settle a run; the export is byte-identical to the in-process run', async () => {
    workers.push(await startWorkerProcess(queueEnv), await startWorkerProcess(queueEnv));
    const run = await yearend(['run', 'tariff-settlement', '--year', '2025', '--wait', '--json', '--by', 'ops'], queueEnv);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe('computed');
    expect(await exportOf(result.runId, 'queue')).toBe(reference);
    // Both worker processes took chunks of this run.
    for (const w of workers) {
      expect((w as ChildProcess & { output(): string }).output()).toMatch(
        new RegExp(`"runId":${result.runId},"job":"tariff-settlement","chunk":\\d+.*"msg":"chunk finished"`),
      );
    }
  }, 300_000);

  it('bonus crediting on two workers gives the same exports as in-process', async () => {
    const inProcess = await yearend(['run', 'bonus-crediting', '--year', '2025', '--json'], base);
    expect(inProcess.code, inProcess.stderr).toBe(0);
    const queued = await yearend(['run', 'bonus-crediting', '--year', '2025', '--wait', '--json'], queueEnv);
    expect(queued.code, queued.stderr).toBe(0);
    const files = (runId: number, dir: string) =>
      exportedFiles(base, runId, path.join(root, dir), ['bonus_accounts.csv', 'bonus_items.csv']);
    const a = await files(JSON.parse(inProcess.stdout).runId, 'bonus-in-process');
    const b = await files(JSON.parse(queued.stdout).runId, 'bonus-queue');
    expect(b).toEqual(a);
    expect(a[1]!.split('\n').length).toBeGreaterThan(100);
  }, 300_000);

  it('the levy year on two workers gives the same five exports as in-process', async () => {
    const inProcess = await yearend(['run', 'levy', '--year', '2025', '--json'], base);
    expect(inProcess.code, inProcess.stderr).toBe(0);
    const queued = await yearend(['run', 'levy', '--year', '2025', '--wait', '--json'], queueEnv);
    expect(queued.code, queued.stderr).toBe(0);
    const names = ['levy_months.csv', 'u1_tariffs.csv', 'u1_determination.csv', 'reimbursements.csv', 'levy_fund.csv'];
    const files = (runId: number, dir: string) => exportedFiles(base, runId, path.join(root, dir), names);
    const a = await files(JSON.parse(inProcess.stdout).runId, 'levy-in-process');
    expect(await files(JSON.parse(queued.stdout).runId, 'levy-queue')).toEqual(a);
    expect(a[0]!.split('\n').length).toBeGreaterThan(100);
  }, 300_000);

  it('a worker killed with SIGKILL mid-run: the run completes with an identical export', async () => {
    await Promise.all(workers.splice(0).map((w) => stopProcess(w)));
    const victim = await startWorkerProcess(queueEnv);
    workers.push(victim);
    const started = await yearend(['run', 'tariff-settlement', '--year', '2025', '--json'], queueEnv);
    expect(started.code, started.stderr).toBe(0);
    const { runId } = JSON.parse(started.stdout);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      // Wait until the victim is in the middle of the run: some chunks done, most not.
      let done = 0;
      let total = 0;
      for (let i = 0; i < 600 && done < 3; i++) {
        const r = await client.query(
          `SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*)::int AS total FROM run_chunk WHERE run_id = $1`,
          [runId],
        );
        ({ done, total } = r.rows[0]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(done).toBeGreaterThan(0);
      expect(done).toBeLessThan(total);
      await stopProcess(victim, 'SIGKILL');
      const doneAtKill = done;
      // A fresh worker picks up the stalled chunk (after the lock expires) and the rest.
      workers.push(await startWorkerProcess(queueEnv));
      const status = await waitFor(client, runId);
      expect(status).toBe('computed');
      const chunks = await client.query(
        `SELECT count(*)::int AS n, sum(rows_written)::int AS written FROM run_chunk WHERE run_id = $1 AND status = 'done'`,
        [runId],
      );
      const results = await client.query(`SELECT count(*)::int AS n FROM tariff_result WHERE run_id = $1`, [runId]);
      expect(chunks.rows[0].n).toBe(total);
      expect(results.rows[0].n).toBe(chunks.rows[0].written);
      expect(doneAtKill).toBeLessThan(total);
    } finally {
      await client.end();
    }
    expect(await exportOf(runId, 'after-kill')).toBe(reference);
  }, 300_000);

  it('resume on the queue finishes a failed run; workers stop cleanly on SIGTERM', async () => {
    await Promise.all(workers.splice(0).map((w) => stopProcess(w)));
    const started = await yearend(['run', 'tariff-settlement', '--year', '2025', '--json'], queueEnv);
    const { runId } = JSON.parse(started.stdout);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      // The run fails before any worker got to it (as when its workers died and it was failed).
      await client.query(`UPDATE run SET status = 'failed', error = 'simulated' WHERE id = $1`, [runId]);
      const worker = await startWorkerProcess(queueEnv);
      workers.push(worker);
      const resumed = await yearend(['resume', String(runId), '--wait', '--json'], queueEnv);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout).status).toBe('computed');
      const chunks = await client.query(`SELECT max(attempts)::int AS most FROM run_chunk WHERE run_id = $1`, [runId]);
      expect(chunks.rows[0].most).toBe(1); // the first round's jobs were skipped, nothing ran twice
    } finally {
      await client.end();
    }
    expect(await exportOf(runId, 'resumed')).toBe(reference);
    expect(await stopProcess(workers.pop()!, 'SIGTERM')).toBe(0);
  }, 300_000);

  it('a second start of an active run is refused; Redis unreachable is a plain error', async () => {
    const noRedis = await yearend(['run', 'tariff-settlement', '--year', '2025'], { ...queueEnv, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr).toMatch(/^error: cannot reach Redis .* start it or fix REDIS_URL/);
    await Promise.all(workers.splice(0).map((w) => stopProcess(w)));
    const first = await yearend(['run', 'tariff-settlement', '--year', '2025', '--json'], queueEnv);
    expect(first.code, first.stderr).toBe(0);
    const second = await yearend(['run', 'tariff-settlement', '--year', '2025'], queueEnv);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already has an active run \(run \d+, queued/);
    const cancel = await yearend(['cancel', String(JSON.parse(first.stdout).runId)], queueEnv);
    expect(cancel.code, cancel.stderr).toBe(0);
  }, 120_000);
});

async function waitFor(client: pg.Client, runId: number): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    const r = await client.query('SELECT status FROM run WHERE id = $1', [runId]);
    const status = r.rows[0].status as string;
    if (!['queued', 'running'].includes(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'timeout';
}
