/** `yearend run <job> --year Y [--dry-run] [--wait] [--json] [--by NAME]` and `resume <run>`. */
import { todayOf } from '../../config.ts';
import { probeRedis } from '../../queue/connection.ts';
import { startRun } from '../../runs/create-run.ts';
import { dispatchRun } from '../../queue/dispatch.ts';
import { FINISHED, isIn, resumeRun, WITH_RESULTS } from '../../runs/lifecycle.ts';
import { chunkProgress, getRun, type RunRecord } from '../../runs/run-store.ts';
import { JOBS } from '../../../jobs/registry.ts';
import type { JobName } from '../../job-names.ts';
import { readyDatabase, type Context } from '../context.ts';
import { progressBar } from '../progress.ts';

export interface RunOptions {
  year: number;
  dryRun: boolean;
  wait: boolean;
  json: boolean;
  by: string;
}

export async function runCommand(ctx: Context, jobName: JobName, options: RunOptions): Promise<number> {
  const job = JOBS[jobName];
  const database = await readyDatabase(ctx);
  if (ctx.config.redisUrl) await checkRedis(ctx);
  if (!options.json) process.stderr.write(`mode: ${ctx.modeText()}\n`);
  const run = await startRun(database.db, job, {
    year: options.year,
    dryRun: options.dryRun,
    startedBy: options.by,
    asOf: todayOf(ctx.config),
    mode: ctx.config.redisUrl ? 'queue' : 'in-process',
    chunkSize: ctx.config.chunkSize,
  });
  if (!options.json) process.stderr.write(`run ${run.id}: ${run.job} ${run.year} (${run.kind}), ${run.chunk_count} chunks\n`);
  return execute(ctx, run, options);
}

export async function resumeCommand(ctx: Context, runId: number, options: { wait: boolean; json: boolean }): Promise<number> {
  const database = await readyDatabase(ctx);
  // A stale run (its workers or its in-process runner died) is failed with the reason first;
  // failed chunks become pending again, done chunks stay done and are not redone.
  const run = await resumeRun(database.db, runId, {
    staleAfterMs: ctx.config.staleAfterMs,
    ready: async () => {
      if (ctx.config.redisUrl) await checkRedis(ctx);
    },
  });
  const progress = await chunkProgress(database.db, runId);
  if (!options.json) process.stderr.write(`resuming run ${runId}: ${progress.total - progress.done} of ${progress.total} chunks to do\n`);
  return execute(ctx, run, { ...options, wait: options.wait });
}

async function checkRedis(ctx: Context): Promise<void> {
  const policy = await probeRedis(ctx.config.redisUrl!);
  if (policy !== 'noeviction') {
    ctx.log.warn({ policy }, 'Redis maxmemory-policy should be noeviction: an evicted job is a lost chunk');
  }
}

async function execute(ctx: Context, run: RunRecord, options: { wait: boolean; json: boolean }): Promise<number> {
  const deps = await ctx.deps();
  const bar = options.json ? null : progressBar(`run ${run.id}`);
  let done = (await chunkProgress(deps.db, run.id)).done;
  if (!ctx.config.redisUrl) {
    // Embedded/in-process: the run always completes in this process.
    try {
      await dispatchRun(deps, ctx.config, run.id, () => bar?.update(++done, run.chunk_count));
    } catch (error) {
      ctx.log.error({ runId: run.id, err: (error as Error).message }, 'run failed');
    }
    bar?.done();
    return finish(ctx, run.id, options.json);
  }
  await dispatchRun(deps, ctx.config, run.id);
  if (!options.wait) {
    if (options.json)
      process.stdout.write(JSON.stringify({ runId: run.id, job: run.job, year: run.year, kind: run.kind, status: 'queued' }) + '\n');
    else process.stdout.write(`run ${run.id} queued; watch it with \`yearend status ${run.id}\`\n`);
    return 0;
  }
  await waitForRun(ctx, run.id, bar);
  return finish(ctx, run.id, options.json);
}

export async function waitForRun(
  ctx: Context,
  runId: number,
  bar: ReturnType<typeof progressBar> | null,
  pollMs = 500,
): Promise<RunRecord> {
  const { db } = await ctx.database();
  for (;;) {
    const run = await getRun(db, runId);
    const progress = await chunkProgress(db, runId);
    bar?.update(progress.done, progress.total, run.status === 'running' && progress.done === progress.total ? 'writing workbook' : '');
    if (isIn(FINISHED, run.status)) {
      bar?.done();
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function finish(ctx: Context, runId: number, json: boolean): Promise<number> {
  const { db } = await ctx.database();
  const run = await getRun(db, runId);
  const counts = await JOBS[run.job].storage.counts(db, runId);
  const ok = isIn(WITH_RESULTS, run.status);
  if (json) {
    process.stdout.write(
      JSON.stringify({ runId: run.id, job: run.job, year: run.year, kind: run.kind, status: run.status, counts, reports: run.reports }) +
        '\n',
    );
  } else if (ok) {
    process.stdout.write(`run ${run.id} ${run.status}: ${resultCounts(counts)}\n` + run.reports.map((r) => `workbook: ${r}\n`).join(''));
  } else {
    process.stdout.write(`run ${run.id} ${run.status}: ${run.error ?? 'no reason recorded'}\n`);
    if (run.status === 'failed') process.stdout.write(`fix the cause, then \`yearend resume ${run.id}\`\n`);
  }
  return ok ? 0 : 1;
}

/**
 * One word per concept (issue 10, guard 5): "rejected" is an input row the import refused;
 * "Klärfälle" are the run's cases for a human decision (the workbook's sheet), "held" those of
 * them whose money waits for the decision.
 */
export function resultCounts(counts: { rows: number; held: number; exceptions: number }): string {
  return `${counts.rows} rows, ${counts.exceptions} Klärfälle (${counts.held} held)`;
}
