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
import { sha256OfFile } from './csv-source.ts';
import { rejectDuplicateKeys, rejectFailingSetCheck, rejectUnknownReferences } from './batch-checks.ts';
import { attachBatchPartition, batchPartitionName, createBatchPartition } from './batch-partition.ts';
import { FILE_SPECS, specOf, type FileSpec, type SetCheck } from './file-specs.ts';
import { readContractFile, SEMICOLON_HINT, type FileReading } from './file-reader.ts';
import { ImportError, type FileOutcome, type FileStatus, type ImportResult } from './import-result.ts';
import { writeRejectionReport, type Rejection } from './rejection-report.ts';

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

export { ImportError, type FileOutcome, type FileStatus, type ImportResult };

/**
 * COPY text a file's reading may run ahead of its COPY: the next file is read while PostgreSQL
 * checks the last one, which took ~40 % of the wall time of the 1 M tariff import (issue 12).
 */
const READ_AHEAD_CHARS = 1 << 27;
import { DEFAULT_MIN_ROW_SHARE } from './defaults.ts';

export { DEFAULT_MIN_ROW_SHARE };

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
        const read = (item: (typeof toLoad)[number]) => {
          const reading = readContractFile(item.path, item.spec, batchId, READ_AHEAD_CHARS, options.onProgress);
          reading.catch(() => undefined); // a bad header is thrown where the file's turn comes, below
          return reading;
        };
        let next: Promise<FileReading> | null = read(toLoad[0]!);
        let current: FileReading | null = null;
        try {
          for (let i = 0; i < toLoad.length; i++) {
            const item = toLoad[i]!;
            const reading = await next!;
            current = reading;
            next = null;
            const readNext = () => {
              if (i + 1 < toLoad.length) next = read(toLoad[i + 1]!);
            };
            const loadedFile = await loadFile(session, trx, batchId, reading, item, partitioned, readNext);
            // in file order: the rejections of file i (read, then checked in SQL) before those of file i + 1
            for (const r of loadedFile.rejections) rejections.push(r);
            options.onProgress?.(item.spec.file, loadedFile.outcome.rows);
            const { outcome, firstUnreadable } = loadedFile;
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
        } finally {
          // a failed import: the files still being read are closed (a no-op for a file read to its end)
          const pending: Promise<FileReading> | null = next;
          await (current as FileReading | null)?.stop();
          if (pending) await (await pending.catch(() => null))?.stop();
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
  reading: FileReading,
  item: { sha256: string },
  partitioned: Set<string>,
  readNext: () => void,
): Promise<{ outcome: FileOutcome; rejections: Rejection[]; firstUnreadable: string | undefined }> {
  const { spec } = reading;
  // The batch's own partition of the table: filled without an index, which attaching it builds
  // (batch-partition.ts); a second file into the same table copies into the attached partition.
  const fresh = !partitioned.has(spec.table);
  const partition = fresh ? await createBatchPartition(trx, spec.table, batchId) : batchPartitionName(spec.table, batchId);
  partitioned.add(spec.table);
  const copied = await session.copyIn(partition, ['batch_id', 'line', ...spec.columns.map((c) => c.name)], reading.copyText);
  // the COPY has all of this file: the next file is read while PostgreSQL checks this one
  readNext();
  const { rows, firstUnreadable } = reading.counts;
  const rejectedInNode = reading.counts.rejected;
  const rejections = reading.rejections;
  if (fresh) await attachBatchPartition(trx, spec.table, batchId);
  // Fresh rows have no statistics yet: without them the planner takes the new batch for empty
  // and the checks below turn into nested loops over millions of rows. The parent, not only the
  // new partition: a query names the parent, and the planner estimates its groups and joins from
  // the parent's statistics even when it reads one partition — without them the tariff SQL floor
  // got a nested loop over a million index probes (7.5 → 14.8 s). This also analyzes each of the
  // table's partitions again (0.57 s for the 9.8 M outpatient rows and an empty one).
  await sql`ANALYZE ${sql.table(spec.table)}`.execute(trx);
  const keys = reading.keys;
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
  return { outcome: { file: spec.file, status: 'loaded', rows, loaded, rejected }, rejections, firstUnreadable };
}
