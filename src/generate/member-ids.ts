/**
 * Synthetic Krankenversichertennummern (unchangeable part): a fixed bijection scatters running
 * person numbers over the whole id space (26 letters × 10^8 numbers), so ids are unique, look
 * unordered and do not depend on the seed; the check digit comes from src/ids.ts.
 */
import { kvnrCheckDigit } from '../ids.ts';

const SPACE = 26 * 100_000_000; // letter A–Z × 8 digits
const MULTIPLIER_HIGH = 24373; // MULTIPLIER = 24373 * 65536 + 2709, coprime to 2^9 · 5^8 · 13
const MULTIPLIER_LOW = 2709;
const OFFSET = 987_654_321;
/** Person numbers from here on are never used for persons: ids of "unknown member" bad rows. */
const UNKNOWN_FROM = 2_500_000_000;

/** (n × MULTIPLIER + OFFSET) mod SPACE, exact in doubles (every intermediate < 2^53). */
function scatter(n: number): number {
  const high = ((n * MULTIPLIER_HIGH) % SPACE) * 65536;
  return ((high % SPACE) + ((n * MULTIPLIER_LOW) % SPACE) + OFFSET) % SPACE;
}

function idOf(number: number): string {
  const letter = String.fromCharCode(65 + Math.floor(number / 100_000_000));
  const body = letter + String(number % 100_000_000).padStart(8, '0');
  return body + String(kvnrCheckDigit(body));
}

/** The member id of the n-th person of a data set (n ≥ 0). */
export function memberIdFor(personNumber: number): string {
  if (!Number.isSafeInteger(personNumber) || personNumber < 0 || personNumber >= UNKNOWN_FROM) {
    throw new RangeError(`person number out of range: ${personNumber}`);
  }
  return idOf(scatter(personNumber));
}

/** A valid member id that no person of any data set has (k ≥ 0). */
export function unknownMemberIdFor(k: number): string {
  return idOf(scatter(UNKNOWN_FROM + k));
}

/** The same id with a wrong check digit. */
export function withWrongCheckDigit(memberId: string): string {
  const digit = Number(memberId[9]);
  return memberId.slice(0, 9) + String((digit + 1) % 10);
}
