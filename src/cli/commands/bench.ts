/**
 * `yearend bench` (npm run bench; not in CI): generate N members (~10 claims each), import,
 * settle, write the workbook, and print what was measured — import rows/s, settle time beside
 * the SQL floor (sql/queries/tariff-sql-floor.sql, timed in the same process on the same
 * tables), the input floor (every input row of the run's batches streamed out of the database
 * once: how much of the run is reading, how much rules and writing), workbook rows/s and peak
 * memory. Use PostgreSQL (DATABASE_URL) for real figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';
import { todayOf } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { sqlFileText } from '../../db/sql-files.ts';
import { generateDataset } from '../../generate/index.ts';
import { specOf } from '../../import/file-specs.ts';
import { importFolder } from '../../import/import-folder.ts';
import { startRun } from '../../runs/create-run.ts';
import { executeChunk, finalizeRun } from '../../runs/execute.ts';
import { reportPath } from '../../runs/report-files.ts';
import { chunkProgress, getRun, inputBatches, pendingChunks, runInputs } from '../../runs/run-store.ts';
import { JOBS } from '../../../jobs/registry.ts';
import { workbookOf } from '../../../reports/registry.ts';
import type { JobName } from '../../job-names.ts';
import { type Context } from '../context.ts';
import { progressBar } from '../progress.ts';

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/**
 * The longest the event loop was blocked while `h` watched (ms): a BullMQ worker renews its job
 * lock on a timer, so a block near the lock duration (30 s) would lose the chunk to another worker.
 */
function watchBlocks(): { stop(): number } {
  const h: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return {
    stop() {
      h.disable();
      return Math.round(h.max / 1e6);
    },
  };
}

/**
 * The input floor: every row of the run's input batches (the job's inputFiles, the contract's
 * columns) streamed out of the database into this process once and discarded — COPY TO STDOUT,
 * the cheapest full read there is, no parsing into objects. The run cannot read its inputs faster;
 * the rest of its time is rules and writing. Files the run did not use (optional, absent) are skipped.
 */
async function inputFloor(database: Database, inputFiles: readonly string[], batches: Record<string, number>) {
  const files: { file: string; rows: number; bytes: number; seconds: number }[] = [];
  const t = process.hrtime.bigint();
  await database.withSession(async (session) => {
    for (const file of inputFiles) {
      const batch = batches[file];
      const spec = specOf(file);
      if (batch === undefined || !spec) continue;
      // COPY takes no parameters: the batch id is a number from run_input, checked to be one
      if (!Number.isSafeInteger(batch)) throw new Error(`run_input: batch id of ${file} is not an integer`);
      const started = process.hrtime.bigint();
      const columns = spec.columns.map((c) => c.name).join(', ');
      const read = await session.copyOut(`SELECT ${columns} FROM ${spec.table} WHERE batch_id = ${batch}`);
      files.push({ file, ...read, seconds: seconds(started) });
    }
  });
  return {
    files,
    rows: files.reduce((s, f) => s + f.rows, 0),
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    seconds: seconds(t),
  };
}

export async function benchCommand(
  ctx: Context,
  options: { members: number; employers: number; year: number; keep: boolean; job: JobName },
): Promise<number> {
  const job = JOBS[options.job];
  const bench = job.bench;
  const say = (line: string) => process.stdout.write(line + '\n');
  const database = await ctx.database();
  await migrate(database);
  say(
    `bench ${options.job}: ${options.members.toLocaleString('en')} members (${bench.profile} population), ${options.employers.toLocaleString('en')} employers, year ${options.year}, ${ctx.modeText()}, ${os.cpus().length} cores`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-bench-'));
  try {
    let t = process.hrtime.bigint();
    const bar = progressBar('generate');
    const generated = await generateDataset({
      members: options.members,
      employers: options.employers,
      year: options.year,
      seed: 'bench',
      outDir: dir,
      profile: bench.profile,
      onProgress: (d, n) => bar.update(d, n),
    });
    bar.done();
    const rows = generated.files.reduce((s, f) => s + f.rows, 0);
    say(`generate: ${rows.toLocaleString('en')} rows in ${seconds(t).toFixed(1)} s`);
    for (const f of generated.files) say(`  ${f.file}: ${f.rows.toLocaleString('en')}`);

    t = process.hrtime.bigint();
    const imported = await importFolder(database, {
      folder: dir,
      importedBy: 'bench',
      outputDir: ctx.config.outputDir,
      maxRejectRate: 0.01,
    });
    const importSeconds = seconds(t);
    const loaded = imported.files.reduce((s, f) => s + f.rows, 0);
    say(
      `import: ${loaded.toLocaleString('en')} rows in ${importSeconds.toFixed(1)} s = ${Math.round(loaded / importSeconds).toLocaleString('en')} rows/s`,
    );

    const run = await startRun(database.db, job, {
      year: options.year,
      dryRun: false,
      startedBy: 'bench',
      mode: 'in-process',
      asOf: todayOf(ctx.config),
      chunkSize: ctx.config.chunkSize,
    });
    const deps = await ctx.deps();
    t = process.hrtime.bigint();
    const runBlocks = watchBlocks();
    const chunks = await pendingChunks(database.db, run.id);
    const runBar = progressBar(options.job);
    for (const [i, chunkNo] of chunks.entries()) {
      await executeChunk(deps, run.id, chunkNo);
      runBar.update(i + 1, chunks.length);
    }
    runBar.done();
    const settleSeconds = seconds(t);
    const runBlockMs = runBlocks.stop();
    t = process.hrtime.bigint();
    const finalizeBlocks = watchBlocks();
    await finalizeRun(deps, run.id);
    const finalizeSeconds = seconds(t);
    const finalizeBlockMs = finalizeBlocks.stop();
    const counts = await job.storage.counts(database.db, run.id);
    const read = (await chunkProgress(database.db, run.id)).read;
    const unit = job.keySource.table === 'employer' ? 'employers' : 'persons';
    say(
      `${options.job}: ${chunks.length} chunks, ${read.toLocaleString('en')} ${unit} read, ${counts.rows.toLocaleString('en')} result rows in ` +
        `${settleSeconds.toFixed(1)} s (${Math.round(read / settleSeconds).toLocaleString('en')} ${unit}/s); finalize incl. workbook ${finalizeSeconds.toFixed(1)} s`,
    );
    say(
      `longest event-loop block: ${runBlockMs.toLocaleString('en')} ms in the chunks (chunk size ${ctx.config.chunkSize.toLocaleString('en')}), ` +
        `${finalizeBlockMs.toLocaleString('en')} ms in finalize (the worker's job lock is ${ctx.config.workerLockMs.toLocaleString('en')} ms)`,
    );

    const inputs = await inputBatches(database.db, run.id);
    const versions = (await getRun(database.db, run.id)).parameter_versions;
    t = process.hrtime.bigint();
    await database.withSession(async (session) => {
      await session.db.executeQuery(CompiledQuery.raw(sqlFileText(bench.floorSql), bench.floorParams(inputs, versions, options.year)));
      await sql`DROP TABLE ${sql.table(bench.floorTable)}`.execute(session.db);
    });
    const floorSeconds = seconds(t);
    say(`SQL floor: ${floorSeconds.toFixed(1)} s → run / floor = ${(settleSeconds / floorSeconds).toFixed(1)}×`);

    const input = await inputFloor(database, job.inputFiles, inputs);
    say(
      `input floor: ${input.rows.toLocaleString('en')} input rows (${(input.bytes / 2 ** 20).toFixed(0)} MiB as COPY text) of ${input.files.length} files ` +
        `streamed out once in ${input.seconds.toFixed(1)} s → run / input floor = ${(settleSeconds / input.seconds).toFixed(1)}×`,
    );
    for (const f of input.files) say(`  ${f.file}: ${f.rows.toLocaleString('en')} rows in ${f.seconds.toFixed(1)} s`);

    t = process.hrtime.bigint();
    const computed = await getRun(database.db, run.id);
    await workbookOf(job.name).write({
      db: database.db,
      run: computed,
      inputs: await runInputs(database.db, run.id),
      path: reportPath(ctx.config.outputDir, computed),
      rowLimit: ctx.config.excelRowLimit,
    });
    const workbookSeconds = seconds(t);
    say(
      `workbook: ${counts.rows.toLocaleString('en')} detail rows in ${workbookSeconds.toFixed(1)} s = ` +
        `${Math.round(counts.rows / workbookSeconds).toLocaleString('en')} rows/s (${reportPath(ctx.config.outputDir, computed)})`,
    );
    say(`peak memory (max RSS of this process): ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
    return 0;
  } finally {
    if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
    else say(`generated files kept in ${dir}`);
  }
}
