/**
 * `yearend`: one command with a subcommand per task (pipeline.md, "Command line").
 * Exit codes: 0 success, 1 the command or run failed, 2 usage error. Known failures print one
 * line saying what to do; stack traces only with LOG_LEVEL=debug.
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { ENVIRONMENT_VARIABLES } from '../config.ts';
import type { Decision } from '../db/schema.ts';
import type { Duration } from '../durations.ts';
import { DEFAULT_MIN_ROW_SHARE } from '../import/defaults.ts';
import { JOB_NAMES, type JobName } from '../job-names.ts';
import { packageVersion } from '../package-root.ts';
import {
  durationArg,
  int,
  intList,
  jobName,
  METRICS_HOST_HELP,
  METRICS_PORT_HELP,
  metricsPort,
  port,
  positiveNumber,
  PURGE_HELP,
  rate,
  year,
} from './arguments.ts';
import type { Context } from './context.ts';
import type { ImportCommandOptions } from './commands/data.ts';
import type { DashboardCommandOptions } from './commands/dashboard.ts';
import type { WorkerMetricsOptions } from './commands/worker-metrics.ts';
import { CliError, defaultUser } from './errors.ts';
import { registerScheduleCommand } from './schedule-command.ts';

/** The environment variables, one a line, from the single list in config.ts. */
function environmentHelp(): string {
  const width = Math.max(...ENVIRONMENT_VARIABLES.map((v) => v.name.length)) + 2;
  return ['', 'Environment:', ...ENVIRONMENT_VARIABLES.map((v) => `  ${v.name.padEnd(width)}${v.description}`)].join('\n');
}

type Action = (ctx: Context) => Promise<number>;

interface BenchCliOptions {
  members: number;
  employers: number;
  year: number;
  keep: boolean;
  job: JobName;
  workers: number[];
  all: boolean;
  scale: number;
  data?: string;
  generateOnly: boolean;
}

export function buildProgram(run: (action: Action) => Promise<void>): Command {
  const program = new Command('yearend')
    .description('Year-end settlement pipeline of AOK PLUS: § 18a, § 19a bonus, U1/U2 levies')
    .version(packageVersion(), '-V, --version', 'print the version (package.json)')
    .addHelpText('after', environmentHelp())
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  program.configureOutput({ outputError: (text, write) => write(text) });
  const by = () => new Option('--by <name>', 'who does this (recorded)').default(defaultUser());

  program
    .command('migrate')
    .description('apply the database migrations in sql/migrations')
    .action(() => run(async (ctx) => (await import('./commands/data.ts')).migrateCommand(ctx)));
  program
    .command('import')
    .description('import a folder of CSV extracts as one batch (all or nothing)')
    .argument('<dir>', 'folder with the CSV files of data-contract.md')
    .option('--max-reject-rate <share>', 'share of rejected rows above which a file fails the import', rate, 0.01)
    .option(
      '--min-row-share <share>',
      'share of the rows of the batch it replaces below which a file is refused (0 rows always is)',
      rate,
      DEFAULT_MIN_ROW_SHARE,
    )
    .option(
      '--allow-shrink <file>',
      'accept this file (e.g. members.csv) although it has fewer rows than that (repeatable; recorded on the batch)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addOption(by())
    .action((dir: string, o: ImportCommandOptions) => run(async (ctx) => (await import('./commands/data.ts')).importCommand(ctx, dir, o)));
  program
    .command('run')
    .description('start a run of a yearly job')
    .argument('<job>', JOB_NAMES.join(' | '), jobName)
    .requiredOption('--year <year>', 'the settlement year', year)
    .option('--dry-run', 'compute and report everything, marked VORLÄUFIG; never approvable', false)
    .option('--wait', 'wait for the end of the run (always so in-process)', false)
    .option('--json', 'print one JSON object with the outcome on stdout', false)
    .addOption(by())
    .action((job: JobName, o: { year: number; dryRun: boolean; wait: boolean; json: boolean; by: string }) =>
      run(async (ctx) => (await import('./commands/run.ts')).runCommand(ctx, job, o)),
    );
  program
    .command('status')
    .description('list recent runs, or show one run (live progress while it runs)')
    .argument('[run]', 'run id', int('run', 1))
    .option('--json', 'machine-readable output', false)
    .action((runId: number | undefined, o: { json: boolean }) =>
      run(async (ctx) => (await import('./commands/status.ts')).statusCommand(ctx, runId, o)),
    );
  program
    .command('resume')
    .description('finish a failed or stale run: only its unfinished chunks run again')
    .argument('<run>', 'run id', int('run', 1))
    .option('--wait', 'wait for the end of the run', false)
    .option('--json', 'print one JSON object with the outcome on stdout', false)
    .action((runId: number, o: { wait: boolean; json: boolean }) =>
      run(async (ctx) => (await import('./commands/run.ts')).resumeCommand(ctx, runId, o)),
    );
  program
    .command('cancel')
    .description('cancel a queued or running run')
    .argument('<run>', 'run id', int('run', 1))
    .action((runId: number) => run(async (ctx) => (await import('./commands/lifecycle.ts')).cancelCommand(ctx, runId)));
  program
    .command('dismiss')
    .description(
      'dismiss a failed or cancelled run: its status stays, `status` shows it as dismissed with the note, and the deadline watch no longer counts it',
    )
    .argument('<run>', 'run id', int('run', 1))
    .requiredOption('--by <name>', 'who dismisses it (recorded)')
    .requiredOption('--note <text>', 'why it is dismissed (recorded, shown by `status`)')
    .action((runId: number, o: { by: string; note: string }) =>
      run(async (ctx) => (await import('./commands/lifecycle.ts')).dismissCommand(ctx, runId, o.by, o.note)),
    );
  program
    .command('approve')
    .description('approve a computed run (not by the person who started it)')
    .argument('<run>', 'run id', int('run', 1))
    .requiredOption('--by <name>', 'approver')
    .action((runId: number, o: { by: string }) =>
      run(async (ctx) => (await import('./commands/lifecycle.ts')).approveCommand(ctx, runId, o.by)),
    );
  program
    .command('release')
    .description('release an approved run (not by the person who started it)')
    .argument('<run>', 'run id', int('run', 1))
    .requiredOption('--by <name>', 'releaser')
    .action((runId: number, o: { by: string }) =>
      run(async (ctx) => (await import('./commands/lifecycle.ts')).releaseCommand(ctx, runId, o.by)),
    );
  program
    .command('export')
    .description("write a run's CSV exports (data-contract.md)")
    .argument('[run]', 'run id (or --job and --year: the latest run that is not a dry run)', int('run', 1))
    .requiredOption('--out <dir>', 'folder for the CSV files')
    .option('--job <job>', JOB_NAMES.join(' | '), jobName)
    .option('--year <year>', 'year', year)
    .option('--preliminary', "write a dry run's exports (names end _preliminary)", false)
    .action((runId: number | undefined, o: { out: string; job?: JobName; year?: number; preliminary: boolean }) =>
      run(async (ctx) => (await import('./commands/export.ts')).exportCommand(ctx, runId, o)),
    );
  program
    .command('report')
    .description("write a run's workbook again")
    .argument('<run>', 'run id', int('run', 1))
    .action((runId: number) => run(async (ctx) => (await import('./commands/report.ts')).reportCommand(ctx, runId)));
  program
    .command('worker')
    .description('process queued chunks (needs REDIS_URL and DATABASE_URL); stops cleanly on SIGTERM')
    .option('--metrics-port <port>', METRICS_PORT_HELP, metricsPort)
    .option('--metrics-host <host>', METRICS_HOST_HELP, '127.0.0.1')
    .action((o: WorkerMetricsOptions) => run(async (ctx) => (await import('./commands/worker.ts')).workerCommand(ctx, o)));
  program
    .command('generate')
    .description('write a synthetic, deterministic data set in the contract format')
    .option('--members <n>', 'members', int('members', 1), 5000)
    .option('--employers <n>', 'employers (U1/U2 files; 0 writes none)', int('employers'), 500)
    .option('--year <year>', 'settlement year', year, 2025)
    .option('--seed <seed>', 'seed of the random generator', 'aok-plus')
    .requiredOption('--out <dir>', 'folder for the CSV files')
    .action((o: { members: number; employers: number; year: number; seed: string; out: string }) =>
      run(async () => (await import('./commands/demo.ts')).generateCommand(o)),
    );
  program
    .command('demo')
    .description('generate → migrate → import → run every job → workbooks (no services needed)')
    .option('--members <n>', 'members', int('members', 1), 3000)
    .option('--employers <n>', 'employers (U1/U2)', int('employers'), 300)
    .option('--year <year>', 'settlement year', year, 2025)
    .option('--seed <seed>', 'seed', 'demo')
    .addOption(by())
    .action((o: { members: number; employers: number; year: number; seed: string; by: string }) =>
      run(async (ctx) => (await import('./commands/demo.ts')).demoCommand(ctx, o)),
    );
  program
    .command('bench')
    .description('benchmark: generate, import, run a job, workbook at scale (not for CI)')
    .option('--job <job>', JOB_NAMES.join(' | '), jobName, 'tariff-settlement' as JobName)
    .option('--members <n>', 'members (bonus-crediting: ~92 % of them take part)', int('members', 1), 1_000_000)
    .option('--employers <n>', 'employers (U1/U2 files; the levy bench wants 150000)', int('employers'), 0)
    .option('--year <year>', 'settlement year', year, 2025)
    .option(
      '--workers <n[,n…]>',
      'run the chunks on N `yearend worker` processes the bench starts (needs REDIS_URL, DATABASE_URL); 0: in this process; ' +
        'a list (1,2) runs the job once per entry on the same data and prints the scale-out',
      intList('workers'),
      [0],
    )
    .option(
      '--all',
      'the whole AOK PLUS year: tariff 1 M members, bonus 1.3 M, levy 150,000 employers, one table (--job, --members, --employers are ignored)',
      false,
    )
    .option('--scale <f>', 'with --all: multiply the sizes (e.g. 0.01 for a quick look)', positiveNumber('scale'), 1)
    .option('--keep', 'keep the generated files', false)
    .option('--data <dir>', 'use the data set an earlier --generate-only wrote to this folder (same job, sizes, year)')
    .option('--generate-only', 'only generate the data set into --data (bench --all generates its three sets side by side)', false)
    .action((o: BenchCliOptions) =>
      run(async (ctx) =>
        o.generateOnly
          ? (await import('./commands/bench-generate.ts')).benchGenerateCommand(o)
          : o.all
            ? (await import('./commands/bench-all.ts')).benchAllCommand({ year: o.year, scale: o.scale, workers: o.workers })
            : (await import('./commands/bench.ts')).benchCommand(ctx, o),
      ),
    );
  program
    .command('decide')
    .description(
      'decide a Klärfall of a computed or approved run, or reject a payment Klärfall of a released run (not by the person who started it)',
    )
    .argument('<run>', 'run id', int('run', 1))
    .argument('<key>', "the Klärfall's key as on the Klärfälle sheet (member id, declaration, claim, employer/year)")
    .addArgument(
      new Argument(
        '<decision>',
        'approve: the release pays the computed amount; reject: it pays nothing (a payment Klärfall: ends it without transfer)',
      ).choices(['approve', 'reject']),
    )
    .requiredOption('--by <name>', 'who decides (recorded)')
    .requiredOption('--note <text>', 'the reason (recorded, shown on the Klärfälle sheet)')
    .addOption(
      new Option('--type <type>', 'the kind of item, when a key names several').choices([
        'member',
        'declaration',
        'employer',
        'claim',
        'payment',
      ]),
    )
    .action((runId: number, key: string, decision: Decision, o: { by: string; note: string; type?: string }) =>
      run(async (ctx) => (await import('./commands/lifecycle.ts')).decideCommand(ctx, runId, key, decision, o)),
    );
  program
    .command('pay')
    .description("pay a released run's payment Klärfälle that now have bank data: the next credit-transfer file (not by its starter)")
    .argument('<run>', 'run id', int('run', 1))
    .requiredOption('--by <name>', 'who orders the payment (recorded)')
    .action((runId: number, o: { by: string }) => run(async (ctx) => (await import('./commands/payfile.ts')).payCommand(ctx, runId, o.by)));
  program
    .command('payfile')
    .description("write a released run's payment files again, byte-identical (XML, receivables, transfers, postings)")
    .argument('<run>', 'run id', int('run', 1))
    .option('--out <dir>', 'folder for the files (default OUTPUT_DIR)')
    .option('--check', 'also validate each XML file: own checks and both schemas (ISO 20022, DK GBIC_5)', false)
    .action((runId: number, o: { out?: string; check: boolean }) =>
      run(async (ctx) => (await import('./commands/payfile.ts')).payfileCommand(ctx, runId, o)),
    );
  registerScheduleCommand(program, run);
  program
    .command('dashboard')
    .description('serve the queue dashboard (bull-board): read-only and on localhost by default')
    .option('--host <host>', 'address to listen on; other than loopback only with DASHBOARD_USER/DASHBOARD_PASSWORD', '127.0.0.1')
    .option('--port <port>', 'TCP port', port, 3000)
    .option('--allow-actions', 'allow retry, clean, pause … from the dashboard (default: read-only)', false)
    .action((o: DashboardCommandOptions) => run(async (ctx) => (await import('./commands/dashboard.ts')).dashboardCommand(ctx, o)));
  program
    .command('purge')
    .description('purge the details of old unreleased runs and superseded import batches (run records stay)')
    .requiredOption('--older-than <duration>', 'retention period in days, calendar months or years, e.g. 90d, 18m, 2y', durationArg)
    .option('--dry-run', 'only show what would be purged', false)
    .option('--json', 'print one JSON object with what was purged on stdout', false)
    .addHelpText('after', PURGE_HELP)
    .action((o: { olderThan: Duration; dryRun: boolean; json: boolean }) =>
      run(async (ctx) => (await import('./commands/purge.ts')).purgeCommand(ctx, o)),
    );
  return program;
}

/**
 * Errors that end a command with their one-line message (no stack even with LOG_LEVEL=debug).
 * Loaded when an error is being reported, not at start: `yearend --help` loads no database,
 * queue or workbook code (issue 10, point 9). The modules are loaded by then anyway.
 */
async function knownErrors(): Promise<(abstract new (...args: never[]) => Error)[]> {
  const [
    config,
    database,
    importFolder,
    connection,
    createRun,
    jobDefinition,
    lifecycle,
    runStore,
    jobNames,
    decide,
    release,
    files,
    pay,
    checks,
    params,
  ] = await Promise.all([
    import('../config.ts'),
    import('../db/database.ts'),
    import('../import/import-folder.ts'),
    import('../queue/connection.ts'),
    import('../runs/create-run.ts'),
    import('../runs/job-definition.ts'),
    import('../runs/lifecycle.ts'),
    import('../runs/run-store.ts'),
    import('../job-names.ts'),
    import('../runs/decide.ts'),
    import('../runs/release.ts'),
    import('../runs/payment-files.ts'),
    import('../runs/payment-pay.ts'),
    import('../payments/file-checks.ts'),
    import('../runs/payment-params.ts'),
  ]);
  return [
    CliError,
    config.ConfigError,
    database.DatabaseUnavailableError,
    connection.RedisUnavailableError,
    createRun.ActiveRunExistsError,
    jobDefinition.PermanentRunError,
    runStore.RunNotFoundError,
    jobNames.UnknownJobError,
    importFolder.ImportError,
    decide.DecisionRefusedError,
    release.ReleaseRefusedError,
    lifecycle.TransitionRefusedError,
    files.PaymentFileError,
    pay.PaymentRefusedError,
    checks.PaymentFileError,
    params.PaymentParameterError,
  ];
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(async (action) => {
    let ctx: Context | null = null;
    try {
      const { createContext } = await import('./context.ts');
      ctx = createContext();
      exitCode = await action(ctx);
    } finally {
      await ctx?.close();
    }
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? 0 : 2;
    }
    if ((await knownErrors()).some((k) => error instanceof k)) {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      return error instanceof CliError ? error.exitCode : 1;
    }
    process.stderr.write(`error: ${(error as Error).message ?? String(error)}\n`);
    if (process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
  return exitCode;
}
