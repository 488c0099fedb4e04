/**
 * Recovery of stale runs (pipeline.md: "A run that crashed never stays `running` for ever: a
 * stale run is detected and resumed or failed with a reason"). Every `yearend worker` sweeps
 * now and then:
 *
 * - A queued or running run without progress for STALE_AFTER_MS whose jobs BullMQ still holds
 *   (its current round's finalize job is waiting or active) is left alone: BullMQ itself hands a
 *   dead worker's chunk to another worker (stalled-job check), and a run waiting behind another
 *   run's chunks is not dead.
 * - Otherwise (its jobs were lost, or the in-process runner that ran it died) the worker takes it
 *   over: its unfinished chunks are dispatched to the queue as a new round, exactly as `resume`
 *   does; done chunks are never redone.
 * - A run that has been dispatched MAX_DISPATCH_ROUNDS times and still stalls is failed with the
 *   reason, so an operator looks at it (`yearend resume` tries again by hand).
 *
 * Both are alerted (deps.alerts): a takeover as a warning, a run failed here as a failed run.
 *
 * Claiming a stale run is one UPDATE guarded by the stale condition (lifecycle.ts, take over), so
 * of several workers sweeping at once exactly one takes it over.
 */
import type { Config } from '../config.ts';
import type { ExecuteDeps } from '../runs/execute.ts';
import { dispatchRun } from './dispatch.ts';
import { staleRuns, takeOverStaleRun } from '../runs/lifecycle.ts';
import { failRunAndAlert } from '../runs/run-alerts.ts';

export const MAX_DISPATCH_ROUNDS = 5;

export interface RecoveryOutcome {
  resumed: number[];
  failed: number[];
  alive: number[];
}

/** Whether BullMQ still holds the run's current round (its finalize job waits or runs). */
export type QueueProbe = (runId: number, round: number) => Promise<boolean>;

export async function recoverStaleRuns(deps: ExecuteDeps, config: Config, queueHolds: QueueProbe): Promise<RecoveryOutcome> {
  const outcome: RecoveryOutcome = { resumed: [], failed: [], alive: [] };
  const staleSeconds = config.staleAfterMs / 1000;
  const stale = await staleRuns(deps.db, staleSeconds);
  for (const run of stale) {
    if (run.mode === 'queue' && run.dispatch_round > 0 && (await queueHolds(run.id, run.dispatch_round))) {
      outcome.alive.push(run.id);
      continue;
    }
    if (run.dispatch_round >= MAX_DISPATCH_ROUNDS) {
      if (
        await failRunAndAlert(
          deps,
          run.id,
          `stale: no progress for ${staleSeconds} s after ${run.dispatch_round} dispatch rounds; ` +
            'look at the worker logs, then `yearend resume`',
          'stale',
        )
      )
        outcome.failed.push(run.id);
      continue;
    }
    const claimed = await takeOverStaleRun(deps.db, run.id, staleSeconds);
    if (!claimed) continue; // another worker took it, or it moved meanwhile
    await dispatchRun(deps, config, run.id);
    deps.log.warn({ runId: run.id, previousRounds: run.dispatch_round }, 'stale run taken over: unfinished chunks dispatched again');
    await deps.alerts?.send({ kind: 'stale-run-taken-over', job: run.job, year: run.year, runId: run.id, round: run.dispatch_round + 1 });
    outcome.resumed.push(run.id);
  }
  return outcome;
}
