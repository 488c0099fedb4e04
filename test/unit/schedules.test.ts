/** The jobs' schedules, a schedules file and the year a firing settles; no services needed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allJobs } from '../../jobs/registry.ts';
import {
  fundDate,
  fundDateTime,
  loadSchedules,
  ScheduleFileError,
  defaultSchedules,
  targetYear,
  validateSchedules,
  windowMs,
} from '../../src/queue/schedules.ts';
import { staleInputs } from '../../src/queue/freshness.ts';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-schedules-unit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function problemsOf(content: unknown): string[] {
  try {
    validateSchedules(content, 'test.json', NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleFileError);
    return (error as ScheduleFileError).problems;
  }
  throw new Error('expected the file to be refused');
}

describe('the schedules file', () => {
  it("the jobs' own schedules are the schedules of pipeline.md and rules-nordost-bonus-plan.md", () => {
    const defaults = defaultSchedules(allJobs());
    // The same checks a schedules file gets (pattern, zone, target, one per job).
    expect(validateSchedules(defaults, 'the jobs', NOW)).toEqual(defaults);
    // by month, then hour (2 May: § 18a at 02:00, the Nordost plan at 03:00)
    const fields = (p: string) => p.split(' ');
    const byFiring = defaults.sort(
      (a, b) => fields(a.pattern)[3]!.localeCompare(fields(b.pattern)[3]!) || Number(fields(a.pattern)[1]) - Number(fields(b.pattern)[1]),
    );
    expect(byFiring).toEqual([
      { job: 'levy', pattern: '0 2 20 1 *', tz: 'Europe/Berlin', target: 'previous-year' },
      { job: 'bonus-crediting', pattern: '0 2 1 4 *', tz: 'Europe/Berlin', target: 'previous-year' },
      { job: 'tariff-settlement', pattern: '0 2 2 5 *', tz: 'Europe/Berlin', target: 'previous-year' },
      { job: 'nordost-bonus-plan', pattern: '0 3 2 5 *', tz: 'Europe/Berlin', target: 'previous-year' },
    ]);
  });

  it('accepts 6-field patterns with seconds', () => {
    expect(
      validateSchedules([{ job: 'levy', pattern: '30 15 10 23 11 *', tz: 'Europe/Berlin', target: 'previous-year' }], 'x', NOW),
    ).toHaveLength(1);
  });

  it('lists every problem of the file in one error', () => {
    const problems = problemsOf([
      { job: 'levi', pattern: '0 2 20 1 *', tz: 'Europe/Berlin', target: 'previous-year' },
      { job: 'levy', pattern: '0 25 20 1 *', tz: 'Europe/Berlin', target: 'previous-year' },
      { job: 'bonus-crediting', pattern: '0 2 1 4 *', target: 'previous-year' },
      { job: 'levy', pattern: '0 2 21 1 *', tz: 'Europe/Berlin', target: 'previous-year' },
      { job: 'tariff-settlement', pattern: '0 2 2 5 *', tz: 'Europe/Berlin', target: 'current-year' },
      { job: 'tariff-settlement', pattern: '0 2 2 5 *', tz: 'Mars/Olympus', target: 'previous-year', timezone: 'x' },
      { job: 'levy', pattern: '0 2 30 2 *', tz: 'Europe/Berlin', target: 'previous-year' },
      { job: 'levy', pattern: '', tz: 'Europe/Berlin', target: 'previous-year' },
      'levy',
    ]);
    expect(problems).toEqual([
      'entry 1: unknown job "levi" (jobs: tariff-settlement, bonus-crediting, levy, nordost-bonus-plan)',
      expect.stringMatching(/^entry 2: pattern "0 25 20 1 \*" is not a valid cron pattern: .*25.*/),
      expect.stringMatching(/^entry 3: tz is missing/),
      'entry 4: job levy is scheduled twice (entries 2 and 4); one schedule per job',
      'entry 5: unknown target "current-year" (targets: previous-year)',
      'entry 6: unknown field "timezone" (fields: job, pattern, tz, target, inputsImportedWithin)',
      'entry 6: job tariff-settlement is scheduled twice (entries 5 and 6); one schedule per job',
      expect.stringMatching(/^entry 6: tz "Mars\/Olympus" is not an IANA time zone/),
      'entry 7: job levy is scheduled twice (entries 2 and 7); one schedule per job',
      expect.stringMatching(/^entry 7: pattern "0 2 30 2 \*" is not a valid cron pattern/),
      'entry 8: job levy is scheduled twice (entries 2 and 8); one schedule per job',
      'entry 8: pattern "" is not a cron pattern',
      'entry 9: must be an object {"job", "pattern", "tz", "target"}',
    ]);
  });

  it('names the file, and refuses a file that is not a list, is empty, is not JSON or is missing', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{ "job": ');
    expect(() => loadSchedules(file, NOW)).toThrow(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has a problem:\n  - is not valid JSON`),
    );
    expect(problemsOf({ job: 'levy' })).toEqual(['must be a JSON array of {"job", "pattern", "tz", "target"} objects']);
    expect(problemsOf([])).toEqual([expect.stringMatching(/lists no schedule .*yearend schedule remove/)]);
    expect(() => loadSchedules(path.join(dir, 'missing.json'), NOW)).toThrow(/missing\.json has a problem:\n {2}- cannot be read: ENOENT/);
  });
});

describe('input freshness (inputsImportedWithin)', () => {
  it('is an optional window of whole days or hours, checked with the rest of the file', () => {
    const entry = { job: 'levy', pattern: '0 2 20 1 *', tz: 'Europe/Berlin', target: 'previous-year' };
    expect(validateSchedules([{ ...entry, inputsImportedWithin: '14d' }], 'f', NOW)).toEqual([{ ...entry, inputsImportedWithin: '14d' }]);
    // Absent stays absent: a schedule without it is installed exactly as before.
    expect(validateSchedules([entry], 'f', NOW)).toEqual([entry]);
    expect(problemsOf([{ ...entry, inputsImportedWithin: '2 weeks' }])).toEqual([
      'entry 1: inputsImportedWithin "2 weeks" is not a window of days or hours (e.g. "14d", "36h")',
    ]);
    expect(problemsOf([{ ...entry, inputsImportedWithin: 14 }])).toEqual([
      'entry 1: inputsImportedWithin 14 is not a window of days or hours (e.g. "14d", "36h")',
    ]);
    expect(windowMs('14d')).toBe(14 * 86_400_000);
    expect(windowMs('36h')).toBe(36 * 3_600_000);
    for (const bad of ['0d', '14', 'd', '1.5d', '14D', ' 14d', '14w']) expect(windowMs(bad)).toBeNull();
  });

  it('is measured back from the firing time: older imports and files never imported are stale', () => {
    const firedAt = Date.parse('2026-01-20T01:00:00Z');
    const inputs = [
      { file: 'members.csv', importedAt: '2026-01-06T01:00:00.000Z' }, // exactly 14 days before: within
      { file: 'employers.csv', importedAt: '2026-01-06T00:59:59.999Z' }, // a millisecond older: stale
      { file: 'pay_months.csv', importedAt: '2026-01-19T12:00:00.000Z' },
      { file: 'u1_elections.csv', importedAt: null },
    ];
    expect(staleInputs(inputs, firedAt, windowMs('14d')!).map((i) => i.file)).toEqual(['employers.csv', 'u1_elections.csv']);
    expect(staleInputs(inputs, firedAt, windowMs('36h')!).map((i) => i.file)).toEqual(['members.csv', 'employers.csv', 'u1_elections.csv']);
  });
});

describe('the year a firing settles', () => {
  it('is the year before the firing day in Berlin', () => {
    // 01:30 on 1 January in Berlin is still 31 December in UTC: the new year has begun.
    const newYear = Date.parse('2027-01-01T00:30:00Z');
    expect(fundDate(newYear)).toBe('2027-01-01');
    expect(fundDateTime(newYear)).toBe('2027-01-01 01:30:00');
    expect(targetYear(newYear, null)).toBe(2026);
    // 23:30 UTC on 31 December is already 00:30 on 1 January in Berlin.
    expect(targetYear(Date.parse('2026-12-31T23:30:00Z'), null)).toBe(2026);
    expect(targetYear(Date.parse('2026-12-31T22:30:00Z'), null)).toBe(2025);
  });

  it('follows summer time: 02:00 on 1 April in Berlin is midnight UTC', () => {
    const bonus = Date.parse('2027-04-01T00:00:00Z');
    expect(fundDateTime(bonus)).toBe('2027-04-01 02:00:00');
    expect(fundDate(Date.parse('2027-03-31T23:59:59Z'))).toBe('2027-04-01');
    expect(targetYear(bonus, null)).toBe(2026);
  });

  it('YEAREND_TODAY decides the year instead of the firing time', () => {
    expect(targetYear(Date.parse('2030-06-01T12:00:00Z'), '2026-05-04')).toBe(2025);
  });
});
