/**
 * What becomes of a payment-list row at release (payments-and-ledger.md § 2.1–2.4, § 4): pure,
 * given the row, the party's bank accounts and addresses, its death date, the parameters and the
 * open amounts of earlier releases of the same item. The release stores the result in the same
 * transaction that fixes the list (src/runs/payment-release.ts); the files are written from the
 * stored rows only.
 *
 *   payout row       previously < 0: REDUCES_RECEIVABLE min(amount, −previously) first (§ 2.2,
 *                    a correction of one settlement, listed for receivables management, which
 *                    refunds what was already collected); the rest is a TRANSFER, or a KLAERFALL
 *                    when the payee died (PAYEE_DECEASED), has no bank account valid on the
 *                    execution date (NO_BANK_ACCOUNT) or lacks a required address (NO_ADDRESS).
 *   receivable row   first REDUCES_PENDING of payouts of the same item never transferred (open
 *                    Klärfälle of earlier releases), latest first; the rest is a RECEIVABLE.
 *
 * Literal readings where the spec is silent:
 *  - the Klärfall checks run in the order deceased, bank account, address: a dead payee needs a
 *    human whatever the bank data say;
 *  - `died_on` ≤ execution date (§ 2.3) is checked for members only (employers do not die);
 *  - an address is required for an IBAN outside `eea_countries` (or always, by parameter); it can
 *    only come from addresses.csv when `holder_is_party` (the party's address is not the
 *    holder's), so a required address with a third-party holder is NO_ADDRESS;
 *  - a known address of a party that holds the account is written even inside the EEA (types.ts);
 *  - a Klärfall, too, gets its execution date (the day the bank account was looked for) and its
 *    EndToEndId, so `pay` later transfers it under the reference the workbook showed;
 *  - a receivable's due_on is never moved and it has no execution date (§ 2.4).
 */
import { contains, dateRange, type IsoDate } from '../dates.ts';
import type { JobName } from '../job-names.ts';
import { Decimal, minDecimal, ZERO } from '../money.ts';
import { executionDate, type BankCalendar } from './calendar.ts';
import { endToEndId } from './ids.ts';
import { remittanceText, type RemittanceSubject } from './remittance.ts';
import type { CostObject, DispositionKind, Ledger, PaymentKlaerfallReason } from './types.ts';

export type PaymentCategory = 'tariff' | 'bonus_payout' | 'reimbursement' | 'bonus_plan';

/** A row of the release's payment list (run_payment). */
export interface PaymentListRow {
  category: PaymentCategory;
  itemKey: string;
  memberId: string | null;
  employerId: string | null;
  /** bonus: payout kind `cash` | `plus`; levy: the claim kind (`u1_…` | `u2_…`) */
  detail: string | null;
  direction: 'payout' | 'receivable';
  /** > 0, two decimals */
  amount: string;
  dueOn: IsoDate;
  /** what earlier releases moved (+ paid, − collected) */
  previously: string;
}

/** A bank_accounts.csv row of the party (texts as delivered). */
export interface BankAccountFact {
  iban: string;
  accountHolder: string;
  holderIsParty: boolean;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

/** An addresses.csv row of the party (texts as delivered). */
export interface AddressFact {
  street: string;
  buildingNumber: string | null;
  postcode: string | null;
  town: string;
  country: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

/** An earlier release's Klärfall of the same item that was never transferred, with what is still open. */
export interface PendingPayout {
  runId: number;
  /** > 0 */
  open: string;
}

export interface PaymentParameters {
  calendar: BankCalendar;
  eeaCountries: ReadonlySet<string>;
  requirePayeeAddress: 'eea' | 'always';
}

/** The bank data a transfer uses, as delivered (converted when the file is written, § 2.6). */
export interface PayeeBankData {
  iban: string;
  creditorName: string;
  address: Omit<AddressFact, 'validFrom' | 'validTo'> | null;
}

export interface Disposition {
  /** 1-based part of the row: the reductions come first */
  part: number;
  kind: DispositionKind;
  reason: PaymentKlaerfallReason | null;
  amount: string;
  ledger: Ledger;
  costObject: CostObject;
  dueOn: IsoDate;
  executionDate: IsoDate | null;
  endToEndId: string;
  /** TRANSFER only */
  bank: PayeeBankData | null;
  /** REDUCES_PENDING only: the run whose open Klärfall is lowered */
  reducesRunId: number | null;
}

export interface DispositionInput {
  job: JobName;
  year: number;
  runId: number;
  /** 1-based position of the row in the run's payment list in (category, item_key) C order */
  n: number;
  row: PaymentListRow;
  /** the day the file is written (release or `pay` day) */
  fileDate: IsoDate;
  diedOn: IsoDate | null;
  bankAccounts: readonly BankAccountFact[];
  addresses: readonly AddressFact[];
  pending: readonly PendingPayout[];
  params: PaymentParameters;
}

/** Ledger and cost object of a row (§ 4): the AAG funds book in their own ledgers (§ 8 AAG). */
export function ledgerOf(category: PaymentCategory, detail: string | null): { ledger: Ledger; costObject: CostObject } {
  switch (category) {
    case 'tariff':
      return { ledger: 'KV', costObject: 'WT18A' };
    case 'bonus_plan':
      // AOK Nordost's bonus plan, a § 53 Abs. 1 tariff like § 18a. Open question (issue 14): AOK
      // Nordost's own ledger, cost object, accounts and debtor account are not modelled (the
      // payment parameters are AOK PLUS's); until finance decides, it books as the tariff's.
      return { ledger: 'KV', costObject: 'WT18A' };
    case 'bonus_payout':
      // bonus_item_result.payout_kind: 'cash' (Geldprämie) or 'plus' (AOK PLUS service paid out)
      if (detail === 'cash') return { ledger: 'KV', costObject: 'BONUS_CASH' };
      if (detail === 'plus') return { ledger: 'KV', costObject: 'BONUS_PLUS' };
      throw new Error(`bonus payment row without payout kind cash/plus (${String(detail)})`);
    case 'reimbursement':
      // the claim kind: u1_sickness, u1_rehab → U1; u2_maternity_subsidy, u2_employment_ban → U2
      if (detail?.startsWith('u1_')) return { ledger: 'U1', costObject: 'AAG_U1' };
      if (detail?.startsWith('u2_')) return { ledger: 'U2', costObject: 'AAG_U2' };
      throw new Error(`reimbursement payment row without a U1/U2 claim kind (${String(detail)})`);
  }
}

/** The remittance subject of a row (§ 2.8): no KVNR, no name, no health detail. */
export function remittanceSubjectOf(category: PaymentCategory, year: number, itemKey: string, ledger: Ledger): RemittanceSubject {
  switch (category) {
    case 'tariff':
      return { kind: 'tariff', year };
    case 'bonus_plan':
      return { kind: 'bonus_plan', year };
    case 'bonus_payout':
      return { kind: 'bonus' };
    case 'reimbursement':
      return { kind: 'levy', procedure: ledger === 'U2' ? 'U2' : 'U1', claimId: itemKey };
  }
}

/** The remittance text of a stored disposition (the writer's input). */
export function remittanceOf(category: PaymentCategory, year: number, itemKey: string, ledger: Ledger, e2e: string): string {
  return remittanceText(remittanceSubjectOf(category, year, itemKey, ledger), e2e);
}

function validOn<T extends { validFrom: IsoDate; validTo: IsoDate | null }>(rows: readonly T[], day: IsoDate): T | null {
  // periods of one party do not overlap (import check), so at most one is valid
  return rows.find((r) => contains(dateRange(r.validFrom, r.validTo), day)) ?? null;
}

/**
 * Whether a payout can be transferred on `execution`: the bank data to use, or the Klärfall reason.
 * Used at release and again by `pay` with the newer imports.
 */
export function payeeOn(
  execution: IsoDate,
  facts: { diedOn: IsoDate | null; bankAccounts: readonly BankAccountFact[]; addresses: readonly AddressFact[] },
  params: PaymentParameters,
): { bank: PayeeBankData; reason: null } | { bank: null; reason: PaymentKlaerfallReason } {
  if (facts.diedOn !== null && facts.diedOn <= execution) return { bank: null, reason: 'PAYEE_DECEASED' };
  const account = validOn(facts.bankAccounts, execution);
  if (!account) return { bank: null, reason: 'NO_BANK_ACCOUNT' };
  const address = account.holderIsParty ? validOn(facts.addresses, execution) : null;
  const required = params.requirePayeeAddress === 'always' || !params.eeaCountries.has(account.iban.slice(0, 2));
  if (required && !address) return { bank: null, reason: 'NO_ADDRESS' };
  return {
    bank: {
      iban: account.iban,
      creditorName: account.accountHolder,
      address: address
        ? {
            street: address.street,
            buildingNumber: address.buildingNumber,
            postcode: address.postcode,
            town: address.town,
            country: address.country,
          }
        : null,
    },
    reason: null,
  };
}

/** The dispositions of one payment-list row, reductions first; their amounts add up to the row's. */
export function dispositionsOf(input: DispositionInput): Disposition[] {
  const { row } = input;
  const { ledger, costObject } = ledgerOf(row.category, row.detail);
  const e2e = endToEndId(input.job, input.year, input.runId, input.n);
  const base = { ledger, costObject, dueOn: row.dueOn, endToEndId: e2e, bank: null, reducesRunId: null, reason: null };
  const out: Disposition[] = [];
  const push = (d: Omit<Disposition, 'part'>) => out.push({ ...d, part: out.length + 1 });
  let rest = new Decimal(row.amount);
  if (!rest.greaterThan(ZERO)) throw new RangeError('a payment-list amount is > 0');

  if (row.direction === 'payout') {
    const previously = new Decimal(row.previously);
    if (previously.isNegative()) {
      const reduces = minDecimal(rest, previously.negated());
      push({ ...base, kind: 'REDUCES_RECEIVABLE', amount: reduces.toFixed(2), executionDate: null });
      rest = rest.minus(reduces);
    }
    if (rest.greaterThan(ZERO)) {
      const execution = executionDate(row.dueOn, input.fileDate, input.params.calendar);
      const payee = payeeOn(execution, input, input.params);
      push({
        ...base,
        kind: payee.bank ? 'TRANSFER' : 'KLAERFALL',
        reason: payee.reason,
        bank: payee.bank,
        amount: rest.toFixed(2),
        executionDate: execution,
      });
    }
    return out;
  }

  // receivable: lower what earlier releases promised but never transferred, latest first
  const pending = [...input.pending].sort((a, b) => b.runId - a.runId);
  for (const p of pending) {
    if (!rest.greaterThan(ZERO)) break;
    const open = new Decimal(p.open);
    if (!open.greaterThan(ZERO)) continue;
    const reduces = minDecimal(rest, open);
    push({ ...base, kind: 'REDUCES_PENDING', amount: reduces.toFixed(2), executionDate: null, reducesRunId: p.runId });
    rest = rest.minus(reduces);
  }
  if (rest.greaterThan(ZERO)) push({ ...base, kind: 'RECEIVABLE', amount: rest.toFixed(2), executionDate: null });
  return out;
}
