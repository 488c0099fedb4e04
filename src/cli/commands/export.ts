/**
 * `yearend export <run> --out DIR` or `export --job J --year Y --out DIR`: the run's CSV exports
 * per data-contract.md. A dry run's exports are written only with --preliminary, into names
 * ending `_preliminary`. A correction run also writes `<export>_corrections.csv` per export: what
 * changed against its baseline, the latest released run (pipeline.md). Same stored results →
 * byte-identical files.
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { ensurePrivateDir } from '../../private-files.ts';
import { writeCsv } from '../../runs/csv-file.ts';
import { correctionCsvRow, correctionFileName, correctionHeader, mergeCorrections } from '../../runs/corrections.ts';
import type { ExportDefinition } from '../../runs/job-definition.ts';
import { isIn, WITH_RESULTS } from '../../runs/lifecycle.ts';
import { purgedNotice } from '../../runs/purge.ts';
import { exportFileName } from '../../runs/report-files.ts';
import { getRun, type RunRecord } from '../../runs/run-store.ts';
import { JOBS } from '../../../jobs/registry.ts';
import type { JobName } from '../../job-names.ts';
import { CliError, readyDatabase, type Context } from '../context.ts';

export interface ExportOptions {
  out: string;
  job?: JobName;
  year?: number;
  preliminary: boolean;
}

export async function exportCommand(ctx: Context, runId: number | undefined, options: ExportOptions): Promise<number> {
  const { db } = await readyDatabase(ctx);
  const run = runId !== undefined ? await getRun(db, runId) : await latestRun(db, options);
  const files = await exportRun(db, run, options.out, options.preliminary);
  for (const f of files) process.stdout.write(`${f}\n`);
  return 0;
}

async function latestRun(db: Kysely<DB>, options: ExportOptions): Promise<RunRecord> {
  if (!options.job || options.year === undefined) throw new CliError('give a run id, or --job and --year', 2);
  const job = options.job;
  const run = await db
    .selectFrom('run')
    .selectAll()
    .where('job', '=', job)
    .where('year', '=', options.year)
    .where('kind', '!=', 'dry')
    .where('status', 'in', WITH_RESULTS)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!run) throw new CliError(`no computed run of ${options.job} ${options.year} (dry runs are not taken); see \`yearend status\``);
  return run;
}

export async function exportRun(db: Kysely<DB>, run: RunRecord, outDir: string, preliminary: boolean): Promise<string[]> {
  if (!isIn(WITH_RESULTS, run.status)) {
    throw new CliError(`run ${run.id} is ${run.status}; only a computed run has exports`);
  }
  if (run.kind === 'dry' && !preliminary) {
    throw new CliError(`run ${run.id} is a dry run: its exports are preliminary; add --preliminary to write them`);
  }
  const purged = purgedNotice(run, 'exports'); // an empty file would look like a run without results
  if (purged) throw new CliError(purged);
  ensurePrivateDir(outDir);
  const written: string[] = [];
  for (const exp of JOBS[run.job].exports) {
    const file = path.join(outDir, exportFileName(exp.name, run.kind === 'dry'));
    await writeCsv(file, exp.header, exp.rows(db, run.id));
    written.push(file);
  }
  // after the full exports, so callers that take the exports by position still find them first
  if (run.baseline_run_id !== null) written.push(...(await writeCorrections(db, run, JOBS[run.job].exports, outDir)));
  return written;
}

/** `<export>_corrections.csv` of a correction run: the released figure, the new one and the delta. */
async function writeCorrections(db: Kysely<DB>, run: RunRecord, exports: readonly ExportDefinition[], outDir: string): Promise<string[]> {
  const baseline = await getRun(db, run.baseline_run_id!);
  if (baseline.status !== 'released') {
    throw new CliError(`run ${run.id} corrects run ${baseline.id}, which is ${baseline.status}; a correction's baseline must be released`);
  }
  const written: string[] = [];
  for (const exp of exports) {
    const file = path.join(outDir, correctionFileName(exp.name));
    const corrections = mergeCorrections(exp, exp.rows(db, baseline.id), exp.rows(db, run.id));
    await writeCsv(
      file,
      correctionHeader(exp),
      (async function* () {
        for await (const c of corrections) yield correctionCsvRow(c);
      })(),
    );
    written.push(file);
  }
  return written;
}
