/**
 * `yearend bench --all`: the AOK PLUS-sized year end to end — § 18a for 1 M members, the § 19a
 * bonus for 1.3 M, the U1/U2 levies for 150,000 employers — each job its own `bench` in a child
 * process (so each peak memory is that job's alone), one after the other on the same database,
 * their data sets generated ahead, two at a time (bench-generate.ts); then one table of what each
 * measured and the whole wall-clock time. `--scale` shrinks the sizes (the test suite's smoke run
 * uses a few thousand members); `--workers 1,2` runs each job once per entry on the same data (a
 * row each; the job wall time is the job's whole bench).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { JobName } from '../../job-names.ts';
import { BENCH_GENERATED_PREFIX, type GeneratedData } from './bench-generate.ts';
import { BENCH_RESULT_PREFIX, type BenchResult } from './bench.ts';

/** The year of AOK PLUS (~3.5 M insured) the issue sets: members or employers per job. */
export const YEAR_END_SIZES: readonly { job: JobName; members: number; employers: number }[] = [
  { job: 'tariff-settlement', members: 1_000_000, employers: 0 },
  { job: 'bonus-crediting', members: 1_300_000, employers: 0 },
  // the levy reads only the employer files; a few members keep the generated set valid
  { job: 'levy', members: 1_000, employers: 150_000 },
];

export interface BenchAllOptions {
  year: number;
  scale: number;
  workers: readonly number[];
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/**
 * Generation order for the side-by-side generation: the longest first (measured at full size:
 * bonus 160 s, tariff 98 s, levy 47 s), so two cores finish together.
 */
const GENERATE_FIRST: readonly JobName[] = ['bonus-crediting', 'tariff-settlement', 'levy'];

export async function benchAllCommand(options: BenchAllOptions): Promise<number> {
  const say = (line: string) => process.stdout.write(line + '\n');
  const started = process.hrtime.bigint();
  const sizes = YEAR_END_SIZES.map((size) => ({
    job: size.job,
    members: Math.max(1, Math.round(size.members * options.scale)),
    employers: Math.round(size.employers * options.scale),
  }));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-bench-all-'));
  try {
    // The data sets first, side by side (generation is one Node thread each, nothing else runs
    // yet); then the jobs one after the other, each alone on the machine.
    const parallel = Math.min(sizes.length, os.availableParallelism());
    say(`== generate the three data sets, ${parallel} at a time`);
    const t = process.hrtime.bigint();
    const generated = new Map<JobName, GeneratedData>();
    const order = [...sizes].sort((a, b) => GENERATE_FIRST.indexOf(a.job) - GENERATE_FIRST.indexOf(b.job));
    await inPool(order, parallel, async (size) => {
      const args = ['bench', '--generate-only', '--data', path.join(root, size.job), ...sizeArgs(size, options.year)];
      const [data] = await child(args, BENCH_GENERATED_PREFIX, `${size.job}: `);
      generated.set(size.job, data as GeneratedData);
    });
    const generateWall = seconds(t);
    const results: { result: BenchResult; wallSeconds: number }[] = [];
    for (const size of sizes) {
      const args = ['bench', '--data', path.join(root, size.job), ...sizeArgs(size, options.year), '--workers', options.workers.join(',')];
      say(`== ${size.job}: yearend ${args.join(' ')}`);
      const t = process.hrtime.bigint();
      const outcome = (await child(args, BENCH_RESULT_PREFIX, '  ')) as BenchResult[];
      const wallSeconds = seconds(t);
      for (const result of outcome) results.push({ result, wallSeconds });
    }
    const total = seconds(started);
    say('');
    for (const line of benchTable(results)) say(line);
    say('');
    const genPeak = Math.max(...[...generated.values()].map((g) => g.peakRssMiB));
    say(
      `generation of the three data sets: ${minutes(generateWall)} wall, ${parallel} at a time ` +
        `(${sizes.map((s) => `${s.job} ${generated.get(s.job)!.seconds.toFixed(0)} s`).join(', ')}; peak RSS ${genPeak} MiB)`,
    );
    say(`whole year-end (generate, import, run, workbook of all three jobs): ${minutes(total)}`);
    return 0;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function sizeArgs(size: { job: JobName; members: number; employers: number }, year: number): string[] {
  return ['--job', size.job, '--members', String(size.members), '--employers', String(size.employers), '--year', String(year)];
}

/** Runs `work` on every item, at most `parallel` at once; after a failure no new item starts, and it rejects. */
async function inPool<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: parallel }, async () => {
    while (!failed && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  const outcomes = await Promise.allSettled(lanes);
  const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * Runs one `bench` as a child of this CLI, its lines passed through (each prefixed by `tag`), and
 * returns the JSON of its lines that start with `resultPrefix`.
 */
function child(args: string[], resultPrefix: string, tag: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const results: unknown[] = [];
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (line.startsWith(resultPrefix)) results.push(JSON.parse(line.slice(resultPrefix.length)));
      else process.stdout.write(`${tag}${line}\n`);
    });
    proc.once('error', reject);
    proc.once('close', (code, signal) => {
      if (code === 0 && results.length > 0) resolve(results);
      else reject(new Error(`${args.slice(0, 4).join(' ')} failed (exit ${code ?? signal})`));
    });
  });
}

function minutes(s: number): string {
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

const en = (n: number) => Math.round(n).toLocaleString('en');
/** Seconds with two decimals below 10 s (a small floor would read 0.0), else one. */
const secs = (s: number) => s.toFixed(s < 10 ? 2 : 1);

/** The table of the --all run, as Markdown (docs/benchmarks.md keeps copies of it). */
export function benchTable(results: readonly { result: BenchResult; wallSeconds: number }[]): string[] {
  const header = [
    'job',
    'size',
    'runner',
    'import rows/s',
    'run s',
    'SQL floor s',
    'run / floor',
    'input floor s',
    'run / input floor',
    'finalize s',
    'workbook rows/s',
    'peak RSS MiB',
    'job wall s',
  ];
  const rows = results.map(({ result: r, wallSeconds }) => [
    r.job,
    r.unit === 'employers' ? `${en(r.employers)} employers` : `${en(r.members)} members`,
    r.workers === 0 ? 'in-process' : `${r.workers} worker${r.workers > 1 ? 's' : ''}`,
    en(r.importedRows / r.importSeconds),
    secs(r.runSeconds),
    secs(r.floorSeconds),
    `${(r.runSeconds / r.floorSeconds).toFixed(1)}×`,
    secs(r.inputFloorSeconds),
    `${(r.runSeconds / r.inputFloorSeconds).toFixed(1)}×`,
    secs(r.finalizeSeconds),
    r.workbookSeconds === null ? '(in a worker)' : en(r.resultRows / r.workbookSeconds),
    [r.peakRssMiB, ...r.workerPeakRssMiB.map((m) => m ?? '?')].join(' / '),
    wallSeconds.toFixed(0),
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i < 3 ? '---' : '---:'))), ...rows.map(line)];
}
