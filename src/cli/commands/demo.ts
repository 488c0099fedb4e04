/**
 * `yearend generate` and `yearend demo`: a synthetic data set, and the whole path on it —
 * generate → migrate → import → run every built job → workbook and exports — printing where
 * the files are. The demo needs no services (embedded PostgreSQL, in-process runner).
 */
import path from 'node:path';
import { generateDataset } from '../../generate/index.ts';
import { migrate } from '../../db/migrate.ts';
import { JOB_NAMES } from '../../job-names.ts';
import { type Context } from '../context.ts';
import { progressBar } from '../progress.ts';
import { importCommand } from './data.ts';
import { exportRun } from './export.ts';
import { runCommand } from './run.ts';
import { getRun } from '../../runs/run-store.ts';

export interface GenerateCliOptions {
  members: number;
  employers: number;
  year: number;
  seed: string;
  out: string;
}

export async function generateCommand(options: GenerateCliOptions): Promise<number> {
  const bar = progressBar('generate');
  const result = await generateDataset({
    ...options,
    outDir: options.out,
    onProgress: (done, total) => bar.update(done, total, 'members'),
  });
  bar.done();
  for (const f of result.files) process.stdout.write(`${path.join(options.out, f.file)}: ${f.rows} rows\n`);
  process.stdout.write(`${result.badRows.length} deliberately bad rows (the import must reject them)\n`);
  return 0;
}

export async function demoCommand(
  ctx: Context,
  options: { members: number; employers: number; year: number; seed: string; by: string },
): Promise<number> {
  const inputDir = path.join(ctx.config.outputDir, 'demo-input');
  process.stdout.write(
    `1/4 generating ${options.members} members and ${options.employers} employers for ${options.year} into ${inputDir}\n`,
  );
  await generateCommand({ members: options.members, employers: options.employers, year: options.year, seed: options.seed, out: inputDir });
  process.stdout.write(`2/4 migrating the database (${ctx.modeText()})\n`);
  await migrate(await ctx.database());
  process.stdout.write('3/4 importing\n');
  await importCommand(ctx, inputDir, { maxRejectRate: 0.01, by: options.by });
  const failed: string[] = [];
  for (const job of JOB_NAMES) {
    process.stdout.write(`4/4 running ${job} ${options.year}\n`);
    const code = await runCommand(ctx, job, { year: options.year, dryRun: false, wait: true, json: false, by: options.by });
    if (code !== 0) {
      failed.push(job);
      continue;
    }
    const { db } = await ctx.database();
    const last = await db
      .selectFrom('run')
      .select('id')
      .where('job', '=', job)
      .where('year', '=', options.year)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const exportDir = path.join(ctx.config.outputDir, 'exports', `${job}_${options.year}_${last.id}`);
    for (const f of await exportRun(db, await getRun(db, last.id), exportDir, false)) process.stdout.write(`export: ${f}\n`);
  }
  process.stdout.write(
    failed.length === 0 ? `done: the workbooks and exports are in ${ctx.config.outputDir}\n` : `failed: ${failed.join(', ')}\n`,
  );
  return failed.length === 0 ? 0 : 1;
}
