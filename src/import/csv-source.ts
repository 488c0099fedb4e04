/**
 * Reading a contract CSV: its SHA-256 (re-importing the same bytes is a no-op) and its records
 * with their physical line numbers (line 1 is the header), RFC 4180. Lines are split here, not
 * by csv-parse: a bad line (broken quotes, NUL, a CR inside it, not UTF-8) is one rejected row,
 * never the end of the file's import nor a shift of the later lines' numbers (issue 10, B).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isAscii } from 'node:buffer';
import { pipeline } from 'node:stream/promises';

export async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

export interface CsvRecord {
  line: number;
  fields: string[];
  /**
   * The line's text when it holds no quote (its fields are `text.split(',')`); undefined for a
   * record with quoted fields. Lets the import copy such a line as it is (issue 12).
   */
  text?: string;
}

/**
 * A file that cannot be read as records. The message names the file, the line and the column,
 * never the field's value (csv-parse's own message quoted it: `value is "G613012607"`), and a
 * value may be a member id, a name or pay.
 */
export class CsvSyntaxError extends Error {}

/** What went wrong with a line's quotes, without the value. */
const STRAY_QUOTE = 'a quote inside an unquoted field (quote the whole field and double the quote)';
const TEXT_AFTER_CLOSING_QUOTE = 'a quoted field whose closing quote is not followed by a comma or the line end';

/** A physical line that is not a record: its line number, the column when known (else `*`) and why. */
export interface CsvProblemRow {
  line: number;
  problem: { column: string; reason: string };
}

export type CsvRow = CsvRecord | CsvProblemRow;

const QUOTE_NOT_CLOSED = 'quote not closed';
/** A quoted field may span lines (RFC 4180); one still open after this many lines is taken for broken. */
const MAX_LINES_PER_RECORD = 50;

/**
 * Streams the records of a file, the first being the header; a physical line that cannot be a
 * record (a NUL byte, a bare CR, bytes that are not UTF-8, broken quotes) comes as a problem row
 * and the next line is read as usual. Lines end in `\n` or `\r\n` (both may be mixed); empty
 * lines are skipped but counted. Problems never carry the line's text.
 */
export async function* readCsvRows(file: string): AsyncGenerator<CsvRow> {
  for await (const rows of readCsvRowBatches(file)) yield* rows;
}

/**
 * The rows of readCsvRows, a batch (about a MiB of lines) at a time: one await per batch instead
 * of several per line, which the import's per-row cost cannot afford (issue 12). A line without
 * quotes is split at once; one with quotes goes the careful way, which may look ahead.
 */
export async function* readCsvRowBatches(file: string): AsyncGenerator<CsvRow[]> {
  let header: string[] | null = null;
  const pending: PhysicalLine[] = [];
  const source = physicalLineBatches(file)[Symbol.asyncIterator]();
  let texts: LineText[] = [];
  let first = 0;
  let at = 0;
  let exhausted = false;
  const next = async (): Promise<PhysicalLine | null> => {
    if (pending.length > 0) return pending.shift()!;
    while (at === texts.length) {
      if (exhausted) return null;
      const item = await source.next();
      if (item.done) {
        exhausted = true;
        return null;
      }
      ({ first, texts } = item.value);
      at = 0;
    }
    const line = first + at;
    return { line, text: texts[at++]! };
  };
  const column = (index: number) => header?.[index]?.trim() || String(index + 1);
  let out: CsvRow[] = [];
  for (;;) {
    let current: PhysicalLine | null;
    if (pending.length === 0 && at < texts.length) {
      const line = first + at;
      const text = texts[at++]!;
      if (typeof text === 'string' && !text.includes('"')) {
        // the common line: no quotes, so RFC 4180 is a plain split (empty lines are skipped)
        if (text !== '') {
          const fields = text.split(',');
          header ??= fields;
          out.push({ line, fields, text });
        }
        continue;
      }
      current = { line, text };
    } else {
      // the batch is done (or lines wait that a join gave back): hand over what is read first
      if (out.length > 0) {
        yield out;
        out = [];
      }
      current = await next();
      if (!current) break;
    }
    if (typeof current.text !== 'string') {
      out.push({ line: current.line, problem: { column: '*', reason: current.text.problem } });
      continue;
    }
    if (current.text === '') continue;
    let split = splitCsvLine(current.text);
    if (split.kind === 'open') {
      // a quoted field that goes on on the next line(s): join until it closes
      const taken: PhysicalLine[] = [];
      const opened = split.field;
      let text = current.text;
      while (split.kind === 'open' && taken.length < MAX_LINES_PER_RECORD) {
        const more = await next();
        if (!more) break;
        taken.push(more);
        if (typeof more.text !== 'string') break;
        // a next line that is a whole row by itself is a row: the quote before it was never closed
        if (header && isWholeRow(more.text, header.length)) break;
        text += '\n' + more.text;
        split = splitCsvLine(text);
      }
      const fits = split.kind === 'ok' && (header === null || split.fields.length === header.length);
      if (!fits) {
        // never closed, or closed by a quote meant for another row: only this line is rejected
        pending.unshift(...taken);
        out.push({ line: current.line, problem: { column: column(opened), reason: QUOTE_NOT_CLOSED } });
        continue;
      }
    }
    if (split.kind === 'ok') {
      header ??= split.fields;
      out.push({ line: current.line, fields: split.fields });
    } else {
      out.push({
        line: current.line,
        problem: { column: column(split.field), reason: split.kind === 'open' ? QUOTE_NOT_CLOSED : split.reason },
      });
    }
  }
  if (out.length > 0) yield out;
}

/**
 * Streams records; the first yielded record is the header. Strict: the first problem row throws
 * a CsvSyntaxError naming file, line and column (the import reads with readCsvRows instead).
 */
export async function* readCsv(file: string): AsyncGenerator<CsvRecord> {
  for await (const row of readCsvRows(file)) {
    if ('problem' in row) {
      const column = row.problem.column === '*' ? '' : `, column ${row.problem.column}`;
      throw new CsvSyntaxError(`${path.basename(file)}, line ${row.line}${column}: ${row.problem.reason}`);
    }
    yield row;
  }
}

function isWholeRow(text: string, fields: number): boolean {
  const split = splitCsvLine(text);
  return split.kind === 'ok' && split.fields.length === fields;
}

type SplitLine = { kind: 'ok'; fields: string[] } | { kind: 'open'; field: number } | { kind: 'bad'; field: number; reason: string };

/** One record's text split into fields by RFC 4180 (a quoted field may hold `,`, `""` and `\n`). */
export function splitCsvLine(text: string): SplitLine {
  if (!text.includes('"')) return { kind: 'ok', fields: text.split(',') };
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      // quoted field
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return { kind: 'open', field: fields.length };
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return { kind: 'ok', fields };
      if (text.charCodeAt(i) !== 44) return { kind: 'bad', field: fields.length - 1, reason: TEXT_AFTER_CLOSING_QUOTE };
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const value = comma < 0 ? text.slice(i) : text.slice(i, comma);
      if (value.includes('"')) return { kind: 'bad', field: fields.length, reason: STRAY_QUOTE };
      fields.push(value);
      if (comma < 0) return { kind: 'ok', fields };
      i = comma + 1;
    }
  }
}

/** A line longer than this is no row of the contract: the file cannot be split into rows. */
const MAX_LINE_BYTES = 16 << 20;

/** A line's text without its line end, or why it has none. */
type LineText = string | { problem: string };

interface PhysicalLine {
  line: number;
  text: LineText;
}

/** Consecutive physical lines: `texts[i]` is line `first + i`. */
interface LineBatch {
  first: number;
  texts: LineText[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of one line's bytes, or why it cannot be a row. */
function lineText(bytes: Buffer): LineText {
  if (bytes.includes(0)) return { problem: 'NUL byte inside a row' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { problem: 'not UTF-8 (Latin-1?)' };
  }
  return text.includes('\r') ? { problem: 'carriage return inside a row' } : text;
}

/**
 * The file's physical lines (split on `\n`, one trailing `\r` stripped, a BOM dropped from line
 * 1), streamed a read chunk at a time. A chunk of whole lines that is clean (valid UTF-8, no NUL)
 * is decoded at once; otherwise line by line, so a bad byte costs only its own line.
 */
async function* physicalLineBatches(file: string): AsyncGenerator<LineBatch> {
  let rest: Buffer | null = null;
  let line = 0;
  let first = true;
  const emit = (bytes: Buffer): LineBatch => {
    // bytes: whole lines, each ending in \n except perhaps the last (the file's end)
    if (first) {
      first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    const batch: LineBatch = { first: line + 1, texts: [] };
    let clean: string | null = null;
    if (!bytes.includes(0)) {
      // ASCII (nearly every extract) is its own UTF-8 and Latin-1: the Latin-1 copy is several
      // times faster than the validating UTF-8 decoder (issue 12); anything else is decoded strictly
      if (isAscii(bytes)) clean = bytes.toString('latin1');
      else {
        try {
          clean = utf8.decode(bytes);
        } catch {
          clean = null;
        }
      }
    }
    if (clean !== null) {
      const texts: LineText[] = clean.split('\n');
      if (texts[texts.length - 1] === '') texts.pop();
      for (let i = 0; i < texts.length; i++) {
        let t = texts[i] as string;
        if (t.charCodeAt(t.length - 1) === 13) t = t.slice(0, -1);
        texts[i] = t.includes('\r') ? { problem: 'carriage return inside a row' } : t;
      }
      line += texts.length;
      batch.texts = texts;
      return batch;
    }
    let from = 0;
    while (from < bytes.length) {
      const nl = bytes.indexOf(10, from);
      let to = nl < 0 ? bytes.length : nl;
      const next = nl < 0 ? bytes.length : nl + 1;
      if (to > from && bytes[to - 1] === 13) to--;
      line++;
      batch.texts.push(lineText(bytes.subarray(from, to)));
      from = next;
    }
    return batch;
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const data: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    const lastNl = data.lastIndexOf(10);
    if (lastNl < 0) {
      if (data.length > MAX_LINE_BYTES) {
        const cr = data.includes(13) ? ' (CR-only line ends?)' : '';
        throw new CsvSyntaxError(`${path.basename(file)}, line ${line + 1}: no line end within ${MAX_LINE_BYTES >> 20} MiB${cr}`);
      }
      rest = data;
      continue;
    }
    rest = lastNl + 1 < data.length ? data.subarray(lastNl + 1) : null;
    yield emit(data.subarray(0, lastNl + 1));
  }
  if (rest && rest.length > 0) yield emit(rest);
}

/** RFC 4180 field for COPY … WITH (FORMAT csv): null is an unquoted empty field. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}
