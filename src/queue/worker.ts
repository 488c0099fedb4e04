/**
 * `yearend worker`: processes chunk and finalize jobs of every run until SIGTERM/SIGINT, then
 * finishes its current chunk and exits. Any number of workers, on any number of machines, may
 * share one Redis and one PostgreSQL. Transient errors retry with backoff; a chunk that fails
 * for good fails its run (with the reason) instead of leaving it `running`.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { PermanentRunError } from '../runs/job-definition.ts';
import { executeChunk, finalizeRun, markChunkFailed, type ExecuteDeps } from '../runs/execute.ts';
import { markFailed } from '../runs/run-store.ts';
import { QUEUE_NAME, type ChunkPayload, type FinalizePayload, type QueueJobName } from './flow.ts';

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  lockDurationMs: number;
  concurrency?: number;
}

export function startWorker(deps: ExecuteDeps, options: WorkerOptions): Worker {
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      try {
        return await processJob(deps, job);
      } catch (error) {
        // A missing parameter or input does not heal with retries.
        if (error instanceof PermanentRunError) throw new UnrecoverableError(error.message);
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
    const { runId } = job.data as FinalizePayload;
    deps.log.warn({ runId, jobName: job.name, attempt: job.attemptsMade, final, err: error.message }, 'queue job failed');
    if (!final) return;
    void (async () => {
      if (job.name === 'chunk') await markChunkFailed(deps.db, runId, (job.data as ChunkPayload).chunkNo, error.message);
      await markFailed(deps.db, runId, `${job.name} job failed: ${error.message}`);
    })().catch((e: unknown) => deps.log.error({ runId, err: (e as Error).message }, 'could not record the failure'));
  });
  worker.on('error', (error) => deps.log.error({ err: error.message }, 'worker error'));
  return worker;
}

async function processJob(deps: ExecuteDeps, job: Job): Promise<string> {
  const name = job.name as QueueJobName;
  switch (name) {
    case 'chunk': {
      const { runId, chunkNo } = job.data as ChunkPayload;
      return executeChunk(deps, runId, chunkNo);
    }
    case 'finalize': {
      const { runId } = job.data as FinalizePayload;
      return finalizeRun(deps, runId);
    }
  }
}
