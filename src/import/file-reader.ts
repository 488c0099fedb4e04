/**
 * Reading one contract file for the import: its header checked against the spec, every line
 * validated in Node (a bad line is a rejection with file, line, column and reason), and the valid
 * rows rendered as COPY csv text (batch_id, line, the spec's columns), a piece at a time. The
 * reading runs ahead of the COPY by up to a bound (read-ahead.ts), so that the next file is read
 * while PostgreSQL still checks the last one (issue 12).
 */
import fs from 'node:fs';
import { CsvSyntaxError, csvField, readCsvRowBatches, type CsvRow } from './csv-source.ts';
import { DuplicateCandidates } from './duplicate-candidates.ts';
import type { FileSpec, ValueType } from './file-specs.ts';
import { ImportError } from './import-result.ts';
import { ReadAhead } from './read-ahead.ts';
import type { Rejection } from './rejection-report.ts';
import { copySafe, headerIndex, recordValidator } from './validate.ts';

/** COPY text handed to the connection at a time: fewer, larger writes (issue 12) */
const COPY_CHUNK_CHARS = 1 << 18;

export const SEMICOLON_HINT = "looks ;-delimited; the contract's files are comma-separated";

/** A file being read: its COPY text, and what the reading found so far (final once the text is drained). */
export interface FileReading {
  readonly spec: FileSpec;
  /** the COPY csv text of the valid rows, in pieces; may be iterated once */
  readonly copyText: AsyncIterable<Buffer>;
  /** lines read (the header not counted), lines rejected here, and the first line that is no row at all */
  readonly counts: { rows: number; rejected: number; firstUnreadable: string | undefined };
  /** this file's rejections found while reading, in line order */
  readonly rejections: Rejection[];
  /** the lines whose key may occur twice (for the duplicate-key check in SQL) */
  readonly keys: DuplicateCandidates;
  /** stops the reading (the import failed): the file is closed, no more text is made */
  stop(): Promise<void>;
}

/**
 * Opens `file` (of `spec`) for batch `batchId`: reads up to the header and checks it (a file
 * without the spec's columns is an ImportError), then reads on in the background, at most
 * `readAheadChars` of COPY text ahead of the consumer.
 */
export async function readContractFile(
  file: string,
  spec: FileSpec,
  batchId: number,
  readAheadChars: number,
  onProgress?: (file: string, rows: number) => void,
): Promise<FileReading> {
  const fileRejections: Rejection[] = [];
  const counts = { rows: 0, rejected: 0, firstUnreadable: undefined as string | undefined };
  const batches = readCsvRowBatches(file);
  // the header is the first record: read batches until one holds a row
  let pending: CsvRow[] = [];
  for (;;) {
    const batch = await batches.next().catch(refused);
    if (batch.done) throw new ImportError(`${spec.file} is empty: it needs at least the header row`);
    if (batch.value.length > 0) {
      pending = batch.value;
      break;
    }
  }
  const first = pending[0]!;
  if ('problem' in first) {
    throw new ImportError(`${spec.file}, line ${first.line}: the header row is unreadable (${first.problem.reason})`);
  }
  const { index, missing } = headerIndex(spec, first.fields);
  if (missing.length > 0) {
    const header = first.fields;
    if (header.length === 1 && header[0]!.includes(';')) throw new ImportError(`${spec.file} ${SEMICOLON_HINT}`);
    throw new ImportError(`${spec.file} lacks the column(s) ${missing.join(', ')}`);
  }
  const headerLength = first.fields.length;
  const validator = recordValidator(spec, index);
  const values = validator.values;
  // values COPY takes as they are (csvField would not quote them); the others go through csvField
  const safe = spec.columns.map((c) => copySafe(c.type));
  const keyAt = spec.key.map((k) => spec.columns.findIndex((c) => c.name === k));
  const key: (string | null)[] = keyAt.map(() => null);
  const keys = new DuplicateCandidates();
  // the hash shortcut compares key text: only for key types with one spelling per value (else every row is a candidate)
  const keysByText = spec.key.every((k) => hasOneSpelling(spec.columns.find((c) => c.name === k)!.type));
  if (!keysByText) keys.giveUp();
  else keys.reserve(estimatedRows(fs.statSync(file).size, pending));
  const rowStart = `${csvField(batchId)},`;
  // The header names the spec's columns in the spec's order and no others: an unquoted line is
  // then already the COPY text of its values (an unquoted field holds no `,` `"` CR or LF, so
  // csvField leaves it as it is, and an empty field is null either way) and is copied as it is.
  const header = first.fields.map((name) => name.trim());
  const linesAsTheyAre = header.length === spec.columns.length && spec.columns.every((c, i) => c.name === header[i]);

  // Pieces as bytes: text held ahead would sit on the JavaScript heap, where the garbage
  // collector walks it again and again (measured: 18 → 28 s of GC for 128 MB held as strings).
  async function* copyText(): AsyncGenerator<Buffer> {
    let buffer = '';
    let batch: CsvRow[] | null = pending.slice(1);
    while (batch) {
      for (const record of batch) {
        const rows = ++counts.rows;
        if (rows % 1_000_000 === 0) onProgress?.(spec.file, rows);
        if ('problem' in record) {
          // a line that is no record (broken quotes, NUL, CR, not UTF-8): rejected, the next line is read
          counts.rejected++;
          fileRejections.push({
            file: spec.file,
            line: record.line,
            column: record.problem.column,
            value: null,
            reason: record.problem.reason,
          });
          if (!counts.firstUnreadable) {
            const column = record.problem.column === '*' ? '' : `, column ${record.problem.column}`;
            counts.firstUnreadable = `${spec.file}, line ${record.line}${column}: ${record.problem.reason}`;
          }
          continue;
        }
        if (record.fields.length !== headerLength) {
          counts.rejected++;
          fileRejections.push({
            file: spec.file,
            line: record.line,
            column: '*',
            value: null,
            reason: `${record.fields.length} fields where the header has ${headerLength}`,
          });
          continue;
        }
        const problems = validator.validate(record.fields);
        if (problems) {
          counts.rejected++;
          for (const p of problems) fileRejections.push({ file: spec.file, line: record.line, ...p });
          continue;
        }
        if (keysByText) {
          for (let i = 0; i < keyAt.length; i++) key[i] = values[keyAt[i]!]!;
          keys.add(key, record.line);
        }
        if (linesAsTheyAre && record.text !== undefined) {
          buffer += rowStart + record.line + ',' + record.text + '\n';
        } else {
          // the same text as csvField on every value (null is an empty field), without its regex on values known safe
          let text = rowStart + record.line;
          for (let i = 0; i < values.length; i++) {
            const value = values[i]!;
            text += value === null ? ',' : safe[i] ? ',' + value : ',' + csvField(value);
          }
          buffer += text + '\n';
        }
        if (buffer.length >= COPY_CHUNK_CHARS) {
          yield Buffer.from(buffer, 'utf8');
          buffer = '';
        }
      }
      const next = await batches.next().catch(refused);
      batch = next.done ? null : next.value;
    }
    if (buffer) yield Buffer.from(buffer, 'utf8');
  }

  const ahead = new ReadAhead(copyText(), readAheadChars);
  return { spec, copyText: ahead, counts, rejections: fileRejections, keys, stop: () => ahead.stop() };
}

/**
 * The rows a file of `bytes` bytes holds, guessed from its first batch's average line length (the
 * text of its fields and separators; a rejected line counts as 40): only for sizing a table.
 */
function estimatedRows(bytes: number, first: readonly CsvRow[]): number {
  let chars = 0;
  for (const row of first) {
    if ('problem' in row) chars += 40;
    else for (const field of row.fields) chars += field.length + 1;
  }
  return first.length === 0 || chars === 0 ? 0 : Math.ceil((bytes * first.length) / chars);
}

/**
 * Key types whose valid values have exactly one text per value, so that equal text is equal in SQL
 * and the other way round (DuplicateCandidates hashes the text). Not so for int (`01` = `1`),
 * money or decimal (`1.0` = `1.00`): a key column of such a type numbers every row in SQL.
 */
function hasOneSpelling(type: ValueType): boolean {
  switch (type.kind) {
    case 'kvnr':
    case 'betriebsnummer':
    case 'month':
    case 'text':
    case 'date':
    case 'year':
    case 'enum':
    case 'country':
    case 'iban':
    case 'bic':
      return true;
    case 'int':
    case 'money':
    case 'decimal':
    case 'bool':
    case 'sepa-text':
      return false;
  }
}

/** A file the reader cannot split into lines at all: refused, naming the file and the line. */
function refused(error: unknown): never {
  if (error instanceof CsvSyntaxError) throw new ImportError(`refused: ${error.message}`);
  throw error;
}
