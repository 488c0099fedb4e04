/**
 * Getting a run's unfinished chunks executed: as a BullMQ flow when REDIS_URL is set, else in
 * this process. `resume` uses the same path with a new dispatch round, so only the chunks that
 * are not done run again.
 */
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { redisConnection } from './connection.ts';
import { dispatchFlow } from './flow.ts';
import { runInProcess } from '../runs/in-process.ts';
import type { ExecuteDeps } from '../runs/execute.ts';
import { pendingChunks } from '../runs/run-store.ts';

export async function dispatchRun(deps: ExecuteDeps, config: Config, runId: number, onChunk?: () => void): Promise<void> {
  if (!config.redisUrl) {
    await runInProcess(deps, runId, onChunk, config.chunkConcurrency);
    return;
  }
  const round = await deps.db
    .updateTable('run')
    .set({ dispatch_round: sql`dispatch_round + 1` })
    .where('id', '=', runId)
    .returning('dispatch_round')
    .executeTakeFirstOrThrow();
  const connection = redisConnection(config.redisUrl);
  try {
    await dispatchFlow(connection, config.queuePrefix, runId, round.dispatch_round, await pendingChunks(deps.db, runId));
  } finally {
    connection.disconnect();
  }
}
