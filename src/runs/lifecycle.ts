/**
 * The run lifecycle: the one module (with chunk-lifecycle.ts beside it, for claim, finish and fail
 * of a chunk) that writes the status of a run or of a chunk. The CLI, the queue worker, the
 * in-process runner, stale-run recovery and purge call the transitions; nothing else changes a
 * status. Every transition is one UPDATE with the statuses it may leave in
 * its WHERE clause, so of two processes racing for the same change exactly one wins, and the loser
 * is told so: a refusal the caller must report throws TransitionRefusedError (its message says
 * what the run is and what would be needed), a refusal that is normal in a race (a chunk of a
 * cancelled run, a second finalize) returns false or null.
 *
 * A run's details purged (retention) freeze its status: the trigger of migration 0008 refuses any
 * later status change, whichever path tries it.
 *
 * ```mermaid
 * stateDiagram-v2
 *     [*] --> queued: start (one active run per job and year)
 *     queued --> running: claim chunk (the first one)
 *     running --> running: claim chunk, finish chunk, take over (stale, by a worker)
 *     queued --> computed: finalize (every chunk done)
 *     running --> computed: finalize (every chunk done)
 *     queued --> failed: fail (a chunk failed for good, stale, process ended)
 *     running --> failed: fail
 *     queued --> cancelled: cancel
 *     running --> cancelled: cancel
 *     failed --> running: resume (failed chunks pending again; done chunks stay)
 *     computed --> approved: approve (four eyes, never a dry run)
 *     approved --> released: release (four eyes, payment list in the same transaction)
 *     released --> [*]
 *     note right of approved
 *         purge: computed, approved, failed and cancelled runs lose their details;
 *         their status is frozen from then on
 *     end note
 *     note left of failed
 *         dismiss (failed or cancelled, once, by and note recorded): a mark, not a status;
 *         the status stays; the deadline watch stops counting the run
 *     end note
 * ```
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, RunStatus, RunTable } from '../db/schema.ts';
import { recordableText } from './error-text.ts';
import { getRun, type RunRecord } from './run-store.ts';
import { ACTIVE, isIn, isStale, PURGEABLE, type StatusSet } from './status-sets.ts';

export { ACTIVE, DECIDABLE, FINISHED, isIn, isStale, PURGEABLE, WITH_RESULTS, type StatusSet } from './status-sets.ts';

// ---------------------------------------------------------------------------------------------
// Refusals

export type TransitionName = 'start' | 'cancel' | 'resume' | 'approve' | 'release' | 'dismiss';

/** A transition the run's status (or the four-eyes rule) does not allow; the message says why. */
export class TransitionRefusedError extends Error {
  constructor(
    readonly runId: number,
    readonly transition: TransitionName,
    message: string,
  ) {
    super(message);
  }
}

/** A release refused (dry run, not approved, four eyes, changed meanwhile). */
export class ReleaseRefusedError extends TransitionRefusedError {
  constructor(runId: number, message: string) {
    super(runId, 'release', message);
  }
}

/** A second start while the job and year have an active run. */
export class ActiveRunExistsError extends Error {}

/**
 * Four eyes (pipeline.md, "Four-eyes release", decision 2026-12): whoever approves, releases or
 * decides a Klärfall never started the run, and the releaser is not the approver. Returns the
 * refusal, or null when `by` may act.
 */
export function fourEyesRefusal(
  run: Pick<RunRecord, 'id' | 'started_by' | 'approved_by'>,
  by: string,
  act: 'approve it' | 'release it' | 'decide its Klärfälle',
): string | null {
  if (by === run.started_by) return `four-eyes rule: ${by} started run ${run.id} and cannot ${act}`;
  if (act === 'release it' && by === run.approved_by)
    return `four-eyes rule: ${by} approved run ${run.id} and cannot release it too; approver and releaser are two different people`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// The primitive

type RunColumns = Partial<Record<'error' | 'totals' | 'reports', string | null>> & { finished?: boolean };

/**
 * Moves a run from one of `from` to `to` in one guarded UPDATE; false when it was in none of
 * `from`. The named transitions below use it; tests use it to set a run up in a given status.
 */
export async function transition(db: Kysely<DB>, runId: number, from: StatusSet, to: RunStatus, extra: RunColumns = {}): Promise<boolean> {
  const result = await db
    .updateTable('run')
    .set({
      status: to,
      updated_at: sql`now()`,
      ...(extra.error !== undefined ? { error: extra.error } : {}),
      ...(extra.totals !== undefined && extra.totals !== null ? { totals: extra.totals } : {}),
      ...(extra.reports !== undefined && extra.reports !== null ? { reports: extra.reports } : {}),
      ...(extra.finished ? { finished_at: sql`now()` } : {}),
    })
    .where('id', '=', runId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------
// start → queued

/**
 * start: the run record, `queued`. A second active run of the job and year fails on the unique
 * index run_one_active and is refused with the active run's id and starter.
 */
export async function recordStart(db: Kysely<DB>, values: Omit<Insertable<RunTable>, 'status'>): Promise<number> {
  try {
    const inserted = await db
      .insertInto('run')
      .values({ ...values, status: 'queued' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  } catch (error) {
    if ((error as { code?: string }).code === '23505' || /run_one_active/.test(String(error))) {
      const active = await db
        .selectFrom('run')
        .select(['id', 'status', 'started_by'])
        .where('job', '=', values.job)
        .where('year', '=', values.year)
        .where('status', 'in', ACTIVE)
        .executeTakeFirst();
      throw new ActiveRunExistsError(
        `${values.job} ${values.year} already has an active run` +
          (active
            ? ` (run ${active.id}, ${active.status}, started by ${active.started_by}); wait for it, or \`yearend cancel ${active.id}\``
            : ''),
      );
    }
    throw error;
  }
}

/** Failed chunks become pending again (resume, take-over); done chunks are never redone. */
async function retryFailedChunks(db: Kysely<DB>, runId: number): Promise<void> {
  await db
    .updateTable('run_chunk')
    .set({ status: 'pending', error: null })
    .where('run_id', '=', runId)
    .where('status', '=', 'failed')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// finalize, fail, cancel

/** finalize: an active run whose chunks are all done becomes computed, with its totals and files. */
export async function recordComputed(db: Kysely<DB>, runId: number, result: { totals: string; reports: string }): Promise<boolean> {
  return transition(db, runId, ACTIVE, 'computed', { ...result, finished: true });
}

/** fail: an active run stops with the reason; false when it was no longer active. */
export async function failRun(db: Kysely<DB>, runId: number, reason: string): Promise<boolean> {
  // The reason often ends in an error message: recorded without the values it may quote.
  return transition(db, runId, ACTIVE, 'failed', { error: recordableText(reason), finished: true });
}

/** cancel: by an operator, only while active; chunks still queued skip themselves (claimChunk). */
export async function cancelRun(db: Kysely<DB>, runId: number): Promise<void> {
  if (await transition(db, runId, ACTIVE, 'cancelled', { error: 'cancelled by operator', finished: true })) return;
  const run = await getRun(db, runId);
  throw new TransitionRefusedError(runId, 'cancel', `run ${runId} is ${run.status}; only a queued or running run can be cancelled`);
}

/** Over and never to be resumed: may be dismissed. */
export const DISMISSABLE = ['failed', 'cancelled'] as const satisfies StatusSet;

/**
 * dismiss: a failed or cancelled run, not dismissed yet, is marked dismissed (who, when, why).
 * A mark, not a status: the status stays; the deadline watch stops counting the run. A resume
 * of a dismissed failed run is not refused (the operator changed their mind; the mark stays).
 */
export async function dismissRun(db: Kysely<DB>, runId: number, by: string, note: string): Promise<void> {
  const refused = (message: string) => new TransitionRefusedError(runId, 'dismiss', message);
  if (!by.trim() || !note.trim()) throw refused(`dismissing run ${runId} needs --by NAME and --note TEXT`);
  const result = await db
    .updateTable('run')
    .set({ dismissed_by: by, dismissed_at: sql`now()`, dismissed_note: note, updated_at: sql`now()` })
    .where('id', '=', runId)
    .where('status', 'in', DISMISSABLE)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return;
  const run = await getRun(db, runId);
  if (run.dismissed_at) throw refused(`run ${runId} was already dismissed by ${run.dismissed_by}: ${run.dismissed_note}`);
  throw refused(`run ${runId} is ${run.status}; only a failed or cancelled run can be dismissed`);
}

/**
 * Embedded mode is one process: a run still active when a process opens the database belongs to a
 * process that ended, and nobody else will ever finish it. All such runs fail; their ids return.
 */
export async function failOrphanedRuns(db: Kysely<DB>): Promise<number[]> {
  const orphaned = await db
    .updateTable('run')
    .set({
      status: 'failed',
      error: 'the process running it ended before it finished (embedded mode)',
      finished_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where('status', 'in', ACTIVE)
    .returning('id')
    .execute();
  return orphaned.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// resume, take over

/**
 * resume: a failed run runs again with its unfinished chunks. A stale run (its runner died) is
 * failed first with the reason; a live active run and a finished one are refused. `ready` is the
 * caller's last check (e.g. Redis reachable) before the run moves.
 */
export async function resumeRun(
  db: Kysely<DB>,
  runId: number,
  options: { staleAfterMs: number; ready?: () => Promise<void> },
): Promise<RunRecord> {
  const run = await getRun(db, runId);
  if (isStale(run, options.staleAfterMs)) {
    await failRun(db, runId, `stale: no progress since ${run.updated_at.toISOString()}`);
  } else if (run.status !== 'failed') {
    throw new TransitionRefusedError(
      runId,
      'resume',
      isIn(ACTIVE, run.status)
        ? `run ${runId} is ${run.status} and made progress ${Math.round((Date.now() - run.updated_at.getTime()) / 1000)} s ago; ` +
            `it can be resumed once it is stale (no progress for ${Math.round(options.staleAfterMs / 1000)} s, STALE_AFTER_MS)`
        : `run ${runId} is ${run.status}; only a failed or stale run can be resumed`,
    );
  }
  await options.ready?.();
  await db.transaction().execute(async (trx) => {
    await retryFailedChunks(trx, runId);
    if (!(await transition(trx, runId, ['failed'], 'running', { error: null }))) {
      throw new TransitionRefusedError(runId, 'resume', `run ${runId} changed status meanwhile`);
    }
  });
  return getRun(db, runId);
}

/** The stale condition of recovery: no progress for `staleSeconds`. */
const staleFor = (staleSeconds: number) => sql<boolean>`updated_at < now() - make_interval(secs => ${staleSeconds})`;

/** Active runs without progress for `staleSeconds`, oldest first. */
export async function staleRuns(db: Kysely<DB>, staleSeconds: number) {
  return db
    .selectFrom('run')
    .select(['id', 'job', 'year', 'mode', 'dispatch_round'])
    .where('status', 'in', ACTIVE)
    .where(staleFor(staleSeconds))
    .orderBy('id')
    .execute();
}

/**
 * take over: a worker claims a stale run for the queue (running, mode queue, failed chunks pending
 * again), guarded by the stale condition so of several workers sweeping at once exactly one wins.
 */
export async function takeOverStaleRun(db: Kysely<DB>, runId: number, staleSeconds: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const won = await trx
      .updateTable('run')
      .set({ status: 'running', mode: 'queue', updated_at: sql`now()` })
      .where('id', '=', runId)
      .where('status', 'in', ACTIVE)
      .where(staleFor(staleSeconds))
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) !== 1) return false;
    await retryFailedChunks(trx, runId);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// approve, release

/** approve: a computed run that is no dry run, by someone other than its starter. */
export async function approveRun(db: Kysely<DB>, runId: number, by: string): Promise<void> {
  const run = await getRun(db, runId);
  const refused = (message: string) => new TransitionRefusedError(runId, 'approve', message);
  if (run.kind === 'dry') throw refused(`run ${runId} is a dry run (VORLÄUFIG) and can never be approved`);
  if (run.status !== 'computed') throw refused(`run ${runId} is ${run.status}; only a computed run can be approved`);
  const fourEyes = fourEyesRefusal(run, by, 'approve it');
  if (fourEyes) throw refused(fourEyes);
  const result = await db
    .updateTable('run')
    .set({ status: 'approved', approved_by: by, approved_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', runId)
    .where('status', '=', 'computed')
    .where('kind', '!=', 'dry')
    .where('started_by', '!=', by)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw refused(`run ${runId} changed status meanwhile`);
}

/**
 * release: an approved run that is no dry run, by someone other than its starter, becomes released
 * together with what `fix` writes (the payment list) in one transaction that holds the run's lock.
 */
export async function releaseRun(
  db: Kysely<DB>,
  run: RunRecord,
  by: string,
  releasedOn: string,
  fix: (trx: Kysely<DB>) => Promise<void>,
): Promise<void> {
  if (run.kind === 'dry') throw new ReleaseRefusedError(run.id, `run ${run.id} is a dry run (VORLÄUFIG) and can never be released`);
  if (run.status !== 'approved')
    throw new ReleaseRefusedError(run.id, `run ${run.id} is ${run.status}; only an approved run can be released`);
  const fourEyes = fourEyesRefusal(run, by, 'release it');
  if (fourEyes) throw new ReleaseRefusedError(run.id, fourEyes);
  await db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('run').select(['status']).where('id', '=', run.id).forUpdate().executeTakeFirstOrThrow();
    if (locked.status !== 'approved')
      throw new ReleaseRefusedError(run.id, `run ${run.id} changed status meanwhile (now ${locked.status})`);
    await fix(trx);
    await trx
      .updateTable('run')
      .set({ status: 'released', released_by: by, released_at: sql`now()`, released_on: releasedOn, updated_at: sql`now()` })
      .where('id', '=', run.id)
      .where('status', '=', 'approved')
      .where('started_by', '!=', by)
      .where('approved_by', '!=', by)
      .execute();
  });
}

// ---------------------------------------------------------------------------------------------
// purge

/** Whether retention may take a run's details: not purged yet, purgeable, finished before `before`. */
export function isPurgeable(run: { status: RunStatus; details_purged_at: Date | null; finished: Date }, before: Date): boolean {
  return run.details_purged_at === null && isIn(PURGEABLE, run.status) && run.finished < before;
}

/**
 * purge: one run, one transaction. The run row is locked and checked again — a run resumed,
 * released or taken as another run's state or baseline since the plan was made is left alone
 * (null) — then `remove` deletes its details and the run is stamped `details_purged_at`, which
 * freezes its status (migration 0008).
 */
export async function purgeRunDetails<T>(
  db: Kysely<DB>,
  runId: number,
  before: Date,
  remove: (trx: Kysely<DB>) => Promise<T>,
): Promise<T | null> {
  return db.transaction().execute(async (trx) => {
    const run = await trx
      .selectFrom('run')
      .select(['status', 'details_purged_at', sql<Date>`coalesce(finished_at, updated_at)`.as('finished')])
      .where('id', '=', runId)
      .forUpdate()
      .executeTakeFirst();
    if (!run || !isPurgeable(run, before)) return null;
    const dependent = await trx
      .selectFrom('run')
      .select('id')
      .where((eb) => eb.or([eb('state_run_id', '=', runId), eb('baseline_run_id', '=', runId)]))
      .where('details_purged_at', 'is', null)
      .executeTakeFirst();
    if (dependent) return null;
    const removed = await remove(trx);
    await trx
      .updateTable('run')
      .set({ details_purged_at: sql`now()` })
      .where('id', '=', runId)
      .where('details_purged_at', 'is', null)
      .where('status', 'in', PURGEABLE)
      .execute();
    return removed;
  });
}
