/**
 * Klärfälle decided by hand (pipeline.md, "Runs"): `decide <run> <key> approve|reject`. Four
 * eyes — never the person who started the run. A decision is recorded once per item and run
 * (the table is the audit trail; a changed mind is a correction run) and only before release:
 * the release honours the decisions when it fixes the payment list, and released runs are never
 * changed. Decisions move no figures of the run itself; they decide whether a held item's
 * computed amount is paid (approve) or not (reject).
 */
import type { Kysely } from 'kysely';
import type { DB, Decision } from '../db/schema.ts';
import { DECIDABLE, fourEyesRefusal, isIn } from './lifecycle.ts';
import { PaymentRefusedError, rejectPaymentKlaerfall } from './payment-pay.ts';
import type { RunRecord } from './run-store.ts';

export class DecisionRefusedError extends Error {}

/**
 * Klärfälle whose amount the run's inputs cannot tell (pipeline.md, decision 2026-12): approving
 * one would pay a figure computed without the income, the contributions, the history or the
 * headcount. They can only be rejected (nothing moves now); the missing data comes with a
 * correction run. PROCESSING_ERROR: the rules could not compute the record at all.
 */
export const AMOUNT_UNKNOWN_CODES: ReadonlySet<string> = new Set([
  'INCOME_MISSING',
  'CONTRIBUTIONS_MISSING',
  'HISTORY_MISSING',
  'EXPECTED_HEADCOUNT_MISSING',
  'PROCESSING_ERROR',
]);

export interface DecisionRequest {
  key: string;
  /** item type when a key names Klärfälle of several types (member, declaration, employer, claim) */
  type?: string;
  decision: Decision;
  by: string;
  note: string;
}

export interface RecordedDecision {
  itemType: string;
  itemKey: string;
  codes: string[];
  held: boolean;
}

export async function decideKlaerfall(db: Kysely<DB>, run: RunRecord, request: DecisionRequest): Promise<RecordedDecision> {
  if (run.kind === 'dry')
    throw new DecisionRefusedError(`run ${run.id} is a dry run (VORLÄUFIG): its Klärfälle are decided on the final run`);
  if (run.status === 'released' && (request.type === 'payment' || (await isPaymentKlaerfall(db, run.id, request.key))))
    return decidePaymentKlaerfall(db, run, request);
  if (!isIn(DECIDABLE, run.status)) {
    throw new DecisionRefusedError(
      `run ${run.id} is ${run.status}; Klärfälle are decided on a computed or approved run` +
        (run.status === 'released' ? ' (released runs are never changed: a later decision comes with a correction run)' : ''),
    );
  }
  const fourEyes = fourEyesRefusal(run, request.by, 'decide its Klärfälle');
  if (fourEyes) throw new DecisionRefusedError(fourEyes);
  if (request.note.trim() === '') throw new DecisionRefusedError('a decision needs a reason: --note TEXT');

  let query = db
    .selectFrom('run_exception')
    .select(['item_type', 'code', 'held'])
    .where('run_id', '=', run.id)
    .where('item_key', '=', request.key)
    .where((eb) => eb.or([eb('held', '=', true), eb('item_type', '=', 'declaration')]));
  if (request.type) query = query.where('item_type', '=', request.type);
  const matches = await query.orderBy('item_type').orderBy('code').execute();
  if (matches.length === 0) {
    throw new DecisionRefusedError(
      `"${request.key}" is not a Klärfall of run ${run.id}${request.type ? ` (type ${request.type})` : ''}; the workbook's Klärfälle sheet lists them`,
    );
  }
  const types = [...new Set(matches.map((m) => m.item_type))];
  if (types.length > 1)
    throw new DecisionRefusedError(`"${request.key}" names Klärfälle of several kinds (${types.join(', ')}): add --type`);
  const itemType = types[0]!;
  const unknowable = [...new Set(matches.map((m) => m.code).filter((c) => AMOUNT_UNKNOWN_CODES.has(c)))];
  if (request.decision === 'approve' && unknowable.length > 0) {
    throw new DecisionRefusedError(
      `this Klärfall cannot be approved: its amount is not known from the run's inputs (${unknowable.join(', ')}); ` +
        'import the missing data and start a correction run, or reject it (nothing moves now)',
    );
  }

  await db.transaction().execute(async (trx) => {
    // Locks the run against a release in between: a decision the release did not see must not
    // be recorded on a released run.
    const current = await trx.selectFrom('run').select('status').where('id', '=', run.id).forShare().executeTakeFirstOrThrow();
    if (!isIn(DECIDABLE, current.status)) throw new DecisionRefusedError(`run ${run.id} changed status meanwhile (now ${current.status})`);
    const inserted = await trx
      .insertInto('run_decision')
      .values({
        run_id: run.id,
        item_type: itemType,
        item_key: request.key,
        decision: request.decision,
        decided_by: request.by,
        note: request.note.trim(),
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return;
    const existing = await trx
      .selectFrom('run_decision')
      .selectAll()
      .where('run_id', '=', run.id)
      .where('item_type', '=', itemType)
      .where('item_key', '=', request.key)
      .executeTakeFirstOrThrow();
    throw new DecisionRefusedError(
      `${itemType} ${request.key} of run ${run.id} was already decided (${existing.decision}) by ${existing.decided_by} at ` +
        `${existing.decided_at.toISOString()}; decisions are final`,
    );
  });
  return { itemType, itemKey: request.key, codes: matches.map((m) => m.code), held: matches.some((m) => m.held) };
}

/**
 * A released run's payment Klärfall (payments-and-ledger.md § 2.11: no bank account, no address,
 * payee deceased): only `reject` applies — it ends the Klärfall without transfer (e.g. paid to the
 * heirs by hand). Paying it is `yearend pay <run>` once the data are imported. Four eyes and a
 * note like every decision; final.
 */
async function isPaymentKlaerfall(db: Kysely<DB>, runId: number, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('run_payment_disposition')
    .select('item_key')
    .where('run_id', '=', runId)
    .where('item_key', '=', key)
    .where('kind', '=', 'KLAERFALL')
    .executeTakeFirst();
  return row !== undefined;
}

async function decidePaymentKlaerfall(db: Kysely<DB>, run: RunRecord, request: DecisionRequest): Promise<RecordedDecision> {
  if (request.type !== undefined && request.type !== 'payment')
    throw new DecisionRefusedError(`run ${run.id} is released: only its payment Klärfälle can be decided (--type payment)`);
  if (request.decision !== 'reject') {
    throw new DecisionRefusedError(
      `run ${run.id} is released: a payment Klärfall is paid by \`yearend pay ${run.id}\` once its bank data are imported, ` +
        'or ended without transfer by `reject`',
    );
  }
  const fourEyes = fourEyesRefusal(run, request.by, 'decide its Klärfälle');
  if (fourEyes) throw new DecisionRefusedError(fourEyes);
  if (request.note.trim() === '') throw new DecisionRefusedError('a decision needs a reason: --note TEXT');
  try {
    const ended = await rejectPaymentKlaerfall(db, run, request);
    return { itemType: 'payment', itemKey: ended.item_key, codes: [ended.reason], held: false };
  } catch (error) {
    if (error instanceof PaymentRefusedError) throw new DecisionRefusedError(error.message);
    throw error;
  }
}
