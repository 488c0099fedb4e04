/**
 * The deadline watch, alerted: a job's year that is OVERDUE (the state `yearend status` shows,
 * dismissed runs not counted: deadline-status.ts) is alerted once. Workers check now and then
 * (the stale sweep of `yearend worker`); the claim is a row of alert_sent, so of several workers
 * exactly one sends it, and a later sweep never sends it again. When no channel took the alert
 * the claim is taken back, so the next sweep retries instead of the alert being lost.
 *
 * Where the issue is silent: a year already OVERDUE when alerting is first configured is alerted
 * once then (it is the news operations has not had); nothing is alerted without a channel.
 * Today's date is passed in (YEAREND_TODAY or the Berlin date), as for `status`.
 */
import type { Kysely } from 'kysely';
import type { Alerts } from '../alerts/alerts.ts';
import type { IsoDate } from '../dates.ts';
import type { DB } from '../db/schema.ts';
import type { DeadlineOwner, DeadlineWatch } from './deadlines.ts';
import { watchDeadlines } from './deadline-status.ts';

const KIND = 'deadline-overdue';

/** The overdue years alerted by this call (already alerted ones are not). */
export async function alertOverdueDeadlines(
  deps: { db: Kysely<DB>; alerts?: Alerts },
  today: IsoDate,
  jobs: readonly DeadlineOwner[],
): Promise<DeadlineWatch[]> {
  const alerts = deps.alerts;
  if (!alerts?.enabled) return [];
  const overdue = (await watchDeadlines(deps.db, today, jobs)).filter((w) => w.state === 'overdue');
  const sent: DeadlineWatch[] = [];
  for (const w of overdue) {
    const claimed = await deps.db
      .insertInto('alert_sent')
      .values({ kind: KIND, job: w.job, year: w.year })
      .onConflict((oc) => oc.doNothing())
      .returning('job')
      .executeTakeFirst();
    if (!claimed) continue;
    const delivered = await alerts.send({
      kind: KIND,
      job: w.job,
      year: w.year,
      due: w.due,
      daysOverdue: -w.daysLeft,
      deadline: w.kind,
    });
    if (delivered) sent.push(w);
    else await deps.db.deleteFrom('alert_sent').where('kind', '=', KIND).where('job', '=', w.job).where('year', '=', w.year).execute();
  }
  return sent;
}
