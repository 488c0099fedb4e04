/** `yearend report <run>`: write the run's workbook again (e.g. after a decision or a lost file). */
import { reportPath } from '../../runs/report-files.ts';
import { getRun, runInputs } from '../../runs/run-store.ts';
import { jobOf } from '../../../jobs/registry.ts';
import { CliError, readyDatabase, type Context } from '../context.ts';

export async function reportCommand(ctx: Context, runId: number): Promise<number> {
  const { db } = await readyDatabase(ctx);
  const run = await getRun(db, runId);
  if (!['computed', 'approved', 'released'].includes(run.status)) {
    throw new CliError(`run ${runId} is ${run.status}; only a computed run has a workbook`);
  }
  const job = jobOf(run.job);
  const file = reportPath(ctx.config.outputDir, run);
  await job.writeWorkbook({
    db, run, inputs: await runInputs(db, runId), totals: await job.totals(db, run), path: file, rowLimit: ctx.config.excelRowLimit,
  });
  process.stdout.write(`workbook: ${file}\n`);
  return 0;
}
