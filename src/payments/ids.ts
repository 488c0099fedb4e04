/**
 * The deterministic identifiers of a credit-transfer file (payments-and-ledger.md § 2.7), ≤ 35
 * characters of the EPC set, no leading `/`, no `//`:
 *   EndToEndId `T2028-41-0000001`  = <J><year>-<run>-<n:7>, n the 1-based position of the row in the
 *                                    run's payment list in (category, item_key) C order;
 *   MsgId      `AOKP-T2028-41-1`   = <fund prefix>-<J><year>-<run>-<file number> (AOKN for AOK Nordost);
 *   PmtInfId   `AOKP-T2028-41-1-20290702` = MsgId-<execution date YYYYMMDD>.
 * J is the job's letter: T (tariff-settlement), B (bonus-crediting), L (levy), N (nordost-bonus-plan). Decision (§ 2.7):
 * the EndToEndId carries no KVNR. Rewriting a file gives the same ids, so a second upload repeats
 * the MsgId and the bank's duplicate check catches it.
 */
import type { IsoDate } from '../dates.ts';
import type { JobName } from '../job-names.ts';
import { isSepaText } from './sepa-text.ts';

export const JOB_LETTER: Readonly<Record<JobName, string>> = {
  'tariff-settlement': 'T',
  'bonus-crediting': 'B',
  levy: 'L',
  'nordost-bonus-plan': 'N',
};

/**
 * The fund's prefix of every MsgId: the spec's `AOKP` for AOK PLUS's jobs. Reading taken where the
 * spec is silent (issue 14): AOK Nordost's files carry `AOKN`, so a bank that receives files of
 * both funds never sees one MsgId twice (the file's debtor account is the fund's own parameter).
 */
export const MSG_ID_PREFIX: Readonly<Record<JobName, string>> = {
  'tariff-settlement': 'AOKP',
  'bonus-crediting': 'AOKP',
  levy: 'AOKP',
  'nordost-bonus-plan': 'AOKN',
};

const MAX_ID = 35;

/** Throws when an id breaks § 2.7 (it cannot from valid inputs; the guard keeps a bad run number out of the file). */
export function checkSepaId(id: string): string {
  if (id.length === 0 || id.length > MAX_ID) throw new RangeError(`identifier longer than ${MAX_ID} characters: ${id}`);
  if (!isSepaText(id) || id.includes(' ')) throw new RangeError(`identifier outside the SEPA character set: ${id}`);
  if (id.startsWith('/') || id.includes('//')) throw new RangeError(`identifier starts with / or holds //: ${id}`);
  return id;
}

function positive(name: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw new RangeError(`${name} must be a whole number from 1 to ${max}`);
}

function runPart(job: JobName, year: number, runId: number): string {
  positive('run', runId);
  if (!Number.isSafeInteger(year) || year < 1000 || year > 9999) throw new RangeError('year must have four digits');
  return `${JOB_LETTER[job]}${year}-${runId}`;
}

/** EndToEndId of the n-th row (1-based) of the run's payment list. */
export function endToEndId(job: JobName, year: number, runId: number, n: number): string {
  positive('n', n, 9_999_999);
  return checkSepaId(`${runPart(job, year, runId)}-${String(n).padStart(7, '0')}`);
}

/** MsgId of the run's file number `fileNo` (1 for the release's file, 2… for `pay`). */
export function msgId(job: JobName, year: number, runId: number, fileNo: number): string {
  positive('file number', fileNo);
  return checkSepaId(`${MSG_ID_PREFIX[job]}-${runPart(job, year, runId)}-${fileNo}`);
}

/** PmtInfId: the MsgId and the execution date. */
export function pmtInfId(messageId: string, executionDate: IsoDate): string {
  return checkSepaId(`${messageId}-${executionDate.replace(/-/g, '')}`);
}
