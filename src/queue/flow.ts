/**
 * A run on the queue is a BullMQ flow: one child job per chunk and a parent `finalize` job that
 * BullMQ starts once every child has completed. Payloads (src/queue/payloads.ts) carry the run id
 * and chunk number only (Redis keeps them in clear text; member ids are personal data). Job ids are deterministic —
 * run, dispatch round, chunk — so a chunk is never queued twice in one round; durable
 * idempotency lives in PostgreSQL, not in these ids.
 */
import { FlowProducer, type ConnectionOptions } from 'bullmq';
import type { QueueData, QueueJobName } from './payloads.ts';

export const QUEUE_NAME = 'yearend-runs';

/**
 * Chunk and finalize jobs retry with exponential backoff from 5 s: 5, 10, 20, 40, 80, 160 s
 * between the 7 attempts, 315 s in all, so a database or Redis restart of a few minutes costs a
 * delay, not the run. A chunk that fails for a reason of its own fails its run after those ~5
 * minutes; a refusal by the job's rules is not retried (PermanentRunError).
 */
export const CHUNK_ATTEMPTS = 7;
export const CHUNK_BACKOFF = { type: 'exponential', delay: 5000 } as const;

export function chunkJobId(runId: number, round: number, chunkNo: number): string {
  return `run-${runId}-r${round}-chunk-${chunkNo}`;
}
export function finalizeJobId(runId: number, round: number): string {
  return `run-${runId}-r${round}-finalize`;
}

/** Bounded history in Redis: finished jobs are trimmed; the run record keeps the story. */
const RETENTION = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } };

/**
 * Options of every job a schedule fires. Retries cover a database or Redis outage at 02:00;
 * the backoff is long enough for a restart. A refusal by the job's rules is not retried
 * (the worker turns PermanentRunError into UnrecoverableError).
 */
export const SCHEDULED_RUN_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, ...RETENTION };

export async function dispatchFlow(
  connection: ConnectionOptions,
  prefix: string,
  runId: number,
  round: number,
  chunkNos: number[],
): Promise<void> {
  const producer = new FlowProducer({ connection, prefix });
  try {
    await producer.add({
      name: 'finalize' satisfies QueueJobName,
      queueName: QUEUE_NAME,
      data: { runId } satisfies QueueData<'finalize'>,
      opts: { jobId: finalizeJobId(runId, round), attempts: CHUNK_ATTEMPTS, backoff: CHUNK_BACKOFF, ...RETENTION },
      children: chunkNos.map((chunkNo) => ({
        name: 'chunk' satisfies QueueJobName,
        queueName: QUEUE_NAME,
        data: { runId, chunkNo } satisfies QueueData<'chunk'>,
        opts: {
          jobId: chunkJobId(runId, round, chunkNo),
          attempts: CHUNK_ATTEMPTS,
          backoff: CHUNK_BACKOFF,
          failParentOnFailure: true,
          ...RETENTION,
        },
      })),
    });
  } finally {
    await producer.close();
  }
}
