/**
 * Retention on the queue (`yearend purge` with REDIS_URL): the finished jobs of the pipeline's
 * queue older than the cutoff. The database side is src/runs/purge.ts.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { IsoDate } from '../dates.ts';
import { cutoffInstant } from '../runs/purge.ts';
import { QUEUE_NAME } from './flow.ts';

export interface QueuePurge {
  completed: number;
  failed: number;
}

/**
 * Finished BullMQ jobs (completed and failed) of the pipeline's queue that finished before the
 * cutoff. Jobs are trimmed by count as they finish (flow.ts); this also removes the old ones a
 * quiet queue never trimmed. Queue.clean measures its grace period from BullMQ's own clock.
 */
export async function purgeQueueJobs(connection: Redis, prefix: string, cutoff: IsoDate, dryRun: boolean): Promise<QueuePurge> {
  const queue = new Queue(QUEUE_NAME, { connection, prefix });
  try {
    const cutoffMs = cutoffInstant(cutoff).getTime();
    if (dryRun) {
      // The finished sets are scored by finishedOn: count the scores before the cutoff.
      const before = `(${cutoffMs}`;
      return {
        completed: await connection.zcount(queue.keys.completed!, '-inf', before),
        failed: await connection.zcount(queue.keys.failed!, '-inf', before),
      };
    }
    const grace = Math.max(0, Date.now() - cutoffMs);
    return {
      completed: (await queue.clean(grace, 0, 'completed')).length,
      failed: (await queue.clean(grace, 0, 'failed')).length,
    };
  } finally {
    await queue.close();
  }
}
