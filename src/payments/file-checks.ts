/**
 * The own checks of a credit-transfer file before the release commits (payments-and-ledger.md
 * § 2.10): every rule of § 1–2 that the ISO schema does not enforce — it accepts AdrLine-only
 * addresses, 100-character names, two Ustrd, 1.005 EUR and a wrong CtrlSum — checked twice:
 *   - on the model (`checkCreditTransferFile`): what the release decided, with the parameters;
 *   - on the rendered bytes (`checkCreditTransferBytes`): what the bank will read, by a cheap
 *     regex pass (the writer's own layout: one element per line), so a writer slip — a count, a
 *     sum, a second Ustrd, an unescaped character — cannot pass because the model was right.
 * Then both schemas (ISO 20022 and DK GBIC_5) through xsd-validate.ts. Any problem is a systemic
 * error: the release rolls back.
 *
 * Problem texts name the transaction by its EndToEndId (our own id, no personal data; an id that
 * itself breaks the rules is named by its position) and the rule — never a name, IBAN, address
 * or amount, so they may be logged and shown.
 */
import Decimal from 'decimal.js';
import { isValidIBAN } from 'ibantools';
import { isIsoDate } from '../dates.ts';
import { isBankBusinessDay, type BankCalendar } from './calendar.ts';
import { MAX_TRANSACTIONS_PER_FILE, paymentInstructions, sumAmounts } from './pain001.ts';
import { MAX_REMITTANCE } from './remittance.ts';
import { isSepaText } from './sepa-text.ts';
import type { CreditTransfer, CreditTransferFile, StructuredAddress } from './types.ts';
import { describeXsdErrors, validatePain001 } from './xsd-validate.ts';

export interface FileCheckOptions {
  calendar: BankCalendar;
  /** parameter `eea_countries`: outside them the payee's address is required (§ 2.3) */
  eeaCountries: readonly string[];
  /** parameter `require_payee_address`: `eea` (the spec's decision) or `always` */
  requirePayeeAddress: 'eea' | 'always';
  /** parameter `sepa_countries`; without it only ibantools' IBAN check applies */
  sepaCountries?: readonly string[];
  /** parameter `max_transactions_per_file` */
  maxTransactions?: number;
}

const MAX_NAME = 70;
const MAX_ID = 35;
const MAX_STREET = 70;
const MAX_BUILDING = 16;
const MAX_POSTCODE = 16;
const MAX_TOWN = 35;
const MIN_AMOUNT = new Decimal('0.01');
const MAX_AMOUNT = new Decimal('999999999.99');
const AMOUNT = /^\d+(\.\d{1,2})?$/;
const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const COUNTRY = /^[A-Z]{2}$/;
const ELECTRONIC_IBAN = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const LEDGERS = new Set(['KV', 'U1', 'U2']);

/** Why an identifier breaks § 2.7 (≤ 35, SEPA set without space, no leading `/`, no `//`), or null. */
export function idProblem(id: string): string | null {
  if (id.length === 0 || id.length > MAX_ID) return `ID_LENGTH: identifier empty or longer than ${MAX_ID} characters`;
  if (!isSepaText(id) || id.includes(' ')) return 'ID_CHARACTERS: identifier outside the SEPA character set';
  if (id.startsWith('/') || id.includes('//')) return 'ID_SLASH: identifier starts with / or holds //';
  return null;
}

/**
 * Why a text cannot stand in the file, or null: empty, longer than `max`, outside the SEPA set,
 * or not in converted form (leading, trailing or double spaces: § 2.6 collapses them).
 */
export function textProblem(field: string, text: string, max: number): string | null {
  if (text.length === 0) return `TEXT_EMPTY: ${field} empty`;
  if (text.length > max) return `TEXT_TOO_LONG: ${field} longer than ${max} characters`;
  if (!isSepaText(text)) return `TEXT_CHARACTERS: ${field} outside the SEPA character set`;
  // in the set, conversion (§ 2.6) changes only spaces: trims the ends and collapses runs
  if (text.startsWith(' ') || text.endsWith(' ') || text.includes('  '))
    return `TEXT_NOT_CONVERTED: ${field} has leading, trailing or repeated spaces`;
  return null;
}

/** Why an amount breaks § 2.5, or null: a decimal with at most two fraction digits, 0.01 – 999,999,999.99. */
export function amountProblem(amount: string): string | null {
  if (!AMOUNT.test(amount)) return 'AMOUNT_FORMAT: amount not a decimal with at most two fraction digits';
  const value = new Decimal(amount);
  if (value.lt(MIN_AMOUNT) || value.gt(MAX_AMOUNT)) return 'AMOUNT_RANGE: amount outside 0.01 - 999,999,999.99 EUR';
  return null;
}

function ibanProblems(field: string, iban: string, sepaCountries: readonly string[] | undefined): string[] {
  if (!ELECTRONIC_IBAN.test(iban) || !isValidIBAN(iban)) return [`IBAN_INVALID: ${field} fails the IBAN check`];
  if (sepaCountries && !sepaCountries.includes(iban.slice(0, 2))) return [`IBAN_NOT_SEPA: ${field} country not in sepa_countries`];
  return [];
}

/** A structured address (§ 1.3, § 2.5): town and country required, the limits after conversion. */
export function addressProblems(field: string, a: StructuredAddress): string[] {
  const problems: string[] = [];
  const optional = (part: string, text: string | null, max: number) => {
    if (text === null || text === '') return;
    const p = textProblem(`${field} ${part}`, text, max);
    if (p) problems.push(p);
  };
  optional('street', a.street, MAX_STREET);
  optional('building number', a.buildingNumber, MAX_BUILDING);
  optional('postcode', a.postcode, MAX_POSTCODE);
  if (a.town === '') problems.push(`ADDRESS_INCOMPLETE: ${field} without town`);
  else optional('town', a.town, MAX_TOWN);
  if (!COUNTRY.test(a.country)) problems.push(`ADDRESS_INCOMPLETE: ${field} without an ISO 3166 country code`);
  else if (a.country === 'DE' && !/^\d{5}$/.test(a.postcode ?? ''))
    problems.push(`ADDRESS_POSTCODE: ${field} in DE without a 5-digit postcode`);
  return problems;
}

const businessDays = new WeakMap<BankCalendar, Map<string, boolean>>();

/** isBankBusinessDay, remembered per calendar: a file has few dates and up to 100,000 transfers. */
function businessDay(date: string, calendar: BankCalendar): boolean {
  let known = businessDays.get(calendar);
  if (!known) businessDays.set(calendar, (known = new Map()));
  let result = known.get(date);
  if (result === undefined) known.set(date, (result = isBankBusinessDay(date, calendar)));
  return result;
}

function addressRequired(t: CreditTransfer, options: FileCheckOptions): boolean {
  return options.requirePayeeAddress === 'always' || !options.eeaCountries.includes(t.creditorIban.slice(0, 2));
}

function transferProblems(t: CreditTransfer, fileDate: string, options: FileCheckOptions): string[] {
  const problems: string[] = [];
  const idBad = idProblem(t.endToEndId);
  if (idBad) problems.push(idBad);
  const amount = amountProblem(t.amount);
  if (amount) problems.push(amount);
  for (const p of [
    textProblem('creditor name', t.creditorName, MAX_NAME),
    textProblem('remittance (Ustrd)', t.remittance, MAX_REMITTANCE),
  ]) {
    if (p) problems.push(p);
  }
  problems.push(...ibanProblems('creditor IBAN', t.creditorIban, options.sepaCountries));
  if (t.creditorAddress) problems.push(...addressProblems('creditor address', t.creditorAddress));
  else if (addressRequired(t, options))
    problems.push('ADDRESS_MISSING: creditor address required (account outside eea_countries or require_payee_address always)');
  if (!LEDGERS.has(t.ledger)) problems.push('LEDGER_UNKNOWN: ledger not KV, U1 or U2');
  if (!isIsoDate(t.executionDate)) problems.push('EXECUTION_DATE_INVALID: execution date not a date');
  else {
    if (!businessDay(t.executionDate, options.calendar))
      problems.push('EXECUTION_DATE_NOT_BUSINESS_DAY: execution date not a bank business day');
    if (t.executionDate < fileDate) problems.push('EXECUTION_DATE_BEFORE_FILE: execution date before the file date');
  }
  return problems;
}

/** The own checks on the model (§ 2.10); an empty list means the file may be written. */
export function checkCreditTransferFile(file: CreditTransferFile, options: FileCheckOptions): string[] {
  const problems: string[] = [];
  const msgIdBad = idProblem(file.msgId);
  if (msgIdBad) problems.push(`MsgId: ${msgIdBad}`);
  if (!DATE_TIME.test(file.createdAt)) problems.push('CreDtTm: CREATED_AT_FORMAT: not an ISO date-time with offset');
  const partyBad = textProblem('initiating party name', file.initiatingParty, MAX_NAME);
  if (partyBad) problems.push(`InitgPty: ${partyBad}`);
  const max = options.maxTransactions ?? MAX_TRANSACTIONS_PER_FILE;
  if (file.transfers.length === 0) problems.push('GrpHdr: NO_TRANSACTIONS: a file needs at least one transaction');
  if (file.transfers.length > max) problems.push(`GrpHdr: TOO_MANY_TRANSACTIONS: more than max_transactions_per_file (${max})`);

  const seenDebtor = new Set<string>();
  for (const d of file.debtors) {
    const where = `debtor ${d.ledger}`;
    const key = `${d.ledger} ${d.iban}`;
    if (seenDebtor.has(key)) problems.push(`${where}: DEBTOR_DUPLICATE: the same ledger and IBAN twice`);
    seenDebtor.add(key);
    const name = textProblem('debtor name', d.name, MAX_NAME);
    if (name) problems.push(`${where}: ${name}`);
    for (const p of ibanProblems('debtor IBAN', d.iban, options.sepaCountries)) problems.push(`${where}: ${p}`);
    if (!BIC.test(d.bic)) problems.push(`${where}: BIC_INVALID: debtor BIC not 8 or 11 characters of the BIC format`);
    else if (d.bic.slice(4, 6) !== d.iban.slice(0, 2)) problems.push(`${where}: BIC_COUNTRY: debtor BIC's country is not the IBAN's`);
    for (const p of addressProblems('debtor address', d.address)) problems.push(`${where}: ${p}`);
  }

  const fileDate = file.createdAt.slice(0, 10);
  const seenE2e = new Set<string>();
  const usedAccounts = new Set<string>();
  let amountsOk = true;
  file.transfers.forEach((t, i) => {
    const where = idProblem(t.endToEndId) ? `transaction #${i + 1}` : t.endToEndId;
    if (seenE2e.has(t.endToEndId)) problems.push(`${where}: E2E_DUPLICATE: EndToEndId used twice in the file`);
    seenE2e.add(t.endToEndId);
    const own = transferProblems(t, fileDate, options);
    if (own.some((p) => p.startsWith('AMOUNT_FORMAT'))) amountsOk = false;
    for (const p of own) problems.push(`${where}: ${p}`);
    const account = `${t.ledger} ${t.debtorIban}`;
    if (!usedAccounts.has(account) && !seenDebtor.has(account)) {
      problems.push(`${where}: DEBTOR_MISSING: no debtor account for ledger ${t.ledger} with the transfer's debtor IBAN`);
    }
    usedAccounts.add(account);
  });

  // PmtInfIds follow from the MsgId and dates; they must be valid and unique (pain001.ts decision)
  if (!msgIdBad && amountsOk && file.transfers.every((t) => isIsoDate(t.executionDate))) {
    try {
      const ids = paymentInstructions(file).map((p) => p.pmtInfId);
      if (new Set(ids).size !== ids.length) problems.push('PmtInf: PMT_INF_ID_DUPLICATE: two PmtInf with one id');
    } catch (error) {
      problems.push(`PmtInf: PMT_INF_ID_INVALID: ${(error as Error).message}`);
    }
  }
  return problems;
}

const LEAF = /<([A-Za-z]+)(?: [^>]*)?>([^<]*)<\/\1>/g;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Element text as the bank reads it; null when it holds a bare `&` (not well-formed). */
function unescapeXml(text: string): string | null {
  const plain = text.replace(ENTITY, (_, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
    name ? NAMED[name]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)),
  );
  return text.replace(ENTITY, '').includes('&') ? null : plain;
}

function leaves(fragment: string): { name: string; text: string | null }[] {
  return [...fragment.matchAll(LEAF)].map((m) => ({ name: m[1]!, text: unescapeXml(m[2]!) }));
}

function single(fragment: string, name: string): string | null {
  const m = new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`).exec(fragment);
  return m ? m[1]! : null;
}

function count(fragment: string, name: string): number {
  return fragment.split(`<${name}>`).length - 1 + (fragment.split(`<${name} `).length - 1);
}

function sumOrNull(amounts: readonly (string | null)[]): string | null {
  return amounts.every((a) => a !== null && AMOUNT.test(a)) ? sumAmounts(amounts as string[]) : null;
}

/**
 * The own checks on the rendered bytes, for what the writer could get wrong and the ISO schema
 * lets pass: the byte form (§ 2.9), NbOfTxs and CtrlSum against the transactions, exactly one
 * Ustrd, amounts, names ≤ 70, SEPA characters in every text, unique and valid ids, structured
 * addresses only (TwnNm and Ctry present, never AdrLine).
 */
export function checkCreditTransferBytes(xml: string): string[] {
  const problems: string[] = [];
  if (xml.charCodeAt(0) === 0xfeff) problems.push('file: BOM: starts with a byte-order mark');
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'))
    problems.push('file: XML_DECLARATION: not the UTF-8 declaration on the first line');
  if (xml.includes('\r')) problems.push('file: LINE_ENDS: carriage return in the file (only \\n)');
  if (xml.includes('<!--')) problems.push('file: COMMENT: comment in the file');
  if (xml.includes('schemaLocation')) problems.push('file: SCHEMA_LOCATION: schemaLocation in the file');
  if (xml.includes('<AdrLine')) problems.push('file: ADDRESS_UNSTRUCTURED: AdrLine in the file (structured addresses only)');

  const parts = xml.split('<PmtInf>');
  const header = parts[0]!;
  const instructions = parts.slice(1);
  const seenE2e = new Set<string>();
  const seenPmtInf = new Set<string>();
  let total = 0;
  const allAmounts: (string | null)[] = [];

  for (const leaf of leaves(header)) {
    if (leaf.text === null || !isSepaText(leaf.text)) problems.push(`GrpHdr: TEXT_CHARACTERS: ${leaf.name} outside the SEPA character set`);
    else if (leaf.name === 'Nm' && leaf.text.length > MAX_NAME)
      problems.push(`GrpHdr: TEXT_TOO_LONG: InitgPty Nm longer than ${MAX_NAME} characters`);
  }
  instructions.forEach((block, p) => {
    const txs = block.split('<CdtTrfTxInf>');
    const head = txs[0]!;
    const pmtInfId = single(head, 'PmtInfId');
    const where = pmtInfId !== null && idProblem(pmtInfId) === null ? pmtInfId : `PmtInf #${p + 1}`;
    if (pmtInfId === null || idProblem(pmtInfId))
      problems.push(`${where}: ${pmtInfId === null ? 'PMT_INF_ID_MISSING: no PmtInfId' : idProblem(pmtInfId)}`);
    else if (seenPmtInf.has(pmtInfId)) problems.push(`${where}: PMT_INF_ID_DUPLICATE: PmtInfId used twice`);
    if (pmtInfId !== null) seenPmtInf.add(pmtInfId);
    for (const leaf of leaves(head)) {
      if (leaf.text === null || !isSepaText(leaf.text))
        problems.push(`${where}: TEXT_CHARACTERS: ${leaf.name} outside the SEPA character set`);
      else if (leaf.name === 'Nm' && leaf.text.length > MAX_NAME)
        problems.push(`${where}: TEXT_TOO_LONG: debtor Nm longer than ${MAX_NAME} characters`);
    }
    const amounts: (string | null)[] = [];
    txs.slice(1).forEach((tx, i) => {
      const e2e = single(tx, 'EndToEndId');
      const at = e2e !== null && idProblem(e2e) === null ? e2e : `${where} transaction #${i + 1}`;
      if (e2e === null || idProblem(e2e)) problems.push(`${at}: ${e2e === null ? 'E2E_MISSING: no EndToEndId' : idProblem(e2e)}`);
      else if (seenE2e.has(e2e)) problems.push(`${at}: E2E_DUPLICATE: EndToEndId used twice in the file`);
      if (e2e !== null) seenE2e.add(e2e);
      const amountTag = /<InstdAmt Ccy="EUR">([^<]*)<\/InstdAmt>/.exec(tx);
      const amount = amountTag ? amountTag[1]! : null;
      if (amount === null) problems.push(`${at}: AMOUNT_MISSING: no InstdAmt in EUR`);
      else {
        const bad = amountProblem(amount);
        if (bad) problems.push(`${at}: ${bad}`);
      }
      amounts.push(amount);
      const ustrd = count(tx, 'Ustrd');
      if (ustrd !== 1) problems.push(`${at}: USTRD_COUNT: ${ustrd} Ustrd instead of exactly one`);
      if (count(tx, 'Strd') > 0) problems.push(`${at}: STRD: structured remittance in the file (one Ustrd only)`);
      const creditor = /<Cdtr>([\s\S]*?)<\/Cdtr>/.exec(tx)?.[1] ?? null;
      if (creditor === null) problems.push(`${at}: CREDITOR_MISSING: no Cdtr`);
      else {
        const name = single(creditor, 'Nm');
        if (name === null) problems.push(`${at}: CREDITOR_NAME_MISSING: no Cdtr Nm`);
        if (creditor.includes('<PstlAdr>') && (single(creditor, 'TwnNm') === null || single(creditor, 'Ctry') === null)) {
          problems.push(`${at}: ADDRESS_INCOMPLETE: creditor PstlAdr without TwnNm or Ctry`);
        }
      }
      for (const leaf of leaves(tx)) {
        if (leaf.text === null || !isSepaText(leaf.text))
          problems.push(`${at}: TEXT_CHARACTERS: ${leaf.name} outside the SEPA character set`);
        else if (leaf.text.trim() === '') problems.push(`${at}: TEXT_EMPTY: ${leaf.name} empty`);
        else if (leaf.name === 'Nm' && leaf.text.length > MAX_NAME)
          problems.push(`${at}: TEXT_TOO_LONG: creditor Nm longer than ${MAX_NAME} characters`);
        else if (leaf.name === 'Ustrd' && leaf.text.length > MAX_REMITTANCE) {
          problems.push(`${at}: TEXT_TOO_LONG: Ustrd longer than ${MAX_REMITTANCE} characters`);
        }
      }
    });
    const n = txs.length - 1;
    total += n;
    allAmounts.push(...amounts);
    if (single(head, 'NbOfTxs') !== String(n)) problems.push(`${where}: NB_OF_TXS: PmtInf NbOfTxs is not the number of its transactions`);
    const sum = sumOrNull(amounts);
    if (sum !== null && single(head, 'CtrlSum') !== sum)
      problems.push(`${where}: CTRL_SUM: PmtInf CtrlSum is not the sum of its transactions`);
  });
  if (instructions.length === 0) problems.push('file: NO_PMT_INF: no PmtInf');
  if (single(header, 'NbOfTxs') !== String(total)) problems.push('GrpHdr: NB_OF_TXS: GrpHdr NbOfTxs is not the number of transactions');
  const sum = sumOrNull(allAmounts);
  if (sum !== null && single(header, 'CtrlSum') !== sum)
    problems.push('GrpHdr: CTRL_SUM: GrpHdr CtrlSum is not the sum of the transactions');
  return problems;
}

/** The own byte checks and both schemas (ISO 20022, DK GBIC_5); an empty list means valid. No values in the texts. */
export async function validateCreditTransferBytes(xml: string): Promise<string[]> {
  const problems = checkCreditTransferBytes(xml);
  const xsd = await validatePain001(xml);
  if (xsd.length > 0) problems.push(`XSD: ${describeXsdErrors(xsd)}`);
  return problems;
}

/** A credit-transfer file refused by § 2.10: a systemic error, the release rolls back. */
export class PaymentFileError extends Error {
  constructor(
    readonly msgId: string,
    readonly problems: readonly string[],
  ) {
    const shown = problems.slice(0, 10).join('; ');
    const more = problems.length > 10 ? `; and ${problems.length - 10} more` : '';
    super(`credit-transfer file ${idProblem(msgId) ? '(invalid MsgId)' : msgId} refused, ${problems.length} problem(s): ${shown}${more}`);
    this.name = 'PaymentFileError';
  }
}

/** Validation before commit (§ 2.10): the model, the bytes, both schemas; throws PaymentFileError. */
export async function assertValidCreditTransferFile(file: CreditTransferFile, xml: string, options: FileCheckOptions): Promise<void> {
  const problems = [...checkCreditTransferFile(file, options), ...(await validateCreditTransferBytes(xml))];
  if (problems.length > 0) throw new PaymentFileError(file.msgId, problems);
}
