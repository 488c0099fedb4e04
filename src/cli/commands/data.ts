/** `yearend migrate` and `yearend import <dir>`. */
import { migrate } from '../../db/migrate.ts';
import { folderProblem, importFolder, ImportError, type ImportResult } from '../../import/import-folder.ts';
import { CliError, readyDatabase, type Context } from '../context.ts';

export async function migrateCommand(ctx: Context): Promise<number> {
  const database = await ctx.database();
  const result = await migrate(database);
  process.stdout.write(
    result.applied.length > 0
      ? `applied ${result.applied.length} migration(s): ${result.applied.join(', ')}\n`
      : `schema up to date (${result.alreadyApplied} migrations)\n`,
  );
  return 0;
}

export interface ImportCommandOptions {
  maxRejectRate: number;
  allowShrink?: string[];
  minRowShare?: number;
  by: string;
}

export async function importCommand(ctx: Context, dir: string, options: ImportCommandOptions): Promise<number> {
  // A wrong folder is the commonest mistake: say so before touching the database.
  const problem = folderProblem(dir);
  if (problem) throw new CliError(problem);
  const database = await readyDatabase(ctx);
  process.stderr.write(`mode: ${ctx.modeText()}\n`);
  try {
    const result = await importFolder(database, {
      folder: dir,
      importedBy: options.by,
      outputDir: ctx.config.outputDir,
      maxRejectRate: options.maxRejectRate,
      allowShrink: options.allowShrink,
      minRowShare: options.minRowShare,
      onProgress: (file, rows) => process.stderr.isTTY && process.stderr.write(`\r${file}: ${rows.toLocaleString('en')} rows\u001b[K`),
    });
    if (process.stderr.isTTY) process.stderr.write('\r\u001b[K');
    printImport(result);
    return 0;
  } catch (error) {
    if (error instanceof ImportError) {
      if (error.result) printImport(error.result, true);
      throw new CliError(error.message);
    }
    throw error;
  }
}

/** A refused import printed its checks as "loaded": it now says "checked" and names no batch (it was rolled back). */
function printImport(result: ImportResult, refused = false): void {
  const out: string[] = [];
  if (refused) out.push('import refused, nothing was imported; the files as checked:');
  else out.push(result.batchId ? `batch ${result.batchId}:` : 'nothing new to import (every file is unchanged):');
  for (const f of result.files) {
    const status = refused && f.status === 'loaded' ? 'checked' : f.status;
    const figures =
      f.status !== 'loaded'
        ? (f.note ?? '')
        : refused
          ? `${f.rows} rows, ${f.rejected} rejected`
          : `${f.rows} rows, ${f.loaded} loaded, ${f.rejected} rejected`;
    out.push(`  ${f.file.padEnd(28)} ${status.padEnd(9)} ${figures}`);
  }
  if (result.rejectionCounts.length > 0) {
    out.push('rejected rows by reason:');
    for (const r of result.rejectionCounts) out.push(`  ${r.file.padEnd(28)} ${String(r.count).padStart(6)}  ${r.reason}`);
  }
  if (result.rejectionReport) out.push(`rejection report: ${result.rejectionReport}`);
  process.stdout.write(out.join('\n') + '\n');
}
