/**
 * `cancel`, `approve`, `release`, `decide`, `dismiss`: status changes (dismiss: a mark on a failed
 * or cancelled run, its status unchanged), guarded by the run lifecycle
 * (src/runs/lifecycle.ts). Four eyes: the approver, the releaser and whoever decides a Klärfall
 * must not be the person who started the run; a dry run can never be approved. Approve and release write the workbook again, so its
 * Übersicht shows who approved and released; release also writes the payment list.
 */
import { todayOf } from '../../config.ts';
import type { Decision } from '../../db/schema.ts';
import { momentOnDay } from '../../payments/file-moment.ts';
import { decideKlaerfall } from '../../runs/decide.ts';
import { releaseRun } from '../../runs/release.ts';
import { writeRunReports } from '../../runs/run-reports.ts';
import { approveRun, cancelRun, dismissRun } from '../../runs/lifecycle.ts';
import { getRun } from '../../runs/run-store.ts';
import { dispositionSentences, paymentSentences } from '../money-lines.ts';
import { dispositionTotals } from '../../runs/payment-dispositions.ts';
import { JOBS } from '../../../jobs/registry.ts';
import { CliError, readyDatabase, type Context } from '../context.ts';

export async function cancelCommand(ctx: Context, runId: number): Promise<number> {
  const { db } = await readyDatabase(ctx);
  await cancelRun(db, runId);
  process.stdout.write(`run ${runId} cancelled; chunks still queued will be skipped\n`);
  return 0;
}

export async function dismissCommand(ctx: Context, runId: number, by: string, note: string): Promise<number> {
  const { db } = await readyDatabase(ctx);
  await dismissRun(db, runId, by, note);
  const run = await getRun(db, runId);
  process.stdout.write(`run ${runId} (${run.job} ${run.year}, ${run.status}) dismissed by ${by}; the deadline watch no longer counts it\n`);
  return 0;
}

export async function approveCommand(ctx: Context, runId: number, by: string): Promise<number> {
  const { db } = await readyDatabase(ctx);
  await approveRun(db, runId, by);
  process.stdout.write(`run ${runId} approved by ${by}\n`);
  await rewriteReports(ctx, runId);
  return 0;
}

export async function releaseCommand(ctx: Context, runId: number, by: string): Promise<number> {
  const { db } = await readyDatabase(ctx);
  const run = await getRun(db, runId);
  const today = todayOf(ctx.config);
  const summary = await releaseRun(db, JOBS[run.job], run, by, today, {
    outputDir: ctx.config.outputDir,
    moment: momentOnDay(today, new Date()),
  });
  process.stdout.write(`run ${runId} released by ${by}\n`);
  for (const f of summary.files) process.stdout.write(`written: ${f}\n`);
  for (const line of paymentSentences(summary.payments)) process.stdout.write(`${line}\n`);
  for (const line of dispositionSentences(runId, await dispositionTotals(db, runId))) process.stdout.write(`${line}\n`);
  if (summary.openKlaerfaelle > 0) {
    process.stdout.write(
      `${summary.openKlaerfaelle} Klärfälle had no decision: nothing was paid or collected for them; they come back with a correction run\n`,
    );
  }
  await rewriteReports(ctx, runId);
  return 0;
}

export async function decideCommand(
  ctx: Context,
  runId: number,
  key: string,
  decision: Decision,
  options: { by: string; note: string; type?: string },
): Promise<number> {
  const { db } = await readyDatabase(ctx);
  const run = await getRun(db, runId);
  const recorded = await decideKlaerfall(db, run, { key, decision, ...options });
  process.stdout.write(
    `run ${runId}: ${recorded.itemType} ${recorded.itemKey} (${recorded.codes.join(', ')}) ${decision === 'approve' ? 'approved' : 'rejected'} by ${options.by}` +
      (recorded.held
        ? `; the release ${decision === 'approve' ? 'pays or collects its computed amount' : 'pays or collects nothing for it'}`
        : '') +
      '\n',
  );
  process.stdout.write(`the workbook shows it once written again: \`yearend report ${runId}\` (approve and release do so anyway)\n`);
  return 0;
}

/** The status change stands even when a file cannot be written; `report` writes it later. */
async function rewriteReports(ctx: Context, runId: number): Promise<void> {
  try {
    for (const file of await writeRunReports({ ...(await ctx.deps()) }, runId)) process.stdout.write(`written: ${file}\n`);
  } catch (error) {
    throw new CliError(
      `the run's status changed, but its files could not be written (${(error as Error).message}); \`yearend report ${runId}\` writes them again`,
    );
  }
}
