/**
 * The CSV files of a release beside the credit-transfer file (payments-and-ledger.md § 2.1,
 * § 2.12, § 4): `<job>_<year>_<run>_receivables.csv` for receivables management,
 * `_transfers.csv` (one row per disposition, the sub-ledger of the payments) and `_postings.csv`.
 *
 * Each file has its columns (`*_COLUMNS`) and a function giving its records in the file's order,
 * ready for src/runs/csv-file.ts `writeCsv` (header unquoted, fields through csvField, `\n`,
 * 0640, written under `.partial` and renamed). `render*Csv` give the same bytes as one string,
 * through a copy of csvField (the payment modules lie below src/import/ and may not import it; a
 * test holds the copy equal to the original).
 *
 * Orders (deterministic, C order of the key texts; numbers inside ids by value):
 *   receivables  category, item_key, kind (claim before reduction), due_on, reference
 *   transfers    category, item_key, disposition (C order of its name), file, end_to_end_id
 *   postings     posting_id (`41-002` before `41-010`, `41-999` before `41-1000`)
 *
 * The IBAN reaches `_transfers.csv` only masked (`DE02…2051`, iban-mask.ts): the row type takes
 * the account's IBAN and the renderer masks it, so an unmasked one cannot slip into the file.
 */
import type { IsoDate } from '../dates.ts';
import { maskIban } from './iban-mask.ts';
import { compareC, compareTuples, naturalC } from './order.ts';
import { formatAmount } from './pain001.ts';
import type { DispositionKind, PaymentKlaerfallReason, Posting } from './types.ts';

export type CsvRecord = readonly (string | number | null)[];

/** A row of `_receivables.csv` (§ 2.1): what receivables management collects or refunds. */
export interface ReceivableRow {
  category: string;
  itemKey: string;
  memberId: string | null;
  employerId: string | null;
  /** `claim`: a receivable to collect (RECEIVABLE); `reduction`: an open receivable a payout reduced (REDUCES_RECEIVABLE) */
  kind: 'claim' | 'reduction';
  amount: string;
  dueOn: IsoDate | null;
  /** the row's EndToEndId-style reference (§ 2.7), which finds the item in the payment list */
  reference: string;
}

export const RECEIVABLE_COLUMNS = ['category', 'item_key', 'member_id', 'employer_id', 'kind', 'amount', 'due_on', 'reference'] as const;

/** A row of `_transfers.csv` (§ 2.12): one per disposition. */
export interface TransferRow {
  category: string;
  itemKey: string;
  memberId: string | null;
  employerId: string | null;
  disposition: DispositionKind;
  amount: string;
  /** TRANSFER (and a KLAERFALL, whose id is reserved for its later file) */
  endToEndId: string | null;
  /** the XML file's name, `<job>_<year>_<run>_sct_<n>.xml`; null when not (yet) in a file */
  file: string | null;
  pmtInfId: string | null;
  executionDate: IsoDate | null;
  /** KLAERFALL only */
  reason: PaymentKlaerfallReason | null;
  /** the account paid into, as stored; written masked */
  iban: string | null;
}

/**
 * `disposition` is added to the spec's list (keys, amount, end_to_end_id, file, pmt_inf_id,
 * execution_date, reason, IBAN masked): a row of the payment list can split into two dispositions
 * (REDUCES_RECEIVABLE + TRANSFER), which only it tells apart. The column is named `iban_masked`
 * so nobody takes it for a payable IBAN.
 */
export const TRANSFER_COLUMNS = [
  'category',
  'item_key',
  'member_id',
  'employer_id',
  'disposition',
  'amount',
  'end_to_end_id',
  'file',
  'pmt_inf_id',
  'execution_date',
  'reason',
  'iban_masked',
] as const;

/** `_postings.csv` (§ 4). */
export const POSTING_COLUMNS = [
  'posting_id',
  'posting_date',
  'ledger',
  'debit_account',
  'credit_account',
  'amount',
  'cost_object',
  'due_on',
  'count',
  'text',
  'reference',
] as const;

const KIND_ORDER: Readonly<Record<ReceivableRow['kind'], string>> = { claim: '1', reduction: '2' };

export function receivableRecords(rows: readonly ReceivableRow[]): CsvRecord[] {
  return [...rows]
    .sort((a, b) =>
      compareTuples(
        [a.category, a.itemKey, KIND_ORDER[a.kind], a.dueOn, a.reference],
        [b.category, b.itemKey, KIND_ORDER[b.kind], b.dueOn, b.reference],
      ),
    )
    .map((r) => [r.category, r.itemKey, r.memberId, r.employerId, r.kind, formatAmount(r.amount), r.dueOn, r.reference]);
}

export function transferRecords(rows: readonly TransferRow[]): CsvRecord[] {
  return [...rows]
    .sort(
      (a, b) =>
        compareTuples([a.category, a.itemKey, a.disposition], [b.category, b.itemKey, b.disposition]) ||
        compareTuples([a.file, a.endToEndId], [b.file, b.endToEndId], naturalC),
    )
    .map((r) => [
      r.category,
      r.itemKey,
      r.memberId,
      r.employerId,
      r.disposition,
      formatAmount(r.amount),
      r.endToEndId,
      r.file,
      r.pmtInfId,
      r.executionDate,
      r.reason,
      r.iban === null ? null : maskIban(r.iban),
    ]);
}

export function postingRecords(postings: readonly Posting[]): CsvRecord[] {
  return [...postings]
    .sort((a, b) => naturalC(a.postingId, b.postingId) || compareC(a.postingId, b.postingId))
    .map((p) => [
      p.postingId,
      p.postingDate,
      p.ledger,
      p.debitAccount,
      p.creditAccount,
      formatAmount(p.amount),
      // a transfer posting has no cost object: empty like a missing due_on, not a quoted ""
      p.costObject === '' ? null : p.costObject,
      p.dueOn,
      p.count,
      p.text,
      p.reference,
    ]);
}

/** RFC 4180 field exactly as src/import/csv-source.ts `csvField` (null unquoted empty, '' quoted). */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The file's bytes as writeCsv writes them. */
export function renderCsv(columns: readonly string[], records: readonly CsvRecord[]): string {
  let out = columns.join(',') + '\n';
  for (const r of records) out += r.map(csvField).join(',') + '\n';
  return out;
}

export const renderReceivablesCsv = (rows: readonly ReceivableRow[]): string => renderCsv(RECEIVABLE_COLUMNS, receivableRecords(rows));
export const renderTransfersCsv = (rows: readonly TransferRow[]): string => renderCsv(TRANSFER_COLUMNS, transferRecords(rows));
export const renderPostingsCsv = (postings: readonly Posting[]): string => renderCsv(POSTING_COLUMNS, postingRecords(postings));
