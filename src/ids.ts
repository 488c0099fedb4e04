/**
 * Check digits of the identifiers in the data contract (data-contract.md, "Identifiers").
 * Both are Luhn-like: alternate weights 1 and 2, add the digit sums of the products, take mod 10.
 */

const KVNR = /^[A-Z][0-9]{9}$/;
const BETRIEBSNUMMER = /^[0-9]{8}$/;

function weightedDigitSum(digits: string): number {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    const product = Number(digits[i]) * (i % 2 === 0 ? 1 : 2);
    total += Math.floor(product / 10) + (product % 10);
  }
  return total;
}

/** Check digit of the first 9 characters of a Krankenversichertennummer (letter + 8 digits). */
export function kvnrCheckDigit(letterAndEightDigits: string): number {
  const letter = letterAndEightDigits.charCodeAt(0) - 64; // A=1 … Z=26
  const digits = String(letter).padStart(2, '0') + letterAndEightDigits.slice(1, 9);
  return weightedDigitSum(digits) % 10;
}

/** A valid unchangeable part of a Krankenversichertennummer, e.g. `X110411675`. */
export function isValidKvnr(value: string): boolean {
  return KVNR.test(value) && kvnrCheckDigit(value) === Number(value[9]);
}

/** Check digit of the first 7 digits of a Betriebsnummer (weights 1,2,1,2,1,2,1). */
export function betriebsnummerCheckDigit(sevenDigits: string): number {
  return weightedDigitSum(sevenDigits.slice(0, 7)) % 10;
}

/** A valid Betriebsnummer, e.g. `09912342`. */
export function isValidBetriebsnummer(value: string): boolean {
  return BETRIEBSNUMMER.test(value) && betriebsnummerCheckDigit(value) === Number(value[7]);
}
