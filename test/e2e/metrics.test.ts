/**
 * `yearend worker --metrics-port`: a real worker process settles a run on the real PostgreSQL
 * and Redis while the test scrapes its /metrics and /healthz; then the metrics module itself
 * with one service unreachable (a closed port: the shared services are never touched).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import { openPostgres, type Database } from '../../src/db/database.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { createWorkerMetrics, type WorkerMetrics } from '../../src/queue/metrics.ts';
import { startMetricsServer, type MetricsServer } from '../../src/queue/metrics-server.ts';
import { cleanEnv, startWorkerProcess, stopProcess, yearend } from '../helpers/cli.ts';
import { freshDatabase, REDIS_URL, skipServices, uniquePrefix } from '../helpers/services.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-metrics-'));

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The value of the one sample of `name` whose labels include `labels`. */
function valueOf(all: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]!.value;
}

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

/** A TCP port nothing listens on (taken from the system, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(skipServices)('worker metrics and health', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let base: NodeJS.ProcessEnv;
  let prefix: string;
  let runId = 0;

  beforeAll(async () => {
    database = await freshDatabase('metrics');
    base = cleanEnv({ DATABASE_URL: database.url, OUTPUT_DIR: path.join(root, 'output'), CHUNK_SIZE: '100', YEAREND_TODAY: '2026-05-04' });
    prefix = uniquePrefix('metrics');
    await generateDataset({ members: 500, employers: 0, year: 2025, seed: 'metrics-test', outDir: path.join(root, 'data') });
    const imported = await yearend(['import', path.join(root, 'data')], base);
    expect(imported.code, imported.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await database?.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a worker with --metrics-port counts its chunks, reads runs, queue and imports at scrape time, and answers /healthz', async () => {
    const queueEnv = { ...base, REDIS_URL, QUEUE_PREFIX: prefix };
    const worker = await startWorkerProcess(queueEnv, ['--metrics-port', '0']);
    try {
      // Logged before "worker started": the server listens before the first chunk is taken.
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/metrics"/.exec(worker.output())?.[1];
      expect(url, worker.output()).toBeDefined();

      const before = await get(`${url}/metrics`);
      expect(before.status, before.body).toBe(200);
      expect(before.type).toContain('text/plain');
      expect(valueOf(samples(before.body), 'yearend_chunks_processed_total', { job: 'tariff-settlement' })).toBe(0);

      const run = await yearend(['run', 'tariff-settlement', '--year', '2025', '--wait', '--json'], queueEnv);
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as { runId: number; status: string };
      expect(result.status).toBe('computed');
      runId = result.runId;

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const chunks = (await client.query(`SELECT count(*)::int AS n FROM run_chunk WHERE run_id = $1`, [runId])).rows[0].n as number;
      const files = (await client.query(`SELECT file_name, rows_loaded, rows_rejected FROM import_file`)).rows as {
        file_name: string;
        rows_loaded: number;
        rows_rejected: number;
      }[];
      await client.end();
      expect(chunks).toBeGreaterThan(1);

      // The counters move when the worker hears of each completed chunk (with the run's job
      // looked up once): wait for them rather than assume they already did.
      let all: Sample[] = [];
      for (let i = 0; i < 300; i++) {
        const scrape = await get(`${url}/metrics`);
        expect(scrape.status, scrape.body).toBe(200);
        all = samples(scrape.body);
        if (valueOf(all, 'yearend_chunks_processed_total', { job: 'tariff-settlement' }) >= chunks) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The only worker: it processed every chunk of the run, once.
      expect(valueOf(all, 'yearend_chunks_processed_total', { job: 'tariff-settlement' })).toBe(chunks);
      expect(valueOf(all, 'yearend_chunks_processed_total', { job: 'levy' })).toBe(0);
      expect(valueOf(all, 'yearend_chunks_failed_total', { job: 'tariff-settlement', final: 'true' })).toBe(0);
      expect(valueOf(all, 'yearend_chunk_duration_seconds_count', { job: 'tariff-settlement' })).toBe(chunks);
      expect(valueOf(all, 'yearend_chunk_duration_seconds_sum', { job: 'tariff-settlement' })).toBeGreaterThan(0);
      expect(valueOf(all, 'yearend_chunk_duration_seconds_bucket', { job: 'tariff-settlement', le: '+Inf' })).toBe(chunks);
      // Runs from the database: the computed run, and a 0 for every other job and status.
      expect(valueOf(all, 'yearend_runs', { job: 'tariff-settlement', status: 'computed' })).toBe(1);
      expect(valueOf(all, 'yearend_runs', { job: 'tariff-settlement', status: 'failed' })).toBe(0);
      expect(valueOf(all, 'yearend_runs', { job: 'bonus-crediting', status: 'running' })).toBe(0);
      // The queue of this worker's prefix: nothing left waiting, active or failed.
      for (const state of ['waiting', 'active', 'failed', 'delayed']) expect(valueOf(all, 'yearend_queue_jobs', { state })).toBe(0);
      // The imports, file by file, as recorded by the import.
      expect(files.length).toBeGreaterThan(3);
      for (const f of files) {
        expect(valueOf(all, 'yearend_import_rows_loaded', { file: f.file_name })).toBe(f.rows_loaded);
        expect(valueOf(all, 'yearend_import_rows_rejected', { file: f.file_name })).toBe(f.rows_rejected);
        expect(valueOf(all, 'yearend_import_timestamp_seconds', { file: f.file_name })).toBeGreaterThan(1_700_000_000);
      }
      expect(valueOf(all, 'yearend_import_rows_loaded', { file: 'members.csv' })).toBeGreaterThan(0);
      // prom-client's default process metrics.
      expect(valueOf(all, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(all.some((s) => s.name === 'nodejs_heap_size_used_bytes')).toBe(true);
      // No label value is a member id (a letter and nine digits), or anything but the few kinds.
      const labelValues = all.flatMap((s) => Object.values(s.labels));
      expect(labelValues.filter((v) => /[A-Z]\d{9}/.test(v))).toEqual([]);
      expect(new Set(all.filter((s) => s.name.startsWith('yearend_')).flatMap((s) => Object.keys(s.labels)))).toEqual(
        new Set(['job', 'final', 'le', 'status', 'state', 'file']),
      );

      const health = await get(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(health.type).toBe('application/json');
      expect(JSON.parse(health.body)).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
      expect((await get(`${url}/other`)).status).toBe(404);

      // SIGTERM: the worker exits cleanly and its metrics server is gone with it.
      expect(await stopProcess(worker)).toBe(0);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      await stopProcess(worker, 'SIGKILL');
    }
  }, 300_000);

  describe('the metrics module', () => {
    let real: Database;
    const started: { metrics: WorkerMetrics; server: MetricsServer }[] = [];

    async function serve(db: Kysely<DB>, redisUrl: string) {
      const metrics = createWorkerMetrics({ db, redisUrl, prefix });
      const server = await startMetricsServer(metrics, { port: 0 });
      started.push({ metrics, server });
      return { metrics, url: server.url };
    }

    beforeAll(async () => {
      real = await openPostgres(database.url);
    });

    afterAll(async () => {
      for (const { metrics, server } of started) {
        await server.close();
        await metrics.close();
      }
      await real?.close();
    });

    it('counts failed attempts by job and whether they were final, and completed chunks in the histogram', async () => {
      expect(runId).toBeGreaterThan(0);
      const { metrics, url } = await serve(real.db, REDIS_URL);
      metrics.chunkObserver.failed(runId, false);
      metrics.chunkObserver.failed(runId, true);
      metrics.chunkObserver.completed(runId, 'done', 42);
      metrics.chunkObserver.completed(runId, 'skipped', 1); // a cancelled run's chunk: not processed
      let all: Sample[] = [];
      for (let i = 0; i < 300; i++) {
        const scrape = await get(`${url}/metrics`);
        expect(scrape.status, scrape.body).toBe(200);
        all = samples(scrape.body);
        const counted = ['false', 'true'].map((final) => valueOf(all, 'yearend_chunks_failed_total', { job: 'tariff-settlement', final }));
        if (valueOf(all, 'yearend_chunks_processed_total', { job: 'tariff-settlement' }) >= 1 && counted.every((n) => n >= 1)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(valueOf(all, 'yearend_chunks_failed_total', { job: 'tariff-settlement', final: 'false' })).toBe(1);
      expect(valueOf(all, 'yearend_chunks_failed_total', { job: 'tariff-settlement', final: 'true' })).toBe(1);
      expect(valueOf(all, 'yearend_chunks_processed_total', { job: 'tariff-settlement' })).toBe(1);
      expect(valueOf(all, 'yearend_chunk_duration_seconds_bucket', { job: 'tariff-settlement', le: '30' })).toBe(0);
      expect(valueOf(all, 'yearend_chunk_duration_seconds_bucket', { job: 'tariff-settlement', le: '60' })).toBe(1);
    });

    it('/healthz answers 503 naming Redis when Redis does not answer, and a scrape answers 503 instead of hanging', async () => {
      const { url } = await serve(real.db, `redis://127.0.0.1:${await closedPort()}`);
      const health = await get(`${url}/healthz`);
      expect(health.status).toBe(503);
      expect(JSON.parse(health.body)).toEqual({ status: 'down', postgres: 'up', redis: 'down' });
      const scrape = await get(`${url}/metrics`);
      expect(scrape.status).toBe(503);
      expect(scrape.body).toBe('metrics unavailable: redis unreachable\n');
    });

    it('/healthz and /metrics answer 503 naming PostgreSQL when it does not answer; the server keeps serving', async () => {
      const pool = new pg.Pool({ connectionString: `postgres://root@127.0.0.1:${await closedPort()}/postgres`, max: 2 });
      const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
      try {
        const { url } = await serve(db, REDIS_URL);
        const scrape = await get(`${url}/metrics`);
        expect(scrape.status).toBe(503);
        expect(scrape.body).toBe('metrics unavailable: postgres unreachable\n');
        const health = await get(`${url}/healthz`);
        expect(health.status).toBe(503);
        expect(JSON.parse(health.body)).toEqual({ status: 'down', postgres: 'down', redis: 'up' });
        expect((await get(`${url}/healthz`)).status).toBe(503);
      } finally {
        await db.destroy();
      }
    });

    it('services that accept connections but never answer: 503 for both after the timeout, not a hung request', async () => {
      const sockets = new Set<net.Socket>();
      const silent = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => {});
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as net.AddressInfo;
      const pool = new pg.Pool({ connectionString: `postgres://root@127.0.0.1:${port}/postgres`, max: 10 });
      const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
      const metrics = createWorkerMetrics({ db, redisUrl: `redis://127.0.0.1:${port}`, prefix, timeoutMs: 1000 });
      const server = await startMetricsServer(metrics, { port: 0 });
      try {
        const health = await get(`${server.url}/healthz`);
        expect(health.status).toBe(503);
        expect(JSON.parse(health.body)).toEqual({ status: 'down', postgres: 'down', redis: 'down' });
        // A second check that times out shares the first one's hung attempt instead of opening another.
        expect((await get(`${server.url}/healthz`)).status).toBe(503);
        expect(pool.totalCount).toBe(1);
        const scrape = await get(`${server.url}/metrics`);
        expect(scrape.status).toBe(503);
        expect(scrape.body).toBe('metrics unavailable: postgres and redis unreachable\n');
      } finally {
        await server.close();
        await metrics.close();
        for (const socket of sockets) socket.destroy();
        silent.close();
        await db.destroy();
      }
    });
  });
});
