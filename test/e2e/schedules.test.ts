/**
 * Cron schedules against the real services: `yearend schedule install|list|remove` on Redis,
 * and a real schedule firing a few seconds ahead into a real `yearend worker` process, which
 * starts a normal final run (started by `scheduler`) on a fresh PostgreSQL database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Queue, type Job } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openPostgres, type Database } from '../../src/db/database.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { redisConnection } from '../../src/queue/connection.ts';
import { QUEUE_NAME, SCHEDULED_RUN_OPTIONS } from '../../src/queue/flow.ts';
import { fundDateTime } from '../../src/queue/schedules.ts';
import { startWorker } from '../../src/queue/worker.ts';
import { cleanEnv, isPlainError, startWorkerProcess, stopProcess, yearend } from '../helpers/cli.ts';
import { testDeps } from '../helpers/pipeline.ts';
import { allow, forCli } from '../helpers/time.ts';
import { freshDatabase, REDIS_URL, skipServices, uniquePrefix } from '../helpers/services.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-schedules-'));
const TODAY = '2026-05-04'; // YEAREND_TODAY: every firing settles 2025, whatever the clock says

/** A schedules file with the given entries (tz Europe/Berlin, target previous-year unless given). */
function schedulesFile(name: string, entries: Record<string, unknown>[]): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, JSON.stringify(entries.map((e) => ({ tz: 'Europe/Berlin', target: 'previous-year', ...e }))));
  return file;
}

/** A 6-field pattern (seconds first) firing once, `seconds` from now, in Berlin wall-clock time. */
function patternAhead(seconds: number): { pattern: string; at: string } {
  const at = fundDateTime(Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000); // YYYY-MM-DD HH:MM:SS
  const [, month, day, hour, minute, second] = /^\d{4}-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(at)!.map(Number);
  return { pattern: `${second} ${minute} ${hour} ${day} ${month} *`, at };
}

/**
 * Installs a schedule of one tariff-settlement entry firing once, a margin ahead of the moment of
 * the install — not of the moment the test computed the pattern: a CLI start on a busy machine can
 * take longer than any fixed margin, and a pattern whose second has passed fires a year later.
 * The CLI reports the next firing; when it is not the intended one, the install came too late,
 * and it installs again (same scheduler id: "updated") with a margin of three times the time the
 * late install took.
 */
async function installFiringAhead(
  env: NodeJS.ProcessEnv,
  name: string,
): Promise<{ pattern: string; at: string; marginMs: number; stdout: string; attempts: number }> {
  let marginS = 10;
  for (let attempts = 1; ; attempts++) {
    const started = Date.now();
    const firing = patternAhead(marginS);
    const file = schedulesFile(name, [{ job: 'tariff-settlement', pattern: firing.pattern }]);
    const install = await yearend(['schedule', 'install', '--file', file], env);
    expect(install.code, install.stderr).toBe(0);
    if (install.stdout.includes(`, next ${firing.at} Berlin,`))
      return { ...firing, marginMs: marginS * 1000, stdout: install.stdout, attempts };
    if (attempts === 5) throw new Error(`5 installs all came too late for their firing; the last said: ${install.stdout}`);
    marginS = Math.max(marginS, Math.ceil((3 * (Date.now() - started)) / 1000));
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function schedulerIds(prefix: string): Promise<string[]> {
  const connection = redisConnection(REDIS_URL);
  const queue = new Queue(QUEUE_NAME, { connection, prefix });
  try {
    return (await queue.getJobSchedulers(0, -1, true)).map((s) => s.key).sort();
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

// Limits against a hang: the firing test's CLI starts, its firings' margins (however long the
// installs took) and the run; never a measure of speed (test/helpers/time.ts).
describe.skipIf(skipServices)('cron schedules', { timeout: forCli(8, 300_000) }, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let client: pg.Client;
  let base: NodeJS.ProcessEnv;
  let queueEnv: NodeJS.ProcessEnv;
  const prefixes: string[] = [];
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    database = await freshDatabase('schedules');
    base = cleanEnv({ DATABASE_URL: database.url, OUTPUT_DIR: path.join(root, 'output'), CHUNK_SIZE: '100', YEAREND_TODAY: TODAY });
    queueEnv = { ...base, REDIS_URL, QUEUE_PREFIX: uniquePrefix('schedules'), WORKER_LOCK_MS: '3000' };
    prefixes.push(queueEnv.QUEUE_PREFIX!);
    await generateDataset({ members: 300, employers: 0, year: 2025, seed: 'schedules-test', outDir: path.join(root, 'data') });
    const imported = await yearend(['import', path.join(root, 'data')], base);
    expect(imported.code, imported.stderr).toBe(0);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await client?.end();
    await database?.drop();
    for (const prefix of prefixes) {
      const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('without REDIS_URL: exit 1 with a clear message', async () => {
    const result = await yearend(['schedule', 'list'], base);
    expect(result.code).toBe(1);
    expect(isPlainError(result.stderr)).toBe(true);
    expect(result.stderr).toMatch(/^error: `yearend schedule` needs REDIS_URL/);
  });

  it('a bad file: exit 1, every problem listed with the file name, nothing installed', async () => {
    const env = { ...queueEnv, QUEUE_PREFIX: uniquePrefix('schedules-bad') };
    prefixes.push(env.QUEUE_PREFIX);
    const file = schedulesFile('bad.json', [
      { job: 'levi', pattern: '0 2 20 1 *' },
      { job: 'levy', pattern: '0 2 32 1 *' },
      { job: 'bonus-crediting', pattern: '0 2 1 4 *', tz: undefined },
      { job: 'levy', pattern: '0 2 21 1 *' },
      { job: 'tariff-settlement', pattern: '0 2 2 5 *', target: 'this-year' },
    ]);
    const result = await yearend(['schedule', 'install', '--file', file], env);
    expect(result.code).toBe(1);
    expect(isPlainError(result.stderr)).toBe(true);
    expect(result.stderr).toContain(`error: ${file} has 5 problems:`);
    expect(result.stderr).toContain('entry 1: unknown job "levi"');
    expect(result.stderr).toMatch(/entry 2: pattern "0 2 32 1 \*" is not a valid cron pattern/);
    expect(result.stderr).toContain('entry 3: tz is missing');
    expect(result.stderr).toContain('entry 4: job levy is scheduled twice (entries 2 and 4)');
    expect(result.stderr).toContain('entry 5: unknown target "this-year"');
    expect(await schedulerIds(env.QUEUE_PREFIX)).toEqual([]);
  });

  it('install is idempotent and makes Redis match the file; list shows the next run; remove', async () => {
    const env = { ...queueEnv, QUEUE_PREFIX: uniquePrefix('schedules-install') };
    prefixes.push(env.QUEUE_PREFIX);
    // Without --file: the jobs' own schedules (their plug-ins), whatever the working directory.
    const first = await yearend(['schedule', 'install'], env, os.tmpdir());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^installed levy: "0 2 20 1 \*" \(Europe\/Berlin\), next \d{4}-01-20 02:00:00 Berlin, settles 2025$/m);
    expect(first.stdout).toMatch(/^installed bonus-crediting: "0 2 1 4 \*" .*next \d{4}-04-01 02:00:00 Berlin/m);
    expect(first.stdout).toMatch(/^installed tariff-settlement: "0 2 2 5 \*" .*next \d{4}-05-02 02:00:00 Berlin/m);
    expect(first.stdout).toMatch(/^installed nordost-bonus-plan: "0 3 2 5 \*" .*next \d{4}-05-02 03:00:00 Berlin/m);
    const again = await yearend(['schedule', 'install'], env, os.tmpdir());
    expect(again.code, again.stderr).toBe(0);
    expect(
      again.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[0]),
    ).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(await schedulerIds(env.QUEUE_PREFIX)).toEqual([
      'yearend-bonus-crediting',
      'yearend-levy',
      'yearend-nordost-bonus-plan',
      'yearend-tariff-settlement',
    ]);

    const list = await yearend(['schedule', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^job +pattern +time zone +next run \(Berlin\) +settles$/m);
    expect(list.stdout).toMatch(/^levy +0 2 20 1 \* +Europe\/Berlin +\d{4}-01-20 02:00:00 +2025$/m);
    expect(list.stdout).toMatch(/^tariff-settlement +0 2 2 5 \* +Europe\/Berlin +\d{4}-05-02 02:00:00 +2025$/m);

    // A changed pattern or an added freshness window is updated, a job no longer in the file is removed.
    const changed = schedulesFile('changed.json', [
      { job: 'levy', pattern: '0 3 20 1 *' },
      { job: 'tariff-settlement', pattern: '0 2 2 5 *', inputsImportedWithin: '14d' },
    ]);
    const update = await yearend(['schedule', 'install', '--file', changed], env);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toMatch(/^updated +levy: "0 3 20 1 \*" .*next \d{4}-01-20 03:00:00 Berlin, settles 2025$/m);
    // The window is read back from what Redis holds.
    expect(update.stdout).toMatch(/^updated +tariff-settlement: "0 2 2 5 \*" .*, settles 2025, inputs imported within 14d$/m);
    expect(update.stdout).toMatch(/^removed +bonus-crediting \(not in .*changed\.json\)$/m);
    expect(update.stdout).toMatch(/^removed +nordost-bonus-plan \(not in .*changed\.json\)$/m);
    expect(await schedulerIds(env.QUEUE_PREFIX)).toEqual(['yearend-levy', 'yearend-tariff-settlement']);

    const removeOne = await yearend(['schedule', 'remove', 'levy'], env);
    expect(removeOne.stdout).toBe('removed levy\n');
    expect(await schedulerIds(env.QUEUE_PREFIX)).toEqual(['yearend-tariff-settlement']);
    const removeAll = await yearend(['schedule', 'remove'], env);
    expect(removeAll.stdout).toBe('removed tariff-settlement\n');
    expect((await yearend(['schedule', 'list'], env)).stdout).toMatch(/^no schedules installed/);
    expect(await schedulerIds(env.QUEUE_PREFIX)).toEqual([]);
  });

  it('a schedule firing a few seconds ahead starts a normal final run in a worker; a second firing is skipped', async () => {
    const worker = await startWorkerProcess(queueEnv);
    workers.push(worker);
    const firing = await installFiringAhead(queueEnv, 'firing.json');
    // A first install that came too late was redone under the same scheduler id: "updated" then.
    const verb = firing.attempts === 1 ? 'installed' : 'updated  ';
    expect(firing.stdout).toBe(`${verb} tariff-settlement: "${firing.pattern}" (Europe/Berlin), next ${firing.at} Berlin, settles 2025\n`);

    const run = await until(
      'the scheduled run to be computed',
      async () => {
        const r = await client.query(`SELECT *, as_of::text AS as_of FROM run WHERE started_by = 'scheduler'`);
        if (r.rows.some((row) => row.status === 'failed')) throw new Error(`scheduled run failed: ${r.rows[0].error}`);
        return r.rows.length === 1 && r.rows[0].status === 'computed' ? r.rows[0] : undefined;
      },
      firing.marginMs + allow(180_000),
    );
    expect(run).toMatchObject({ job: 'tariff-settlement', year: 2025, kind: 'final', mode: 'queue', status: 'computed', as_of: TODAY });
    expect(run.reports).toHaveLength(1);
    expect(fs.existsSync(run.reports[0])).toBe(true);
    expect(worker.output()).toMatch(new RegExp(`"job":"tariff-settlement","year":2025,"runId":${run.id},"msg":"scheduled run started"`));
    // `status` shows it like any run.
    const status = await yearend(['status', String(run.id)], base);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(`^run ${run.id}: tariff-settlement 2025, final, computed\nstarted by scheduler at .* \\(queue\\), as of ${TODAY}`),
    );

    // Fire again: the year has a computed final run, so cron must not start another (nor a correction).
    const again = await installFiringAhead(queueEnv, 'again.json');
    expect(again.stdout).toBe(`updated   tariff-settlement: "${again.pattern}" (Europe/Berlin), next ${again.at} Berlin, settles 2025\n`);
    await until(
      'the second firing to be skipped',
      async () => (worker.output().includes(`"runId":${run.id},"status":"computed","msg":"scheduled run skipped`) ? true : undefined),
      again.marginMs + allow(60_000),
    );
    const runs = await client.query(`SELECT count(*)::int AS n FROM run WHERE job = 'tariff-settlement'`);
    expect(runs.rows[0].n).toBe(1);
  });

  it('a start the job refuses (bonus crediting before 1 April) fails the scheduled job without retries', async () => {
    const prefix = uniquePrefix('schedules-refused');
    prefixes.push(prefix);
    const config = loadConfig({
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      YEAREND_TODAY: '2026-03-15',
      CHUNK_SIZE: '100',
    });
    const opened: Database = await openPostgres(database.url);
    const connection = redisConnection(REDIS_URL);
    const worker = startWorker(testDeps(opened, path.join(root, 'output')), { connection, prefix, lockDurationMs: 3000, config });
    const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    try {
      const failed = new Promise<Job>((resolve) => worker.on('failed', (job) => job && resolve(job)));
      const added = await queue.add('scheduled-run', { job: 'bonus-crediting', target: 'previous-year' }, SCHEDULED_RUN_OPTIONS);
      const job = await failed;
      expect(job.id).toBe(added.id);
      expect(job.failedReason).toMatch(/bonus crediting for 2025 can run only after the proof deadline/);
      // Not waiting for a retry (SCHEDULED_RUN_OPTIONS allows 3 attempts): failed for good.
      expect(await (await queue.getJob(added.id!))!.getState()).toBe('failed');
      const runs = await client.query(`SELECT count(*)::int AS n FROM run WHERE job = 'bonus-crediting'`);
      expect(runs.rows[0].n).toBe(0);
    } finally {
      await worker.close();
      await queue.close();
      connection.disconnect();
      await opened.close();
    }
  });
});
