/**
 * The worker's Prometheus metrics (issue 10, point 8). Two kinds:
 *
 * - counted by this worker as its chunk jobs complete or fail (src/queue/worker.ts tells it
 *   through its ChunkObserver): chunks processed and failed, chunk duration;
 * - read at scrape time from the shared state every worker sees: runs by job and status
 *   (PostgreSQL), the queue's job counts by state (Redis), the latest import of each file
 *   (PostgreSQL). Several workers report the same values for these: aggregate with max(), not sum().
 *
 * Labels carry job names, run statuses, queue states and contract file names only, never an id
 * of a member or anything else personal. The metrics have their own Redis connection that fails
 * a command at once while Redis is down (the worker's own waits for ever, as BullMQ needs), so a
 * scrape or health check answers within `timeoutMs` whatever the state of the services.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DB } from '../db/schema.ts';
import { JOB_NAMES } from '../job-names.ts';
import { ACTIVE, FINISHED } from '../runs/status-sets.ts';
import { QUEUE_NAME } from './flow.ts';
import type { ChunkObserver } from './worker.ts';

export interface WorkerMetricsOptions {
  db: Kysely<DB>;
  redisUrl: string;
  /** BullMQ queue prefix (QUEUE_PREFIX) */
  prefix: string;
  /** limit for each service's answer to a scrape or a health check (default 5000 ms) */
  timeoutMs?: number;
}

/** A service that did not answer (in time): named in the 503 of /metrics and /healthz. */
export class SourceDownError extends Error {
  constructor(readonly reasons: Partial<Record<Source, string>>) {
    super(`${Object.keys(reasons).join(' and ')} unreachable`);
  }
}

export type Source = 'postgres' | 'redis';

export interface Health {
  ok: boolean;
  postgres: 'up' | 'down';
  redis: 'up' | 'down';
  /** why a service is down (for the log; the HTTP answer does not carry it) */
  reasons: Partial<Record<Source, string>>;
}

export interface WorkerMetrics {
  registry: Registry;
  chunkObserver: ChunkObserver;
  /** Reads the scrape-time values and renders every metric; throws SourceDownError. */
  scrape(): Promise<string>;
  /** PostgreSQL `select 1` and Redis PING, each within the timeout. */
  health(): Promise<Health>;
  close(): Promise<void>;
}

/** Chunks take seconds to minutes (CHUNK_SIZE members, default 2,000); the lock is 30 s by default. */
export const CHUNK_DURATION_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200];

const RUN_STATUSES = [...ACTIVE, ...FINISHED];
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused', 'failed', 'completed'] as const;
/** A run id's job name is looked up once; the cache is emptied at this size (a worker lives for years). */
const RUN_CACHE_LIMIT = 10_000;

export function createWorkerMetrics(options: WorkerMetricsOptions): WorkerMetrics {
  const { db } = options;
  const timeoutMs = options.timeoutMs ?? 5000;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const processed = new Counter({
    name: 'yearend_chunks_processed_total',
    help: 'Chunks this worker processed to the end (a chunk of a cancelled run, skipped, is not counted)',
    labelNames: ['job'],
    registers: [registry],
  });
  const failed = new Counter({
    name: 'yearend_chunks_failed_total',
    help: 'Failed attempts of chunks on this worker; final="true" when no retry followed and the run failed',
    labelNames: ['job', 'final'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'yearend_chunk_duration_seconds',
    help: 'How long this worker took for a chunk it processed, from taking it off the queue to completing it',
    labelNames: ['job'],
    buckets: CHUNK_DURATION_BUCKETS,
    registers: [registry],
  });
  const runs = new Gauge({
    name: 'yearend_runs',
    help: 'Runs in the database by job and status (read at scrape time)',
    labelNames: ['job', 'status'],
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: 'yearend_queue_jobs',
    help: 'Jobs of the run queue by BullMQ state (read at scrape time)',
    labelNames: ['state'],
    registers: [registry],
  });
  const importLoaded = new Gauge({
    name: 'yearend_import_rows_loaded',
    help: 'Rows loaded by the latest import of each contract file (read at scrape time)',
    labelNames: ['file'],
    registers: [registry],
  });
  const importRejected = new Gauge({
    name: 'yearend_import_rows_rejected',
    help: 'Rows rejected by the latest import of each contract file (read at scrape time)',
    labelNames: ['file'],
    registers: [registry],
  });
  const importedAt = new Gauge({
    name: 'yearend_import_timestamp_seconds',
    help: 'When the latest import of each contract file was made, as a Unix time (read at scrape time)',
    labelNames: ['file'],
    registers: [registry],
  });
  // Every series from the start: rate() and increase() need the 0 before the first chunk.
  for (const job of JOB_NAMES) {
    processed.labels(job).inc(0);
    failed.labels(job, 'false').inc(0);
    failed.labels(job, 'true').inc(0);
    duration.zero({ job });
  }

  // Its own connection: a command fails at once while Redis is down instead of waiting in the
  // offline queue; it reconnects by itself. Errors are reported by /healthz and the scrape (an
  // 'error' event without a listener would crash the worker).
  const redis = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: timeoutMs });
  redis.on('error', () => {});
  // The queue is made once the connection is ready, not before: a BullMQ queue still waiting for
  // its first connection when it is closed lets that wait's rejection escape unhandled.
  let queue: Queue | null = null;
  function readyQueue(): Queue {
    if (!queue) {
      queue = new Queue(QUEUE_NAME, { connection: redis, prefix: options.prefix });
      queue.on('error', () => {});
    }
    return queue;
  }
  let connecting: Promise<void> | null = null;
  /**
   * Resolves once the connection is ready (at once when it is), fails with the next connection
   * error: a check just after start waits for the connection, one during an outage fails at the
   * next refused attempt instead of the timeout. One pair of listeners however many checks wait.
   */
  function connected(): Promise<void> {
    if (redis.status === 'ready') return Promise.resolve();
    return (connecting ??= new Promise<void>((resolve, reject) => {
      const done = () => {
        connecting = null;
        redis.off('ready', onReady);
        redis.off('error', onError);
      };
      const onReady = () => {
        done();
        resolve();
      };
      const onError = (error: Error) => {
        done();
        reject(error);
      };
      redis.once('ready', onReady);
      redis.once('error', onError);
    }));
  }

  const jobOfRun = new Map<number, Promise<string>>();
  /** The run's job name; 'unknown' when the database cannot tell (then asked again next time). */
  function jobOf(runId: number): Promise<string> {
    let job = jobOfRun.get(runId);
    if (!job) {
      if (jobOfRun.size >= RUN_CACHE_LIMIT) jobOfRun.clear();
      job = within(db.selectFrom('run').select('job').where('id', '=', runId).executeTakeFirstOrThrow(), timeoutMs).then(
        (row) => row.job as string,
        () => {
          jobOfRun.delete(runId);
          return 'unknown';
        },
      );
      jobOfRun.set(runId, job);
    }
    return job;
  }

  const chunkObserver: ChunkObserver = {
    completed(runId, outcome, seconds) {
      if (outcome !== 'done') return;
      void jobOf(runId).then((job) => {
        processed.labels(job).inc();
        if (seconds !== null && seconds >= 0) duration.labels(job).observe(seconds);
      });
    },
    failed(runId, final) {
      void jobOf(runId).then((job) => failed.labels(job, String(final)).inc());
    },
  };

  async function readDatabase(): Promise<() => void> {
    const [runCounts, imports] = await Promise.all([
      db
        .selectFrom('run')
        .select(['job', 'status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy(['job', 'status'])
        .execute(),
      // The latest import of each file is what runs read (an unchanged file adds no row). Only
      // contract files have rows here (the import ignores others): the file label stays bounded.
      db
        .selectFrom('import_file as f')
        .innerJoin('import_batch as b', 'b.id', 'f.batch_id')
        .distinctOn('f.file_name')
        .select(['f.file_name', 'f.rows_loaded', 'f.rows_rejected', 'b.created_at'])
        .orderBy('f.file_name')
        .orderBy('f.batch_id', 'desc')
        .execute(),
    ]);
    return () => {
      runs.reset();
      for (const job of JOB_NAMES) for (const status of RUN_STATUSES) runs.labels(job, status).set(0);
      for (const r of runCounts) runs.labels(r.job, r.status).set(Number(r.n));
      for (const gauge of [importLoaded, importRejected, importedAt]) gauge.reset();
      for (const f of imports) {
        importLoaded.labels(f.file_name).set(f.rows_loaded);
        importRejected.labels(f.file_name).set(f.rows_rejected);
        importedAt.labels(f.file_name).set(new Date(f.created_at).getTime() / 1000);
      }
    };
  }

  async function readQueue(): Promise<() => void> {
    await connected();
    const counts = await readyQueue().getJobCounts(...QUEUE_STATES);
    return () => {
      for (const state of QUEUE_STATES) queueJobs.labels(state).set(counts[state] ?? 0);
    };
  }

  // While a service hangs, scrapes and checks that time out must not pile up queries on it (the
  // database pool is the worker's): a read still under way is shared by whoever asks meanwhile.
  const databaseRead = inFlightShared(readDatabase);
  const queueRead = inFlightShared(readQueue);
  const selectOne = inFlightShared(() => db.selectNoFrom((eb) => eb.val(1).as('one')).execute());
  const ping = inFlightShared(() => connected().then(() => redis.ping()));

  /** Both sources at once, each within the timeout; the gauges change only when both answered. */
  async function readSources(): Promise<void> {
    const [postgres, redisCounts] = await Promise.allSettled([within(databaseRead(), timeoutMs), within(queueRead(), timeoutMs)]);
    if (postgres.status === 'rejected' || redisCounts.status === 'rejected') {
      throw new SourceDownError({ ...reasonOf('postgres', postgres), ...reasonOf('redis', redisCounts) });
    }
    postgres.value();
    redisCounts.value();
  }

  return {
    registry,
    chunkObserver,
    scrape: async () => {
      await readSources();
      return registry.metrics();
    },
    health: async () => {
      const [postgres, pong] = await Promise.allSettled([within(selectOne(), timeoutMs), within(ping(), timeoutMs)]);
      return {
        ok: postgres.status === 'fulfilled' && pong.status === 'fulfilled',
        postgres: postgres.status === 'fulfilled' ? 'up' : 'down',
        redis: pong.status === 'fulfilled' ? 'up' : 'down',
        reasons: { ...reasonOf('postgres', postgres), ...reasonOf('redis', pong) },
      };
    },
    close: async () => {
      await queue?.close().catch(() => {});
      redis.disconnect();
    },
  };
}

/** `read`, or the promise of the call still under way. */
function inFlightShared<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () =>
    (running ??= read().finally(() => {
      running = null;
    }));
}

function reasonOf(source: Source, outcome: PromiseSettledResult<unknown>): Partial<Record<Source, string>> {
  return outcome.status === 'rejected' ? { [source]: (outcome.reason as Error).message } : {};
}

/** The promise, or a rejection after `ms`: a service that hangs must not hang the answer. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  // A late rejection of `promise` after the timeout won: already handled by race; keep it quiet.
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
