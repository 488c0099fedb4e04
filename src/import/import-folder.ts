/**
 * `import <dir>`: one immutable batch per import, all or nothing. Each contract file is
 * validated row by row in Node (types, dates, money, enums, interval order, KVNR), loaded with
 * COPY, then checked in SQL for what needs the whole data set (unknown member, duplicate key, and
 * the set checks of a spec: parameters, overlapping periods).
 * A file whose rejected rows exceed the threshold fails the import and the transaction rolls
 * back: the database is unchanged; the rejection report is written either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database, Session } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { CsvSyntaxError, csvField, readCsvRowBatches, sha256OfFile, type CsvRow } from './csv-source.ts';
import { rejectDuplicateKeys, rejectFailingSetCheck, rejectUnknownReferences } from './batch-checks.ts';
import { attachBatchPartition, batchPartitionName, createBatchPartition } from './batch-partition.ts';
import { DuplicateCandidates } from './duplicate-candidates.ts';
import { FILE_SPECS, specOf, type FileSpec, type SetCheck } from './file-specs.ts';
import { writeRejectionReport, type Rejection } from './rejection-report.ts';
import { copySafe, headerIndex, recordValidator } from './validate.ts';
import type { ValueType } from './columns.ts';

export interface ImportOptions {
  folder: string;
  importedBy: string;
  outputDir: string;
  /** share of rejected rows above which a file fails the import (default 0.01 = 1 %) */
  maxRejectRate: number;
  /** files allowed to shrink below minRowShare of the rows of the batch they replace (recorded on the batch) */
  allowShrink?: readonly string[];
  /** share of the replaced batch's data rows below which a file is refused (default 0.5; 0 rows always is) */
  minRowShare?: number;
  onProgress?: (file: string, rows: number) => void;
}

export type FileStatus = 'loaded' | 'unchanged' | 'ignored';

export interface FileOutcome {
  file: string;
  status: FileStatus;
  rows: number;
  loaded: number;
  rejected: number;
  note?: string;
}

export interface ImportResult {
  batchId: number | null;
  files: FileOutcome[];
  rejectionReport: string | null;
  /** rejected rows counted per file and reason, for the terminal summary (no values) */
  rejectionCounts: { file: string; reason: string; count: number }[];
}

export class ImportError extends Error {
  constructor(
    message: string,
    readonly result?: ImportResult,
  ) {
    super(message);
  }
}

/** COPY text handed to the connection at a time: fewer, larger writes (issue 12) */
const COPY_CHUNK_CHARS = 1 << 18;
import { DEFAULT_MIN_ROW_SHARE } from './defaults.ts';

export { DEFAULT_MIN_ROW_SHARE };

const SEMICOLON_HINT = "looks ;-delimited; the contract's files are comma-separated";

/** Why `dir` cannot be imported as a folder (missing, or a file given instead), or null. */
export function folderProblem(dir: string): string | null {
  const full = path.resolve(dir);
  if (!fs.existsSync(full)) return `folder ${full} does not exist; pass the folder that holds the CSV extracts`;
  if (fs.statSync(full).isDirectory()) return null;
  const hint = fs.statSync(full).isFile() && headerLooksSemicolonDelimited(full) ? ` (it ${SEMICOLON_HINT})` : '';
  return `${full} is a file, not a folder; pass the folder that holds the CSV extracts${hint}`;
}

/** The first line holds a `;` and no `,`: an extract saved with a German spreadsheet's defaults. */
function headerLooksSemicolonDelimited(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const first = buffer.subarray(0, n).toString('utf8').split(/\r?\n/)[0] ?? '';
    return first.includes(';') && !first.includes(',');
  } finally {
    fs.closeSync(fd);
  }
}

export async function importFolder(database: Database, options: ImportOptions): Promise<ImportResult> {
  const folder = path.resolve(options.folder);
  const problem = folderProblem(folder);
  if (problem) throw new ImportError(problem);
  const allowShrink = [...new Set(options.allowShrink ?? [])].sort();
  for (const name of allowShrink) {
    if (!specOf(name)) throw new ImportError(`--allow-shrink names ${name}, which is not a file of the data contract`);
  }
  const minRowShare = options.minRowShare ?? DEFAULT_MIN_ROW_SHARE;
  const outcomes: FileOutcome[] = [];
  const toLoad: { spec: FileSpec; sha256: string; path: string; previousRows: number }[] = [];
  for (const name of fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const spec = specOf(name);
    if (!spec) {
      outcomes.push({ file: name, status: 'ignored', rows: 0, loaded: 0, rejected: 0, note: 'not a file of the data contract' });
      continue;
    }
    const sha256 = await sha256OfFile(path.join(folder, name));
    const latest = await latestVersion(database.db, name);
    if (latest?.sha256 === sha256) {
      outcomes.push({
        file: name,
        status: 'unchanged',
        rows: latest.rows_total,
        loaded: 0,
        rejected: 0,
        note: `same file already imported in batch ${latest.batch_id}`,
      });
      continue;
    }
    toLoad.push({ spec, sha256, path: path.join(folder, name), previousRows: latest?.rows_total ?? 0 });
  }
  // A cron job pointed at the wrong folder must not report success.
  if (!outcomes.some((o) => o.status !== 'ignored') && toLoad.length === 0) {
    throw new ImportError(`folder ${folder} holds no file of the data contract (such as members.csv); nothing was imported`);
  }
  if (toLoad.length === 0) return { batchId: null, files: outcomes, rejectionReport: null, rejectionCounts: [] };
  // members.csv first: the other files' member ids are checked against it.
  toLoad.sort((a, b) => FILE_SPECS.indexOf(a.spec) - FILE_SPECS.indexOf(b.spec));

  const rejections: Rejection[] = [];
  let batchId = 0;
  const failures: string[] = [];
  try {
    await database.withSession((session) =>
      session.db.transaction().execute(async (trx) => {
        const batch = await trx
          .insertInto('import_batch')
          .values({ folder, imported_by: options.importedBy, allow_shrink: allowShrink })
          .returning('id')
          .executeTakeFirstOrThrow();
        batchId = batch.id;
        if (database.kind === 'postgres') {
          // The checks after each COPY hash and sort a file's rows: with the default 4 MB they
          // spilled to disk in batches, and JIT compiled each big query anew (0.5 s a query).
          // Local to this transaction: nothing else changes.
          await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
          await sql`SET LOCAL jit = off`.execute(trx);
        }
        // the tables that got their partition for this batch (two files may load into one table)
        const partitioned = new Set<string>();
        for (const item of toLoad) {
          const { outcome, firstUnreadable } = await loadFile(session, trx, batchId, item, rejections, partitioned, options);
          outcomes.push(outcome);
          if (outcome.rows > 0 && outcome.rejected / outcome.rows > options.maxRejectRate) {
            // the first line that is no row at all is named: a broken export is told by where it broke
            const where = firstUnreadable ? `, first unreadable line: ${firstUnreadable}` : '';
            failures.push(
              `${item.spec.file}: ${outcome.rejected} of ${outcome.rows} rows rejected ` +
                `(${((100 * outcome.rejected) / outcome.rows).toFixed(2)} % > ${(100 * options.maxRejectRate).toFixed(2)} %)${where}`,
            );
          }
          // A truncated or header-only extract must not silently replace a full one.
          const previous = item.previousRows;
          if (previous > 0 && !allowShrink.includes(item.spec.file) && (outcome.rows === 0 || outcome.rows < minRowShare * previous)) {
            failures.push(
              `${item.spec.file}: ${outcome.rows} data rows where the batch it replaces has ${previous} ` +
                `(fewer than ${(100 * minRowShare).toFixed(0)} %); if that is right, name it with --allow-shrink ${item.spec.file}`,
            );
          }
        }
        if (failures.length > 0) throw new ImportError(`import refused, nothing was imported: ${failures.join('; ')}`);
        if (rejections.length > 0) {
          for (let i = 0; i < rejections.length; i += 1000) {
            await trx
              .insertInto('import_rejection')
              .values(
                rejections.slice(i, i + 1000).map((r) => ({
                  batch_id: batchId,
                  file_name: r.file,
                  line: r.line,
                  column_name: r.column,
                  value: r.value,
                  reason: r.reason,
                })),
              )
              .execute();
          }
        }
      }),
    );
  } catch (error) {
    const result = finish(batchId, outcomes, rejections, options);
    if (error instanceof ImportError) throw new ImportError(error.message, result);
    throw error;
  }
  return finish(batchId, outcomes, rejections, options);
}

function finish(batchId: number, files: FileOutcome[], rejections: Rejection[], options: ImportOptions): ImportResult {
  const report = rejections.length > 0 && batchId > 0 ? writeRejectionReport(options.outputDir, batchId, rejections) : null;
  const counts = new Map<string, { file: string; reason: string; count: number }>();
  for (const r of rejections) {
    const key = `${r.file}\u0000${r.reason}`;
    const entry = counts.get(key) ?? { file: r.file, reason: r.reason, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return { batchId: batchId || null, files, rejectionReport: report, rejectionCounts: [...counts.values()] };
}

async function latestVersion(db: Kysely<DB>, file: string) {
  return db.selectFrom('import_file').selectAll().where('file_name', '=', file).orderBy('batch_id', 'desc').limit(1).executeTakeFirst();
}

async function loadFile(
  session: Session,
  trx: Kysely<DB>,
  batchId: number,
  item: { spec: FileSpec; sha256: string; path: string },
  rejections: Rejection[],
  partitioned: Set<string>,
  options: ImportOptions,
): Promise<{ outcome: FileOutcome; firstUnreadable: string | undefined }> {
  const { spec } = item;
  let rows = 0;
  let rejectedInNode = 0;
  let firstUnreadable: string | undefined;
  const batches = readCsvRowBatches(item.path);
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
  else keys.reserve(estimatedRows(fs.statSync(item.path).size, pending));
  const rowStart = `${csvField(batchId)},`;
  // The header names the spec's columns in the spec's order and no others: an unquoted line is
  // then already the COPY text of its values (an unquoted field holds no `,` `"` CR or LF, so
  // csvField leaves it as it is, and an empty field is null either way) and is copied as it is.
  const header = first.fields.map((name) => name.trim());
  const linesAsTheyAre = header.length === spec.columns.length && spec.columns.every((c, i) => c.name === header[i]);

  async function* copyText(): AsyncGenerator<string> {
    let buffer = '';
    let batch: CsvRow[] | null = pending.slice(1);
    while (batch) {
      for (const record of batch) {
        rows++;
        if (rows % 1_000_000 === 0) options.onProgress?.(spec.file, rows);
        if ('problem' in record) {
          // a line that is no record (broken quotes, NUL, CR, not UTF-8): rejected, the next line is read
          rejectedInNode++;
          rejections.push({
            file: spec.file,
            line: record.line,
            column: record.problem.column,
            value: null,
            reason: record.problem.reason,
          });
          if (!firstUnreadable) {
            const column = record.problem.column === '*' ? '' : `, column ${record.problem.column}`;
            firstUnreadable = `${spec.file}, line ${record.line}${column}: ${record.problem.reason}`;
          }
          continue;
        }
        if (record.fields.length !== headerLength) {
          rejectedInNode++;
          rejections.push({
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
          rejectedInNode++;
          for (const p of problems) rejections.push({ file: spec.file, line: record.line, ...p });
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
          yield buffer;
          buffer = '';
        }
      }
      const next = await batches.next().catch(refused);
      batch = next.done ? null : next.value;
    }
    if (buffer) yield buffer;
  }

  // The batch's own partition of the table: filled without an index, which attaching it builds
  // (batch-partition.ts); a second file into the same table copies into the attached partition.
  const fresh = !partitioned.has(spec.table);
  const partition = fresh ? await createBatchPartition(trx, spec.table, batchId) : batchPartitionName(spec.table, batchId);
  partitioned.add(spec.table);
  const copied = await session.copyIn(partition, ['batch_id', 'line', ...spec.columns.map((c) => c.name)], copyText());
  if (fresh) await attachBatchPartition(trx, spec.table, batchId);
  // Fresh rows have no statistics yet: without them the planner takes the new batch for empty
  // and the checks below turn into nested loops over millions of rows. Only the new partition:
  // the parent's ANALYZE would sample every batch's partition again.
  await sql`ANALYZE ${sql.table(partition)}`.execute(trx);
  const unknown = spec.ref ? await rejectUnknownReferences(trx, spec, spec.ref, batchId) : [];
  for (const ref of spec.optionalRefs ?? []) unknown.push(...(await rejectUnknownReferences(trx, spec, ref, batchId)));
  const failedSetChecks: { line: number; column: string; value: null; reason: string }[] = [];
  const setChecks = (stage: SetCheck['stage']) => (spec.setChecks ?? []).filter((c) => c.stage === stage);
  for (const check of setChecks('row')) failedSetChecks.push(...(await rejectFailingSetCheck(trx, spec, check, batchId)));
  const duplicates = await rejectDuplicateKeys(trx, spec, batchId, keys.candidates());
  for (const check of setChecks('file')) failedSetChecks.push(...(await rejectFailingSetCheck(trx, spec, check, batchId)));
  for (const r of [...unknown, ...duplicates, ...failedSetChecks]) rejections.push({ file: spec.file, ...r });
  const rejected = rejectedInNode + unknown.length + duplicates.length + failedSetChecks.length;
  const loaded = copied - unknown.length - duplicates.length - failedSetChecks.length;
  await trx
    .insertInto('import_file')
    .values({
      batch_id: batchId,
      file_name: spec.file,
      sha256: item.sha256,
      rows_total: rows,
      rows_loaded: loaded,
      rows_rejected: rejected,
    })
    .execute();
  options.onProgress?.(spec.file, rows);
  return { outcome: { file: spec.file, status: 'loaded', rows, loaded, rejected }, firstUnreadable };
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
