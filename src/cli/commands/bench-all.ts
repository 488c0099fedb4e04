/**
 * `yearend bench --all`: the AOK PLUS-sized year end to end — § 18a for 1 M members, the § 19a
 * bonus for 1.3 M, the U1/U2 levies for 150,000 employers — each job its own `bench` in a child
 * process (so each peak memory is that job's alone), one after the other on the same database,
 * then one table of what each measured and the whole wall-clock time. `--scale` shrinks the
 * sizes (the test suite's smoke run uses a few thousand members); `--workers 1,2` runs each job
 * once per entry on the same data (a row each; the job wall time is the job's whole bench).
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import type { JobName } from '../../job-names.ts';
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

export async function benchAllCommand(options: BenchAllOptions): Promise<number> {
  const say = (line: string) => process.stdout.write(line + '\n');
  const started = process.hrtime.bigint();
  const results: { result: BenchResult; wallSeconds: number }[] = [];
  for (const size of YEAR_END_SIZES) {
    const members = Math.max(1, Math.round(size.members * options.scale));
    const employers = Math.round(size.employers * options.scale);
    const args = [
      'bench',
      '--job',
      size.job,
      '--members',
      String(members),
      '--employers',
      String(employers),
      '--year',
      String(options.year),
    ];
    args.push('--workers', options.workers.join(','));
    say(`== ${size.job}: yearend ${args.join(' ')}`);
    const t = process.hrtime.bigint();
    const outcome = await benchChild(args);
    const wallSeconds = seconds(t);
    for (const result of outcome) results.push({ result, wallSeconds });
  }
  const total = seconds(started);
  say('');
  for (const line of benchTable(results)) say(line);
  say('');
  say(`whole year-end (generate, import, run, workbook of all three jobs): ${minutes(total)}`);
  return 0;
}

/** Runs one `bench` as a child of this CLI, its lines passed through, and returns its result line. */
function benchChild(args: string[]): Promise<BenchResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const results: BenchResult[] = [];
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(BENCH_RESULT_PREFIX)) results.push(JSON.parse(line.slice(BENCH_RESULT_PREFIX.length)) as BenchResult);
      else process.stdout.write(`  ${line}\n`);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0 && results.length > 0) resolve(results);
      else reject(new Error(`bench ${args.slice(1, 3).join(' ')} failed (exit ${code ?? signal})`));
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
