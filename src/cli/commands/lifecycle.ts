/**
 * `cancel`, `approve`, `release`: status changes with their guards. Four eyes: the approver and
 * the releaser must not be the person who started the run; a dry run can never be approved.
 */
import { sql } from 'kysely';
import { getRun, transition } from '../../runs/run-store.ts';
import { CliError, readyDatabase, type Context } from '../context.ts';

export async function cancelCommand(ctx: Context, runId: number): Promise<number> {
  const { db } = await readyDatabase(ctx);
  const run = await getRun(db, runId);
  if (!(await transition(db, runId, ['queued', 'running'], 'cancelled', { error: 'cancelled by operator', finished: true }))) {
    throw new CliError(`run ${runId} is ${run.status}; only a queued or running run can be cancelled`);
  }
  process.stdout.write(`run ${runId} cancelled; chunks still queued will be skipped\n`);
  return 0;
}

export async function approveCommand(ctx: Context, runId: number, by: string): Promise<number> {
  const { db } = await readyDatabase(ctx);
  const run = await getRun(db, runId);
  if (run.kind === 'dry') throw new CliError(`run ${runId} is a dry run (VORLÄUFIG) and can never be approved`);
  if (run.status !== 'computed') throw new CliError(`run ${runId} is ${run.status}; only a computed run can be approved`);
  if (by === run.started_by) throw new CliError(`four-eyes rule: ${by} started run ${runId} and cannot approve it`);
  const result = await db.updateTable('run').set({ status: 'approved', approved_by: by, approved_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', runId).where('status', '=', 'computed').executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new CliError(`run ${runId} changed status meanwhile`);
  process.stdout.write(`run ${runId} approved by ${by}\n`);
  return 0;
}

export async function releaseCommand(ctx: Context, runId: number, by: string): Promise<number> {
  const { db } = await readyDatabase(ctx);
  const run = await getRun(db, runId);
  if (run.status !== 'approved') throw new CliError(`run ${runId} is ${run.status}; only an approved run can be released`);
  if (by === run.started_by) throw new CliError(`four-eyes rule: ${by} started run ${runId} and cannot release it`);
  const result = await db.updateTable('run').set({ status: 'released', released_by: by, released_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', runId).where('status', '=', 'approved').executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new CliError(`run ${runId} changed status meanwhile`);
  process.stdout.write(`run ${runId} released by ${by}\n`);
  return 0;
}
