/** `yearend status [run]`: recent runs, or one run's record with a live progress bar while it runs. */
import { ACTIVE, isIn, isStale, WITH_RESULTS } from '../../runs/lifecycle.ts';
import { chunkProgress, getRun, runInputs } from '../../runs/run-store.ts';
import { todayOf } from '../../config.ts';
import { deadlineLine, watchDeadlines } from '../../runs/deadline-status.ts';
import { allJobs, jobOf, JOBS } from '../../../jobs/registry.ts';
import { readyDatabase, type Context } from '../context.ts';
import { moneyLines, paymentSentences } from '../money-lines.ts';
import { progressBar } from '../progress.ts';
import { paymentTotals } from '../../runs/release.ts';
import { resultCounts, waitForRun } from './run.ts';

export async function statusCommand(ctx: Context, runId: number | undefined, options: { json: boolean }): Promise<number> {
  const { db } = await readyDatabase(ctx);
  if (runId === undefined) {
    const runs = await db.selectFrom('run').selectAll().orderBy('id', 'desc').limit(20).execute();
    const today = todayOf(ctx.config);
    const deadlines = await watchDeadlines(db, today, allJobs());
    if (options.json) {
      process.stdout.write(
        JSON.stringify({
          today,
          runs: runs.map((r) => ({
            runId: r.id,
            job: r.job,
            year: r.year,
            kind: r.kind,
            status: r.status,
            stale: isStale(r, ctx.config.staleAfterMs),
            dismissed: r.dismissed_at ? { by: r.dismissed_by, at: r.dismissed_at, note: r.dismissed_note } : null,
          })),
          deadlines,
        }) + '\n',
      );
      return 0;
    }
    if (runs.length === 0) {
      process.stdout.write('no runs yet; start one with `yearend run tariff-settlement --year 2025`\n');
    } else {
      process.stdout.write('run  job                year  kind        status     started by       created\n');
      for (const r of runs) {
        const progress = await chunkProgress(db, r.id);
        process.stdout.write(
          `${String(r.id).padEnd(4)} ${r.job.padEnd(18)} ${r.year}  ${r.kind.padEnd(10)}  ${r.status.padEnd(9)}  ` +
            `${r.started_by.slice(0, 15).padEnd(15)}  ${r.created_at.toISOString().slice(0, 16).replace('T', ' ')}` +
            (isIn(ACTIVE, r.status) ? `  ${progress.done}/${progress.total} chunks` : '') +
            (isStale(r, ctx.config.staleAfterMs)
              ? '  STALE: no progress — `yearend resume ' + r.id + '` or `yearend cancel ' + r.id + '`'
              : '') +
            (r.dismissed_at ? `  dismissed by ${r.dismissed_by}: ${r.dismissed_note}` : '') +
            '\n',
        );
      }
    }
    process.stdout.write(`\ndeadlines (today ${today}):\n${deadlines.map(deadlineLine).join('\n')}\n`);
    return 0;
  }
  let run = await getRun(db, runId);
  if (isStale(run, ctx.config.staleAfterMs)) {
    process.stdout.write(
      `run ${runId} is stale: no progress since ${run.updated_at.toISOString()}; \`yearend resume ${runId}\` finishes it\n`,
    );
  } else if (isIn(ACTIVE, run.status) && process.stdout.isTTY && !options.json) {
    run = await waitForRun(ctx, runId, progressBar(`run ${runId}`));
  }
  const progress = await chunkProgress(db, runId);
  const inputs = await runInputs(db, runId);
  // The run's figures in the words of `run` (rows, Klärfälle, held) while its details exist.
  const counts = isIn(WITH_RESULTS, run.status) && !run.details_purged_at ? await JOBS[run.job].storage.counts(db, runId) : null;
  // The totals stay on the run record after a purge; the payment list of a release stays too.
  const money = run.totals ? jobOf(run.job).storage.moneyTotals(run.totals) : [];
  const payments = run.status === 'released' ? await paymentTotals(db, runId) : null;
  if (options.json) {
    process.stdout.write(
      JSON.stringify({
        runId: run.id,
        job: run.job,
        year: run.year,
        kind: run.kind,
        status: run.status,
        chunks: progress,
        counts,
        money,
        payments,
        totals: run.totals,
        reports: run.reports,
        error: run.error,
        detailsPurgedAt: run.details_purged_at,
        dismissed: run.dismissed_at ? { by: run.dismissed_by, at: run.dismissed_at, note: run.dismissed_note } : null,
      }) + '\n',
    );
    return 0;
  }
  const lines = [
    `run ${run.id}: ${run.job} ${run.year}, ${run.kind}, ${run.status}`,
    `started by ${run.started_by} at ${run.created_at.toISOString()} (${run.mode}), as of ${run.as_of}`,
    `chunks: ${progress.done}/${progress.total} done, ${progress.failed} failed; ${progress.read} ${JOBS[run.job].keySource.table === 'employer' ? 'employers' : 'persons'} read, ${progress.written} written`,
    ...(counts ? [`results: ${resultCounts(counts)}`] : []),
    ...moneyLines(money),
    ...(payments ? paymentSentences(payments) : []),
    `parameters: ${
      Object.entries(run.parameter_versions)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || '–'
    }`,
    'inputs:',
    ...inputs.map((i) => `  ${i.file_name.padEnd(26)} batch ${i.batch_id}, ${i.rows} rows, sha256 ${i.sha256.slice(0, 16)}…`),
    ...(run.baseline_run_id ? [`correction of released run ${run.baseline_run_id}`] : []),
    ...(run.approved_by ? [`approved by ${run.approved_by} at ${run.approved_at?.toISOString()}`] : []),
    ...(run.released_by ? [`released by ${run.released_by} at ${run.released_at?.toISOString()}`] : []),
    ...(run.details_purged_at
      ? [
          `details purged on ${run.details_purged_at.toISOString().slice(0, 10)} (retention): results, Klärfälle and chunks are gone; this record and its inputs stay`,
        ]
      : []),
    ...(run.dismissed_at
      ? [`dismissed by ${run.dismissed_by} at ${run.dismissed_at.toISOString()}: ${run.dismissed_note} (not counted by the deadline watch)`]
      : []),
    ...run.reports.map((r) => `workbook: ${r}`),
    ...(run.error ? [`error: ${run.error}`] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
