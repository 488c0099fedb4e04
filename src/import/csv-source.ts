/**
 * Reading a contract CSV: its SHA-256 (re-importing the same bytes is a no-op) and its records
 * with their physical line numbers (line 1 is the header), RFC 4180 via csv-parse.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';

export async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * A file that csv-parse cannot split into records. The message names the file, the line and the
 * column, never the field's value: csv-parse's own message quotes it (`value is "G613012607"`),
 * and a value may be a member id, a name or pay.
 */
export class CsvSyntaxError extends Error {}

/** What went wrong, by csv-parse's error code, without the value. */
const CSV_PROBLEMS: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field and double the quote)',
  INVALID_CLOSING_QUOTE: 'a quoted field whose closing quote is not followed by a comma or the line end',
  QUOTE_NOT_CLOSED: 'a quoted field that is never closed',
  NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'characters after the closing quote of a field',
  MAX_RECORD_SIZE: 'a record too large',
};

/** `members.csv, line 3, column member_id: …` from a csv-parse error (its code, line and field index). */
export function csvSyntaxMessage(file: string, error: unknown, header: readonly string[] | null): string {
  const e = (error ?? {}) as { code?: unknown; lines?: unknown; column?: unknown };
  const code = typeof e.code === 'string' ? e.code.replace(/^CSV_/, '') : '';
  const where = [path.basename(file)];
  if (typeof e.lines === 'number') where.push(`line ${e.lines}`);
  if (typeof e.column === 'number') where.push(`column ${header?.[e.column]?.trim() || e.column + 1}`);
  else if (typeof e.column === 'string' && e.column !== '') where.push(`column ${e.column}`);
  const problem = CSV_PROBLEMS[code] ?? (code ? `not valid CSV (${code})` : 'not valid CSV');
  return `${where.join(', ')}: ${problem}`;
}

/** Streams records; the first yielded record is the header. */
export async function* readCsv(file: string): AsyncGenerator<CsvRecord> {
  const parser = fs.createReadStream(file).pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  let header: string[] | null = null;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      header ??= item.record;
      yield { line: item.info.lines, fields: item.record };
    }
  } catch (error) {
    // csv-parse's message quotes the field's value: build our own from its code, line and field
    throw new CsvSyntaxError(csvSyntaxMessage(file, error, header ?? firstLineFields(file)));
  }
}

/** The header's names when the parser failed before yielding it (the error came in its first chunk). */
function firstLineFields(file: string): string[] | null {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(65536);
      const text = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
      const end = text.search(/\r?\n/);
      return end < 0
        ? null
        : text
            .slice(0, end)
            .replace(/^\uFEFF/, '')
            .split(',');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** RFC 4180 field for COPY … WITH (FORMAT csv): null is an unquoted empty field. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}
