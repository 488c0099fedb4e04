/**
 * What a worker does when a cron schedule fires: start a normal final run of the job for the
 * previous year, exactly as `yearend run <job> --year Y` does on the queue (startRun, then the
 * flow of its chunks), recorded as started by `scheduler`. Status, reports and four-eyes
 * approval then work as for any run.
 *
 * Where the spec is silent:
 * - A firing is skipped (info log, job completes) when the job and year already have an active
 *   run, or a run that is not a dry run and is computed, approved or released: cron must never
 *   start a second final run or an accidental correction run. A dry run does not count (bonus
 *   dry runs before 1 April are expected); a failed or cancelled run does not either (it is
 *   over; the scheduled run replaces it).
 * - A start the job's rules refuse (PermanentRunError, e.g. bonus crediting before 1 April, or
 *   inputs never imported) fails the scheduled job without retries; the reason is logged.
 * - Other errors (database or Redis down) are retried by BullMQ; an attempt that had created its
 *   run leaves it `failed` with the reason, visible in `status`, as a failed manual start does.
 * - With `inputsImportedWithin` (a schedule entry's option), a firing whose inputs were not all
 *   imported within the window before the firing starts no run and fails without retries
 *   (StaleInputsError, src/queue/freshness.ts); the worker alerts it. The check comes after the
 *   skip check: a year that already has its run needs no fresh inputs.
 * - A skipped firing is alerted (info): a cron job doing nothing should not go unnoticed.
 * Logs and alerts carry job, year and run id only.
 */
import type { Config } from '../config.ts';
import type { IsoDate } from '../dates.ts';
import { ActiveRunExistsError, startRun } from '../runs/create-run.ts';
import { dispatchRun } from './dispatch.ts';
import type { ExecuteDeps } from '../runs/execute.ts';
import { JOB_NAMES, isJobName, PermanentRunError } from '../runs/job-definition.ts';
import { ACTIVE, WITH_RESULTS } from '../runs/lifecycle.ts';
import { failRunAndAlert } from '../runs/run-alerts.ts';
import { inputAges, staleInputs, StaleInputsError } from './freshness.ts';
import type { ScheduledRunData } from './payloads.ts';
import { fundDate, isTarget, targetYear, windowMs } from './schedules.ts';

export type ScheduledRunOutcome = { started: number } | { skipped: number | null };

export interface ScheduledRunContext {
  /** the worker's configuration: chunk size, Redis and YEAREND_TODAY */
  config: Readonly<Config>;
  /** the queue prefix the worker serves: the run's flow goes to the same queue */
  prefix: string;
  /** when the schedule fired (BullMQ's scheduled time of this iteration), ms since the epoch */
  firedAt: number;
}

export async function startScheduledRun(
  deps: ExecuteDeps,
  payload: ScheduledRunData,
  ctx: ScheduledRunContext,
): Promise<ScheduledRunOutcome> {
  const target = payload.target;
  if (!isTarget(target)) {
    throw new PermanentRunError(
      `scheduled run of ${payload.job}: unknown target ${JSON.stringify(payload.target)}; reinstall the schedules`,
    );
  }
  if (!isJobName(payload.job)) {
    throw new PermanentRunError(
      `scheduled run: unknown job ${JSON.stringify(payload.job)} (jobs: ${JOB_NAMES.join(', ')}); fix the schedules file and reinstall it`,
    );
  }
  const job = deps.jobOf(payload.job);
  if (!ctx.config.redisUrl) throw new PermanentRunError('a scheduled run needs the worker to have REDIS_URL');
  const year = targetYear(ctx.firedAt, ctx.config.today, target);
  // The run's "today" is the firing day in Berlin: at 02:00 on 1 April the UTC date may still
  // be 31 March, and bonus crediting would refuse a start the schedule means to allow.
  const asOf: IsoDate = ctx.config.today ?? fundDate(ctx.firedAt);
  const log = deps.log.child({ job: job.name, year });

  const blocking = await deps.db
    .selectFrom('run')
    .select(['id', 'status'])
    .where('job', '=', job.name)
    .where('year', '=', year)
    .where((eb) => eb.or([eb('status', 'in', ACTIVE), eb.and([eb('kind', '!=', 'dry'), eb('status', 'in', WITH_RESULTS)])]))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (blocking) {
    log.info({ runId: blocking.id, status: blocking.status }, 'scheduled run skipped: the year already has this run');
    await deps.alerts?.send({ kind: 'scheduled-run-skipped', job: job.name, year, runId: blocking.id, status: blocking.status });
    return { skipped: blocking.id };
  }

  const within = payload.inputsImportedWithin;
  if (within !== undefined) {
    const window = windowMs(within);
    if (window === null)
      throw new PermanentRunError(
        `scheduled run of ${job.name}: inputsImportedWithin ${JSON.stringify(within)} is no window; reinstall the schedules`,
      );
    const stale = staleInputs(await inputAges(deps.db, job.inputFiles), ctx.firedAt, window);
    if (stale.length > 0) {
      log.error({ within, stale: stale.map((i) => i.file) }, 'scheduled run refused: an input is older than the schedule allows');
      throw new StaleInputsError(job.name, year, within, ctx.firedAt, stale);
    }
  }

  let runId: number;
  try {
    const run = await startRun(deps.db, job, {
      year,
      dryRun: false,
      startedBy: 'scheduler',
      asOf,
      mode: 'queue',
      chunkSize: ctx.config.chunkSize,
    });
    runId = run.id;
  } catch (error) {
    if (error instanceof ActiveRunExistsError) {
      // A manual start won the race since the check above: that run is the year's run.
      log.info('scheduled run skipped: a run was started meanwhile');
      await deps.alerts?.send({ kind: 'scheduled-run-skipped', job: job.name, year, runId: null, status: null });
      return { skipped: null };
    }
    if (error instanceof PermanentRunError) log.error({ reason: error.message }, 'scheduled run refused');
    throw error;
  }
  try {
    await dispatchRun(deps, { ...ctx.config, queuePrefix: ctx.prefix }, runId);
  } catch (error) {
    // Without its flow the run would stay queued until stale: fail it now with the reason.
    await failRunAndAlert(deps, runId, `dispatch of the scheduled run failed: ${(error as Error).message}`, 'dispatch');
    throw error;
  }
  log.info({ runId }, 'scheduled run started');
  return { started: runId };
}
