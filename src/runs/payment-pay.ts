/**
 * Later files of a released run (payments-and-ledger.md § 2.11):
 *   `yearend pay <run> --by NAME`   the run's payment Klärfälle that now have data (a newer
 *       bank_accounts / addresses import) go into the next file (file_no + 1, CreDtTm = that
 *       moment, execution date per § 2.4 from that day); four eyes: not the run's starter;
 *   `yearend decide <run> <key> reject`   ends a payment Klärfall without transfer (e.g. paid to
 *       heirs by hand), see rejectPaymentKlaerfall.
 * The Klärfall's disposition row stays as the release wrote it (the release's file and its
 * reconciliation do not change); it is marked resolved (who, when) and, when paid, a TRANSFER
 * part is appended (origin 'pay') under the same EndToEndId, for the amount still open: what a
 * correction release's REDUCES_PENDING left of it (§ 2.2, worked example: 150.00 − 30.00).
 */
import { sql, type Kysely } from 'kysely';
import type { IsoDate } from '../dates.ts';
import type { DB } from '../db/schema.ts';
import { Decimal } from '../money.ts';
import { executionDate } from '../payments/calendar.ts';
import { payeeOn } from '../payments/dispositions.ts';
import { fourEyesRefusal } from './lifecycle.ts';
import { berlinDateTime } from '../payments/file-moment.ts';
import { assignFileNumbers, insertDispositions, loadPartyFacts, partyOf, type StoredDisposition } from './payment-dispositions.ts';
import { stagePaymentFiles } from './payment-files.ts';
import { loadPaymentParameters, type PaymentFileParameters } from './payment-params.ts';
import { discardStaged, publishStaged, type StagedFile } from './staged-files.ts';
import type { RunRecord } from './run-store.ts';

export class PaymentRefusedError extends Error {}

export interface OpenPaymentKlaerfall {
  category: 'tariff' | 'bonus_payout' | 'reimbursement' | 'bonus_plan';
  item_key: string;
  part: number;
  n: number;
  reason: string;
  amount: string;
  open: string;
  ledger: 'KV' | 'U1' | 'U2';
  cost_object: 'WT18A' | 'BONUS_CASH' | 'BONUS_PLUS' | 'AAG_U1' | 'AAG_U2';
  due_on: string;
  end_to_end_id: string;
  member_id: string | null;
  employer_id: string | null;
}

/** The run's payment Klärfälle not yet resolved, with the amount corrections left open. */
export async function openPaymentKlaerfaelle(db: Kysely<DB>, runId: number, key?: string): Promise<OpenPaymentKlaerfall[]> {
  const rows = await sql<OpenPaymentKlaerfall>`
    SELECT d.category, d.item_key, d.part, d.n, d.reason, d.amount::text AS amount,
           (d.amount - coalesce((SELECT sum(x.amount) FROM run_payment_disposition x
                                  WHERE x.kind = 'REDUCES_PENDING' AND x.reduces_run_id = d.run_id
                                    AND x.category = d.category AND x.item_key = d.item_key), 0))::text AS open,
           d.ledger, d.cost_object, d.due_on::text AS due_on, d.end_to_end_id, p.member_id, p.employer_id
    FROM run_payment_disposition d
    JOIN run_payment p ON p.run_id = d.run_id AND p.category = d.category AND p.item_key = d.item_key
    WHERE d.run_id = ${runId} AND d.kind = 'KLAERFALL' AND d.resolution IS NULL
      ${key === undefined ? sql`` : sql`AND d.item_key = ${key}`}
    ORDER BY d.category, d.item_key`.execute(db);
  return rows.rows;
}

export function payRefusal(run: RunRecord, by: string): string | null {
  if (run.status !== 'released') return `run ${run.id} is ${run.status}; only a released run has payment Klärfälle to pay`;
  if (!by.trim()) return 'pay needs --by NAME';
  const fourEyes = fourEyesRefusal(run, by, 'decide its Klärfälle');
  return fourEyes;
}

/**
 * Inside the caller's transaction: the Klärfälle that can be paid on `day` become TRANSFER parts
 * with file number `fileNo` (and following, beyond max_transactions_per_file). Returns them; the
 * caller writes the files. A Klärfall whose open amount a correction took to 0 is not paid (it
 * stays listed until rejected: nothing is owed any more).
 */
export async function transfersForOpenKlaerfaelle(
  trx: Kysely<DB>,
  run: RunRecord,
  options: { day: IsoDate; by: string; firstFileNo: number; params: PaymentFileParameters },
): Promise<StoredDisposition[]> {
  const open = await openPaymentKlaerfaelle(trx, run.id);
  if (open.length === 0) return [];
  const facts = await loadPartyFacts(trx, run.id, true);
  const parts = await trx
    .selectFrom('run_payment_disposition')
    .select(['category', 'item_key', sql<number>`max(part)::int`.as('last')])
    .where('run_id', '=', run.id)
    .groupBy(['category', 'item_key'])
    .execute();
  const lastPart = new Map(parts.map((p) => [`${p.category}\u0000${p.item_key}`, p.last]));
  const paid: StoredDisposition[] = [];
  for (const k of open) {
    if (!new Decimal(k.open).greaterThan(0)) continue;
    const execution = executionDate(k.due_on, options.day, options.params.calendar);
    const party = partyOf(k);
    const payee = payeeOn(
      execution,
      {
        diedOn: facts.diedOn.get(party) ?? null,
        bankAccounts: facts.bankAccounts.get(party) ?? [],
        addresses: facts.addresses.get(party) ?? [],
      },
      options.params,
    );
    if (!payee.bank) continue;
    paid.push({
      category: k.category,
      itemKey: k.item_key,
      n: k.n,
      part: (lastPart.get(`${k.category}\u0000${k.item_key}`) ?? k.part) + 1,
      kind: 'TRANSFER',
      reason: null,
      amount: new Decimal(k.open).toFixed(2),
      ledger: k.ledger,
      costObject: k.cost_object,
      dueOn: k.due_on,
      executionDate: execution,
      endToEndId: k.end_to_end_id,
      bank: payee.bank,
      reducesRunId: null,
      fileNo: null,
    });
  }
  assignFileNumbers(paid, options.params, options.firstFileNo);
  for (const d of paid) {
    await trx
      .updateTable('run_payment_disposition')
      .set({ resolution: 'paid', resolved_by: options.by, resolved_at: sql`now()`, resolution_note: `file ${d.fileNo}` })
      .where('run_id', '=', run.id)
      .where('category', '=', d.category)
      .where('item_key', '=', d.itemKey)
      .where('kind', '=', 'KLAERFALL')
      .where('resolution', 'is', null)
      .execute();
  }
  return paid;
}

/**
 * `decide <run> <key> reject` on a released run's payment Klärfall: ends it without transfer.
 * Four eyes (not the run's starter) and a note, like every decision; once only.
 */
export async function rejectPaymentKlaerfall(
  db: Kysely<DB>,
  run: RunRecord,
  request: { key: string; by: string; note: string },
): Promise<OpenPaymentKlaerfall> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('run').select('id').where('id', '=', run.id).forUpdate().executeTakeFirstOrThrow();
    const [open] = await openPaymentKlaerfaelle(trx, run.id, request.key);
    if (!open) {
      const resolved = await trx
        .selectFrom('run_payment_disposition')
        .select(['resolution', 'resolved_by'])
        .where('run_id', '=', run.id)
        .where('item_key', '=', request.key)
        .where('kind', '=', 'KLAERFALL')
        .executeTakeFirst();
      throw new PaymentRefusedError(
        resolved
          ? `the payment Klärfall ${request.key} of run ${run.id} was already ${resolved.resolution} by ${resolved.resolved_by}; decisions are final`
          : `"${request.key}" is not a payment Klärfall of run ${run.id}; the workbook's Klärfälle sheet lists them`,
      );
    }
    await trx
      .updateTable('run_payment_disposition')
      .set({ resolution: 'rejected', resolved_by: request.by, resolved_at: sql`now()`, resolution_note: request.note.trim() })
      .where('run_id', '=', run.id)
      .where('category', '=', open.category)
      .where('item_key', '=', open.item_key)
      .where('part', '=', open.part)
      .execute();
    return open;
  });
}

export interface PayResult {
  paid: number;
  stillOpen: number;
  files: string[];
  records: { fileNo: number; msgId: string; nbOfTxs: number; ctrlSum: string }[];
}

/** `yearend pay <run>`: one transaction; the files are published after its commit (staged-files.ts). */
export async function payRun(
  db: Kysely<DB>,
  run: RunRecord,
  by: string,
  options: { day: IsoDate; moment: Date; outputDir: string | null },
): Promise<PayResult> {
  const refusal = payRefusal(run, by);
  if (refusal) throw new PaymentRefusedError(refusal);
  let staged: StagedFile[] = [];
  let result: Omit<PayResult, 'files' | 'stillOpen'> = { paid: 0, records: [] };
  try {
    await db.transaction().execute(async (trx) => {
      // one `pay` at a time per run: the next file number is taken under the run's lock
      await trx.selectFrom('run').select('id').where('id', '=', run.id).forUpdate().executeTakeFirstOrThrow();
      const last = await trx
        .selectFrom('run_payment_file')
        .select(sql<number>`coalesce(max(file_no), 0)::int`.as('last'))
        .where('run_id', '=', run.id)
        .executeTakeFirstOrThrow();
      const params = await loadPaymentParameters(trx, run.fund, options.day);
      const paid = await transfersForOpenKlaerfaelle(trx, run, { day: options.day, by, firstFileNo: last.last + 1, params });
      if (paid.length === 0) return;
      await insertDispositions(trx, run.id, paid, 'pay');
      const fileNos = [...new Set(paid.map((d) => d.fileNo!))].sort((a, b) => a - b);
      const written = await stagePaymentFiles(trx, run, {
        fileNos,
        createdAt: berlinDateTime(options.moment),
        fileDate: options.day,
        releaseDay: run.released_on!,
        by,
        outputDir: options.outputDir,
      });
      staged = written.staged;
      result = { paid: paid.length, records: written.records };
    });
  } catch (error) {
    discardStaged(staged);
    throw error;
  }
  const files = publishStaged(staged);
  return { ...result, files, stillOpen: (await openPaymentKlaerfaelle(db, run.id)).length };
}
