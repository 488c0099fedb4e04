/**
 * The deadline watch from the run records: which years to watch and whether each was released.
 * Dry runs and dismissed runs (`yearend dismiss`) are not counted.
 */
import type { Kysely } from 'kysely';
import { berlinDate } from '../config.ts';
import type { IsoDate } from '../dates.ts';
import type { DB } from '../db/schema.ts';
import { watchDeadline, watchedYears, type DeadlineOwner, type DeadlineWatch } from './deadlines.ts';

export async function watchDeadlines(db: Kysely<DB>, today: IsoDate, jobs: readonly DeadlineOwner[]): Promise<DeadlineWatch[]> {
  const runs = await db
    .selectFrom('run')
    .select(['id', 'job', 'year', 'kind', 'status', 'released_on', 'released_at'])
    .where('kind', '!=', 'dry')
    // A dismissed failed or cancelled run is not counted; one resumed after its dismissal (running,
    // computed, released…) counts again, since the mark stays on the record.
    .where((eb) => eb.or([eb('dismissed_at', 'is', null), eb('status', 'not in', ['failed', 'cancelled'])]))
    .orderBy('id')
    .execute();
  const watches: DeadlineWatch[] = [];
  for (const job of jobs) {
    const ofJob = runs.filter((r) => r.job === job.name);
    const released = ofJob.filter((r) => r.status === 'released');
    for (const year of watchedYears(
      today,
      ofJob.map((r) => r.year),
      released.map((r) => r.year),
    )) {
      // the first release of the year is the one that met (or missed) the deadline
      const first = released.find((r) => r.year === year);
      const on = first ? (first.released_on ?? berlinDate(first.released_at!)) : null;
      watches.push(watchDeadline(job, year, today, first && on ? { runId: first.id, on } : null));
    }
  }
  return watches;
}

export function deadlineLine(w: DeadlineWatch): string {
  const head = `  ${w.job.padEnd(18)} ${w.year}  due ${w.due} ${`(${w.kind})`.padEnd(13)}  `;
  switch (w.state) {
    case 'released':
      return `${head}released by run ${w.releasedRunId} on ${w.releasedOn}`;
    case 'released-late':
      return `${head}released late by run ${w.releasedRunId} on ${w.releasedOn}`;
    case 'pending':
      return `${head}not released yet, ${w.daysLeft} days left`;
    case 'approaching':
      return `${head}WARNING: not released yet, ${w.daysLeft === 0 ? 'due today' : `${w.daysLeft} days left`}`;
    case 'overdue':
      return `${head}WARNING: OVERDUE by ${-w.daysLeft} days, no released run`;
  }
}
