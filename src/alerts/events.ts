/**
 * What operations is alerted about, and how an alert reads. An event holds only job names, years,
 * run ids, statuses, dates, contract file names and a fixed reason category: never free text
 * from an error or a run record (a chunk's error may quote a row, and a row may hold a member
 * id). Whoever reads an alert is pointed at `yearend status <run>` for the details, which stay
 * where access is controlled.
 */

/** Why a run failed, as a category of where it failed (never the error's text). */
export type RunFailure = 'chunk' | 'finalize' | 'stale' | 'dispatch';

/** Why a scheduled firing failed for good: its start was refused (no retry), or every attempt erred. */
export type FiringFailure = 'refused' | 'error';

/** An input of a run as the freshness check sees it: its contract file and when it was imported. */
export interface InputAge {
  file: string;
  /** ISO instant of the import that loaded the file's current version; null: never imported */
  importedAt: string | null;
}

export type AlertEvent =
  | { kind: 'run-failed'; job: string; year: number; runId: number; failure: RunFailure }
  | { kind: 'scheduled-run-failed'; job: string; year: number | null; failure: FiringFailure; attempts: number }
  | { kind: 'scheduled-run-skipped'; job: string; year: number; runId: number | null; status: string | null }
  | { kind: 'stale-run-taken-over'; job: string; year: number; runId: number; round: number }
  | { kind: 'deadline-overdue'; job: string; year: number; due: string; daysOverdue: number; deadline: 'statutory' | 'operational' }
  | { kind: 'input-stale'; job: string; year: number; within: string; firedAt: string; stale: InputAge[] };

export type AlertKind = AlertEvent['kind'];
export type Severity = 'error' | 'warning' | 'info';

/** An event as the channels send it: a title, a plain text and the event's fields. */
export interface AlertMessage {
  severity: Severity;
  title: string;
  text: string;
  event: AlertEvent;
}

const FAILURE_TEXT: Record<RunFailure, string> = {
  chunk: 'a chunk failed for good (after its retries)',
  finalize: 'the finalize step failed for good (after its retries)',
  stale: 'it made no progress after several dispatch rounds',
  dispatch: 'its chunks could not be queued',
};

export function alertMessage(event: AlertEvent): AlertMessage {
  const head = `${event.job} ${event.year ?? '(year unknown)'}`;
  switch (event.kind) {
    case 'run-failed':
      return message(
        'error',
        `run ${event.runId} failed: ${head}`,
        `Run ${event.runId} (${head}) failed: ${FAILURE_TEXT[event.failure]}. ` +
          `The reason is in \`yearend status ${event.runId}\`; \`yearend resume ${event.runId}\` finishes it once the cause is fixed.`,
        event,
      );
    case 'scheduled-run-failed':
      return message(
        'error',
        `scheduled run failed: ${head}`,
        event.failure === 'refused'
          ? `The scheduled run of ${head} was refused: no run was started (see the worker log and \`yearend status\`).`
          : `The scheduled run of ${head} failed after ${event.attempts} attempts (see the worker log and \`yearend status\`).`,
        event,
      );
    case 'scheduled-run-skipped':
      return message(
        'info',
        `scheduled run skipped: ${head}`,
        event.runId === null
          ? `The scheduled run of ${head} was skipped: a run was started meanwhile (see \`yearend status\`).`
          : `The scheduled run of ${head} was skipped: the year already has run ${event.runId} (${event.status}); see \`yearend status ${event.runId}\`.`,
        event,
      );
    case 'stale-run-taken-over':
      return message(
        'warning',
        `stale run ${event.runId} taken over: ${head}`,
        `Run ${event.runId} (${head}) made no progress and was taken over by a worker: its unfinished chunks were queued again (round ${event.round}). ` +
          `See \`yearend status ${event.runId}\`.`,
        event,
      );
    case 'deadline-overdue':
      return message(
        'error',
        `OVERDUE: ${head}`,
        `${head} is OVERDUE: its ${event.deadline} deadline was ${event.due} (${event.daysOverdue} days ago) and no run is released. See \`yearend status\`.`,
        event,
      );
    case 'input-stale':
      return message(
        'error',
        `scheduled run refused, stale input: ${head}`,
        `The scheduled run of ${head} (fired ${event.firedAt}) was not started: each input must have been imported within ${event.within}, ` +
          `but ${event.stale.map((i) => `${i.file} (${i.importedAt === null ? 'never imported' : `imported ${i.importedAt}`})`).join(', ')} ` +
          'is older. Import current extracts (`yearend import <dir>`), then start the run (`yearend run`).',
        event,
      );
  }
}

function message(severity: Severity, title: string, text: string, event: AlertEvent): AlertMessage {
  return { severity, title: `[yearend] ${title}`, text, event };
}
