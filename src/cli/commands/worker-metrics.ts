/**
 * `yearend worker --metrics-port P [--metrics-host H]`: the worker's Prometheus metrics and
 * health check (src/queue/metrics.ts, src/queue/metrics-server.ts), started before the worker
 * takes its first chunk so every chunk is counted, and closed with it.
 */
import type { ChunkObserver } from '../../queue/worker.ts';
import { createWorkerMetrics } from '../../queue/metrics.ts';
import { MetricsListenError, startMetricsServer } from '../../queue/metrics-server.ts';
import { CliError, type Context } from '../context.ts';

export interface WorkerMetricsOptions {
  metricsPort?: number;
  metricsHost: string;
}

export interface RunningMetrics {
  chunkObserver: ChunkObserver;
  close(): Promise<void>;
}

/** Nothing without --metrics-port; otherwise the server, listening. */
export async function startWorkerMetrics(ctx: Context, o: WorkerMetricsOptions): Promise<RunningMetrics | null> {
  if (o.metricsPort === undefined || !ctx.config.redisUrl) return null;
  const metrics = createWorkerMetrics({ db: (await ctx.database()).db, redisUrl: ctx.config.redisUrl, prefix: ctx.config.queuePrefix });
  try {
    const server = await startMetricsServer(metrics, { host: o.metricsHost, port: o.metricsPort, log: ctx.log });
    ctx.log.info({ url: `${server.url}/metrics`, health: `${server.url}/healthz` }, 'metrics server listening');
    return {
      chunkObserver: metrics.chunkObserver,
      close: async () => {
        await server.close();
        await metrics.close();
      },
    };
  } catch (error) {
    await metrics.close();
    if (error instanceof MetricsListenError) throw new CliError(error.message);
    throw error;
  }
}
