/**
 * The deadline watch of `status` (pipeline.md, "The three yearly jobs"): by when a job's year
 * must be released, and whether that is approaching or has passed without a released run.
 * Pure: today's date is passed in (YEAREND_TODAY or the Berlin date).
 *
 *   tariff-settlement  30 June Y+1     statutory (§ 18a Abs. 4), warn from 1 June
 *   bonus-crediting    30 April Y+1    operational target
 *   levy               31 January Y+1  operational target (U1 participation for Y+1 must be known)
 *
 * Decision where the spec is silent: the operational targets warn, like § 18a, from the first
 * day of the deadline's month (1 April, 1 January).
 */
import { dayNumber, firstOfMonth, isoDate, parts, type IsoDate } from '../dates.ts';
import type { JobName } from './job-definition.ts';

export interface Deadline {
  due: IsoDate;
  warnFrom: IsoDate;
  kind: 'statutory' | 'operational';
}

const DEADLINES: Record<JobName, (year: number) => Omit<Deadline, 'warnFrom'>> = {
  'tariff-settlement': (y) => ({ due: isoDate(y + 1, 6, 30), kind: 'statutory' }),
  'bonus-crediting': (y) => ({ due: isoDate(y + 1, 4, 30), kind: 'operational' }),
  levy: (y) => ({ due: isoDate(y + 1, 1, 31), kind: 'operational' }),
};

export function deadlineOf(job: JobName, year: number): Deadline {
  const d = DEADLINES[job](year);
  return { ...d, warnFrom: firstOfMonth(d.due) };
}

export type DeadlineState = 'released' | 'released-late' | 'pending' | 'approaching' | 'overdue';

export interface DeadlineWatch extends Deadline {
  job: JobName;
  year: number;
  state: DeadlineState;
  /** days until the deadline (negative: days past it) */
  daysLeft: number;
  releasedRunId: number | null;
  releasedOn: IsoDate | null;
}

export function watchDeadline(job: JobName, year: number, today: IsoDate, released: { runId: number; on: IsoDate } | null): DeadlineWatch {
  const deadline = deadlineOf(job, year);
  const daysLeft = dayNumber(deadline.due) - dayNumber(today);
  const state: DeadlineState = released
    ? released.on <= deadline.due
      ? 'released'
      : 'released-late'
    : today > deadline.due
      ? 'overdue'
      : today >= deadline.warnFrom
        ? 'approaching'
        : 'pending';
  return { job, year, ...deadline, state, daysLeft, releasedRunId: released?.runId ?? null, releasedOn: released?.on ?? null };
}

/**
 * The years `status` watches for a job: the year whose deadline falls in today's year (Y =
 * today's year − 1), and every other year with a run but no release yet, so an overdue year never
 * drops out of sight.
 */
export function watchedYears(today: IsoDate, yearsWithRuns: readonly number[], releasedYears: readonly number[]): number[] {
  const current = parts(today).year - 1;
  const released = new Set(releasedYears);
  const years = new Set([current, ...yearsWithRuns.filter((y) => !released.has(y) && y <= current)]);
  return [...years].sort((a, b) => b - a);
}

export function isWarning(watch: DeadlineWatch): boolean {
  return watch.state === 'approaching' || watch.state === 'overdue';
}
