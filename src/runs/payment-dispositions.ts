/**
 * The dispositions of a release (payments-and-ledger.md § 2.1–2.4), stored in the release
 * transaction: every row of the run's payment list, with the facts it needs read in bulk — the
 * party's bank accounts and addresses of the latest import of bank_accounts.csv / addresses.csv
 * (§ 2.9: "the bank data used (latest import)"), died_on of the latest members.csv, and the open
 * Klärfälle of earlier releases of the same job and year — goes through the pure rules of
 * src/payments/dispositions.ts. Transfers get their file number here: file 1 …, at most
 * `max_transactions_per_file` each, in EndToEndId order.
 *
 * Decision (spec silent): died_on comes from the latest members.csv, not the run's batch — a
 * death reported after the computation must still stop the transfer.
 */
import { sql, type Kysely } from 'kysely';
import type { IsoDate } from '../dates.ts';
import type { DB, PaymentCategory } from '../db/schema.ts';
import type { JobName } from '../job-names.ts';
import {
  dispositionsOf,
  type AddressFact,
  type BankAccountFact,
  type Disposition,
  type PaymentListRow,
  type PendingPayout,
} from '../payments/dispositions.ts';
import { splitIntoFiles } from '../payments/pain001.ts';
import type { CreditTransfer } from '../payments/types.ts';
import type { PaymentFileParameters } from './payment-params.ts';
import type { RunRecord } from './run-store.ts';

/** The party key of a row: a member or an employer (never both, migration 0013). */
export const partyOf = (p: { member_id: string | null; employer_id: string | null }) =>
  p.member_id !== null ? `m:${p.member_id}` : `e:${p.employer_id}`;

export interface PartyFacts {
  bankAccounts: Map<string, BankAccountFact[]>;
  addresses: Map<string, AddressFact[]>;
  diedOn: Map<string, IsoDate>;
}

async function latestBatch(db: Kysely<DB>, fileName: string): Promise<number | null> {
  const row = await db
    .selectFrom('import_file')
    .select(sql<number | null>`max(batch_id)::int`.as('batch'))
    .where('file_name', '=', fileName)
    .executeTakeFirst();
  return row?.batch ?? null;
}

/** Bank accounts, addresses and deaths of the parties of `parties` (a subquery of member_id, employer_id). */
export async function loadPartyFacts(db: Kysely<DB>, runId: number, onlyKlaerfaelle = false): Promise<PartyFacts> {
  const facts: PartyFacts = { bankAccounts: new Map(), addresses: new Map(), diedOn: new Map() };
  const parties = onlyKlaerfaelle
    ? sql`SELECT p.member_id, p.employer_id FROM run_payment p JOIN run_payment_disposition d
            ON d.run_id = p.run_id AND d.category = p.category AND d.item_key = p.item_key
          WHERE p.run_id = ${runId} AND d.kind = 'KLAERFALL' AND d.resolution IS NULL`
    : sql`SELECT member_id, employer_id FROM run_payment WHERE run_id = ${runId} AND direction = 'payout'`;
  const bankBatch = await latestBatch(db, 'bank_accounts.csv');
  if (bankBatch !== null) {
    const rows = await sql<{
      member_id: string | null;
      employer_id: string | null;
      iban: string;
      account_holder: string;
      holder_is_party: boolean;
      valid_from: string;
      valid_to: string | null;
    }>`SELECT b.member_id, b.employer_id, b.iban, b.account_holder, b.holder_is_party, b.valid_from, b.valid_to
       FROM bank_account b
       WHERE b.batch_id = ${bankBatch}
         AND (b.member_id IN (SELECT member_id FROM (${parties}) q) OR b.employer_id IN (SELECT employer_id FROM (${parties}) q))`.execute(
      db,
    );
    for (const r of rows.rows) {
      const list = facts.bankAccounts.get(partyOf(r)) ?? [];
      list.push({
        iban: r.iban,
        accountHolder: r.account_holder,
        holderIsParty: r.holder_is_party,
        validFrom: r.valid_from,
        validTo: r.valid_to,
      });
      facts.bankAccounts.set(partyOf(r), list);
    }
  }
  const addressBatch = await latestBatch(db, 'addresses.csv');
  if (addressBatch !== null) {
    const rows = await sql<{
      member_id: string | null;
      employer_id: string | null;
      street: string;
      building_number: string | null;
      postcode: string | null;
      town: string;
      country: string;
      valid_from: string;
      valid_to: string | null;
    }>`SELECT a.member_id, a.employer_id, a.street, a.building_number, a.postcode, a.town, a.country, a.valid_from, a.valid_to
       FROM address a
       WHERE a.batch_id = ${addressBatch}
         AND (a.member_id IN (SELECT member_id FROM (${parties}) q) OR a.employer_id IN (SELECT employer_id FROM (${parties}) q))`.execute(
      db,
    );
    for (const r of rows.rows) {
      const list = facts.addresses.get(partyOf(r)) ?? [];
      list.push({
        street: r.street,
        buildingNumber: r.building_number,
        postcode: r.postcode,
        town: r.town,
        country: r.country,
        validFrom: r.valid_from,
        validTo: r.valid_to,
      });
      facts.addresses.set(partyOf(r), list);
    }
  }
  const memberBatch = await latestBatch(db, 'members.csv');
  if (memberBatch !== null) {
    const rows = await sql<{ member_id: string; died_on: string }>`
      SELECT m.member_id, m.died_on FROM member m
      WHERE m.batch_id = ${memberBatch} AND m.died_on IS NOT NULL
        AND m.member_id IN (SELECT member_id FROM (${parties}) q)`.execute(db);
    for (const r of rows.rows) facts.diedOn.set(`m:${r.member_id}`, r.died_on);
  }
  return facts;
}

/** Open Klärfälle of earlier releases of the same job and year, per item, with what is still open. */
async function pendingPayouts(db: Kysely<DB>, run: RunRecord): Promise<Map<string, PendingPayout[]>> {
  const rows = await sql<{ run_id: number; category: string; item_key: string; open: string }>`
    SELECT d.run_id::int AS run_id, d.category, d.item_key,
           (d.amount - coalesce((SELECT sum(x.amount) FROM run_payment_disposition x
                                  WHERE x.kind = 'REDUCES_PENDING' AND x.reduces_run_id = d.run_id
                                    AND x.category = d.category AND x.item_key = d.item_key), 0))::text AS open
    FROM run_payment_disposition d JOIN run r ON r.id = d.run_id
    WHERE r.job = ${run.job} AND r.year = ${run.year} AND r.status = 'released' AND r.id <> ${run.id}
      AND d.kind = 'KLAERFALL' AND d.resolution IS NULL
      AND (d.category, d.item_key) IN (SELECT category, item_key FROM run_payment WHERE run_id = ${run.id} AND direction = 'receivable')`.execute(
    db,
  );
  const out = new Map<string, PendingPayout[]>();
  for (const r of rows.rows) {
    const key = `${r.category}\u0000${r.item_key}`;
    out.set(key, [...(out.get(key) ?? []), { runId: r.run_id, open: r.open }]);
  }
  return out;
}

export interface StoredDisposition extends Disposition {
  category: PaymentCategory;
  itemKey: string;
  n: number;
  fileNo: number | null;
}

/** Computes, numbers and stores the dispositions of the run's payment list (inside the release transaction). */
export async function storeDispositions(
  trx: Kysely<DB>,
  run: RunRecord,
  fileDate: IsoDate,
  params: PaymentFileParameters,
): Promise<StoredDisposition[]> {
  const list = await trx
    .selectFrom('run_payment')
    .selectAll()
    .where('run_id', '=', run.id)
    // (category, item_key) in C order: both columns are COLLATE "C" (migration 0007)
    .orderBy('category')
    .orderBy('item_key')
    .execute();
  const facts = await loadPartyFacts(trx, run.id);
  const pending = await pendingPayouts(trx, run);
  const all: StoredDisposition[] = [];
  list.forEach((p, i) => {
    const row: PaymentListRow = {
      category: p.category,
      itemKey: p.item_key,
      memberId: p.member_id,
      employerId: p.employer_id,
      detail: p.detail,
      direction: p.direction,
      amount: p.amount,
      dueOn: p.due_on,
      previously: p.previously,
    };
    const party = partyOf(p);
    for (const d of dispositionsOf({
      job: run.job as JobName,
      year: run.year,
      runId: run.id,
      n: i + 1,
      row,
      fileDate,
      diedOn: facts.diedOn.get(party) ?? null,
      bankAccounts: facts.bankAccounts.get(party) ?? [],
      addresses: facts.addresses.get(party) ?? [],
      pending: pending.get(`${p.category}\u0000${p.item_key}`) ?? [],
      params,
    })) {
      all.push({ ...d, category: p.category, itemKey: p.item_key, n: i + 1, fileNo: null });
    }
  });
  assignFileNumbers(all, params, 1);
  await insertDispositions(trx, run.id, all);
  return all;
}

/**
 * File numbers of the transfers among `dispositions`, from `first` on: at most
 * max_transactions_per_file each, split as the writer splits (splitIntoFiles: file order, a PmtInf
 * kept whole where it fits).
 */
export function assignFileNumbers(dispositions: readonly StoredDisposition[], params: PaymentFileParameters, first: number): void {
  const byId = new Map(dispositions.filter((d) => d.kind === 'TRANSFER').map((d) => [d.endToEndId, d]));
  const shapes: CreditTransfer[] = [...byId.values()].map((d) => ({
    endToEndId: d.endToEndId,
    amount: d.amount,
    executionDate: d.executionDate!,
    ledger: d.ledger,
    debtorIban: params.debtors[d.ledger].iban,
    creditorName: '',
    creditorIban: '',
    creditorAddress: null,
    remittance: '',
  }));
  splitIntoFiles(shapes, params.maxTransactionsPerFile).forEach((file, i) => {
    for (const t of file) byId.get(t.endToEndId)!.fileNo = first + i;
  });
}

const INSERT_BATCH = 1000;

export async function insertDispositions(
  trx: Kysely<DB>,
  runId: number,
  rows: readonly StoredDisposition[],
  origin: 'release' | 'pay' = 'release',
) {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await trx
      .insertInto('run_payment_disposition')
      .values(
        rows.slice(i, i + INSERT_BATCH).map((d) => ({
          run_id: runId,
          category: d.category,
          item_key: d.itemKey,
          part: d.part,
          n: d.n,
          kind: d.kind,
          reason: d.reason,
          amount: d.amount,
          ledger: d.ledger,
          cost_object: d.costObject,
          due_on: d.dueOn,
          execution_date: d.executionDate,
          end_to_end_id: d.endToEndId,
          file_no: d.fileNo,
          iban: d.bank?.iban ?? null,
          creditor_name: d.bank?.creditorName ?? null,
          street: d.bank?.address?.street ?? null,
          building_number: d.bank?.address?.buildingNumber ?? null,
          postcode: d.bank?.address?.postcode ?? null,
          town: d.bank?.address?.town ?? null,
          country: d.bank?.address?.country ?? null,
          reduces_run_id: d.reducesRunId,
          origin,
        })),
      )
      .execute();
  }
}

/** What became of a release's payment list, per disposition and Klärfall reason (for `release` and `status`). */
export async function dispositionTotals(
  db: Kysely<DB>,
  runId: number,
): Promise<{ kind: string; reason: string | null; count: number; amount: string; firstExecution: string | null }[]> {
  return db
    .selectFrom('run_payment_disposition')
    .select([
      'kind',
      'reason',
      sql<number>`count(*)::int`.as('count'),
      sql<string>`sum(amount)::text`.as('amount'),
      sql<string | null>`min(execution_date)::text`.as('firstExecution'),
    ])
    .where('run_id', '=', runId)
    .where('origin', '=', 'release')
    .groupBy(['kind', 'reason'])
    .orderBy('kind')
    .orderBy('reason')
    .execute();
}
