/**
 * Texts of a credit-transfer file in the EPC Latin character set (payments-and-ledger.md § 2.6):
 * `a-z A-Z 0-9 / - ? : ( ) . , ' +` and space. Names and addresses are kept as delivered and
 * converted only when written, so the limits of § 1.3 apply to the converted form: ä → ae counts
 * two characters.
 *
 * Conversion: German umlauts and ß transliterated (ä→ae, ö→oe, ü→ue, Ä→Ae, Ö→Oe, Ü→Ue, ß→ss),
 * & → +, other accented letters lose their accents (é→e, Ł stays out: see below), every other
 * character is removed, runs of spaces collapse to one and the ends are trimmed.
 *
 * Literal readings where the spec is silent: "accents dropped" is Unicode canonical decomposition
 * (NFD) followed by removing the combining marks, so only letters that decompose lose their accent;
 * letters without a decomposition (ø, ł, đ, æ) are "other characters" and are removed. Tabs and
 * line breaks count as spaces (they separate words), not as removed characters. An upper-case ẞ
 * becomes SS.
 */

/** One character of the EPC set (space included). */
const SEPA_CHARACTER = /[a-zA-Z0-9/\-?:().,'+ ]/;
const SEPA_TEXT = /^[a-zA-Z0-9/\-?:().,'+ ]*$/;

const TRANSLITERATION: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
  ẞ: 'SS',
  '&': '+',
};

/** The text in the EPC set: transliterated, accents dropped, other characters removed, spaces collapsed. */
export function toSepaText(text: string): string {
  let out = '';
  // transliterate on the composed form (a decomposed "a + ¨" is an ä too), then decompose the rest
  for (const ch of text.normalize('NFC')) {
    const mapped = TRANSLITERATION[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    if (/\s/.test(ch)) {
      out += ' ';
      continue;
    }
    for (const part of ch.normalize('NFD')) if (SEPA_CHARACTER.test(part)) out += part;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/** True when every character is in the EPC set (the check of what the writer puts into the file). */
export function isSepaText(text: string): boolean {
  return SEPA_TEXT.test(text);
}

/**
 * Why a delivered text cannot be written into a transfer (§ 1.3), or null: its converted form is
 * empty or longer than `max`. The reason names the limit, never the value (names are personal data).
 */
export function sepaTextProblem(text: string, max: number): string | null {
  const converted = toSepaText(text);
  if (converted.length === 0) return 'TEXT_EMPTY_AFTER_CONVERSION: no character of the SEPA character set left after conversion';
  if (converted.length > max) return `TEXT_TOO_LONG: longer than ${max} characters after conversion to the SEPA character set`;
  return null;
}
