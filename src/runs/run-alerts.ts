/**
 * A failed run is alerted by whoever failed it, right after the transition: failRun
 * (lifecycle.ts) stays the one owner of the status and knows nothing of alerts; the callers that
 * fail a run for good (the queue worker, the stale sweep, a scheduled start, the in-process
 * runner) call failRunAndAlert. failRun changes a run once, so a run is alerted once per
 * failure (a resumed run that fails again is alerted again). The alert carries the category of
 * the failure, never the reason's text (it may quote a row); `yearend status <run>` shows that.
 */
import type { RunFailure } from '../alerts/alerts.ts';
import type { ExecuteDeps } from './execute.ts';
import { failRun } from './lifecycle.ts';
import { getRun } from './run-store.ts';

type AlertDeps = Pick<ExecuteDeps, 'db' | 'log' | 'alerts'>;

export async function failRunAndAlert(deps: AlertDeps, runId: number, reason: string, failure: RunFailure): Promise<boolean> {
  const failed = await failRun(deps.db, runId, reason);
  if (failed) await alertRunFailed(deps, runId, failure);
  return failed;
}

/** Never throws: the run is failed already, an alert that cannot go out is a warning. */
export async function alertRunFailed(deps: AlertDeps, runId: number, failure: RunFailure): Promise<void> {
  if (!deps.alerts) return;
  try {
    const run = await getRun(deps.db, runId);
    await deps.alerts.send({ kind: 'run-failed', job: run.job, year: run.year, runId, failure });
  } catch (error) {
    deps.log.warn({ runId, err: (error as Error).message }, 'failed run not alerted: its record could not be read');
  }
}
