/**
 * `yearend report <run>`: write the run's files again (e.g. after Klärfall decisions or a lost
 * file): the workbook, and for a released run its payment list.
 */
import { isIn, WITH_RESULTS } from '../../runs/lifecycle.ts';
import { writeRunReports } from '../../runs/run-reports.ts';
import { purgedNotice } from '../../runs/purge.ts';
import { getRun } from '../../runs/run-store.ts';
import { CliError, readyDatabase, type Context } from '../context.ts';

export async function reportCommand(ctx: Context, runId: number): Promise<number> {
  const { db } = await readyDatabase(ctx);
  const run = await getRun(db, runId);
  if (!isIn(WITH_RESULTS, run.status)) {
    throw new CliError(`run ${runId} is ${run.status}; only a computed run has a workbook`);
  }
  const purged = purgedNotice(run, 'workbook'); // an empty workbook would look like a run without results
  if (purged) throw new CliError(purged);
  for (const file of await writeRunReports(await ctx.deps(), runId)) process.stdout.write(`written: ${file}\n`);
  return 0;
}
