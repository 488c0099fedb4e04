/**
 * Release (pipeline.md, "Four-eyes release"): an approved run becomes `released` and its payment
 * list is fixed in one transaction — the status change and the list either both happen or
 * neither does, so a crash between them can never release a run without its list.
 *
 * The payment list is the money this release moves, per item (sql/queries/payment-settled.sql,
 * written by payment-list.sql):
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
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { addMonths, type IsoDate } from '../dates.ts';
import type { DB } from '../db/schema.ts';
import { sqlQuery } from '../db/sql-files.ts';
import type { AnyJob } from './job-definition.ts';
import { releaseRun as recordRelease } from './lifecycle.ts';
import { berlinDateTime } from '../payments/file-moment.ts';
import { storeDispositions } from './payment-dispositions.ts';
import { stagePaymentFiles } from './payment-files.ts';
import { loadPaymentParameters } from './payment-params.ts';
import type { RunRecord } from './run-store.ts';
import { discardStaged, publishStaged, type StagedFile } from './staged-files.ts';

export { ReleaseRefusedError } from './lifecycle.ts';

export interface ReleaseSummary {
  payments: { direction: 'payout' | 'receivable'; category: string; count: number; amount: string }[];
  openKlaerfaelle: number;
  /** the payment files written (XML and CSV), after the commit */
  files: string[];
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

/**
 * Where the release's payment files go and the moment they carry (CreDtTm, § 2.9). Without an
 * output folder the files are still made and validated (the release fails the same way) but not
 * written; `yearend payfile <run>` writes them from the stored rows.
 */
export interface ReleaseFileOptions {
  outputDir: string | null;
  /** the release moment from the pipeline's clock (the CLI: now, on YEAREND_TODAY's day) */
  moment: Date;
}

/**
 * The release transaction (payments-and-ledger.md § 2): the payment list, the dispositions of its
 * rows, the credit-transfer file(s) validated (own checks and both XSDs) and recorded, and the
 * receivables / transfers / postings CSV. Any failure rolls all of it back with the status change.
 * The files are written under temporary names inside the transaction and renamed only after the
 * commit (src/runs/staged-files.ts); a rollback deletes them, so no file of a release that did not
 * happen can be uploaded.
 */
export async function releaseRun(
  db: Kysely<DB>,
  job: AnyJob,
  run: RunRecord,
  by: string,
  releasedOn: IsoDate,
  files: ReleaseFileOptions = { outputDir: null, moment: new Date(`${releasedOn}T10:00:00Z`) },
): Promise<ReleaseSummary> {
  const payoutDue = job.payments.payoutDue(run.year, releasedOn);
  // rules-18a-tariff.md (Decision): a receivable falls due one month after the release; the same
  // for every job's claw-backs (a correction that lowers a payout already made).
  const receivableDue = addMonths(releasedOn, 1);
  let staged: StagedFile[] = [];
  try {
    await recordRelease(db, run, by, releasedOn, async (trx) => {
      await sqlQuery('payment-list.sql', {
        run_id: run.id,
        settled: settledPayments(job, run),
        payout_due: payoutDue,
        receivable_due: receivableDue,
      }).execute(trx);
      const params = await loadPaymentParameters(trx, run.fund, releasedOn);
      const dispositions = await storeDispositions(trx, run, releasedOn, params);
      const fileNos = [...new Set(dispositions.flatMap((d) => (d.fileNo === null ? [] : [d.fileNo])))].sort((a, b) => a - b);
      staged = (
        await stagePaymentFiles(trx, run, {
          fileNos,
          createdAt: berlinDateTime(files.moment),
          fileDate: releasedOn,
          releaseDay: releasedOn,
          by,
          outputDir: files.outputDir,
        })
      ).staged;
    });
  } catch (error) {
    discardStaged(staged);
    throw error;
  }
  const written = publishStaged(staged);
  return { payments: await paymentTotals(db, run.id), openKlaerfaelle: await openKlaerfaelle(db, run.id), files: written };
}

/** What a release of the run moves per item (sql/queries/payment-settled.sql), as a subquery. */
export function settledPayments(job: AnyJob, run: Pick<RunRecord, 'id' | 'job' | 'year'>): RawBuilder<unknown> {
  return sqlQuery('payment-settled.sql', { run_id: run.id, positions: job.payments.positions(run.id), job: run.job, year: run.year });
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
