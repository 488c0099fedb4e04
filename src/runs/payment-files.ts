/**
 * A run's payment files (payments-and-ledger.md § 2.9–2.12, § 4), made from the stored
 * dispositions and file records only — never from the imports or the clock — so `payfile <run>`
 * writes the same bytes as the release and `pay` did:
 *   `<job>_<year>_<run>_sct_<n>.xml`   one pain.001.001.09 message per file number,
 *   `_receivables.csv`, `_transfers.csv`, `_postings.csv`  for the whole run (all its files).
 * Texts (names, addresses) are stored as delivered and converted here (§ 2.6); the debtor accounts
 * and ledger accounts are the parameters in force on the file's day (effective-dated, so a rewrite
 * reads the same rows).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { IsoDate } from '../dates.ts';
import type { DB } from '../db/schema.ts';
import type { JobName } from '../job-names.ts';
import { remittanceOf } from '../payments/dispositions.ts';
import { msgId } from '../payments/ids.ts';
import { paymentInstructions, sumAmounts, writeCreditTransferFile } from '../payments/pain001.ts';
import { toSepaText } from '../payments/sepa-text.ts';
import { assertValidCreditTransferFile, PaymentFileError as CheckError } from '../payments/file-checks.ts';
import {
  renderPostingsCsv,
  renderReceivablesCsv,
  renderTransfersCsv,
  type ReceivableRow,
  type TransferRow,
} from '../payments/payment-csv.ts';
import { releasePostings, transferPostings, type DispositionFact, type PmtInfSum } from '../payments/postings.ts';
import type { Posting } from '../payments/types.ts';
import type { CreditTransfer, CreditTransferFile, DebtorAccount, Ledger, StructuredAddress } from '../payments/types.ts';
import { loadPaymentParameters, type PaymentFileParameters } from './payment-params.ts';
import type { RunRecord } from './run-store.ts';
import { discardStaged, stageFile, writeNow, type StagedFile } from './staged-files.ts';

type RunNames = Pick<RunRecord, 'job' | 'year' | 'id'>;
type RunKeys = RunNames & Pick<RunRecord, 'fund'>;

export function paymentFileName(run: RunNames, fileNo: number): string {
  return `${run.job}_${run.year}_${run.id}_sct_${fileNo}.xml`;
}

export function paymentCsvName(run: RunNames, kind: 'receivables' | 'transfers' | 'postings'): string {
  return `${run.job}_${run.year}_${run.id}_${kind}.csv`;
}

export const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

function convertAddress(a: StructuredAddress): StructuredAddress {
  return {
    street: toSepaText(a.street),
    buildingNumber: a.buildingNumber === null ? null : toSepaText(a.buildingNumber),
    postcode: a.postcode === null ? null : toSepaText(a.postcode),
    town: toSepaText(a.town),
    country: a.country,
  };
}

function convertDebtor(d: DebtorAccount): DebtorAccount {
  return { ...d, name: toSepaText(d.name), address: convertAddress(d.address) };
}

export interface FileRecordInput {
  fileNo: number;
  /** CreDtTm with offset */
  createdAt: string;
  fileDate: IsoDate;
}

/** The message of one file number, from the stored TRANSFER dispositions with that number. */
export async function creditTransferFileOf(
  db: Kysely<DB>,
  run: RunKeys,
  record: FileRecordInput,
  params?: PaymentFileParameters,
): Promise<CreditTransferFile> {
  const p = params ?? (await loadPaymentParameters(db, run.fund, record.fileDate));
  const rows = await db
    .selectFrom('run_payment_disposition')
    .selectAll()
    .where('run_id', '=', run.id)
    .where('file_no', '=', record.fileNo)
    .where('kind', '=', 'TRANSFER')
    .orderBy('end_to_end_id')
    .execute();
  const ledgers = new Set<Ledger>();
  const transfers: CreditTransfer[] = rows.map((d) => {
    ledgers.add(d.ledger);
    return {
      endToEndId: d.end_to_end_id,
      amount: d.amount,
      executionDate: d.execution_date!,
      ledger: d.ledger,
      debtorIban: p.debtors[d.ledger].iban,
      creditorName: toSepaText(d.creditor_name!),
      creditorIban: d.iban!,
      creditorAddress:
        d.street !== null && d.town !== null && d.country !== null
          ? convertAddress({ street: d.street, buildingNumber: d.building_number, postcode: d.postcode, town: d.town, country: d.country })
          : null,
      remittance: remittanceOf(d.category, run.year, d.item_key, d.ledger, d.end_to_end_id),
    };
  });
  return {
    msgId: msgId(run.job as JobName, run.year, run.id, record.fileNo),
    createdAt: record.createdAt,
    initiatingParty: toSepaText(p.initiatingParty),
    debtors: (['KV', 'U1', 'U2'] as const).filter((l) => ledgers.has(l)).map((l) => convertDebtor(p.debtors[l])),
    transfers,
  };
}

/**
 * receivables, transfers and postings CSV of the whole run (all its files), from the stored rows.
 * Postings (§ 4): the release's (release day, then the transfers of the release's files), then one
 * block per later `pay` file, numbering continued.
 */
async function renderPaymentCsvs(db: Kysely<DB>, run: RunKeys, releaseDay: IsoDate): Promise<[string, string][]> {
  const files = await paymentFileRecords(db, run.id);
  const pmtInfOf = new Map<string, string>();
  const sumsOf = new Map<number, PmtInfSum[]>();
  for (const r of files) {
    const message = await creditTransferFileOf(db, run, { fileNo: r.file_no, createdAt: r.created_at, fileDate: r.file_date });
    const instructions = paymentInstructions(message);
    for (const i of instructions) for (const t of i.transfers) pmtInfOf.set(`${r.file_no} ${t.endToEndId}`, i.pmtInfId);
    sumsOf.set(
      r.file_no,
      instructions.map((i) => ({ pmtInfId: i.pmtInfId, ctrlSum: i.ctrlSum })),
    );
  }
  const rows = await db
    .selectFrom('run_payment_disposition as d')
    .innerJoin('run_payment as p', (j) =>
      j.onRef('p.run_id', '=', 'd.run_id').onRef('p.category', '=', 'd.category').onRef('p.item_key', '=', 'd.item_key'),
    )
    .select([
      'd.category',
      'd.item_key',
      'd.kind',
      'd.reason',
      'd.amount',
      'd.ledger',
      'd.cost_object',
      'd.due_on',
      'd.execution_date',
      'd.end_to_end_id',
      'd.file_no',
      'd.iban',
      'd.origin',
      'p.member_id',
      'p.employer_id',
    ])
    .where('d.run_id', '=', run.id)
    .orderBy('d.category')
    .orderBy('d.item_key')
    .orderBy('d.part')
    .execute();
  const pmtInfId = (r: (typeof rows)[number]) => (r.file_no === null ? null : (pmtInfOf.get(`${r.file_no} ${r.end_to_end_id}`) ?? null));

  const receivables: ReceivableRow[] = rows
    .filter((r) => r.kind === 'RECEIVABLE' || r.kind === 'REDUCES_RECEIVABLE')
    .map((r) => ({
      category: r.category,
      itemKey: r.item_key,
      memberId: r.member_id,
      employerId: r.employer_id,
      kind: r.kind === 'RECEIVABLE' ? 'claim' : 'reduction',
      amount: r.amount,
      dueOn: r.due_on,
      reference: r.end_to_end_id,
    }));
  const transfers: TransferRow[] = rows.map((r) => ({
    category: r.category,
    itemKey: r.item_key,
    memberId: r.member_id,
    employerId: r.employer_id,
    disposition: r.kind,
    amount: r.amount,
    endToEndId: r.end_to_end_id,
    file: r.file_no === null ? null : paymentFileName(run, r.file_no),
    pmtInfId: pmtInfId(r),
    executionDate: r.execution_date,
    reason: r.reason,
    iban: r.iban,
  }));

  const params = await loadPaymentParameters(db, run.fund, releaseDay);
  const fact = (r: (typeof rows)[number]): DispositionFact => ({
    kind: r.kind,
    ledger: r.ledger,
    costObject: r.cost_object,
    amount: r.amount,
    dueOn: r.due_on,
    pmtInfId: r.kind === 'TRANSFER' ? pmtInfId(r) : null,
    executionDate: r.kind === 'TRANSFER' ? r.execution_date : null,
  });
  const list = await db
    .selectFrom('run_payment')
    .select(['direction', sql<string>`sum(amount)::text`.as('sum')])
    .where('run_id', '=', run.id)
    .groupBy('direction')
    .execute();
  const totals = {
    payouts: list.find((l) => l.direction === 'payout')?.sum ?? '0.00',
    receivables: list.find((l) => l.direction === 'receivable')?.sum ?? '0.00',
  };
  const released = rows.filter((r) => r.origin === 'release');
  const releaseFiles = [...new Set(released.flatMap((r) => (r.file_no === null ? [] : [r.file_no])))].sort((a, b) => a - b);
  const postings: Posting[] = releasePostings(
    released.map(fact),
    params.accounts,
    { runId: run.id, firstNumber: 1, releaseDay, reference: `${run.job}_${run.year}_${run.id}` },
    totals,
    releaseFiles.flatMap((f) => sumsOf.get(f) ?? []),
  );
  const laterFiles = [...new Set(rows.filter((r) => r.origin === 'pay').map((r) => r.file_no!))].sort((a, b) => a - b);
  for (const f of laterFiles) {
    postings.push(
      ...transferPostings(
        rows.filter((r) => r.origin === 'pay' && r.file_no === f).map(fact),
        params.accounts,
        { runId: run.id, firstNumber: postings.length + 1 },
        sumsOf.get(f) ?? [],
      ),
    );
  }
  return [
    [paymentCsvName(run, 'receivables'), renderReceivablesCsv(receivables)],
    [paymentCsvName(run, 'transfers'), renderTransfersCsv(transfers)],
    [paymentCsvName(run, 'postings'), renderPostingsCsv(postings)],
  ];
}

/** A systemic error of the payment files: the release (or `pay`) is rolled back. Never quotes an IBAN or a name. */
export class PaymentFileError extends Error {}

/** Own checks and both XSDs (§ 2.10); throws PaymentFileError naming the file and the rules, never a value. */
export async function checkCreditTransferFile(
  name: string,
  file: CreditTransferFile,
  xml: string,
  params: PaymentFileParameters,
): Promise<void> {
  try {
    await assertValidCreditTransferFile(file, xml, {
      calendar: params.calendar,
      eeaCountries: [...params.eeaCountries],
      requirePayeeAddress: params.requirePayeeAddress,
      sepaCountries: [...params.sepaCountries],
      maxTransactions: params.maxTransactionsPerFile,
    });
  } catch (error) {
    if (error instanceof CheckError) throw new PaymentFileError(`payment file ${name} failed validation: ${error.message}`);
    throw error;
  }
}

export interface PaymentFilesWritten {
  staged: StagedFile[];
  records: { fileNo: number; msgId: string; nbOfTxs: number; ctrlSum: string }[];
}

/**
 * Inside the release's (or pay's) transaction: writes the XML of each new file number under a
 * temporary name, validates it, records it (run_payment_file), then the run's CSV files. The
 * caller publishes the staged files after the commit and discards them after a rollback.
 */
export async function stagePaymentFiles(
  trx: Kysely<DB>,
  run: RunKeys,
  options: { fileNos: readonly number[]; createdAt: string; fileDate: IsoDate; releaseDay: IsoDate; by: string; outputDir: string | null },
): Promise<PaymentFilesWritten> {
  const staged: StagedFile[] = [];
  const records: PaymentFilesWritten['records'] = [];
  try {
    const params = await loadPaymentParameters(trx, run.fund, options.fileDate);
    for (const fileNo of options.fileNos) {
      const record = { fileNo, createdAt: options.createdAt, fileDate: options.fileDate };
      const message = await creditTransferFileOf(trx, run, record, params);
      const xml = writeCreditTransferFile(message);
      const name = paymentFileName(run, fileNo);
      await checkCreditTransferFile(name, message, xml, params);
      const instructions = paymentInstructions(message);
      const ctrlSum = sumAmounts(instructions.map((i) => i.ctrlSum));
      await trx
        .insertInto('run_payment_file')
        .values({
          run_id: run.id,
          file_no: fileNo,
          msg_id: message.msgId,
          created_at: options.createdAt,
          file_date: options.fileDate,
          execution_dates: [...new Set(instructions.map((i) => i.executionDate))].join(','),
          nb_of_txs: message.transfers.length,
          ctrl_sum: ctrlSum,
          sha256: sha256(xml),
          written_by: options.by,
        })
        .execute();
      records.push({ fileNo, msgId: message.msgId, nbOfTxs: message.transfers.length, ctrlSum });
      if (options.outputDir !== null) staged.push(stageFile(path.join(options.outputDir, name), xml));
    }
    if (options.outputDir !== null) {
      for (const [name, content] of await renderPaymentCsvs(trx, run, options.releaseDay))
        staged.push(stageFile(path.join(options.outputDir, name), content));
    }
    return { staged, records };
  } catch (error) {
    discardStaged(staged);
    throw error;
  }
}

/** The stored file records of a run, in file order. */
export async function paymentFileRecords(db: Kysely<DB>, runId: number) {
  return db.selectFrom('run_payment_file').selectAll().where('run_id', '=', runId).orderBy('file_no').execute();
}

/**
 * `payfile <run>`: every file of the run written again from the stored rows. The XML must hash
 * to what was recorded when it was first written (else PaymentFileError, and nothing is written).
 */
export async function rewritePaymentFiles(
  db: Kysely<DB>,
  run: RunKeys & Pick<RunRecord, 'released_on' | 'status'>,
  outputDir: string,
  check: boolean,
): Promise<string[]> {
  if (run.status !== 'released' || run.released_on === null)
    throw new PaymentFileError(`run ${run.id} is ${run.status}; only a released run has payment files`);
  const out: [string, string][] = [];
  for (const r of await paymentFileRecords(db, run.id)) {
    const message = await creditTransferFileOf(db, run, { fileNo: r.file_no, createdAt: r.created_at, fileDate: r.file_date });
    const xml = writeCreditTransferFile(message);
    const name = paymentFileName(run, r.file_no);
    if (sha256(xml) !== r.sha256)
      throw new PaymentFileError(
        `payment file ${name} would differ from the one written on ${r.file_date} (sha256); check the parameters in force then`,
      );
    if (check) await checkCreditTransferFile(name, message, xml, await loadPaymentParameters(db, run.fund, r.file_date));
    out.push([name, xml]);
  }
  out.push(...(await renderPaymentCsvs(db, run, run.released_on)));
  return out.map(([name, content]) => writeNow(path.join(outputDir, name), content));
}
