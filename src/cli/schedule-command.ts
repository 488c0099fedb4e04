/**
 * `yearend schedule install|list|remove`: the command's definition. Its work (BullMQ, the jobs'
 * schedules) is in commands/schedule.ts and loaded when a subcommand runs, so `yearend --help`
 * stays quick; `schedule install --help` loads the job registry for the list of default
 * schedules just before it prints.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { JOB_NAMES, type JobName } from '../job-names.ts';
import { jobName } from './arguments.ts';
import type { Context } from './context.ts';

type Run = (action: (ctx: Context) => Promise<number>) => Promise<void>;

const work = () => import('./commands/schedule.ts');

async function defaultSchedulesHelp(): Promise<string> {
  const [{ defaultSchedules }, { allJobs }] = await Promise.all([import('../queue/schedules.ts'), import('../../jobs/registry.ts')]);
  return defaultSchedules(allJobs())
    .map((s) => `  ${s.job.padEnd(18)} "${s.pattern}" (${s.tz})`)
    .join('\n');
}

export function registerScheduleCommand(program: Command, run: Run): void {
  const schedule = program
    .command('schedule')
    .description('install, list or remove the cron schedules (BullMQ job schedulers; needs REDIS_URL)');
  const install = schedule
    .command('install')
    .description("install the jobs' schedules (or those of --file); schedules no longer wanted are removed")
    .option(
      '--file <path>',
      "a schedules file instead of the jobs' own schedules (JSON: [{job, pattern, tz, target, inputsImportedWithin?}]; " +
        'inputsImportedWithin "14d" or "36h": a firing whose inputs were not all imported within it starts no run and is alerted)',
    )
    .action((o: { file?: string }) => run(async (ctx) => (await work()).installCommand(ctx, o.file ? path.resolve(o.file) : null)));
  // Runs before `install` parses its arguments, so also before its --help is printed.
  schedule.hook('preSubcommand', async (_schedule, sub) => {
    if (sub === install)
      install.addHelpText('after', `\nThe jobs' own schedules (each settles the previous year):\n${await defaultSchedulesHelp()}`);
  });
  schedule
    .command('list')
    .description('installed schedules with their next run (Berlin time) and the year it settles')
    .action(() => run(async (ctx) => (await work()).listCommand(ctx)));
  schedule
    .command('remove')
    .description("remove one job's schedule, or all schedules")
    .argument('[job]', `${JOB_NAMES.join(' | ')} (none: all)`, jobName)
    .action((job: JobName | undefined) => run(async (ctx) => (await work()).removeCommand(ctx, job)));
}
