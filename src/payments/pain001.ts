/**
 * The credit-transfer file: one pain.001.001.09 message (payments-and-ledger.md § 2.5, § 2.9),
 * written from stored dispositions without reading the database or the clock, so `payfile`
 * rewrites the same bytes and a second upload repeats the MsgId for the bank's duplicate check.
 *
 * Bytes: UTF-8 without BOM, `\n` line ends, two-space indent, the schema's element order (checked
 * against the ISO schema and DK GBIC_5 in src/payments/xsd/), no comments, no schemaLocation.
 * Order: PmtInf by (execution date, debtor IBAN, ledger), transactions by EndToEndId, strings
 * compared by code unit (C order), never by locale.
 *
 * The writer renders; it does not judge. Texts are written as given (already converted, § 2.6) and
 * XML-escaped; src/payments/file-checks.ts refuses what breaks a rule. Only what it cannot render
 * honestly — an amount with more than two fraction digits (rounding would pay a different sum), a
 * transfer without its debtor account — makes it throw.
 */
import Decimal from 'decimal.js';
import type { IsoDate } from '../dates.ts';
import { checkSepaId, pmtInfId } from './ids.ts';
import { compareC } from './order.ts';
import type { CreditTransfer, CreditTransferFile, DebtorAccount, Ledger, StructuredAddress } from './types.ts';

export const PAIN_001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

/** Parameter `max_transactions_per_file` (§ 2.5): the spec's value. */
export const MAX_TRANSACTIONS_PER_FILE = 100_000;

/** One PmtInf of a file: the transfers of one (execution date, debtor account, ledger). */
export interface PaymentInstruction {
  pmtInfId: string;
  executionDate: IsoDate;
  ledger: Ledger;
  debtorIban: string;
  /** undefined when the file lacks the ledger's account (the checks report it, the writer throws) */
  debtor: DebtorAccount | undefined;
  /** by EndToEndId */
  transfers: CreditTransfer[];
  /** CtrlSum, exact, two fraction digits */
  ctrlSum: string;
}

function groupKeyOrder(a: CreditTransfer, b: CreditTransfer): number {
  return compareC(a.executionDate, b.executionDate) || compareC(a.debtorIban, b.debtorIban) || compareC(a.ledger, b.ledger);
}

/** The file's order of transactions: PmtInf key first, then EndToEndId (§ 2.9). */
export function fileOrder(a: CreditTransfer, b: CreditTransfer): number {
  return groupKeyOrder(a, b) || compareC(a.endToEndId, b.endToEndId);
}

const AMOUNT = /^\d+(\.\d{1,2})?$/;

/** The amount with exactly two fraction digits; refuses anything it would have to round. */
export function formatAmount(amount: string): string {
  if (!AMOUNT.test(amount)) throw new RangeError('amount is not a decimal with at most two fraction digits');
  // exact without arithmetic: the digits are kept, the fraction padded, leading zeros dropped
  const [whole, fraction = ''] = amount.split('.');
  return `${whole!.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(2, '0')}`;
}

/** Exact sum with two fraction digits (decimal.js; never binary floating point). */
export function sumAmounts(amounts: Iterable<string>): string {
  let sum = new Decimal(0);
  for (const a of amounts) sum = sum.plus(a);
  return sum.toFixed(2);
}

/**
 * The PmtInf of a file in file order, with their ids.
 *
 * PmtInfId (§ 2.7) is MsgId-YYYYMMDD. The spec groups by (date, debtor account, ledger), so a levy
 * file paying U1 and U2 on one day would carry that id twice. **Decision:** the plain id when the
 * date has one PmtInf (every tariff and bonus file: one ledger), else the ledger is appended
 * (`AOKP-L2028-5-1-20290702-U1`); should one ledger pay from two accounts on one day (a changed
 * account parameter), their position in IBAN order follows (`…-U1-1`, `…-U1-2`). Deterministic
 * from the stored rows, so a rewrite gives the same ids; ids.ts still refuses one over 35.
 */
export function paymentInstructions(file: Pick<CreditTransferFile, 'msgId' | 'debtors' | 'transfers'>): PaymentInstruction[] {
  const sorted = [...file.transfers].sort(fileOrder);
  const groups: CreditTransfer[][] = [];
  for (const t of sorted) {
    const last = groups.at(-1);
    if (last && groupKeyOrder(last[0]!, t) === 0) last.push(t);
    else groups.push([t]);
  }
  const perDate = new Map<string, number>();
  const perDateLedger = new Map<string, number>();
  for (const g of groups) {
    const t = g[0]!;
    perDate.set(t.executionDate, (perDate.get(t.executionDate) ?? 0) + 1);
    const k = `${t.executionDate} ${t.ledger}`;
    perDateLedger.set(k, (perDateLedger.get(k) ?? 0) + 1);
  }
  const seenDateLedger = new Map<string, number>();
  return groups.map((g) => {
    const t = g[0]!;
    let id = pmtInfId(file.msgId, t.executionDate);
    if (perDate.get(t.executionDate)! > 1) {
      const k = `${t.executionDate} ${t.ledger}`;
      id += `-${t.ledger}`;
      if (perDateLedger.get(k)! > 1) {
        const position = (seenDateLedger.get(k) ?? 0) + 1;
        seenDateLedger.set(k, position);
        id += `-${position}`;
      }
    }
    return {
      // the suffix lengthens the id: checked again (≤ 35, § 2.7)
      pmtInfId: checkSepaId(id),
      executionDate: t.executionDate,
      ledger: t.ledger,
      debtorIban: t.debtorIban,
      debtor: file.debtors.find((d) => d.ledger === t.ledger && d.iban === t.debtorIban),
      transfers: g,
      ctrlSum: sumAmounts(g.map((x) => formatAmount(x.amount))),
    };
  });
}

/**
 * Splits transfers into files of at most `max` transactions (§ 2.5, `max_transactions_per_file`).
 * Each chunk becomes its own message; the caller numbers them consecutively (msgId(…, n), n+1, …).
 *
 * **Decision:** in file order, a PmtInf is kept whole where it fits: a group that does not fit
 * into the rest of the current file starts the next one; only a group larger than `max` is cut,
 * into full files and a rest that the following groups may join. Each part then is a PmtInf of
 * its own file (its own PmtInfId, its own debit on the statement). Deterministic; no reordering
 * (a later small group never fills an earlier gap), so files read in order of execution date.
 */
export function splitIntoFiles(transfers: readonly CreditTransfer[], max: number = MAX_TRANSACTIONS_PER_FILE): CreditTransfer[][] {
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError('max_transactions_per_file must be a whole number ≥ 1');
  const sorted = [...transfers].sort(fileOrder);
  const files: CreditTransfer[][] = [];
  let current: CreditTransfer[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start + 1;
    while (end < sorted.length && groupKeyOrder(sorted[start]!, sorted[end]!) === 0) end++;
    let group = sorted.slice(start, end);
    start = end;
    if (current.length + group.length > max && current.length > 0 && group.length <= max) {
      files.push(current);
      current = [];
    }
    while (current.length + group.length > max) {
      const room = max - current.length;
      files.push([...current, ...group.slice(0, room)]);
      current = [];
      group = group.slice(room);
    }
    current.push(...group);
  }
  if (current.length > 0) files.push(current);
  return files;
}

/**
 * The files of one release (or `pay`): the transfers split per `splitIntoFiles`, numbered
 * consecutively from `firstFileNo` (1 at release; the next free number for `pay`), each with its
 * own MsgId (`msgIdOf(n)`, e.g. ids.ts msgId(job, year, run, n)). Empty when nothing is paid.
 */
export function buildCreditTransferFiles(
  transfers: readonly CreditTransfer[],
  base: Pick<CreditTransferFile, 'createdAt' | 'initiatingParty' | 'debtors'>,
  msgIdOf: (fileNo: number) => string,
  firstFileNo = 1,
  max: number = MAX_TRANSACTIONS_PER_FILE,
): CreditTransferFile[] {
  return splitIntoFiles(transfers, max).map((chunk, i) => ({ ...base, msgId: msgIdOf(firstFileNo + i), transfers: chunk }));
}

/** XML text content: `&`, `<`, `>` escaped (texts are in the SEPA set already; escaping keeps a slip well-formed). */
export function escapeXml(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}

const INDENT = Array.from({ length: 8 }, (_, depth) => '  '.repeat(depth));

class Lines {
  readonly out: string[] = [];
  open(depth: number, name: string): void {
    this.out.push(`${INDENT[depth]}<${name}>`);
  }
  close(depth: number, name: string): void {
    this.out.push(`${INDENT[depth]}</${name}>`);
  }
  leaf(depth: number, name: string, text: string, attributes = ''): void {
    this.out.push(`${INDENT[depth]}<${name}${attributes}>${escapeXml(text)}</${name}>`);
  }
}

/** PstlAdr, fully structured (§ 2.5), in schema order; empty optional parts omitted, never AdrLine. */
function postalAddress(depth: number, a: StructuredAddress): string {
  const i = INDENT[depth + 1];
  let out = `${INDENT[depth]}<PstlAdr>\n`;
  if (a.street !== '') out += `${i}<StrtNm>${escapeXml(a.street)}</StrtNm>\n`;
  if (a.buildingNumber !== null && a.buildingNumber !== '') out += `${i}<BldgNb>${escapeXml(a.buildingNumber)}</BldgNb>\n`;
  if (a.postcode !== null && a.postcode !== '') out += `${i}<PstCd>${escapeXml(a.postcode)}</PstCd>\n`;
  out += `${i}<TwnNm>${escapeXml(a.town)}</TwnNm>\n`;
  out += `${i}<Ctry>${escapeXml(a.country)}</Ctry>\n`;
  return out + `${INDENT[depth]}</PstlAdr>`;
}

/**
 * One CdtTrfTxInf as one string (not a line each: a 100,000-transaction file would otherwise
 * build millions of small strings, and the garbage collector dominated the writer's time).
 */
function transaction(t: CreditTransfer): string {
  const address = t.creditorAddress ? `\n${postalAddress(5, t.creditorAddress)}` : '';
  return `      <CdtTrfTxInf>
        <PmtId>
          <EndToEndId>${escapeXml(t.endToEndId)}</EndToEndId>
        </PmtId>
        <Amt>
          <InstdAmt Ccy="EUR">${formatAmount(t.amount)}</InstdAmt>
        </Amt>
        <Cdtr>
          <Nm>${escapeXml(t.creditorName)}</Nm>${address}
        </Cdtr>
        <CdtrAcct>
          <Id>
            <IBAN>${escapeXml(t.creditorIban)}</IBAN>
          </Id>
        </CdtrAcct>
        <RmtInf>
          <Ustrd>${escapeXml(t.remittance)}</Ustrd>
        </RmtInf>
      </CdtTrfTxInf>`;
}

function paymentInstruction(x: Lines, p: PaymentInstruction): void {
  const debtor = p.debtor;
  // the checks name this as a problem; rendering a PmtInf without its debtor is impossible
  if (!debtor) throw new Error(`${p.pmtInfId}: no debtor account for ledger ${p.ledger} with the transfers' debtor IBAN`);
  const d = 2;
  x.open(d, 'PmtInf');
  x.leaf(d + 1, 'PmtInfId', p.pmtInfId);
  x.leaf(d + 1, 'PmtMtd', 'TRF');
  x.leaf(d + 1, 'BtchBookg', 'true');
  x.leaf(d + 1, 'NbOfTxs', String(p.transfers.length));
  x.leaf(d + 1, 'CtrlSum', p.ctrlSum);
  x.open(d + 1, 'PmtTpInf');
  x.open(d + 2, 'SvcLvl');
  x.leaf(d + 3, 'Cd', 'SEPA');
  x.close(d + 2, 'SvcLvl');
  x.close(d + 1, 'PmtTpInf');
  x.open(d + 1, 'ReqdExctnDt');
  x.leaf(d + 2, 'Dt', p.executionDate);
  x.close(d + 1, 'ReqdExctnDt');
  x.open(d + 1, 'Dbtr');
  x.leaf(d + 2, 'Nm', debtor.name);
  x.out.push(postalAddress(d + 2, debtor.address));
  x.close(d + 1, 'Dbtr');
  x.open(d + 1, 'DbtrAcct');
  x.open(d + 2, 'Id');
  x.leaf(d + 3, 'IBAN', debtor.iban);
  x.close(d + 2, 'Id');
  x.close(d + 1, 'DbtrAcct');
  x.open(d + 1, 'DbtrAgt');
  x.open(d + 2, 'FinInstnId');
  x.leaf(d + 3, 'BICFI', debtor.bic);
  x.close(d + 2, 'FinInstnId');
  x.close(d + 1, 'DbtrAgt');
  x.leaf(d + 1, 'ChrgBr', 'SLEV');
  for (const t of p.transfers) x.out.push(transaction(t));
  x.close(d, 'PmtInf');
}

/** The file's bytes as a string (write it as UTF-8; the writer adds no BOM). */
export function writeCreditTransferFile(file: CreditTransferFile): string {
  if (file.transfers.length === 0) throw new Error(`${file.msgId}: a credit-transfer file needs at least one transaction`);
  const instructions = paymentInstructions(file);
  const x = new Lines();
  x.out.push('<?xml version="1.0" encoding="UTF-8"?>');
  x.out.push(`<Document xmlns="${PAIN_001_NAMESPACE}">`);
  x.open(1, 'CstmrCdtTrfInitn');
  x.open(2, 'GrpHdr');
  x.leaf(3, 'MsgId', file.msgId);
  x.leaf(3, 'CreDtTm', file.createdAt);
  x.leaf(3, 'NbOfTxs', String(file.transfers.length));
  x.leaf(3, 'CtrlSum', sumAmounts(instructions.map((p) => p.ctrlSum)));
  x.open(3, 'InitgPty');
  x.leaf(4, 'Nm', file.initiatingParty);
  x.close(3, 'InitgPty');
  x.close(2, 'GrpHdr');
  for (const p of instructions) paymentInstruction(x, p);
  x.close(1, 'CstmrCdtTrfInitn');
  x.out.push('</Document>');
  return x.out.join('\n') + '\n';
}
