/**
 * `yearend worker --metrics-port P [--metrics-host H]`: the worker's Prometheus metrics and
 * health check (src/queue/metrics.ts, src/queue/metrics-server.ts), started before the worker
 * takes its first chunk so every chunk is counted, and closed with it.
 */
import { InvalidArgumentError } from 'commander';
import type { ChunkObserver } from '../../queue/worker.ts';
import { createWorkerMetrics } from '../../queue/metrics.ts';
import { MetricsListenError, startMetricsServer } from '../../queue/metrics-server.ts';
import { CliError, type Context } from '../context.ts';

export interface WorkerMetricsOptions {
  metricsPort?: number;
  metricsHost: string;
}

export const METRICS_PORT_HELP =
  'serve Prometheus metrics on http://HOST:PORT/metrics and a health check on /healthz (0: any free port, logged)';
export const METRICS_HOST_HELP =
  'address the metrics server listens on, with --metrics-port (metrics hold no personal data; e.g. 0.0.0.0 for a scraper on another machine)';

/** Like the dashboard's port, but 0 is allowed: the system picks a free port and the log names it. */
export function metricsPort(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return Number(value);
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
