/**
 * Claim-free months of the last participation overlapping Y (rules-nordost-bonus-plan.md,
 * "Claim-free months and the additional bonus", with the decision of 2026-12). A participation
 * month is claim-free when no chargeable event of the participation falls in it. At the end of Y:
 *  - Y with an event: the participation's months of Y after the month of the last event;
 *  - Y without: the value at the end of Y−1 (0 when the participation started in Y) + its months of Y.
 * Resting months neither count nor break the run (they are no participation months, and an event
 * on a resting day is no event); a class change does not reset it; a new participation starts at 0.
 */
import { isoDate, parts, type IsoDate } from '../../src/dates.ts';
import type { ChargeableEvent } from './events.ts';
import type { NordostParticipation } from './months.ts';
import type { ClaimFreeRecord, ClaimFreeSource } from './types.ts';

export interface ClaimFree {
  /** null when unknown */
  months: number | null;
  source: ClaimFreeSource;
  /** the Y−1 value was needed and is unknown: HISTORY_MISSING */
  historyMissing: boolean;
}

/**
 * The value at the end of Y−1 for the participation starting on `start`: the chosen Y−1 run's row
 * if it names the same start and holds a value, else the history file's row of Y−1 with that start.
 */
export function previousClaimFree(
  year: number,
  start: IsoDate,
  previousRun: ClaimFreeRecord | null,
  history: readonly ClaimFreeRecord[],
): { months: number; source: 'run' | 'history' } | null {
  const matches = (r: ClaimFreeRecord) => r.year === year - 1 && r.participationStart === start && r.claimFreeMonths !== null;
  if (previousRun && matches(previousRun)) return { months: previousRun.claimFreeMonths!, source: 'run' };
  const row = history.find(matches);
  return row ? { months: row.claimFreeMonths!, source: 'history' } : null;
}

export function claimFreeMonths(
  participation: NordostParticipation,
  year: number,
  /** the participation's own months of Y (monthsOf) */
  ownMonths: readonly number[],
  /** the chargeable events of Y on this participation's days */
  events: readonly ChargeableEvent[],
  previousRun: ClaimFreeRecord | null,
  history: readonly ClaimFreeRecord[],
): ClaimFree {
  const startedInYear = participation.range.from >= isoDate(year, 1, 1);
  const previous = () =>
    startedInYear ? { months: 0, source: 'none' as const } : previousClaimFree(year, participation.range.from, previousRun, history);

  if (ownMonths.length === 0) {
    // 2026-12: every day of Y rests — no history needed, never held; the Y−1 value when known.
    const prev = previous();
    return prev
      ? { months: prev.months, source: prev.source, historyMissing: false }
      : { months: null, source: 'none', historyMissing: false };
  }
  const last = events[events.length - 1];
  if (last) {
    const lastMonth = parts(last.on).month;
    return { months: ownMonths.filter((m) => m > lastMonth).length, source: 'none', historyMissing: false };
  }
  const prev = previous();
  if (!prev) return { months: null, source: 'missing', historyMissing: true };
  return { months: prev.months + ownMonths.length, source: prev.source, historyMissing: false };
}
