/**
 * Identifiers of a data set. Member ids of generated persons scatter running person numbers over
 * the letters A–X (a fixed bijection: unique, unordered, seed-independent); the letter Y is the
 * scenarios' (src/scenarios), Z the "unknown member" of bad rows. Betriebsnummern: prefixes
 * 1,000,000–8,999,999 for generated employers, below for the scenarios', 9,xxx,xxx unknown.
 */
import { betriebsnummerCheckDigit, kvnrCheckDigit } from '../ids.ts';

const SPACE = 24 * 100_000_000; // letters A–X × 8 digits
const MULTIPLIER_HIGH = 24373; // MULTIPLIER = 24373 · 65536 + 2709, coprime to 2^11 · 3 · 5^8
const MULTIPLIER_LOW = 2709;
const OFFSET = 987_654_321;

/** A KVNR from its letter and 8-digit number. */
export function kvnr(letter: string, number: number): string {
  const body = letter + String(number).padStart(8, '0');
  return body + String(kvnrCheckDigit(body));
}

/** The member id of the n-th generated person (n ≥ 0): (n × MULTIPLIER + OFFSET) mod SPACE, exact in doubles. */
export function memberIdFor(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= SPACE) throw new RangeError('person number out of range');
  const high = ((n * MULTIPLIER_HIGH) % SPACE) * 65536;
  const k = ((high % SPACE) + ((n * MULTIPLIER_LOW) % SPACE) + OFFSET) % SPACE;
  return kvnr(String.fromCharCode(65 + Math.floor(k / 100_000_000)), k % 100_000_000);
}

export function betriebsnummer(prefix7: number): string {
  const seven = String(prefix7).padStart(7, '0');
  return seven + String(betriebsnummerCheckDigit(seven));
}

/** The Betriebsnummer of the n-th generated employer (n ≥ 0), scattered over its prefixes. */
export function employerIdFor(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 8_000_000) throw new RangeError('employer number out of range');
  return betriebsnummer(1_000_000 + ((n * 7919 + 1_234_567) % 8_000_000));
}

/** A valid id no person or employer of any data set has, from a number (k ≥ 0). */
export const unknownMemberId = (k: number) => kvnr('Z', k % 100_000_000);
export const unknownEmployerId = (k: number) => betriebsnummer(9_000_000 + (k % 1_000_000));
