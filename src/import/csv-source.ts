/**
 * Reading a contract CSV: its SHA-256 (re-importing the same bytes is a no-op) and its records
 * with their physical line numbers (line 1 is the header), RFC 4180 via csv-parse.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
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

export class CsvSyntaxError extends Error {}

/** Streams records; the first yielded record is the header. */
export async function* readCsv(file: string): AsyncGenerator<CsvRecord> {
  const parser = fs.createReadStream(file).pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: item.info.lines, fields: item.record };
    }
  } catch (error) {
    throw new CsvSyntaxError(`${(error as Error).message}`);
  }
}

/** RFC 4180 field for COPY … WITH (FORMAT csv): null is an unquoted empty field. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}
