/**
 * The bench's data: generated into a folder (with a progress bar), or taken from a folder an
 * earlier `bench --generate-only --data DIR` filled. `bench --all` uses the second form to
 * generate its three data sets side by side (generation is pure CPU in one Node thread, so two
 * cores generate two sets at once) before it runs the jobs one after the other on an otherwise
 * idle machine. The folder records how it was generated (bench-generated.json, not a .csv: the
 * import ignores it) so a bench on it reports the generation's figures and cannot take a folder
 * generated for another job, size or year.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateDataset } from '../../generate/index.ts';
import { JOBS } from '../../../jobs/registry.ts';
import type { JobName } from '../../job-names.ts';
import { CliError } from '../context.ts';
import { progressBar } from '../progress.ts';

export interface BenchDataOptions {
  job: JobName;
  members: number;
  employers: number;
  year: number;
}

/** What the generation made and took; written to the folder as bench-generated.json. */
export interface GeneratedData extends BenchDataOptions {
  files: { file: string; rows: number }[];
  rows: number;
  seconds: number;
  /** peak RSS of the process that generated, MiB */
  peakRssMiB: number;
}

const MANIFEST = 'bench-generated.json';
export const BENCH_GENERATED_PREFIX = 'bench-generated: ';

/** Generates the job's data set into `dir` (the same seed as ever: 'bench') and records it. */
export async function generateBenchData(options: BenchDataOptions, dir: string): Promise<GeneratedData> {
  const t = process.hrtime.bigint();
  const bar = progressBar('generate');
  const generated = await generateDataset({
    members: options.members,
    employers: options.employers,
    year: options.year,
    seed: 'bench',
    outDir: dir,
    profile: JOBS[options.job].bench.profile,
    onProgress: (d, n) => bar.update(d, n),
  });
  bar.done();
  const files = generated.files.map((f) => ({ file: f.file, rows: f.rows }));
  const data: GeneratedData = {
    ...pick(options),
    files,
    rows: files.reduce((s, f) => s + f.rows, 0),
    seconds: Number(process.hrtime.bigint() - t) / 1e9,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify(data, null, 2) + '\n', { mode: 0o640 });
  return data;
}

/** The data an earlier --generate-only left in `dir`, refused when it was made for other options. */
export function generatedData(options: BenchDataOptions, dir: string): GeneratedData {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file))
    throw new CliError(`${dir} holds no ${MANIFEST}: fill it with \`yearend bench --generate-only --data ${dir}\` first`);
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as GeneratedData;
  const wanted = pick(options);
  for (const key of Object.keys(wanted) as (keyof BenchDataOptions)[]) {
    if (data[key] !== wanted[key]) {
      throw new CliError(`${dir} was generated with --${key} ${String(data[key])}, not ${String(wanted[key])}: generate it again`);
    }
  }
  return data;
}

/** `bench --generate-only --data DIR`: generate, print the `bench-generated:` line, stop. */
export async function benchGenerateCommand(options: BenchDataOptions & { data?: string }): Promise<number> {
  if (!options.data) throw new CliError('bench --generate-only needs --data DIR: the folder to generate into');
  fs.mkdirSync(options.data, { recursive: true, mode: 0o750 });
  const data = await generateBenchData(options, options.data);
  process.stdout.write(`generate: ${data.rows.toLocaleString('en')} rows in ${data.seconds.toFixed(1)} s into ${options.data}\n`);
  process.stdout.write(BENCH_GENERATED_PREFIX + JSON.stringify(data) + '\n');
  return 0;
}

function pick(o: BenchDataOptions): BenchDataOptions {
  return { job: o.job, members: o.members, employers: o.employers, year: o.year };
}
