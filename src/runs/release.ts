/**
 * Release (pipeline.md, "Four-eyes release"): an approved run becomes `released` and its payment
 * list is fixed in one transaction — the status change and the list either both happen or
 * neither does, so a crash between them can never release a run without its list.
 *
 * The payment list is the money this release moves, per item:
 *   position   = what the run says is owed (+ the fund pays, − it collects), honouring the
 *                Klärfall decisions: a held item counts once approved; an item whose Klärfall
 *                was rejected counts 0; an item whose Klärfall is still open moves nothing
 *                (it keeps what earlier releases moved, 0 for a first release);
 *   previously = the sum of what earlier releases of the same job and year moved for it;
 *   amount     = position − previously, as a payout (> 0) or a receivable (< 0).
 * A first release pays the full figures; a correction run's release moves only the deltas
 * (pipeline.md: "Only deltas move money"), and the lists of all releases add up to the latest
 * released position. Released lists are never changed.
 */
import { sql, type Kysely } from 'kysely';
import { addMonths, type IsoDate } from '../dates.ts';
import type { DB } from '../db/schema.ts';
import type { AnyJob } from './job-definition.ts';
import { releaseRun as recordRelease } from './lifecycle.ts';
import type { RunRecord } from './run-store.ts';

export { ReleaseRefusedError } from './lifecycle.ts';

export interface ReleaseSummary {
  payments: { direction: 'payout' | 'receivable'; category: string; count: number; amount: string }[];
  openKlaerfaelle: number;
}

/** Held Klärfälle of a run without a decision (they are not paid at release). */
export async function openKlaerfaelle(db: Kysely<DB>, runId: number): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT count(DISTINCT (e.item_type, e.item_key))::int AS n
    FROM run_exception e
    LEFT JOIN run_decision d ON d.run_id = e.run_id AND d.item_type = e.item_type AND d.item_key = e.item_key
    WHERE e.run_id = ${runId} AND e.held AND d.run_id IS NULL`.execute(db);
  return row.rows[0]!.n;
}

export async function releaseRun(db: Kysely<DB>, job: AnyJob, run: RunRecord, by: string, releasedOn: IsoDate): Promise<ReleaseSummary> {
  const payoutDue = job.payments.payoutDue(run.year, releasedOn);
  // rules-18a-tariff.md (Decision): a receivable falls due one month after the release; the same
  // for every job's claw-backs (a correction that lowers a payout already made).
  const receivableDue = addMonths(releasedOn, 1);
  await recordRelease(db, run, by, releasedOn, async (trx) => {
    await sql`
      WITH klaerfall AS (
        -- held Klärfälle of this run; 3 rejected, 2 open, 1 approved (the strictest one wins)
        SELECT e.item_key, max(CASE d.decision WHEN 'reject' THEN 3 WHEN 'approve' THEN 1 ELSE 2 END) AS state
        FROM run_exception e
        LEFT JOIN run_decision d ON d.run_id = e.run_id AND d.item_type = e.item_type AND d.item_key = e.item_key
        WHERE e.run_id = ${run.id} AND e.held
        GROUP BY e.item_key
      ),
      position AS (${job.payments.positions(run.id)}),
      moved AS (
        SELECT p.category, p.item_key, max(p.member_id) AS member_id, max(p.employer_id) AS employer_id, max(p.detail) AS detail,
               sum(CASE p.direction WHEN 'payout' THEN p.amount ELSE -p.amount END) AS amount
        FROM run_payment p JOIN run r ON r.id = p.run_id
        WHERE r.job = ${run.job} AND r.year = ${run.year} AND r.status = 'released'
        GROUP BY p.category, p.item_key
      ),
      item AS (
        SELECT coalesce(n.category, m.category) AS category, coalesce(n.item_key, m.item_key) AS item_key,
               coalesce(n.member_id, m.member_id) AS member_id, coalesce(n.employer_id, m.employer_id) AS employer_id,
               coalesce(n.detail, m.detail) AS detail, coalesce(n.amount, 0) AS computed, coalesce(m.amount, 0) AS previously,
               coalesce(n.held, false) AS held
        FROM position n FULL JOIN moved m ON m.category = n.category AND m.item_key = n.item_key
      ),
      governed AS (
        -- an item is governed by the Klärfall of its own key, its member or its employer
        SELECT i.*, greatest(coalesce(k1.state, 0), coalesce(k2.state, 0), coalesce(k3.state, 0)) AS state
        FROM item i
        LEFT JOIN klaerfall k1 ON k1.item_key = i.item_key
        LEFT JOIN klaerfall k2 ON k2.item_key = i.member_id
        LEFT JOIN klaerfall k3 ON k3.item_key = i.employer_id
      ),
      settled AS (
        SELECT g.*,
               CASE WHEN g.state = 3 THEN 0
                    WHEN g.state = 2 OR (g.held AND g.state = 0) THEN g.previously
                    ELSE g.computed END AS position
        FROM governed g
      )
      INSERT INTO run_payment (run_id, category, item_key, member_id, employer_id, detail, direction, amount, due_on, basis, position, previously)
      SELECT ${run.id}, category, item_key, member_id, employer_id, detail,
             CASE WHEN position > previously THEN 'payout' ELSE 'receivable' END,
             abs(position - previously),
             CASE WHEN position > previously THEN ${payoutDue}::date ELSE ${receivableDue}::date END,
             CASE WHEN state = 1 THEN 'decided' ELSE 'computed' END,
             position, previously
      FROM settled WHERE position <> previously`.execute(trx);
  });
  return { payments: await paymentTotals(db, run.id), openKlaerfaelle: await openKlaerfaelle(db, run.id) };
}

export async function paymentTotals(db: Kysely<DB>, runId: number): Promise<ReleaseSummary['payments']> {
  return db
    .selectFrom('run_payment')
    .select(['direction', 'category', sql<number>`count(*)::int`.as('count'), sql<string>`sum(amount)::text`.as('amount')])
    .where('run_id', '=', runId)
    .groupBy(['direction', 'category'])
    .orderBy('direction')
    .orderBy('category')
    .execute();
}

export const PAYMENT_COLUMNS = [
  'category',
  'item_key',
  'member_id',
  'employer_id',
  'detail',
  'direction',
  'amount',
  'due_on',
  'basis',
  'position',
  'previously',
] as const;
