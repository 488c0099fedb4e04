/**
 * `yearend worker`: a long-running queue worker. SIGTERM/SIGINT → finish or hand back the
 * current chunk, close connections, exit 0. It also sweeps for stale runs now and then
 * (src/queue/recovery.ts), so a run whose runner died is taken over or failed with a reason,
 * and alerts a job's year that turned OVERDUE (once; src/runs/deadline-alerts.ts).
 */
import { Queue } from 'bullmq';
import { probeRedis, redisConnection } from '../../queue/connection.ts';
import { finalizeJobId, QUEUE_NAME } from '../../queue/flow.ts';
import { startWorker } from '../../queue/worker.ts';
import { recoverStaleRuns } from '../../queue/recovery.ts';
import { todayOf } from '../../config.ts';
import { alertOverdueDeadlines } from '../../runs/deadline-alerts.ts';
import { allJobs } from '../../../jobs/registry.ts';
import { CliError, readyDatabase, type Context } from '../context.ts';
import { startWorkerMetrics, type WorkerMetricsOptions } from './worker-metrics.ts';

export async function workerCommand(ctx: Context, o: WorkerMetricsOptions = { metricsHost: '127.0.0.1' }): Promise<number> {
  if (!ctx.config.redisUrl) throw new CliError('the worker needs REDIS_URL (and DATABASE_URL); without them `run` executes in-process');
  await readyDatabase(ctx);
  const policy = await probeRedis(ctx.config.redisUrl);
  if (policy !== 'noeviction') ctx.log.warn({ policy }, 'Redis maxmemory-policy should be noeviction: an evicted job is a lost chunk');
  const metrics = await startWorkerMetrics(ctx, o);
  const connection = redisConnection(ctx.config.redisUrl);
  const worker = startWorker(
    { ...(await ctx.deps()), chunkLogLevel: 'info' },
    {
      connection,
      prefix: ctx.config.queuePrefix,
      lockDurationMs: ctx.config.workerLockMs,
      concurrency: ctx.config.chunkConcurrency,
      config: ctx.config,
      chunkObserver: metrics?.chunkObserver,
    },
  );
  ctx.log.info({ mode: ctx.modeText() }, 'worker started');
  const stopSweeping = startStaleSweep(ctx, connection);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      ctx.log.info({ signal }, 'worker stopping after the current chunk');
      Promise.all([stopSweeping(), worker.close()]).then(
        () => resolve(),
        () => resolve(),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await metrics?.close();
  connection.disconnect();
  ctx.log.info('worker stopped');
  return 0;
}

/** Sweeps for stale runs at half the stale time (at most once a minute), starting now. */
function startStaleSweep(ctx: Context, connection: ReturnType<typeof redisConnection>): () => Promise<void> {
  const queue = new Queue(QUEUE_NAME, { connection, prefix: ctx.config.queuePrefix });
  const holds = async (runId: number, round: number) => {
    const state = await queue.getJobState(finalizeJobId(runId, round));
    return state !== 'completed' && state !== 'failed' && state !== 'unknown';
  };
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const outcome = await recoverStaleRuns(await ctx.deps(), ctx.config, holds);
      if (outcome.failed.length > 0) ctx.log.error({ runs: outcome.failed }, 'stale runs failed: too many dispatch rounds');
    } catch (error) {
      ctx.log.error({ err: (error as Error).message }, 'stale-run sweep failed');
    }
    try {
      await alertOverdueDeadlines(await ctx.deps(), todayOf(ctx.config), allJobs());
    } catch (error) {
      ctx.log.warn({ err: (error as Error).message }, 'deadline alert check failed; the next sweep tries again');
    } finally {
      sweeping = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), Math.min(60_000, Math.max(1000, ctx.config.staleAfterMs / 2)));
  timer.unref();
  return async () => {
    clearInterval(timer);
    await queue.close().catch((error: unknown) => ctx.log.warn({ err: (error as Error).message }, 'closing the sweep queue failed'));
  };
}
