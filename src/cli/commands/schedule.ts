/**
 * `yearend schedule install|list|remove`: the cron schedules the jobs declare (their plug-ins'
 * `schedule`), or those of a file, as BullMQ job schedulers (one per job, id `yearend-<job>`) on
 * the run queue. `install` makes Redis match them, so running it twice changes nothing; a fired schedule is a `scheduled-run` job that
 * a `yearend worker` turns into a normal final run (src/queue/scheduled-run.ts).
 */
import path from 'node:path';
import { Queue, type JobSchedulerJson } from 'bullmq';
import { probeRedis, redisConnection } from '../../queue/connection.ts';
import { QUEUE_NAME, SCHEDULED_RUN_OPTIONS } from '../../queue/flow.ts';
import { queuePayload, type QueueJobName, type ScheduledRunData } from '../../queue/payloads.ts';
import {
  fundDateTime,
  isTarget,
  loadSchedules,
  defaultSchedules,
  ScheduleFileError,
  SCHEDULER_ID_PREFIX,
  schedulerId,
  targetYear,
  type Schedule,
  type Target,
} from '../../queue/schedules.ts';
import { type JobName } from '../../runs/job-definition.ts';
import { allJobs } from '../../../jobs/registry.ts';
import { CliError, type Context } from '../context.ts';

const JOB_NAME: QueueJobName = 'scheduled-run';

/** A Queue on the configured Redis and prefix, closed after `fn`. */
async function withQueue<T>(ctx: Context, fn: (queue: Queue) => Promise<T>): Promise<T> {
  if (!ctx.config.redisUrl) {
    throw new CliError(
      '`yearend schedule` needs REDIS_URL: schedules are BullMQ job schedulers in Redis, fired into `yearend worker` processes (which need DATABASE_URL too)',
    );
  }
  await probeRedis(ctx.config.redisUrl);
  const connection = redisConnection(ctx.config.redisUrl);
  const queue = new Queue(QUEUE_NAME, { connection, prefix: ctx.config.queuePrefix });
  try {
    return await fn(queue);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Ours: our id prefix and our job name (another scheduler on the queue is left alone). */
async function installedSchedulers(queue: Queue): Promise<JobSchedulerJson<unknown>[]> {
  const all: JobSchedulerJson<unknown>[] = await queue.getJobSchedulers(0, -1, true);
  return all.filter((s) => s.key.startsWith(SCHEDULER_ID_PREFIX) && s.name === JOB_NAME);
}

/** Key-order independent JSON, to compare what Redis holds with what the file asks for. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function sameSchedule(installed: JobSchedulerJson<unknown>, wanted: Schedule): boolean {
  return (
    installed.pattern === wanted.pattern &&
    installed.tz === wanted.tz &&
    canonical(installed.template?.data) === canonical(payloadOf(wanted)) &&
    canonical(installed.template?.opts ?? {}) === canonical(SCHEDULED_RUN_OPTIONS)
  );
}

function payloadOf(s: Schedule): ScheduledRunData {
  return { job: s.job, target: s.target, ...(s.inputsImportedWithin ? { inputsImportedWithin: s.inputsImportedWithin } : {}) };
}

export async function installCommand(ctx: Context, file: string | null): Promise<number> {
  let schedules: Schedule[];
  try {
    schedules = file === null ? defaultSchedules(allJobs()) : loadSchedules(file);
  } catch (error) {
    if (error instanceof ScheduleFileError) throw new CliError(error.message);
    throw error;
  }
  return withQueue(ctx, async (queue) => {
    const before = new Map((await installedSchedulers(queue)).map((s) => [s.key, s]));
    const outcomes = new Map<string, string>();
    for (const s of schedules) {
      const id = schedulerId(s.job);
      const installed = before.get(id);
      // Upserted even when unchanged: it also restores a next firing that went missing in Redis.
      await queue.upsertJobScheduler(
        id,
        { pattern: s.pattern, tz: s.tz },
        { name: JOB_NAME, data: payloadOf(s), opts: SCHEDULED_RUN_OPTIONS },
      );
      outcomes.set(id, !installed ? 'installed' : sameSchedule(installed, s) ? 'unchanged' : 'updated');
    }
    const removed = [...before.keys()].filter((id) => !outcomes.has(id));
    for (const id of removed) await queue.removeJobScheduler(id);
    const now = new Map((await installedSchedulers(queue)).map((s) => [s.key, s]));
    for (const s of schedules) {
      const id = schedulerId(s.job);
      process.stdout.write(`${outcomes.get(id)!.padEnd(9)} ${summary(ctx, now.get(id), s.job, s.pattern, s.tz)}\n`);
    }
    for (const id of removed)
      process.stdout.write(
        `removed   ${id.slice(SCHEDULER_ID_PREFIX.length)} (not in ${file === null ? "the jobs' schedules" : displayFile(file)})\n`,
      );
    return 0;
  });
}

/** What an installed scheduler fires, read back from Redis; null when it is not a scheduled run's. */
function installedData(s: JobSchedulerJson<unknown>): ScheduledRunData | null {
  try {
    const payload = queuePayload({ name: s.name, data: s.template?.data });
    return payload.kind === 'scheduled-run' ? payload : null;
  } catch {
    return null;
  }
}

function targetOf(s: JobSchedulerJson<unknown>): Target {
  const target = installedData(s)?.target;
  return isTarget(target) ? target : 'previous-year';
}

function summary(ctx: Context, s: JobSchedulerJson<unknown> | undefined, job: string, pattern: string, tz: string): string {
  const next = s?.next
    ? `next ${fundDateTime(s.next)} Berlin, settles ${targetYear(s.next, ctx.config.today, targetOf(s))}`
    : 'no next run';
  const within = s ? installedData(s)?.inputsImportedWithin : undefined;
  return `${job}: "${pattern}" (${tz}), ${next}${within ? `, inputs imported within ${within}` : ''}`;
}

export async function listCommand(ctx: Context): Promise<number> {
  return withQueue(ctx, async (queue) => {
    const installed = await installedSchedulers(queue);
    if (installed.length === 0) {
      process.stdout.write(
        `no schedules installed (queue prefix ${ctx.config.queuePrefix}); \`yearend schedule install\` installs the jobs' schedules\n`,
      );
      return 0;
    }
    const rows = installed.map((s) => [
      installedData(s)?.job ?? s.key.slice(SCHEDULER_ID_PREFIX.length),
      s.pattern ?? '',
      s.tz ?? '(server zone)',
      s.next ? fundDateTime(s.next) : '-',
      s.next ? String(targetYear(s.next, ctx.config.today, targetOf(s))) : '-',
    ]);
    const header = ['job', 'pattern', 'time zone', 'next run (Berlin)', 'settles'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const r of [header, ...rows])
      process.stdout.write(
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd() + '\n',
      );
    if (ctx.config.today) process.stdout.write(`(YEAREND_TODAY=${ctx.config.today} sets the year a firing settles)\n`);
    return 0;
  });
}

export async function removeCommand(ctx: Context, job: JobName | undefined): Promise<number> {
  return withQueue(ctx, async (queue) => {
    const ids = job ? [schedulerId(job)] : (await installedSchedulers(queue)).map((s) => s.key);
    if (ids.length === 0) process.stdout.write('no schedules installed: nothing to remove\n');
    for (const id of ids) {
      const name = id.slice(SCHEDULER_ID_PREFIX.length);
      process.stdout.write(
        (await queue.removeJobScheduler(id)) ? `removed ${name}\n` : `${name}: no schedule installed, nothing to remove\n`,
      );
    }
    return 0;
  });
}

function displayFile(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}
