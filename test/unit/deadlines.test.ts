/** The deadline watch of `status` (pipeline.md, job table): dates, warning windows, years watched. */
import { describe, expect, it } from 'vitest';
import { JOBS } from '../../jobs/registry.ts';
import { deadlineOf, watchDeadline, watchedYears } from '../../src/runs/deadlines.ts';

describe('deadlines', () => {
  it('are 30 June Y+1 (statutory), 30 April Y+1 and 31 January Y+1 (operational), warned from the 1st of their month', () => {
    expect(deadlineOf(JOBS['tariff-settlement'], 2025)).toEqual({ due: '2026-06-30', warnFrom: '2026-06-01', kind: 'statutory' });
    expect(deadlineOf(JOBS['bonus-crediting'], 2025)).toEqual({ due: '2026-04-30', warnFrom: '2026-04-01', kind: 'operational' });
    expect(deadlineOf(JOBS.levy, 2025)).toEqual({ due: '2026-01-31', warnFrom: '2026-01-01', kind: 'operational' });
  });

  it('of the AOK Nordost bonus plan: released by 30 June Y+1 (leaflet), warned from 1 June', () => {
    expect(deadlineOf(JOBS['nordost-bonus-plan'], 2025)).toEqual({ due: '2026-06-30', warnFrom: '2026-06-01', kind: 'statutory' });
    expect(watchDeadline(JOBS['nordost-bonus-plan'], 2025, '2026-05-31', null).state).toBe('pending');
    expect(watchDeadline(JOBS['nordost-bonus-plan'], 2025, '2026-06-01', null).state).toBe('approaching');
    expect(watchDeadline(JOBS['nordost-bonus-plan'], 2025, '2026-07-01', null).state).toBe('overdue');
  });

  it('warn from 1 June, are overdue from 1 July, and are met by a release on or before the day', () => {
    const state = (today: string, released: { runId: number; on: string } | null = null) =>
      watchDeadline(JOBS['tariff-settlement'], 2025, today, released).state;
    expect(state('2026-05-31')).toBe('pending');
    expect(state('2026-06-01')).toBe('approaching');
    expect(state('2026-06-30')).toBe('approaching');
    expect(state('2026-07-01')).toBe('overdue');
    expect(state('2026-07-01', { runId: 4, on: '2026-06-30' })).toBe('released');
    expect(state('2026-07-02', { runId: 4, on: '2026-07-01' })).toBe('released-late');
    expect(watchDeadline(JOBS['tariff-settlement'], 2025, '2026-06-10', null).daysLeft).toBe(20);
    expect(watchDeadline(JOBS.levy, 2025, '2026-02-03', null)).toMatchObject({ state: 'overdue', daysLeft: -3 });
  });

  it('watch last year always, and any earlier year with runs but no release', () => {
    expect(watchedYears('2026-06-10', [], [])).toEqual([2025]);
    expect(watchedYears('2026-06-10', [2023, 2024, 2025, 2026], [2023])).toEqual([2025, 2024]);
  });
});
