/**
 * The cron schedules of pipeline.md ("Schedules"): per yearly job a cron pattern, its time zone and
 * the target ("previous-year"). Each job's plug-in declares its default (jobs/<job>/job.ts,
 * `schedule`); operations may install their own from a JSON file of the same shape. The file is
 * validated as a whole, so an operator sees every problem at once, and patterns are checked with
 * the cron parser BullMQ itself uses (its `defaultRepeatStrategy`), so a pattern accepted here is
 * a pattern the job scheduler accepts.
 *
 * The time helpers below never read the clock: the firing time or today's date is passed in.
 */
import fs from 'node:fs';
import { defaultRepeatStrategy } from 'bullmq';
import type { IsoDate } from '../dates.ts';
import { JOB_NAMES, type AnyJob, type JobName } from '../runs/job-definition.ts';

/** The fund's calendar: the day a firing settles is a day in Germany, whatever the server's zone. */
export const FUND_TIME_ZONE = 'Europe/Berlin';

export const TARGETS = ['previous-year'] as const;
export type Target = (typeof TARGETS)[number];

export function isTarget(value: unknown): value is Target {
  return (TARGETS as readonly unknown[]).includes(value);
}

export interface Schedule {
  job: JobName;
  /** cron pattern; 5 fields, or 6 with seconds first */
  pattern: string;
  /** IANA time zone the pattern is read in */
  tz: string;
  target: Target;
  /**
   * optional: each input file of the job must have been imported within this window before the
   * firing (`14d`, `36h`), or the firing starts no run (src/queue/freshness.ts)
   */
  inputsImportedWithin?: string;
}

export class ScheduleFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** Job scheduler ids are `yearend-<job>`: one scheduler per job, so re-installing replaces it. */
export const SCHEDULER_ID_PREFIX = 'yearend-';
export function schedulerId(job: JobName): string {
  return `${SCHEDULER_ID_PREFIX}${job}`;
}

/** The schedules the jobs' plug-ins declare, in the order of the jobs given. */
export function defaultSchedules(jobs: readonly AnyJob[]): Schedule[] {
  return jobs.map((job) => ({ job: job.name, ...job.schedule }));
}

export function loadSchedules(file: string, now: number = Date.now()): Schedule[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScheduleFileError(file, [`cannot be read: ${(error as Error).message}`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ScheduleFileError(file, [`is not valid JSON: ${(error as Error).message}`]);
  }
  return validateSchedules(parsed, file, now);
}

const KEYS = ['job', 'pattern', 'tz', 'target', 'inputsImportedWithin'];

/** A freshness window: whole days or hours, e.g. `14d` or `36h`. */
const WINDOW = /^([1-9][0-9]{0,4})([dh])$/;

/** The window in milliseconds, or null when it is not of the form `14d` / `36h`. */
export function windowMs(text: string): number | null {
  const match = WINDOW.exec(text);
  if (!match) return null;
  return Number(match[1]) * (match[2] === 'd' ? 86_400_000 : 3_600_000);
}

/** Every problem of the file in one error; `now` only anchors the check that a pattern ever fires. */
export function validateSchedules(parsed: unknown, file: string, now: number): Schedule[] {
  if (!Array.isArray(parsed)) {
    throw new ScheduleFileError(file, ['must be a JSON array of {"job", "pattern", "tz", "target"} objects']);
  }
  // An empty list would make `schedule install` remove every schedule: say so with `schedule remove`.
  if (parsed.length === 0)
    throw new ScheduleFileError(file, ['lists no schedule (to remove all schedules, use `yearend schedule remove`)']);
  const problems: string[] = [];
  const firstEntryOf = new Map<string, number>();
  const schedules: Schedule[] = [];
  parsed.forEach((raw: unknown, index) => {
    const at = `entry ${index + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`${at}: must be an object {"job", "pattern", "tz", "target"}`);
      return;
    }
    const entry = raw as Record<string, unknown>;
    const before = problems.length;
    for (const key of Object.keys(entry))
      if (!KEYS.includes(key)) problems.push(`${at}: unknown field "${key}" (fields: ${KEYS.join(', ')})`);
    const { job, pattern, tz, target, inputsImportedWithin } = entry;
    if (typeof job !== 'string' || !(JOB_NAMES as readonly string[]).includes(job)) {
      problems.push(
        `${at}: ${job === undefined ? 'job is missing' : `unknown job ${JSON.stringify(job)}`} (jobs: ${JOB_NAMES.join(', ')})`,
      );
    } else if (firstEntryOf.has(job)) {
      problems.push(`${at}: job ${job} is scheduled twice (entries ${firstEntryOf.get(job)! + 1} and ${index + 1}); one schedule per job`);
    } else {
      firstEntryOf.set(job, index);
    }
    const zoneOk = typeof tz === 'string' && isTimeZone(tz);
    if (tz === undefined)
      problems.push(`${at}: tz is missing (e.g. "${FUND_TIME_ZONE}"; without it the server's zone would decide the day)`);
    else if (!zoneOk) problems.push(`${at}: tz ${JSON.stringify(tz)} is not an IANA time zone (e.g. "${FUND_TIME_ZONE}")`);
    const patternProblem = checkPattern(pattern, zoneOk ? (tz as string) : FUND_TIME_ZONE, now);
    if (patternProblem) problems.push(`${at}: ${patternProblem}`);
    if (target === undefined) problems.push(`${at}: target is missing (targets: ${TARGETS.join(', ')})`);
    else if (!(TARGETS as readonly unknown[]).includes(target))
      problems.push(`${at}: unknown target ${JSON.stringify(target)} (targets: ${TARGETS.join(', ')})`);
    if (inputsImportedWithin !== undefined && (typeof inputsImportedWithin !== 'string' || windowMs(inputsImportedWithin) === null))
      problems.push(
        `${at}: inputsImportedWithin ${JSON.stringify(inputsImportedWithin)} is not a window of days or hours (e.g. "14d", "36h")`,
      );
    if (problems.length === before)
      schedules.push({
        job: job as JobName,
        pattern: pattern as string,
        tz: tz as string,
        target: target as Target,
        ...(inputsImportedWithin === undefined ? {} : { inputsImportedWithin: inputsImportedWithin as string }),
      });
  });
  if (problems.length > 0) throw new ScheduleFileError(file, problems);
  return schedules;
}

function checkPattern(pattern: unknown, tz: string, now: number): string | null {
  if (pattern === undefined) return 'pattern is missing (a cron pattern, e.g. "0 2 20 1 *")';
  // cron-parser reads an empty pattern as "every minute": never what a year-end schedule means.
  if (typeof pattern !== 'string' || pattern.trim() === '') return `pattern ${JSON.stringify(pattern)} is not a cron pattern`;
  try {
    // Returns undefined when the pattern is valid but never fires (e.g. 31 February).
    if (defaultRepeatStrategy(now, { pattern, tz }) === undefined) return `pattern "${pattern}" never fires`;
  } catch (error) {
    return `pattern "${pattern}" is not a valid cron pattern: ${(error as Error).message}`;
  }
  return null;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.trim() !== '';
  } catch {
    return false;
  }
}

/** Wall-clock parts of an instant in the fund's time zone. */
function fundParts(ms: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: FUND_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The day in Berlin of an instant, e.g. 2026-01-01T00:30Z → 2026-01-01 (01:30 in Berlin). */
export function fundDate(ms: number): IsoDate {
  const p = fundParts(ms);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Berlin local time of an instant, `YYYY-MM-DD HH:MM:SS`, for operators reading `schedule list`. */
export function fundDateTime(ms: number): string {
  const p = fundParts(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * The year a firing settles: the year before the firing day in Berlin, or before `today`
 * (YEAREND_TODAY) when that is set, so tests and rehearsals decide the year, not the clock.
 */
export function targetYear(firedAt: number, today: IsoDate | null, target: Target = 'previous-year'): number {
  switch (target) {
    case 'previous-year':
      return Number((today ?? fundDate(firedAt)).slice(0, 4)) - 1;
  }
}
