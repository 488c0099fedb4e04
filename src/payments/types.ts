/**
 * The shapes the payment step passes between its parts (payments-and-ledger.md § 2, § 4): the
 * release decides a disposition per payment-list row (src/payments/dispositions.ts, stored in the
 * release transaction), the writers turn stored dispositions into bytes (pain.001 XML, receivables,
 * transfers and postings CSV) without reading the database, so a rewrite (`payfile`) gives the same
 * bytes. Amounts are decimal strings with two fraction digits ("229.17"), never numbers.
 */
import type { IsoDate } from '../dates.ts';

/** The AAG funds are special funds (§ 8 AAG): their money is booked in its own ledger. */
export type Ledger = 'KV' | 'U1' | 'U2';

/** Cost objects of § 4: WT18A (§ 18a), BONUS_CASH / BONUS_PLUS (§ 19a), AAG_U1 / AAG_U2 (claim kind). */
export type CostObject = 'WT18A' | 'BONUS_CASH' | 'BONUS_PLUS' | 'AAG_U1' | 'AAG_U2';

/**
 * What became of (part of) a payment-list row (§ 2.1–2.3). A payout row may split into
 * REDUCES_RECEIVABLE + TRANSFER, a receivable row into REDUCES_PENDING + RECEIVABLE.
 */
export type DispositionKind = 'TRANSFER' | 'RECEIVABLE' | 'REDUCES_RECEIVABLE' | 'REDUCES_PENDING' | 'KLAERFALL';

/** Why a payout is not in the file (§ 2.3); the item waits for `pay` or `decide … reject`. */
export type PaymentKlaerfallReason = 'NO_BANK_ACCOUNT' | 'NO_ADDRESS' | 'PAYEE_DECEASED';

/** A fully structured postal address (§ 2.5: never AdrLine), texts already converted (§ 2.6). */
export interface StructuredAddress {
  street: string;
  buildingNumber: string | null;
  postcode: string | null;
  town: string;
  /** ISO 3166 alpha-2 */
  country: string;
}

/** The fund's account a ledger's payouts are debited from (effective-dated parameters). */
export interface DebtorAccount {
  ledger: Ledger;
  name: string;
  iban: string;
  bic: string;
  address: StructuredAddress;
}

/** One transaction of a credit-transfer file (CdtTrfTxInf), texts already converted. */
export interface CreditTransfer {
  endToEndId: string;
  /** "229.17": 0.01 – 999,999,999.99 EUR */
  amount: string;
  executionDate: IsoDate;
  ledger: Ledger;
  debtorIban: string;
  creditorName: string;
  creditorIban: string;
  /** present when the payee's address is required (§ 2.3) or known and `holder_is_party` */
  creditorAddress: StructuredAddress | null;
  /** the one Ustrd (§ 2.8), ≤ 140 */
  remittance: string;
}

/** One pain.001.001.09 message (§ 2.5, § 2.9). */
export interface CreditTransferFile {
  msgId: string;
  /** CreDtTm: the release (or `pay`) time with offset, e.g. 2029-06-22T14:03:07+02:00 */
  createdAt: string;
  /** GrpHdr/InitgPty/Nm: the fund */
  initiatingParty: string;
  debtors: readonly DebtorAccount[];
  transfers: readonly CreditTransfer[];
}

/** A row of `<job>_<year>_<run>_postings.csv` (§ 4). */
export interface Posting {
  /** `<run>-<nnn>` */
  postingId: string;
  postingDate: IsoDate;
  ledger: Ledger;
  debitAccount: string;
  creditAccount: string;
  /** > 0 */
  amount: string;
  costObject: CostObject | '';
  dueOn: IsoDate | null;
  count: number;
  text: string;
  reference: string;
}
