/**
 * Alerts from the places that raise them, against the real PostgreSQL and Redis, sent to a local
 * webhook receiver started here: a failed run (whose error quotes a member id the alert must not
 * carry), a stale run taken over and one failed after too many rounds, a year turning OVERDUE
 * (once, however often and by however many workers it is checked; a dismissed run not counted),
 * a scheduled firing refused for a stale input (no run, one attempt, alerted) and one that
 * starts or is skipped, and a `yearend worker` process alerting an OVERDUE year from its sweep.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Queue, type Job } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerts, type Alerts } from '../../src/alerts/alerts.ts';
import { loadConfig, type AlertConfig } from '../../src/config.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { createLogger } from '../../src/logger.ts';
import { redisConnection } from '../../src/queue/connection.ts';
import { QUEUE_NAME, SCHEDULED_RUN_OPTIONS } from '../../src/queue/flow.ts';
import { dispatchRun } from '../../src/queue/dispatch.ts';
import { MAX_DISPATCH_ROUNDS, recoverStaleRuns } from '../../src/queue/recovery.ts';
import { startWorker } from '../../src/queue/worker.ts';
import { alertOverdueDeadlines } from '../../src/runs/deadline-alerts.ts';
import { deadlineOf } from '../../src/runs/deadlines.ts';
import type { ExecuteDeps } from '../../src/runs/execute.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import { cancelRun, dismissRun, failRun, recordStart } from '../../src/runs/lifecycle.ts';
import { getRun } from '../../src/runs/run-store.ts';
import { addDays } from '../../src/dates.ts';
import { jobOf } from '../../jobs/registry.ts';
import { startMailSink, startWebhookSink, until, type MailSink, type WebhookPost, type WebhookSink } from '../helpers/alert-sinks.ts';
import { cleanEnv, startWorkerProcess, stopProcess } from '../helpers/cli.ts';
import { start, testDeps, tmpDir } from '../helpers/pipeline.ts';
import { openFresh, REDIS_URL, skipServices, uniquePrefix } from '../helpers/services.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-alerts-'));
const dataDir = path.join(root, 'data');
const TARIFF = jobOf('tariff-settlement');

function alertConfig(webhookUrl: string): AlertConfig {
  return { webhookUrl, smtpUrl: null, mailFrom: null, mailTo: [], timeoutMs: 10_000 };
}

/** The alerts of one kind the sink received so far. */
function received(sink: WebhookSink, kind: string): WebhookPost[] {
  return sink.posts.filter((p) => (p.json.alert as { kind?: string } | undefined)?.kind === kind);
}

describe.skipIf(skipServices)('alerts raised by the pipeline', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  let sink: WebhookSink;
  let mail: MailSink;
  let alerts: Alerts;
  let deps: ExecuteDeps;
  const prefixes: string[] = [];
  const workers: ChildProcess[] = [];
  const q = () => db.database.db;

  beforeAll(async () => {
    db = await openFresh('alerts');
    sink = await startWebhookSink();
    mail = await startMailSink();
    alerts = createAlerts(
      { ...alertConfig(sink.url('/hooks/token')), smtpUrl: mail.url, mailFrom: 'yearend@example.org', mailTo: ['ops@example.org'] },
      createLogger('silent'),
    );
    deps = { ...testDeps(db.database, tmpDir(root, 'out')), alerts };
    await generateDataset({ members: 300, employers: 0, year: 2025, seed: 'alerts-test', outDir: dataDir });
    await importFolder(db.database, { folder: dataDir, importedBy: 'test', outputDir: tmpDir(root, 'imp'), maxRejectRate: 0.01 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    for (const prefix of prefixes) {
      const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    await sink?.close();
    await mail?.close();
    await db?.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a failed run is alerted with job, year, run id and category; the member id in its error is not', async () => {
    const memberId = (await q().selectFrom('member').select('member_id').limit(1).executeTakeFirstOrThrow()).member_id;
    // A chunk whose error quotes a row, as a parser or a rule might.
    const broken = {
      ...TARIFF,
      compute: { ...TARIFF.compute, chunk: () => Promise.reject(new Error(`no tariff for member ${memberId}`)) },
    };
    const run = await start(db.database, 2025);
    const before = sink.posts.length;
    await expect(runInProcess({ ...deps, jobOf: (name) => (name === TARIFF.name ? broken : jobOf(name)) }, run.id)).rejects.toThrow(
      memberId,
    );
    // The recorded reason names the member (a rule's own words are kept; only quoted values are dropped)…
    expect((await getRun(q(), run.id)).error).toContain(memberId);
    // …the alert does not.
    expect(sink.posts.length).toBe(before + 1);
    const post = sink.posts[before]!;
    expect(post.json.alert).toEqual({ kind: 'run-failed', job: 'tariff-settlement', year: 2025, runId: run.id, failure: 'chunk' });
    expect(post.json.text).toContain(`yearend status ${run.id}`);
    expect(post.body).not.toContain(memberId);
    // The same alert by mail: subject, fields, and no member id either.
    const sent = await until('the mail', () =>
      mail.mails.find((m) => m.subject === `[yearend] run ${run.id} failed: tariff-settlement 2025`),
    );
    expect(sent.to).toEqual(['ops@example.org']);
    expect(sent.raw).toContain(`runId: ${run.id}`);
    expect(sent.raw).toContain('failure: chunk');
    expect(sent.raw).not.toContain(memberId);
  });

  it('a run whose chunks fail in a queue worker is alerted once, without the member id', async () => {
    const prefix = uniquePrefix('alerts-worker-fail');
    prefixes.push(prefix);
    const config = loadConfig({ DATABASE_URL: 'postgres://unused/x', REDIS_URL, QUEUE_PREFIX: prefix, CHUNK_SIZE: '100' });
    const memberId = (await q().selectFrom('member').select('member_id').limit(1).executeTakeFirstOrThrow()).member_id;
    // A refusal by the rules is not retried: every chunk's only attempt is its last.
    const broken = {
      ...TARIFF,
      compute: { ...TARIFF.compute, chunk: () => Promise.reject(new PermanentRunError(`member ${memberId} has no tariff`)) },
    };
    const workerDeps = { ...deps, jobOf: (name: string) => (name === TARIFF.name ? broken : jobOf(name)) };
    const connection = redisConnection(REDIS_URL);
    const worker = startWorker(workerDeps, { connection, prefix, lockDurationMs: 3000, config });
    const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    try {
      const run = await start(db.database, 2025, { chunkSize: 100 });
      expect(run.chunk_count).toBeGreaterThan(1);
      await dispatchRun(workerDeps, config, run.id);
      const ofRun = () => received(sink, 'run-failed').filter((p) => (p.json.alert as { runId: number }).runId === run.id);
      const alert = await until('the failed-run alert', () => ofRun()[0]);
      expect(alert.json.alert).toEqual({ kind: 'run-failed', job: 'tariff-settlement', year: 2025, runId: run.id, failure: 'chunk' });
      expect(alert.body).not.toContain(memberId);
      expect((await getRun(q(), run.id)).error).toContain(memberId);
      // Every chunk job over (failed, or skipped since the run had failed): still one alert.
      await until('the queue to be idle', async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        return Object.values(counts).every((n) => n === 0) ? true : undefined;
      });
      expect(ofRun()).toHaveLength(1);
    } finally {
      await worker.close();
      await queue.close();
      connection.disconnect();
    }
  }, 120_000);

  it('a stale run taken over is alerted; one failed after too many rounds is alerted as a failed run', async () => {
    const prefix = uniquePrefix('alerts-stale');
    prefixes.push(prefix);
    const config = { ...loadConfig({ DATABASE_URL: 'postgres://unused/x', REDIS_URL, QUEUE_PREFIX: prefix }), staleAfterMs: -1000 };
    const run = await start(db.database, 2025);
    // staleAfterMs < 0: every active run is stale now, without waiting for the clock.
    const outcome = await recoverStaleRuns(deps, config, () => Promise.resolve(false));
    expect(outcome.resumed).toEqual([run.id]);
    expect(received(sink, 'stale-run-taken-over').at(-1)!.json.alert).toEqual({
      kind: 'stale-run-taken-over',
      job: 'tariff-settlement',
      year: 2025,
      runId: run.id,
      round: 1,
    });
    await q().updateTable('run').set({ dispatch_round: MAX_DISPATCH_ROUNDS }).where('id', '=', run.id).execute();
    const last = await recoverStaleRuns(deps, config, () => Promise.resolve(false));
    expect(last.failed).toEqual([run.id]);
    expect(received(sink, 'run-failed').at(-1)!.json.alert).toEqual({
      kind: 'run-failed',
      job: 'tariff-settlement',
      year: 2025,
      runId: run.id,
      failure: 'stale',
    });
  });

  it('a year turning OVERDUE is alerted once, by one of several workers; a dismissed run is not counted', async () => {
    const due = deadlineOf(TARIFF, 2025).due;
    const overdue = () => received(sink, 'deadline-overdue');
    expect(await alertOverdueDeadlines(deps, due, [TARIFF])).toEqual([]); // due today: a warning, not overdue
    expect(overdue()).toHaveLength(0);

    const dayAfter = addDays(due, 1);
    const sent = await alertOverdueDeadlines(deps, dayAfter, [TARIFF]);
    expect(sent.map((w) => [w.job, w.year])).toEqual([['tariff-settlement', 2025]]);
    expect(overdue().map((p) => p.json.alert)).toEqual([
      { kind: 'deadline-overdue', job: 'tariff-settlement', year: 2025, due, daysOverdue: 1, deadline: 'statutory' },
    ]);
    // Later sweeps, and two workers sweeping at once, do not alert it again.
    const otherWorker = { ...deps, alerts: createAlerts(alertConfig(sink.url('/hooks/token')), createLogger('silent')) };
    const again = await Promise.all([
      alertOverdueDeadlines(deps, addDays(due, 2), [TARIFF]),
      alertOverdueDeadlines(otherWorker, addDays(due, 2), [TARIFF]),
    ]);
    expect(again).toEqual([[], []]);
    expect(overdue()).toHaveLength(1);

    // An old year with a failed run is watched, so it is OVERDUE: two workers at once alert it once.
    const old = await recordStart(q(), {
      job: TARIFF.name,
      fund: TARIFF.fund,
      year: 2019,
      kind: 'final',
      mode: 'in-process',
      started_by: 'tester',
      as_of: '2020-05-02',
      chunk_size: 300,
    });
    await failRun(q(), old, 'test: failed');
    // A dismissed failed run of another old year is not counted: that year is not watched.
    const dismissed = await recordStart(q(), {
      job: TARIFF.name,
      fund: TARIFF.fund,
      year: 2018,
      kind: 'final',
      mode: 'in-process',
      started_by: 'tester',
      as_of: '2019-05-02',
      chunk_size: 300,
    });
    await failRun(q(), dismissed, 'test: failed');
    await dismissRun(q(), dismissed, 'tester', 'wrong year, started by mistake');
    const both = await Promise.all([
      alertOverdueDeadlines(deps, addDays(due, 3), [TARIFF]),
      alertOverdueDeadlines(otherWorker, addDays(due, 3), [TARIFF]),
    ]);
    expect(both.flat().map((w) => w.year)).toEqual([2019]);
    expect(overdue().map((p) => (p.json.alert as { year: number }).year)).toEqual([2025, 2019]);
  });

  it('an OVERDUE alert no channel took is tried again by a later sweep', async () => {
    const levy = jobOf('levy');
    const dayAfter = addDays(deadlineOf(levy, 2025).due, 1);
    // The webhook as the only channel: when it refuses, no channel took the alert.
    const deps = { db: q(), alerts: createAlerts(alertConfig(sink.url('/hooks/token')), createLogger('silent')) };
    sink.status = 503;
    try {
      expect(await alertOverdueDeadlines(deps, dayAfter, [levy])).toEqual([]);
    } finally {
      sink.status = 200;
    }
    expect(await q().selectFrom('alert_sent').selectAll().where('job', '=', 'levy').execute()).toEqual([]);
    const sent = await alertOverdueDeadlines(deps, dayAfter, [levy]);
    expect(sent.map((w) => [w.job, w.year])).toEqual([['levy', 2025]]);
    expect(await alertOverdueDeadlines(deps, dayAfter, [levy])).toEqual([]);
    const levyAlerts = received(sink, 'deadline-overdue').filter((p) => (p.json.alert as { job: string }).job === 'levy');
    expect(levyAlerts.length).toBe(2); // the refused one, and the one that went through
  });

  it('a firing with an input older than inputsImportedWithin starts no run, fails once, and is alerted', async () => {
    const prefix = uniquePrefix('alerts-fresh');
    prefixes.push(prefix);
    // YEAREND_TODAY: the firing settles 2025 whatever the clock says.
    const config = loadConfig({
      DATABASE_URL: 'postgres://unused/x',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      YEAREND_TODAY: '2026-05-04',
      CHUNK_SIZE: '100',
    });
    const connection = redisConnection(REDIS_URL);
    const worker = startWorker(deps, { connection, prefix, lockDurationMs: 3000, config });
    const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    try {
      // Every batch is 20 days old; the firing (now) requires 14 days.
      await sql`UPDATE import_batch SET created_at = now() - interval '20 days'`.execute(q());
      const runsBefore = (await q().selectFrom('run').select('id').execute()).length;
      const failed = new Promise<Job>((resolve) => worker.on('failed', (job) => job && resolve(job)));
      const data = { job: 'tariff-settlement', target: 'previous-year', inputsImportedWithin: '14d' };
      const added = await queue.add('scheduled-run', data, SCHEDULED_RUN_OPTIONS);
      const job = await failed;
      expect(job.id).toBe(added.id);
      expect(job.attemptsMade).toBe(1); // SCHEDULED_RUN_OPTIONS allows more: this one is not retried
      expect(await (await queue.getJob(added.id!))!.getState()).toBe('failed');
      expect(job.failedReason).toMatch(/^scheduled run of tariff-settlement 2025 refused: inputs must have been imported within 14d/);
      expect((await q().selectFrom('run').select('id').execute()).length).toBe(runsBefore);

      const alert = await until('the stale-input alert', () => received(sink, 'input-stale')[0]);
      const event = alert.json.alert as { stale: { file: string; importedAt: string }[] };
      expect(event).toMatchObject({ kind: 'input-stale', job: 'tariff-settlement', year: 2025, within: '14d' });
      expect(event.stale.map((i) => i.file).sort()).toEqual([...TARIFF.inputFiles].sort());
      expect(alert.json.text).toMatch(/^\[yearend\] scheduled run refused, stale input: tariff-settlement 2025\n/);
      expect(received(sink, 'scheduled-run-failed')).toEqual([]); // one alert for the firing, not two

      // Imported again (now fresh): the next firing starts the run; the one after is skipped, alerted.
      await sql`UPDATE import_batch SET created_at = now()`.execute(q());
      await queue.add('scheduled-run', data, SCHEDULED_RUN_OPTIONS);
      const run = await until('the scheduled run to be computed', async () => {
        const r = await q().selectFrom('run').selectAll().where('started_by', '=', 'scheduler').executeTakeFirst();
        if (r?.status === 'failed') throw new Error(`scheduled run failed: ${r.error}`);
        return r?.status === 'computed' ? r : undefined;
      });
      await queue.add('scheduled-run', data, SCHEDULED_RUN_OPTIONS);
      const skipped = await until('the skipped-firing alert', () => received(sink, 'scheduled-run-skipped')[0]);
      expect(skipped.json.alert).toEqual({
        kind: 'scheduled-run-skipped',
        job: 'tariff-settlement',
        year: 2025,
        runId: run.id,
        status: 'computed',
      });
    } finally {
      await worker.close();
      await queue.close();
      connection.disconnect();
    }
  }, 120_000);

  it('a refused firing (not a stale input) is alerted by its category only', async () => {
    const prefix = uniquePrefix('alerts-refused');
    prefixes.push(prefix);
    const config = loadConfig({ DATABASE_URL: 'postgres://unused/x', REDIS_URL, QUEUE_PREFIX: prefix, YEAREND_TODAY: '2026-03-15' });
    const connection = redisConnection(REDIS_URL);
    const worker = startWorker(deps, { connection, prefix, lockDurationMs: 3000, config });
    const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    try {
      // Bonus crediting refuses to start before its proof deadline (1 April).
      await queue.add('scheduled-run', { job: 'bonus-crediting', target: 'previous-year' }, SCHEDULED_RUN_OPTIONS);
      const alert = await until('the failed-firing alert', () => received(sink, 'scheduled-run-failed')[0]);
      expect(alert.json.alert).toEqual({
        kind: 'scheduled-run-failed',
        job: 'bonus-crediting',
        year: 2025,
        failure: 'refused',
        attempts: 1,
      });
      expect(alert.body).not.toMatch(/proof deadline/); // the rule's message stays in the worker log
    } finally {
      await worker.close();
      await queue.close();
      connection.disconnect();
    }
  });

  it('a `yearend worker` with YEAREND_ALERT_WEBHOOK_URL alerts an OVERDUE year from its sweep', async () => {
    // A run still active would be taken over by this worker's sweep: cancel what earlier tests left.
    for (const r of await q().selectFrom('run').select('id').where('status', 'in', ['queued', 'running']).execute())
      await cancelRun(q(), r.id);
    const own = await startWebhookSink();
    try {
      const prefix = uniquePrefix('alerts-worker');
      prefixes.push(prefix);
      const env = cleanEnv({
        DATABASE_URL: db.url,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        OUTPUT_DIR: tmpDir(root, 'worker-out'),
        // After every job's deadline for 2025, and a sweep every second.
        YEAREND_TODAY: '2026-07-15',
        STALE_AFTER_MS: '2000',
        YEAREND_ALERT_WEBHOOK_URL: own.url('/hooks/worker-token'),
      });
      const worker = await startWorkerProcess(env);
      workers.push(worker);
      // Earlier tests alerted tariff-settlement and levy 2025 in this database: only bonus crediting
      // and the AOK Nordost bonus plan (due 30 June) are new.
      const jobOfAlert = (p: ReturnType<typeof received>[number]) => (p.json.alert as { job: string }).job;
      const alerts = await until('the OVERDUE alerts of bonus crediting and the AOK Nordost bonus plan', () => {
        const found = received(own, 'deadline-overdue');
        return found.length >= 2 ? found : undefined;
      });
      expect(
        alerts.map((p) => p.json.alert).sort((a, b) => ((a as { job: string }).job < (b as { job: string }).job ? -1 : 1)),
      ).toMatchObject([
        { kind: 'deadline-overdue', job: 'bonus-crediting', year: 2025, deadline: 'operational' },
        { kind: 'deadline-overdue', job: 'nordost-bonus-plan', year: 2025, deadline: 'statutory' },
      ]);
      expect(worker.output()).not.toContain('worker-token');
      await stopProcess(worker);
      expect(received(own, 'deadline-overdue').map(jobOfAlert).sort()).toEqual(['bonus-crediting', 'nordost-bonus-plan']);
    } finally {
      await own.close();
    }
  }, 120_000);
});
