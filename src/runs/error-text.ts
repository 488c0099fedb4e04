/**
 * Error texts that may be recorded (run.error, run_chunk.error) and logged: without the data
 * values some messages quote. A chunk fails on the database or in the money library, and their
 * messages can carry the value that broke them — a member id, an amount:
 *   PostgreSQL  invalid input syntax for type numeric: "<value>"
 *               value "<value>" is out of range for type integer
 *               date/time field value out of range: "<value>"
 *   decimal.js  [DecimalError] Invalid argument: <value>
 * The value is replaced by `…`; names of types, columns and constraints stay (they tell an
 * operator where to look). PostgreSQL's DETAIL (the row of a violated key) is never read here.
 */
const QUOTED_AFTER_COLON = /(:\s*)"(?:[^"]|"")*"/g;
const QUOTED_VALUE = /\b(value\s+)"(?:[^"]|"")*"/gi;
const DECIMAL_ARGUMENT = /(\[DecimalError\][^:]*:\s*).*$/;

export function recordableText(message: string): string {
  return message.replace(QUOTED_AFTER_COLON, '$1"…"').replace(QUOTED_VALUE, '$1"…"').replace(DECIMAL_ARGUMENT, '$1…');
}

/** The recordable text of anything thrown. */
export function errorText(error: unknown): string {
  return recordableText(error instanceof Error ? error.message : String(error));
}
