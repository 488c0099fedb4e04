/**
 * The named sets of run statuses, so no module spells a status list inline. The transitions that
 * move a run between them are in lifecycle.ts, which re-exports these.
 */
import type { RunStatus } from '../db/schema.ts';
import type { RunRecord } from './run-store.ts';

export type StatusSet = readonly RunStatus[];

/** A runner (worker or in-process) works on it; at most one per job and year (index run_one_active). */
export const ACTIVE = ['queued', 'running'] as const satisfies StatusSet;
/** Its figures are complete: exports, workbook, state for the next year, a correction's baseline. */
export const WITH_RESULTS = ['computed', 'approved', 'released'] as const satisfies StatusSet;
/** Nobody works on it any more: `run --wait` stops waiting. */
export const FINISHED = ['computed', 'approved', 'released', 'failed', 'cancelled'] as const satisfies StatusSet;
/** Klärfälle may still be decided: computed, not released yet. */
export const DECIDABLE = ['computed', 'approved'] as const satisfies StatusSet;
/** Finished and never released: only these may lose their details to retention. */
export const PURGEABLE = ['computed', 'approved', 'failed', 'cancelled'] as const satisfies StatusSet;

export function isIn(set: StatusSet, status: RunStatus): boolean {
  return set.includes(status);
}

/** An active run without progress (no chunk, no status change) for `staleAfterMs`. */
export function isStale(run: Pick<RunRecord, 'status' | 'updated_at'>, staleAfterMs: number, now: Date = new Date()): boolean {
  return isIn(ACTIVE, run.status) && now.getTime() - run.updated_at.getTime() > staleAfterMs;
}
