/**
 * The deadline watch of `status` (pipeline.md, "The three yearly jobs"): by when a job's year
 * must be released, and whether that is approaching or has passed without a released run. Each
 * job declares its deadline in its plug-in (`deadline`: e.g. § 18a, 30 June Y+1, statutory).
 * Pure: today's date is passed in (YEAREND_TODAY or the Berlin date).
 *
 * Decision where the spec is silent: the operational targets warn, like § 18a, from the first
 * day of the deadline's month (1 April, 1 January).
 */
import { dayNumber, firstOfMonth, parts, type IsoDate } from '../dates.ts';
import type { DeadlineRule, JobName } from './job-definition.ts';

export interface Deadline {
  due: IsoDate;
  warnFrom: IsoDate;
  kind: 'statutory' | 'operational';
}

/** A job as the deadline watch sees it: its name and its deadline rule. */
export interface DeadlineOwner {
  name: JobName;
  deadline: DeadlineRule;
}

export function deadlineOf(job: DeadlineOwner, year: number): Deadline {
  const due = job.deadline.due(year);
  return { due, warnFrom: firstOfMonth(due), kind: job.deadline.kind };
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

export function watchDeadline(
  job: DeadlineOwner,
  year: number,
  today: IsoDate,
  released: { runId: number; on: IsoDate } | null,
): DeadlineWatch {
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
  return { job: job.name, year, ...deadline, state, daysLeft, releasedRunId: released?.runId ?? null, releasedOn: released?.on ?? null };
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
