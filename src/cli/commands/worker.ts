/**
 * `yearend worker`: a long-running queue worker. SIGTERM/SIGINT → finish or hand back the
 * current chunk, close connections, exit 0.
 */
import { probeRedis, redisConnection } from '../../queue/connection.ts';
import { startWorker } from '../../queue/worker.ts';
import { CliError, readyDatabase, type Context } from '../context.ts';

export async function workerCommand(ctx: Context): Promise<number> {
  if (!ctx.config.redisUrl) throw new CliError('the worker needs REDIS_URL (and DATABASE_URL); without them `run` executes in-process');
  await readyDatabase(ctx);
  const policy = await probeRedis(ctx.config.redisUrl);
  if (policy !== 'noeviction') ctx.log.warn({ policy }, 'Redis maxmemory-policy should be noeviction: an evicted job is a lost chunk');
  const connection = redisConnection(ctx.config.redisUrl);
  const worker = startWorker({ ...(await ctx.deps()), chunkLogLevel: 'info' }, { connection, prefix: ctx.config.queuePrefix, lockDurationMs: ctx.config.workerLockMs });
  ctx.log.info({ mode: ctx.modeText() }, 'worker started');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      ctx.log.info({ signal }, 'worker stopping after the current chunk');
      worker.close().then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  connection.disconnect();
  ctx.log.info('worker stopped');
  return 0;
}
