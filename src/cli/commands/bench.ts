/**
 * `yearend bench` (npm run bench; not in CI): generate N members (~10 claims each), import, run
 * the job, write the workbook, and print what was measured — import rows/s, the run's chunks
 * beside the SQL floor (the job's sql/queries/*-sql-floor.sql, timed in the same process on the
 * same tables), the input floor (every input row of the run's batches streamed out of the
 * database once: how much of the run is reading, how much rules and writing), workbook rows/s
 * and peak memory. The last line, `bench-result: {…}`, holds the same figures as JSON (the
 * `--all` table reads it). Use PostgreSQL (DATABASE_URL) for real figures.
 *
 * With `--workers N` the chunks run on N `yearend worker` processes the bench starts itself
 * against PostgreSQL + Redis (bench-workers.ts), through the queue as in production; without it
 * they run in this process, one after the other.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';
import { todayOf } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { sqlFileText } from '../../db/sql-files.ts';
import { FILE_SPECS, specOf } from '../../import/file-specs.ts';
import { importFolder } from '../../import/import-folder.ts';
import { dispatchRun } from '../../queue/dispatch.ts';
import { startRun } from '../../runs/create-run.ts';
import { finalizeRun, type ExecuteDeps } from '../../runs/execute.ts';
import { runChunks } from '../../runs/in-process.ts';
import { FINISHED, isIn } from '../../runs/lifecycle.ts';
import { chunkProgress, getRun, inputBatches, pendingChunks, type RunRecord } from '../../runs/run-store.ts';
import { JOBS } from '../../../jobs/registry.ts';
import type { JobName } from '../../job-names.ts';
import { CliError, type Context } from '../context.ts';
import { progressBar } from '../progress.ts';
import { generateBenchData, generatedData } from './bench-generate.ts';
import { startWorkers } from './bench-workers.ts';

export interface BenchOptions {
  members: number;
  employers: number;
  year: number;
  keep: boolean;
  job: JobName;
  /** per entry one run on the same data: 0 in this process, N on N worker processes through the queue */
  workers: readonly number[];
  /** a folder filled by an earlier `bench --generate-only --data` (for the same job, sizes and year) */
  data?: string;
}

/** What one bench measured; printed as the `bench-result:` line. Seconds are wall clock. */
export interface BenchResult {
  job: JobName;
  members: number;
  employers: number;
  workers: number;
  generatedRows: number;
  generateSeconds: number;
  importedRows: number;
  importSeconds: number;
  chunks: number;
  chunkSize: number;
  chunkConcurrency: number;
  read: number;
  unit: 'persons' | 'employers';
  resultRows: number;
  runSeconds: number;
  finalizeSeconds: number;
  /** the workbook write inside finalize (in-process only: a worker writes it out of sight) */
  workbookSeconds: number | null;
  floorSeconds: number;
  inputFloorRows: number;
  inputFloorSeconds: number;
  /** longest event-loop block in the chunks and in finalize (in-process only) */
  blockMs: { chunks: number; finalize: number } | null;
  peakRssMiB: number;
  /** the peak so far after each step: which step set the peak */
  peakRssAfterMiB: { generate: number; import: number; chunks: number; finalize: number };
  workerPeakRssMiB: (number | null)[];
}

export const BENCH_RESULT_PREFIX = 'bench-result: ';

/** This process's peak resident memory so far, in MiB. */
function peakRss(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

const en = (n: number) => n.toLocaleString('en');

function runnerText(workers: number): string {
  return workers === 0 ? 'in-process runner' : `${workers} worker process${workers > 1 ? 'es' : ''}`;
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

/** The job's SQL floor statement over the run's inputs, timed; its scratch table dropped. */
async function sqlFloor(database: Database, jobName: JobName, run: RunRecord, year: number): Promise<number> {
  const bench = JOBS[jobName].bench;
  const inputs = await inputBatches(database.db, run.id);
  const t = process.hrtime.bigint();
  await database.withSession(async (session) => {
    await session.db.executeQuery(CompiledQuery.raw(sqlFileText(bench.floorSql), bench.floorParams(inputs, run.parameter_versions, year)));
    await sql`DROP TABLE ${sql.table(bench.floorTable)}`.execute(session.db);
  });
  return seconds(t);
}

export async function benchCommand(ctx: Context, options: BenchOptions): Promise<number> {
  if (options.workers.some((w) => w > 0) && (!ctx.config.redisUrl || !ctx.config.databaseUrl)) {
    throw new CliError('bench --workers needs REDIS_URL and DATABASE_URL (PostgreSQL): the workers are separate processes');
  }
  const job = JOBS[options.job];
  const say = (line: string) => process.stdout.write(line + '\n');
  const database = await ctx.database();
  await migrate(database);
  const runner = options.workers.map(runnerText).join(', then ');
  say(
    `bench ${options.job}: ${en(options.members)} members (${job.bench.profile} population), ${en(options.employers)} employers, ` +
      `year ${options.year}, ${ctx.config.databaseUrl ? 'PostgreSQL' : 'embedded PostgreSQL'}, ${runner}, ` +
      `chunk size ${en(ctx.config.chunkSize)}, ${ctx.config.chunkConcurrency} chunk(s) at once per process, ${os.cpus().length} cores`,
  );
  // --data: a folder an earlier `bench --generate-only` filled (bench --all generates ahead)
  const dir = options.data ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-bench-'));
  const ownDir = options.data === undefined;
  try {
    const generated = ownDir ? await generateBenchData(options, dir) : generatedData(options, dir);
    const generateSeconds = generated.seconds;
    const generatedRows = generated.rows;
    const peakAfterGenerate = peakRss();
    say(`generate: ${en(generatedRows)} rows in ${generateSeconds.toFixed(1)} s${ownDir ? '' : ` (earlier, into ${dir})`}`);
    for (const f of generated.files) say(`  ${f.file}: ${en(f.rows)}`);

    const t = process.hrtime.bigint();
    const imported = await importFolder(database, {
      folder: dir,
      importedBy: 'bench',
      outputDir: ctx.config.outputDir,
      maxRejectRate: 0.01,
      // benches of different jobs share a database: a smaller population is no truncated extract
      allowShrink: FILE_SPECS.map((spec) => spec.file),
    });
    const importSeconds = seconds(t);
    // Files unchanged since an earlier import (a second bench on the same --data) are not loaded
    // again: only loaded rows count, or the rate would be that of a checksum.
    const importedRows = imported.files.filter((f) => f.status === 'loaded').reduce((s, f) => s + f.rows, 0);
    const unchanged = imported.files.filter((f) => f.status === 'unchanged').length;
    const peakAfterImport = peakRss();
    say(
      `import: ${en(importedRows)} rows in ${importSeconds.toFixed(1)} s = ${en(Math.round(importedRows / importSeconds))} rows/s` +
        (unchanged > 0 ? ` (${unchanged} file(s) unchanged since an earlier import, not loaded again)` : ''),
    );

    const unit = job.keySource.table === 'employer' ? 'employers' : 'persons';
    // One run per entry of --workers on the same imported data: `--workers 1,2` measures the scale-out.
    const runs: { run: RunRecord; workers: number; executed: Executed; resultRows: number; read: number }[] = [];
    for (const workers of options.workers) {
      const started = await startRun(database.db, job, {
        year: options.year,
        dryRun: false,
        startedBy: 'bench',
        mode: workers > 0 ? 'queue' : 'in-process',
        asOf: todayOf(ctx.config),
        chunkSize: ctx.config.chunkSize,
      });
      const executed =
        workers > 0 ? await runOnWorkers(ctx, started, workers) : await runHere(await ctx.deps(), started, ctx.config.chunkConcurrency);
      const run = await getRun(database.db, started.id);
      if (run.status !== 'computed') throw new Error(`the bench's run ${run.id} ended ${run.status}: ${run.error ?? ''}`);
      const resultRows = (await job.storage.counts(database.db, run.id)).rows;
      const read = (await chunkProgress(database.db, run.id)).read;
      say(
        `${options.job} (${runnerText(workers)}): ${run.chunk_count} chunks, ${en(read)} ${unit} read, ${en(resultRows)} result rows in ` +
          `${executed.runSeconds.toFixed(1)} s (${en(Math.round(read / executed.runSeconds))} ${unit}/s); finalize incl. workbook ${executed.finalizeSeconds.toFixed(1)} s`,
      );
      if (executed.blockMs) {
        say(
          `longest event-loop block: ${en(executed.blockMs.chunks)} ms in the chunks (chunk size ${en(ctx.config.chunkSize)}), ` +
            `${en(executed.blockMs.finalize)} ms in finalize (the worker's job lock is ${en(ctx.config.workerLockMs)} ms)`,
        );
      }
      if (executed.workbookSeconds !== null) {
        say(
          `workbook: ${en(resultRows)} detail rows in ${executed.workbookSeconds.toFixed(1)} s = ` +
            `${en(Math.round(resultRows / executed.workbookSeconds))} rows/s (${run.reports.join(', ')})`,
        );
      }
      if (executed.workerPeakRssMiB.length > 0)
        say(`peak memory of the workers: ${executed.workerPeakRssMiB.map((m) => m ?? '?').join(', ')} MiB`);
      runs.push({ run, workers, executed, resultRows, read });
    }
    const first = runs[0]!;
    for (const r of runs.slice(1)) {
      say(
        `scale-out: ${runnerText(r.workers)} took ${(r.executed.runSeconds / first.executed.runSeconds).toFixed(2)}× the run time of ${runnerText(first.workers)}`,
      );
    }

    const last = runs.at(-1)!.run;
    const ratios = (floor: number) => runs.map((r) => `${(r.executed.runSeconds / floor).toFixed(1)}×`).join(', ');
    const floorSeconds = await sqlFloor(database, options.job, last, options.year);
    say(`SQL floor: ${floorSeconds.toFixed(1)} s → run / floor = ${ratios(floorSeconds)}`);
    const input = await inputFloor(database, job.inputFiles, await inputBatches(database.db, last.id));
    say(
      `input floor: ${en(input.rows)} input rows (${(input.bytes / 2 ** 20).toFixed(0)} MiB as COPY text) of ${input.files.length} files ` +
        `streamed out once in ${input.seconds.toFixed(1)} s → run / input floor = ${ratios(input.seconds)}`,
    );
    for (const f of input.files) say(`  ${f.file}: ${en(f.rows)} rows in ${f.seconds.toFixed(1)} s`);
    const peakRssMiB = peakRss();
    say(
      `peak memory (max RSS of this process): ${en(peakRssMiB)} MiB ` +
        `(after generate ${en(peakAfterGenerate)}, import ${en(peakAfterImport)}, the chunks ${en(first.executed.peakAfterChunksMiB)}, finalize ${en(peakRssMiB)})`,
    );
    for (const { run, workers, executed, resultRows, read } of runs) {
      const result: BenchResult = {
        job: options.job,
        members: options.members,
        employers: options.employers,
        workers,
        generatedRows,
        generateSeconds,
        importedRows,
        importSeconds,
        chunks: run.chunk_count,
        chunkSize: ctx.config.chunkSize,
        chunkConcurrency: ctx.config.chunkConcurrency,
        read,
        unit,
        resultRows,
        runSeconds: executed.runSeconds,
        finalizeSeconds: executed.finalizeSeconds,
        workbookSeconds: executed.workbookSeconds,
        floorSeconds,
        inputFloorRows: input.rows,
        inputFloorSeconds: input.seconds,
        blockMs: executed.blockMs,
        peakRssMiB,
        peakRssAfterMiB: {
          generate: peakAfterGenerate,
          import: peakAfterImport,
          chunks: executed.peakAfterChunksMiB,
          finalize: peakRssMiB,
        },
        workerPeakRssMiB: executed.workerPeakRssMiB,
      };
      say(BENCH_RESULT_PREFIX + JSON.stringify(result));
    }
    return 0;
  } finally {
    // a --data folder is not ours: whoever generated it removes it
    if (ownDir && !options.keep) fs.rmSync(dir, { recursive: true, force: true });
    else if (ownDir) say(`generated files kept in ${dir}`);
  }
}

interface Executed {
  runSeconds: number;
  finalizeSeconds: number;
  workbookSeconds: number | null;
  blockMs: { chunks: number; finalize: number } | null;
  workerPeakRssMiB: (number | null)[];
  /** this process's peak after the chunks, before finalize */
  peakAfterChunksMiB: number;
}

/** The chunks one after the other in this process, then finalize; the workbook write timed inside it. */
async function runHere(deps: ExecuteDeps, run: RunRecord, concurrency: number): Promise<Executed> {
  let t = process.hrtime.bigint();
  const runBlocks = watchBlocks();
  const chunks = await pendingChunks(deps.db, run.id);
  const bar = progressBar(run.job);
  let done = 0;
  await runChunks(deps, run.id, chunks, concurrency, () => bar.update(++done, chunks.length));
  bar.done();
  const runSeconds = seconds(t);
  const chunkBlockMs = runBlocks.stop();
  const peakAfterChunksMiB = peakRss();
  let workbookSeconds = 0;
  // The workbook is timed where the run writes it (finalize), not written a second time.
  const timed: ExecuteDeps['workbookOf'] = (name) => {
    const workbook = deps.workbookOf(name);
    return {
      ...workbook,
      write: async (input) => {
        const started = process.hrtime.bigint();
        try {
          return await workbook.write(input);
        } finally {
          workbookSeconds += seconds(started);
        }
      },
    };
  };
  t = process.hrtime.bigint();
  const finalizeBlocks = watchBlocks();
  await finalizeRun({ ...deps, workbookOf: timed }, run.id);
  return {
    runSeconds,
    finalizeSeconds: seconds(t),
    workbookSeconds,
    blockMs: { chunks: chunkBlockMs, finalize: finalizeBlocks.stop() },
    workerPeakRssMiB: [],
    peakAfterChunksMiB,
  };
}

/**
 * The chunks on `count` worker processes through the queue, as in production: the run time is
 * from the dispatch until every chunk is done, finalize until a worker recorded it computed.
 */
async function runOnWorkers(ctx: Context, run: RunRecord, count: number): Promise<Executed> {
  const prefix = `yearend-bench-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  const workers = await startWorkers(count, { ...process.env, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' });
  try {
    const deps = await ctx.deps();
    const t = process.hrtime.bigint();
    await dispatchRun(deps, { ...ctx.config, queuePrefix: prefix }, run.id);
    const bar = progressBar(`${run.job} on ${count} workers`);
    let runSeconds: number | null = null;
    for (;;) {
      const [current, progress] = await Promise.all([getRun(deps.db, run.id), chunkProgress(deps.db, run.id)]);
      bar.update(progress.done, progress.total, runSeconds === null ? '' : 'writing workbook');
      if (runSeconds === null && progress.done === progress.total) runSeconds = seconds(t);
      if (isIn(FINISHED, current.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    bar.done();
    const total = seconds(t);
    runSeconds ??= total;
    const peakAfterChunksMiB = peakRss();
    return {
      runSeconds,
      finalizeSeconds: total - runSeconds,
      workbookSeconds: null,
      blockMs: null,
      workerPeakRssMiB: workers.peakRssMiB(),
      peakAfterChunksMiB,
    };
  } finally {
    await workers.stop();
  }
}
