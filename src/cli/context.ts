/**
 * What every subcommand needs: validated configuration, a logger, the database (PostgreSQL or
 * the embedded PGlite, opened once and migrated-checked) and the execution mode.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createAlerts } from '../alerts/alerts.ts';
import { loadConfig, type Config } from '../config.ts';
import { openEmbedded, openPostgres, type Database } from '../db/database.ts';
import { migrate, MIGRATIONS_DIR } from '../db/migrate.ts';
import { createLogger, type Logger } from '../logger.ts';
import { ensurePrivateDir } from '../private-files.ts';
import type { ExecuteDeps } from '../runs/execute.ts';
import { failOrphanedRuns } from '../runs/lifecycle.ts';
import { jobOf } from '../../jobs/registry.ts';
import { workbookOf } from '../../reports/registry.ts';
import { CliError } from './errors.ts';

export { CliError, defaultUser } from './errors.ts';

export interface Context {
  config: Readonly<Config>;
  log: Logger;
  database(): Promise<Database>;
  deps(): Promise<ExecuteDeps>;
  close(): Promise<void>;
  modeText(): string;
}

export function createContext(env: NodeJS.ProcessEnv = process.env): Context {
  const config = loadConfig(env);
  const log = createLogger(config.logLevel);
  const alerts = createAlerts(config.alerts, log);
  let opened: Promise<Database> | null = null;
  let releaseLock: (() => void) | null = null;

  async function open(): Promise<Database> {
    if (config.databaseUrl) {
      // Once per outage, not once per broken connection or retried query.
      return openPostgres(config.databaseUrl, undefined, {
        lost: (reason) => log.warn({ err: reason }, 'database connection lost; queries fail until it is back, chunks retry with backoff'),
        restored: () => log.warn('database connection restored'),
      });
    }
    releaseLock = lockEmbedded(config.pgliteDir);
    return openEmbedded(config.pgliteDir);
  }

  const context: Context = {
    config,
    log,
    database: () => (opened ??= open()),
    deps: async () => ({
      db: (await context.database()).db,
      database: await context.database(),
      log,
      outputDir: config.outputDir,
      excelRowLimit: config.excelRowLimit,
      jobOf,
      workbookOf,
      alerts,
    }),
    close: async () => {
      if (opened) await (await opened.catch(() => null))?.close();
      releaseLock?.();
    },
    modeText: () =>
      (config.databaseUrl ? 'PostgreSQL' : `embedded PostgreSQL (PGlite in ${displayPath(config.pgliteDir)})`) +
      (config.redisUrl ? ', BullMQ workers on Redis' : ', in-process runner'),
  };
  return context;
}

function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A pid lock file turns that into a clear error.
 */
function lockEmbedded(dir: string): () => void {
  ensurePrivateDir(dir);
  const lock = path.join(dir, '.yearend.lock');
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o640 });
  } catch {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new CliError(
        `the embedded database in ${dir} is in use by process ${pid}: embedded mode is one process; ` +
          'to watch a run from a second process, use PostgreSQL (set DATABASE_URL)',
      );
    }
    fs.writeFileSync(lock, String(process.pid), { mode: 0o640 });
  }
  fs.chmodSync(lock, 0o640); // whatever the umask
  return () => fs.rmSync(lock, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Commands other than `migrate` need an up-to-date schema; embedded mode migrates by itself. */
export async function readyDatabase(ctx: Context): Promise<Database> {
  const database = await ctx.database();
  if (database.kind === 'embedded') {
    await migrate(database);
    if (!checkedForOrphans.has(database)) {
      checkedForOrphans.add(database);
      await failOrphaned(database);
    }
    return database;
  }
  const expected = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.+\.sql$/.test(f)).length;
  const applied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migration`
    .execute(database.db)
    .then((r) => r.rows[0]!.n)
    .catch(() => 0);
  if (applied < expected) throw new CliError('the database schema is not up to date: run `yearend migrate` first');
  return database;
}

const checkedForOrphans = new WeakSet<Database>();

/**
 * Embedded mode is one process, holding the folder's lock: a run that is still queued or running
 * when a process opens the database belongs to a process that ended (killed, crashed, machine
 * off). Waiting STALE_AFTER_MS would tell nothing new, and no worker will ever take it over, so it
 * is failed at once with the reason; `resume` finishes it (pipeline.md: a run never stays
 * `running` for ever).
 */
async function failOrphaned(database: Database): Promise<void> {
  for (const id of await failOrphanedRuns(database.db)) {
    process.stderr.write(`run ${id} was left unfinished by a process that ended: marked failed; \`yearend resume ${id}\` finishes it\n`);
  }
}
