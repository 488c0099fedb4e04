/**
 * `yearend worker`: processes chunk and finalize jobs of every run, and the `scheduled-run` jobs
 * the cron schedules fire (src/queue/scheduled-run.ts), until SIGTERM/SIGINT, then finishes its
 * current chunk and exits. Any number of workers, on any number of machines, may
 * share one Redis and one PostgreSQL. Transient errors retry with backoff; a chunk that fails
 * for good fails its run (with the reason) instead of leaving it `running`, and alerts it
 * (deps.alerts); so does a scheduled firing that fails for good.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadConfig, type Config } from '../config.ts';
import { PermanentRunError } from '../runs/job-definition.ts';
import { executeChunk, finalizeRun, type ExecuteDeps } from '../runs/execute.ts';
import { failChunk } from '../runs/chunk-lifecycle.ts';
import { failRun } from '../runs/lifecycle.ts';
import { alertRunFailed } from '../runs/run-alerts.ts';
import { errorText } from '../runs/error-text.ts';
import { redisOutage } from './connection.ts';
import { QUEUE_NAME } from './flow.ts';
import { StaleInputsError } from './freshness.ts';
import { MalformedPayloadError, queuePayload, type QueuePayload } from './payloads.ts';
import { startScheduledRun } from './scheduled-run.ts';
import { isTarget, targetYear } from './schedules.ts';

/**
 * Fails a job without retries and keeps the error it stands for, so the failed handler can tell
 * a stale input from another refusal. BullMQ recognises it by class or by name.
 */
class PermanentJobError extends UnrecoverableError {
  constructor(readonly original: Error) {
    super(original.message);
    this.name = 'UnrecoverableError';
  }
}

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  lockDurationMs: number;
  concurrency?: number;
  /**
   * Configuration for runs started by a schedule (chunk size, REDIS_URL, YEAREND_TODAY as the
   * injectable today). Unset: read once from this process's environment, which is where the
   * `worker` command took its own configuration from.
   */
  config?: Readonly<Config>;
  /** Told of every chunk job that completes or fails (the metrics of src/queue/metrics.ts). */
  chunkObserver?: ChunkObserver;
}

/** What a worker tells about its chunk jobs; must not throw (it runs in the worker's event handlers). */
export interface ChunkObserver {
  /** A chunk job completed: `outcome` is executeChunk's ('done', or 'skipped' for a cancelled run's chunk). */
  completed(runId: number, outcome: unknown, seconds: number | null): void;
  /** An attempt of a chunk job failed; `final` when no retry follows (its run fails). */
  failed(runId: number, final: boolean): void;
}

export function startWorker(deps: ExecuteDeps, options: WorkerOptions): Worker {
  const config = options.config ?? loadConfig(process.env);
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      try {
        return await processJob(deps, job, { config, prefix: options.prefix });
      } catch (error) {
        // A missing parameter or input, or a malformed payload, does not heal with retries.
        if (error instanceof PermanentRunError || error instanceof MalformedPayloadError) throw new PermanentJobError(error);
        throw error;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.lockDurationMs,
      maxStalledCount: 3,
    },
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    let payload: QueuePayload;
    try {
      payload = queuePayload(job);
    } catch (malformed) {
      deps.log.warn({ jobName: job.name, final, err: errorText(malformed) }, 'queue job failed');
      return;
    }
    if (payload.kind === 'scheduled-run') {
      // No run to fail: a refused start created none, a failed attempt already failed its own.
      deps.log.warn({ job: payload.job, attempt: job.attemptsMade, final, err: errorText(error) }, 'scheduled run failed');
      if (final) void alertFiring(deps, config, payload, firedAtOf(job), job.attemptsMade, error);
      return;
    }
    const { runId } = payload;
    if (payload.kind === 'chunk') options.chunkObserver?.failed(runId, final);
    deps.log.warn({ runId, jobName: job.name, attempt: job.attemptsMade, final, err: errorText(error) }, 'queue job failed');
    if (!final) return;
    // The last attempt failed: the run fails right away, not after STALE_AFTER_MS. When the
    // failure was systemic (the database unreachable for longer than the ~5 minutes of retries)
    // recording it fails too; it is retried every few seconds and lands as soon as the database
    // is back, unless this worker stops first (then the stale sweep of any worker fails the run).
    let failed = false;
    void recordUntilBack(
      () => worker.closing !== undefined,
      async () => {
        if (payload.kind === 'chunk') await failChunk(deps.db, runId, payload.chunkNo, error.message);
        failed = await failRun(deps.db, runId, `${job.name} job failed: ${error.message}`);
      },
      (e) => deps.log.error({ runId, err: errorText(e) }, 'could not record the failure yet; retrying until the database is back'),
    ).then((recorded) => (recorded && failed ? alertRunFailed(deps, runId, payload.kind) : undefined));
  });
  const observer = options.chunkObserver;
  if (observer) {
    worker.on('completed', (job, outcome) => {
      let payload: QueuePayload;
      try {
        payload = queuePayload(job);
      } catch {
        return; // a malformed job never completes (processJob refuses it); nothing to count
      }
      if (payload.kind !== 'chunk') return;
      // BullMQ's own timestamps of this attempt: when it became active and when it completed.
      const seconds = job.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : null;
      observer.completed(payload.runId, outcome, seconds);
    });
  }
  // A Redis outage is told once when it starts and once when Redis is back, not once per
  // reconnect attempt of each of the worker's connections; other errors are told each time.
  const outage = redisOutage({
    lost: (reason) => deps.log.warn({ err: reason }, 'Redis connection lost; the worker waits and reconnects'),
    restored: () => deps.log.warn('Redis connection restored'),
  });
  options.connection.on('error', (error: Error) => outage.error(error));
  options.connection.on('ready', () => outage.ready());
  worker.on('error', (error) => {
    if (!outage.error(error)) deps.log.error({ err: errorText(error) }, 'worker error');
  });
  return worker;
}

async function processJob(deps: ExecuteDeps, job: Job, scheduling: { config: Readonly<Config>; prefix: string }): Promise<string> {
  const payload = queuePayload(job);
  switch (payload.kind) {
    case 'chunk':
      return executeChunk(deps, payload.runId, payload.chunkNo);
    case 'finalize':
      return finalizeRun(deps, payload.runId);
    case 'scheduled-run': {
      // The iteration's scheduled time, not the time a worker got to it: a firing at 02:00 on
      // 20 January settles the same year even if the workers were down until the afternoon.
      const firedAt = firedAtOf(job);
      const outcome = await startScheduledRun(deps, payload, { ...scheduling, firedAt });
      return 'started' in outcome ? `started run ${outcome.started}` : 'skipped';
    }
  }
}

function firedAtOf(job: Job): number {
  return job.opts.prevMillis ?? job.timestamp + (job.opts.delay ?? 0);
}

/**
 * A firing that failed for good, alerted: a stale input as such (which files, imported when), any
 * other refusal or error by its category only (its message may come from a rule or the database).
 * Never throws (Alerts.send does not).
 */
async function alertFiring(
  deps: ExecuteDeps,
  config: Readonly<Config>,
  payload: { job: string; target: string },
  firedAt: number,
  attempts: number,
  error: Error,
): Promise<void> {
  const original = error instanceof PermanentJobError ? error.original : error;
  if (original instanceof StaleInputsError) {
    await deps.alerts?.send({
      kind: 'input-stale',
      job: original.job,
      year: original.year,
      within: original.within,
      firedAt: new Date(original.firedAt).toISOString(),
      stale: original.stale,
    });
    return;
  }
  await deps.alerts?.send({
    kind: 'scheduled-run-failed',
    job: payload.job,
    year: isTarget(payload.target) ? targetYear(firedAt, config.today, payload.target) : null,
    failure: error instanceof UnrecoverableError ? 'refused' : 'error',
    attempts,
  });
}

export const RECORD_RETRY_MS = 5000;

/**
 * Runs `write` until it succeeds, `stopped()` (the worker closes) or an hour has passed, every
 * `retryMs`; `onFirstError` is told once.
 */
export async function recordUntilBack(
  stopped: () => boolean,
  write: () => Promise<void>,
  onFirstError: (error: Error) => void,
  retryMs = RECORD_RETRY_MS,
): Promise<boolean> {
  for (let attempt = 0; attempt < 3_600_000 / retryMs; attempt++) {
    try {
      await write();
      return true;
    } catch (error) {
      if (attempt === 0) onFirstError(error as Error);
      if (stopped()) return false;
      await new Promise((resolve) => setTimeout(resolve, retryMs).unref());
    }
  }
  return false;
}
