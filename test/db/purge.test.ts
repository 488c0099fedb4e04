/**
 * Retention on the real PostgreSQL and Redis: `purge --older-than` deletes the details of old,
 * never released runs (dry, failed, cancelled, computed, approved) and the superseded import
 * batches no kept run reads; run records, inputs, released runs, and the runs other runs build on
 * stay. Driven through the real CLI (dry run, JSON, a second purge, purged runs in status, export,
 * report and resume) and, for the queue, against Redis with a prefix of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { NORDOST_BONUS_PLAN_FILES } from '../../src/import/file-specs.ts';
import { QUEUE_NAME } from '../../src/queue/flow.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import { startRun } from '../../src/runs/create-run.ts';
import { executeChunk } from '../../src/runs/execute.ts';
import { purgeQueueJobs } from '../../src/queue/purge-jobs.ts';
import { cutoffOf, parseDuration, runDetailTables, RUN_STORY_TABLES } from '../../src/runs/purge.ts';
import { failRun, transition } from '../../src/runs/lifecycle.ts';
import { getRun, type RunRecord } from '../../src/runs/run-store.ts';
import { allJobs, jobOf } from '../../jobs/registry.ts';
import { isPlainError, cleanEnv, yearend } from '../helpers/cli.ts';
import { testDeps, tmpDir } from '../helpers/pipeline.ts';
import { openFresh, REDIS_URL, skipServices, uniquePrefix } from '../helpers/services.ts';

/** What a purge deletes per run: the plug-ins' result tables and the machinery's. */
const RUN_DETAIL_TABLES = runDetailTables(allJobs());

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-purge-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('retention periods', () => {
  it('are days, calendar months or calendar years back from today', () => {
    expect(cutoffOf('2026-05-02', parseDuration('90d')!)).toBe('2026-02-01');
    expect(cutoffOf('2026-08-31', parseDuration('6m')!)).toBe('2026-02-28');
    expect(cutoffOf('2026-05-02', parseDuration('18m')!)).toBe('2024-11-02');
    expect(cutoffOf('2028-02-29', parseDuration('2y')!)).toBe('2026-02-28');
    for (const bad of ['', '90', 'd', '0d', '3w', '1.5y', '-2y', '2 y', '12345d']) expect(parseDuration(bad), bad).toBeNull();
  });
});

describe.skipIf(skipServices)('purge on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  let env: NodeJS.ProcessEnv;
  const runs = {} as Record<
    | 'released'
    | 'dry'
    | 'failed'
    | 'cancelled'
    | 'approved'
    | 'levy25'
    | 'levy26'
    | 'levy25Later'
    | 'levyDry'
    | 'bonusDry'
    | 'nordostDry'
    | 'recentFailed',
    RunRecord
  >;
  const batches: number[] = [];
  const purgedIds = () =>
    [runs.dry, runs.failed, runs.cancelled, runs.approved, runs.levyDry, runs.bonusDry, runs.nordostDry]
      .map((r) => r.id)
      .sort((a, b) => a - b);
  let before: {
    tables: Record<string, number>;
    details: Map<number, Record<string, number>>;
    batchFiles: { batch_id: number; file_name: string }[];
  };

  const q = () => db.database.db;
  const out = () => tmpDir(root, 'out');
  const begin = (job: string, year: number, options: { dryRun?: boolean; asOf?: string } = {}) =>
    startRun(q(), jobOf(job), {
      year,
      dryRun: options.dryRun ?? false,
      startedBy: 'ops',
      mode: 'in-process',
      asOf: options.asOf ?? `${year + 1}-05-02`,
      chunkSize: 100,
    });
  const computed = async (job: string, year: number, options: { dryRun?: boolean; asOf?: string } = {}) => {
    const run = await begin(job, year, options);
    await runInProcess(testDeps(db.database, out()), run.id);
    const done = await getRun(q(), run.id);
    expect(done.status).toBe('computed');
    return done;
  };
  const importSeed = async (seed: string) => {
    const dir = path.join(root, seed);
    await generateDataset({ members: 250, employers: 30, year: 2025, seed, outDir: dir });
    // Two unrelated 250-member data sets: the second one's small files (the Nordost bonus plan's
    // few participants) may hold under half the rows of the first one's, which is no shrinking
    // extract here (minRowShare 0, as test/e2e/purge.test.ts).
    const result = await importFolder(db.database, {
      folder: dir,
      importedBy: 'test',
      outputDir: tmpDir(root, 'imp'),
      maxRejectRate: 0.05,
      minRowShare: 0,
    });
    batches.push(result.batchId!);
  };
  const detailRows = async (runId: number) => {
    const rows: Record<string, number> = {};
    for (const table of RUN_DETAIL_TABLES) {
      rows[table] = (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE run_id = ${runId}`.execute(q())
      ).rows[0]!.n;
    }
    return rows;
  };
  const tableCounts = async () => {
    const tables = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`.execute(q());
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows)
      counts[name] = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(q())).rows[0]!.n;
    return counts;
  };
  const purge = async (...args: string[]) => {
    const result = await yearend(['purge', '--older-than', '1y', ...args], env);
    expect(result.code, result.stderr).toBe(0);
    return result;
  };

  beforeAll(async () => {
    db = await openFresh('purge');
    env = cleanEnv({ DATABASE_URL: db.url, OUTPUT_DIR: out() });
    await importSeed('purge-a'); // superseded by the next import before any run reads it
    await importSeed('purge-b'); // the batch every run below reads

    runs.released = await computed('tariff-settlement', 2025);
    await transition(q(), runs.released.id, ['computed'], 'approved');
    await transition(q(), runs.released.id, ['approved'], 'released');
    await sql`INSERT INTO run_payment (run_id, category, item_key, direction, amount, due_on, basis, position, previously)
      VALUES (${runs.released.id}, 'tariff', 'P-1', 'payout', 12.50, '2026-06-30', 'computed', 12.50, 0)`.execute(q());
    runs.dry = await computed('tariff-settlement', 2025, { dryRun: true });
    runs.failed = await begin('tariff-settlement', 2025); // a correction of the released run
    await executeChunk(testDeps(db.database, out()), runs.failed.id, 0);
    await failRun(q(), runs.failed.id, 'simulated crash');
    runs.cancelled = await begin('tariff-settlement', 2025);
    await transition(q(), runs.cancelled.id, ['queued'], 'cancelled'); // never finished: its last change counts
    runs.approved = await computed('tariff-settlement', 2025);
    await transition(q(), runs.approved.id, ['computed'], 'approved');
    await sql`INSERT INTO run_decision (run_id, item_type, item_key, decision, decided_by, note)
      VALUES (${runs.approved.id}, 'member', 'X000000001', 'approve', 'lead', 'checked')`.execute(q());
    runs.levy25 = await computed('levy', 2025);
    runs.levy26 = await computed('levy', 2026);
    expect(runs.levy26.state_run_id).toBe(runs.levy25.id);
    runs.levy25Later = await computed('levy', 2025); // now the 2025 figures a new 2026 run would start from
    runs.levyDry = await computed('levy', 2025, { dryRun: true }); // a dry run never gives state: not kept
    runs.bonusDry = await computed('bonus-crediting', 2025, { dryRun: true, asOf: '2026-03-01' });
    runs.nordostDry = await computed('nordost-bonus-plan', 2025, { dryRun: true }); // the AOK Nordost plan's tables get details too
    await sql`UPDATE run SET finished_at = CASE WHEN finished_at IS NULL THEN NULL ELSE now() - interval '2 years' END,
      updated_at = now() - interval '2 years'`.execute(q());
    runs.recentFailed = await begin('tariff-settlement', 2025);
    await executeChunk(testDeps(db.database, out()), runs.recentFailed.id, 0);
    await failRun(q(), runs.recentFailed.id, 'simulated crash');

    await importSeed('purge-c'); // supersedes purge-b; old but current: kept
    await sql`UPDATE import_batch SET created_at = now() - interval '2 years'`.execute(q());

    const details = new Map<number, Record<string, number>>();
    for (const run of Object.values(runs)) details.set(run.id, await detailRows(run.id));
    const batchFiles = await q()
      .selectFrom('import_file')
      .select(['batch_id', 'file_name'])
      .orderBy('batch_id')
      .orderBy('file_name')
      .execute();
    before = { tables: await tableCounts(), details, batchFiles };
  }, 600_000);
  afterAll(async () => db?.drop());

  it('every table keyed by run is either purged or kept on purpose', async () => {
    const tables = await sql<{ name: string }>`SELECT DISTINCT table_name AS name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'run_id' ORDER BY 1`.execute(q());
    expect(tables.rows.map((r) => r.name)).toEqual([...RUN_DETAIL_TABLES, ...RUN_STORY_TABLES].sort());
  });

  it('has test data in every state, with details in the tables of all three jobs', () => {
    const sum = (table: string) => [...before.details.values()].reduce((a, d) => a + d[table]!, 0);
    for (const table of RUN_DETAIL_TABLES) expect(sum(table), table).toBeGreaterThan(0);
    expect(before.details.get(runs.dry.id)!.tariff_result).toBeGreaterThan(0);
    expect(before.details.get(runs.failed.id)!.tariff_result).toBeGreaterThan(0);
    expect(before.details.get(runs.cancelled.id)!.run_chunk).toBeGreaterThan(0);
  });

  it('--help says what it keeps; a bad duration is a usage error with an example', async () => {
    const help = await yearend(['purge', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--older-than <duration>');
    expect(help.stdout).toContain('--dry-run');
    expect(help.stdout).toMatch(/every released\s+run's details/);
    for (const bad of ['3w', '0d', 'two years']) {
      const result = await yearend(['purge', '--older-than', bad], env);
      expect(result.code, bad).toBe(2);
      expect(result.stderr).toContain('e.g. 90d, 18m or 2y');
    }
    expect((await yearend(['purge'], env)).code).toBe(2);
  });

  let planned: Record<string, unknown>;
  it('--dry-run lists what would go and changes nothing', async () => {
    const dry = await purge('--dry-run', '--json');
    planned = JSON.parse(dry.stdout);
    expect(planned).toMatchObject({ dryRun: true, olderThan: '1y' });
    expect((planned.runs as { runId: number }[]).map((r) => r.runId)).toEqual(purgedIds());
    expect(await tableCounts()).toEqual(before.tables);
    const text = await purge('--dry-run');
    expect(text.stdout).toMatch(/runs would be purged: 7\n  run /);
    expect(text.stdout).toContain('dry run, nothing changed');
    expect(await tableCounts()).toEqual(before.tables);
  });

  let report: {
    runs: { runId: number; rows: Record<string, number> }[];
    kept: { runId: number; reason: string }[];
    batches: { batchId: number; files: { file: string; rows: number }[]; batchRemoved: boolean }[];
    tables: Record<string, number>;
    queue: unknown;
  };
  it('purges the details of old dry, failed, cancelled, computed and approved runs; the counts match', async () => {
    report = JSON.parse((await purge('--json')).stdout);
    expect(report.runs.map((r) => r.runId)).toEqual(purgedIds());
    for (const run of report.runs) {
      expect(run.rows).toEqual(Object.fromEntries(Object.entries(before.details.get(run.runId)!).filter(([, n]) => n > 0)));
      expect(await detailRows(run.runId)).toEqual(Object.fromEntries(RUN_DETAIL_TABLES.map((t) => [t, 0])));
      expect((await getRun(q(), run.runId)).details_purged_at).toBeInstanceOf(Date);
    }
    for (const table of RUN_DETAIL_TABLES) {
      const expected = report.runs.reduce((a, r) => a + before.details.get(r.runId)![table]!, 0);
      expect(report.tables[table] ?? 0, table).toBe(expected);
      // Every job's tables were purged (payment lists exist only for released runs, which stay).
      if (table !== 'run_payment') expect(expected, table).toBeGreaterThan(0);
    }
    expect(before.details.get(runs.approved.id)!.run_decision).toBe(1);
    expect(report.queue).toBeNull(); // REDIS_URL unset
    // The dry run announced exactly this.
    expect(planned.runs).toEqual(report.runs);
    expect(planned.batches).toEqual(report.batches);
    expect(planned.tables).toEqual(report.tables);
  });

  it('keeps every run record and input, released details, depended-on details and recent runs', async () => {
    const after = await tableCounts();
    expect(after.run).toBe(before.tables.run);
    expect(after.run_input).toBe(before.tables.run_input);
    for (const kept of [runs.released, runs.levy25, runs.levy26, runs.levy25Later, runs.recentFailed]) {
      expect(await detailRows(kept.id), `run ${kept.id}`).toEqual(before.details.get(kept.id));
      expect((await getRun(q(), kept.id)).details_purged_at).toBeNull();
    }
    expect(before.details.get(runs.released.id)!.run_payment).toBe(1);
    expect(report.kept).toEqual([
      { runId: runs.levy25.id, reason: `the state of run ${runs.levy26.id}` },
      { runId: runs.levy26.id, reason: expect.stringMatching(/latest figures of levy 2026/) },
      { runId: runs.levy25Later.id, reason: expect.stringMatching(/latest figures of levy 2025: a 2026 run takes its state/) },
    ]);
  });

  it('the database refuses to delete a run: result rows rely on it (migration 0017 dropped their foreign keys)', async () => {
    const victim = runs.dry.id;
    await expect(sql`DELETE FROM run WHERE id = ${victim}`.execute(q())).rejects.toThrow(/runs are never deleted/);
    expect((await getRun(q(), victim)).id).toBe(victim);
    // the chunk-written tables no longer check run_id by a foreign key (a per-row trigger); run_chunk still does
    const fks = await sql<{ table: string }>`SELECT conrelid::regclass::text AS table FROM pg_constraint
      WHERE contype = 'f' AND confrelid = 'run'::regclass ORDER BY 1`.execute(q());
    const referencing = fks.rows.map((r) => r.table);
    expect(referencing).toContain('run_chunk');
    for (const table of ['tariff_result', 'bonus_item_result', 'bonus_account_result', 'levy_month_result', 'nordost_result']) {
      expect(referencing, table).not.toContain(table);
    }
  });

  it('purges superseded batches that no kept run reads; current and still-read ones stay', async () => {
    const [first, second, current] = batches as [number, number, number];
    const files = await q().selectFrom('import_file').select(['batch_id', 'file_name']).orderBy('batch_id').orderBy('file_name').execute();
    const of = (rows: { batch_id: number; file_name: string }[], batch: number) =>
      rows.filter((r) => r.batch_id === batch).map((r) => r.file_name);
    // The first batch was read by no run: every file a later batch carries again is gone.
    const carriedAgain = (batch: number, file: string) => before.batchFiles.some((f) => f.file_name === file && f.batch_id > batch);
    expect(of(files, first)).toEqual(of(before.batchFiles, first).filter((f) => !carriedAgain(first, f)));
    // Of the second, only the bonus-only files go: the purged bonus dry run alone read them.
    const bonusOnly = [
      'bonus_activities.csv',
      'bonus_exclusions.csv',
      'bonus_goals.csv',
      'bonus_opening_balances.csv',
      'bonus_payout_requests.csv',
      'bonus_proofs.csv',
    ];
    // The payees' bank accounts and addresses (issue 13) are read by no job yet, and no run here
    // read the Nordost bonus plan's files (issue 14): they go as well.
    const unread = [...bonusOnly, ...NORDOST_BONUS_PLAN_FILES, 'addresses.csv', 'bank_accounts.csv'].sort();
    const secondGone = of(before.batchFiles, second).filter((f) => !of(files, second).includes(f));
    expect(secondGone).toEqual(unread.filter((f) => carriedAgain(second, f)));
    expect(secondGone.length).toBeGreaterThan(0);
    expect(of(files, second)).toEqual(expect.arrayContaining(['members.csv', 'tariff_declarations.csv', 'employers.csv']));
    expect(of(files, current)).toEqual(of(before.batchFiles, current));
    // The rows went with them; the kept files' rows are all there.
    const rowsOf = async (table: string, batch: number) =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE batch_id = ${batch}`.execute(q())).rows[0]!.n;
    expect(await rowsOf('bonus_proof', second)).toBe(0);
    expect(await rowsOf('member', second)).toBeGreaterThan(0);
    expect(await rowsOf('member', first)).toBe(0);
    const reported = report.batches.find((b) => b.batchId === second)!;
    expect(reported.files.map((f) => f.file)).toEqual(secondGone);
    expect(reported.batchRemoved).toBe(false);
    const firstRemoved = of(files, first).length === 0;
    expect(report.batches.find((b) => b.batchId === first)!.batchRemoved).toBe(firstRemoved);
    expect(await q().selectFrom('import_batch').select('id').where('id', '=', first).executeTakeFirst()).toEqual(
      firstRemoved ? undefined : { id: first },
    );
    expect(report.tables.member).toBe(before.tables.member! - (await tableCounts()).member!);
  });

  it('a second purge does nothing', async () => {
    const counts = await tableCounts();
    const again = JSON.parse((await purge('--json')).stdout);
    expect(again).toMatchObject({ runs: [], batches: [], tables: {} });
    // With REDIS_URL the queue is cleaned too (an empty queue of its own here).
    const prefix = uniquePrefix('purge-cli');
    const withQueue = await yearend(['purge', '--older-than', '1y', '--json'], { ...env, REDIS_URL, QUEUE_PREFIX: prefix });
    expect(withQueue.code, withQueue.stderr).toBe(0);
    expect(JSON.parse(withQueue.stdout)).toMatchObject({ runs: [], batches: [], queue: { completed: 0, failed: 0 } });
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const leftovers = await redis.keys(`${prefix}:*`); // the clean's event stream and the queue's meta
    if (leftovers.length > 0) await redis.del(...leftovers);
    redis.disconnect();
    expect(await tableCounts()).toEqual(counts);
    expect((await purge()).stdout).toMatch(/runs purged: 0\n[\s\S]*import batches purged: 0/);
  });

  it('a purged run stays visible in status; export, report and resume refuse it clearly', async () => {
    const id = String(runs.failed.id);
    const status = await yearend(['status', id], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`details purged on ${new Date().toISOString().slice(0, 8)}\\d\\d`));
    expect(status.stdout).toContain('inputs:\n  annual_income.csv');
    const exportDir = path.join(root, 'exp-purged');
    const exported = await yearend(['export', String(runs.approved.id), '--out', exportDir], env);
    expect(exported.code).toBe(1);
    expect(isPlainError(exported.stderr)).toBe(true);
    expect(exported.stderr).toMatch(/details were purged on .*; its exports can no longer be written/);
    expect(fs.existsSync(exportDir) ? fs.readdirSync(exportDir) : []).toEqual([]);
    const dryExport = await yearend(['export', String(runs.dry.id), '--preliminary', '--out', exportDir], env);
    expect(dryExport.code).toBe(1);
    const report = await yearend(['report', String(runs.approved.id)], env);
    expect(report.code).toBe(1);
    expect(report.stderr).toMatch(/details were purged .*; its workbook can no longer be written/);
    // Resuming would "finish" a run with no chunks left: an empty result. The database refuses.
    const resumed = await yearend(['resume', id], env);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(/details were purged on .*it can no longer be resumed, approved or released/);
    expect((await getRun(q(), runs.failed.id)).status).toBe('failed');
    // The released run still exports.
    const kept = await yearend(['export', String(runs.released.id), '--out', path.join(root, 'exp-released')], env);
    expect(kept.code, kept.stderr).toBe(0);
  });
});

describe.skipIf(skipServices)('purge of the queue on Redis', () => {
  const prefix = uniquePrefix('purge');
  let connection: Redis;
  let queue: Queue;
  beforeAll(async () => {
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUE_NAME, { connection, prefix });
  });
  afterAll(async () => {
    await queue.close();
    const leftovers = await connection.keys(`${prefix}:*`);
    if (leftovers.length > 0) await connection.del(...leftovers);
    connection.disconnect();
  });

  it('removes completed and failed jobs that finished before the cutoff, and only those', async () => {
    for (const n of [1, 2, 3, 4]) await queue.add('chunk', { runId: 0, chunkNo: n }, { jobId: `job-${n}` });
    let finished = 0;
    const worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        if (job.data.chunkNo % 2 === 0) throw new Error('fails on purpose');
        return 'ok';
      },
      { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix },
    );
    await new Promise<void>((resolve) => {
      const count = () => ++finished === 4 && resolve();
      worker.on('completed', count);
      worker.on('failed', count);
    });
    await worker.close();
    // Jobs 1 (completed) and 2 (failed) finished two years ago: their finish time is what counts.
    const old = Date.now() - 2 * 365 * 86_400_000;
    for (const [id, set] of [
      ['job-1', 'completed'],
      ['job-2', 'failed'],
    ] as const) {
      await connection.zadd(queue.keys[set]!, 'XX', old, id);
      await connection.hset(queue.toKey(id), 'finishedOn', old);
    }
    const cutoff = cutoffOf(new Date().toISOString().slice(0, 10), parseDuration('1y')!);
    expect(await purgeQueueJobs(connection, prefix, cutoff, true)).toEqual({ completed: 1, failed: 1 });
    expect(await queue.getJobCounts('completed', 'failed')).toEqual({ completed: 2, failed: 2 });
    expect(await purgeQueueJobs(connection, prefix, cutoff, false)).toEqual({ completed: 1, failed: 1 });
    expect(await queue.getJob('job-1')).toBeUndefined();
    expect(await queue.getJob('job-2')).toBeUndefined();
    expect((await queue.getJob('job-3'))?.finishedOn).toBeGreaterThan(old);
    expect((await queue.getJob('job-4'))?.failedReason).toBe('fails on purpose');
    expect(await purgeQueueJobs(connection, prefix, cutoff, false)).toEqual({ completed: 0, failed: 0 });
  });
});
