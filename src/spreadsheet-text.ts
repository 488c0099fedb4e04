/**
 * Free text that the pipeline echoes into a file people open in a spreadsheet (the rejected
 * value in the rejection report, the Importfehler sheet) is written so a spreadsheet shows it as
 * text (data-contract.md, "Identifiers"; OWASP "CSV Injection"): a value starting with `=`, `+`,
 * `-`, `@`, tab or CR gets a leading `'`. Only for such text: the contract's CSV exports keep their
 * amounts (`-120.00`) as they are, their ids are safe by the import's character set.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function spreadsheetText(value: string): string;
export function spreadsheetText(value: string | null): string | null;
export function spreadsheetText(value: string | null): string | null {
  return value !== null && FORMULA_START.test(value) ? `'${value}` : value;
}
