/**
 * What the run queue carries: one discriminated union over the BullMQ job name. In Redis a job
 * keeps its kind as its name and the rest as its data — `{ runId, chunkNo }` for a chunk, as
 * before — so jobs and schedules already queued stay readable. Payloads hold run ids, chunk
 * numbers, job names and targets only: Redis keeps them in clear text, and member ids are
 * personal data.
 *
 * A job read back from Redis is checked, not trusted: `queuePayload` turns its name and data into
 * the union or refuses it (MalformedPayloadError, never retried by the worker).
 */

export type QueuePayload =
  /** one chunk of a run (src/queue/flow.ts) */
  | { kind: 'chunk'; runId: number; chunkNo: number }
  /** the run's finalize, the parent of its chunks: BullMQ starts it once every chunk completed */
  | { kind: 'finalize'; runId: number }
  /**
   * a cron schedule fired (src/queue/schedules.ts): the job, which year to settle, and optionally
   * how recently its inputs must have been imported (`14d`; absent in schedules installed before)
   */
  | { kind: 'scheduled-run'; job: string; target: string; inputsImportedWithin?: string };

export type QueueJobName = QueuePayload['kind'];

/** The data of a queue job as stored in Redis: its payload without the kind (the job's name). */
export type QueueData<K extends QueueJobName> = Omit<Extract<QueuePayload, { kind: K }>, 'kind'>;

export type ScheduledRunData = QueueData<'scheduled-run'>;

export class MalformedPayloadError extends Error {}

/** A queue job (name and data, as BullMQ hands it over) as a payload of the union. */
export function queuePayload(job: { name: string; data: unknown }): QueuePayload {
  const { name, data } = job;
  switch (name) {
    case 'chunk':
      return { kind: 'chunk', runId: whole(name, data, 'runId'), chunkNo: whole(name, data, 'chunkNo') };
    case 'finalize':
      return { kind: 'finalize', runId: whole(name, data, 'runId') };
    case 'scheduled-run': {
      const within = field(data, 'inputsImportedWithin');
      return {
        kind: 'scheduled-run',
        job: text(name, data, 'job'),
        target: text(name, data, 'target'),
        ...(within === undefined ? {} : { inputsImportedWithin: text(name, data, 'inputsImportedWithin') }),
      };
    }
    default:
      throw new MalformedPayloadError(`queue job ${JSON.stringify(name)} is no job of the pipeline (${JOB_KINDS.join(', ')})`);
  }
}

const JOB_KINDS: readonly QueueJobName[] = ['chunk', 'finalize', 'scheduled-run'];

function field(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null ? Reflect.get(data, key) : undefined;
}

function whole(name: string, data: unknown, key: string): number {
  const value = field(data, key);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new MalformedPayloadError(`queue job ${name}: ${key} is not a whole number`);
  }
  return value;
}

function text(name: string, data: unknown, key: string): string {
  const value = field(data, key);
  if (typeof value !== 'string') throw new MalformedPayloadError(`queue job ${name}: ${key} is not a text`);
  return value;
}
