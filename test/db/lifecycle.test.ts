/**
 * The run lifecycle on the real PostgreSQL (src/runs/lifecycle.ts, chunk-lifecycle.ts): each
 * transition allowed from the statuses of the state diagram and refused from the others, with a
 * clear reason — four eyes, release only of an approved run, resume only of a failed one, cancel
 * only of an active one — and a purged run frozen; dismiss (a mark on a failed or cancelled run)
 * and the deadline watch ignoring a dismissed run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { claimChunk, failChunk, finishChunk } from '../../src/runs/chunk-lifecycle.ts';
import { ActiveRunExistsError } from '../../src/runs/create-run.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import {
  ACTIVE,
  approveRun,
  cancelRun,
  dismissRun,
  failRun,
  FINISHED,
  purgeRunDetails,
  recordComputed,
  releaseRun,
  ReleaseRefusedError,
  resumeRun,
  takeOverStaleRun,
  TransitionRefusedError,
  WITH_RESULTS,
} from '../../src/runs/lifecycle.ts';
import { getRun } from '../../src/runs/run-store.ts';
import { watchDeadlines } from '../../src/runs/deadline-status.ts';
import { JOBS } from '../../jobs/registry.ts';
import type { RunStatus } from '../../src/db/schema.ts';
import { openFresh, skipServices } from '../helpers/services.ts';
import { start, testDeps, tmpDir } from '../helpers/pipeline.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-lifecycle-'));
const dataDir = path.join(root, 'data');
const STARTER = 'tester'; // start() in test/helpers/pipeline.ts starts as 'tester'
const LATER = new Date(Date.now() + 86_400_000);

beforeAll(async () => {
  await generateDataset({ members: 300, employers: 0, year: 2025, seed: 'lifecycle-test', outDir: dataDir });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('names the status sets once', () => {
  const all: RunStatus[] = ['queued', 'running', 'computed', 'approved', 'released', 'failed', 'cancelled'];
  expect([...ACTIVE, ...FINISHED].sort()).toEqual([...all].sort());
  expect(WITH_RESULTS.every((s) => FINISHED.includes(s))).toBe(true);
});

describe.skipIf(skipServices)('the run lifecycle on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  const q = () => db.database.db;
  const deps = () => testDeps(db.database, tmpDir(root, 'out'));
  const status = async (runId: number) => (await getRun(q(), runId)).status;

  /** A run of the tariff settlement, run to `computed`. */
  async function computedRun(options: { dryRun?: boolean } = {}) {
    const run = await start(db.database, 2025, { chunkSize: 100, ...options });
    await runInProcess(deps(), run.id);
    expect(await status(run.id)).toBe('computed');
    return getRun(q(), run.id);
  }

  beforeAll(async () => {
    db = await openFresh('lifecycle');
    await importFolder(db.database, { folder: dataDir, importedBy: 'test', outputDir: tmpDir(root, 'imp'), maxRejectRate: 0.01 });
  });
  afterAll(async () => db?.drop());

  it('start: queued, one active run per job and year; claim chunk: the first claim makes it running', async () => {
    const run = await start(db.database, 2025, { chunkSize: 100 });
    expect(run.status).toBe('queued');
    await expect(start(db.database, 2025)).rejects.toThrow(ActiveRunExistsError);
    const claimed = await claimChunk(q(), run.id, 0);
    expect(claimed?.chunk).toMatchObject({ chunk_no: 0, status: 'pending' });
    expect(await status(run.id)).toBe('running');
    await cancelRun(q(), run.id);
    expect(await getRun(q(), run.id)).toMatchObject({ status: 'cancelled', error: 'cancelled by operator' });
  });

  it('claim and finish chunk: a chunk of a run no longer active is skipped and writes nothing', async () => {
    const run = await start(db.database, 2025, { chunkSize: 100 });
    await cancelRun(q(), run.id);
    expect(await claimChunk(q(), run.id, 0)).toBeNull();
    let written = false;
    const finished = await finishChunk(db.database, run.id, 0, { read: 1, written: 1, rejected: 0 }, async () => {
      written = true;
    });
    expect(finished).toBe(false);
    expect(written).toBe(false);
    expect(await status(run.id)).toBe('cancelled');
  });

  it('finish chunk: a done chunk is not written again, and a done chunk never fails', async () => {
    const run = await start(db.database, 2025, { chunkSize: 100 });
    await runInProcess(deps(), run.id);
    expect(await claimChunk(q(), run.id, 0)).toBeNull(); // the run is computed
    await failChunk(q(), run.id, 0, 'late failure');
    const chunk = await q()
      .selectFrom('run_chunk')
      .selectAll()
      .where('run_id', '=', run.id)
      .where('chunk_no', '=', 0)
      .executeTakeFirstOrThrow();
    expect(chunk).toMatchObject({ status: 'done', error: null });
  });

  it('cancel: refused for a finished run; fail and finalize leave a finished run alone', async () => {
    const run = await computedRun();
    const cancel = cancelRun(q(), run.id);
    await expect(cancel).rejects.toThrow(TransitionRefusedError);
    await expect(cancel).rejects.toThrow(`run ${run.id} is computed; only a queued or running run can be cancelled`);
    expect(await failRun(q(), run.id, 'late failure')).toBe(false);
    expect(await recordComputed(q(), run.id, { totals: '{}', reports: '[]' })).toBe(false);
    expect(await getRun(q(), run.id)).toMatchObject({ status: 'computed', error: null });
  });

  it('resume: refused for a succeeded run; a failed run runs again with its failed chunks pending', async () => {
    const run = await start(db.database, 2025, { chunkSize: 100 });
    await failChunk(q(), run.id, 1, 'simulated');
    expect(await failRun(q(), run.id, 'simulated crash')).toBe(true);
    const resumed = await resumeRun(q(), run.id, { staleAfterMs: 60_000 });
    expect(resumed).toMatchObject({ status: 'running', error: null });
    const chunks = await q().selectFrom('run_chunk').select(['chunk_no', 'status']).where('run_id', '=', run.id).execute();
    expect(chunks.every((c) => c.status === 'pending')).toBe(true);
    await runInProcess(deps(), run.id);
    expect(await status(run.id)).toBe('computed');
    const refused = resumeRun(q(), run.id, { staleAfterMs: 60_000 });
    await expect(refused).rejects.toThrow(TransitionRefusedError);
    await expect(refused).rejects.toThrow(`run ${run.id} is computed; only a failed or stale run can be resumed`);
  });

  it('resume: a live active run is refused until stale; a stale one is failed with the reason, then resumed', async () => {
    const run = await start(db.database, 2025, { chunkSize: 100 });
    await expect(resumeRun(q(), run.id, { staleAfterMs: 60_000 })).rejects.toThrow(/is queued and made progress \d+ s ago/);
    let checked = false;
    const resumed = await resumeRun(q(), run.id, {
      staleAfterMs: -1,
      ready: async () => {
        checked = true;
        expect(await getRun(q(), run.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^stale: no progress since /) });
      },
    });
    expect(checked).toBe(true);
    expect(resumed.status).toBe('running');
    await cancelRun(q(), run.id);
  });

  it('take over: only a stale active run, by exactly one sweeper', async () => {
    const run = await start(db.database, 2025, { chunkSize: 100 });
    expect(await takeOverStaleRun(q(), run.id, 3600)).toBe(false); // not stale
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const [first, second] = await Promise.all([takeOverStaleRun(q(), run.id, 1), takeOverStaleRun(q(), run.id, 1)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await getRun(q(), run.id)).toMatchObject({ status: 'running', mode: 'queue' });
    await cancelRun(q(), run.id);
    expect(await takeOverStaleRun(q(), run.id, 0)).toBe(false); // cancelled: not active
  });

  it('approve: refused for the starter (four eyes), a dry run and a run not computed; allowed once', async () => {
    const dry = await computedRun({ dryRun: true });
    await expect(approveRun(q(), dry.id, 'anna')).rejects.toThrow(`run ${dry.id} is a dry run (VORLÄUFIG) and can never be approved`);
    const run = await computedRun();
    const own = approveRun(q(), run.id, STARTER);
    await expect(own).rejects.toThrow(TransitionRefusedError);
    await expect(own).rejects.toThrow(`four-eyes rule: ${STARTER} started run ${run.id} and cannot approve it`);
    expect(await status(run.id)).toBe('computed');
    await approveRun(q(), run.id, 'anna');
    expect(await getRun(q(), run.id)).toMatchObject({ status: 'approved', approved_by: 'anna' });
    await expect(approveRun(q(), run.id, 'ben')).rejects.toThrow(`run ${run.id} is approved; only a computed run can be approved`);
  });

  it('release: refused for a run not approved and for the starter; the list and the status change together', async () => {
    const run = await computedRun();
    const noList = async () => {
      throw new Error('the payment list must not be written');
    };
    const early = releaseRun(q(), run, 'ben', '2026-07-01', noList);
    await expect(early).rejects.toThrow(ReleaseRefusedError);
    await expect(early).rejects.toThrow(`run ${run.id} is computed; only an approved run can be released`);
    await approveRun(q(), run.id, 'anna');
    const approved = await getRun(q(), run.id);
    await expect(releaseRun(q(), approved, STARTER, '2026-07-01', noList)).rejects.toThrow(
      `four-eyes rule: ${STARTER} started run ${run.id} and cannot release it`,
    );
    // A list that fails leaves the run approved: both happen or neither does.
    await expect(
      releaseRun(q(), approved, 'ben', '2026-07-01', async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await status(run.id)).toBe('approved');
    let fixed = false;
    await releaseRun(q(), approved, 'ben', '2026-07-01', async () => {
      fixed = true;
    });
    expect(fixed).toBe(true);
    expect(await getRun(q(), run.id)).toMatchObject({ status: 'released', released_by: 'ben', released_on: '2026-07-01' });
    // released: a second release is refused under the lock, cancel too
    await expect(releaseRun(q(), approved, 'ben', '2026-07-01', noList)).rejects.toThrow(/changed status meanwhile \(now released\)/);
    await expect(cancelRun(q(), run.id)).rejects.toThrow(/is released; only a queued or running run can be cancelled/);
  });

  it('purge: never a released or active run; a purged run is frozen', async () => {
    const released = await q().selectFrom('run').select('id').where('status', '=', 'released').executeTakeFirstOrThrow();
    expect(await purgeRunDetails(q(), released.id, LATER, async () => 'removed')).toBeNull();
    const active = await start(db.database, 2025, { chunkSize: 100 });
    expect(await purgeRunDetails(q(), active.id, LATER, async () => 'removed')).toBeNull();
    await cancelRun(q(), active.id);
    expect(await purgeRunDetails(q(), active.id, new Date(0), async () => 'removed')).toBeNull(); // finished after the cutoff
    const run = await computedRun();
    expect(await purgeRunDetails(q(), run.id, LATER, async () => 'removed')).toBe('removed');
    expect((await getRun(q(), run.id)).details_purged_at).not.toBeNull();
    expect(await purgeRunDetails(q(), run.id, LATER, async () => 'again')).toBeNull();
    await expect(approveRun(q(), run.id, 'anna')).rejects.toThrow(/its details were purged/);
    expect(await status(run.id)).toBe('computed');
  });

  it('dismiss: only a failed or cancelled run, once, with who and why; its status stays', async () => {
    for (const s of ['computed', 'approved', 'released'] as const) {
      const run = await q().selectFrom('run').select('id').where('status', '=', s).executeTakeFirstOrThrow();
      const refused = dismissRun(q(), run.id, 'anna', 'not needed');
      await expect(refused).rejects.toThrow(TransitionRefusedError);
      await expect(refused).rejects.toThrow(`run ${run.id} is ${s}; only a failed or cancelled run can be dismissed`);
      expect((await getRun(q(), run.id)).dismissed_at).toBeNull();
    }
    const failed = await start(db.database, 2025, { chunkSize: 100 });
    await failRun(q(), failed.id, 'inputs broken');
    await expect(dismissRun(q(), failed.id, 'anna', '')).rejects.toThrow(/needs --by NAME and --note TEXT/);
    await dismissRun(q(), failed.id, 'anna', 'started by mistake');
    const dismissed = await getRun(q(), failed.id);
    expect(dismissed).toMatchObject({ status: 'failed', dismissed_by: 'anna', dismissed_note: 'started by mistake' });
    expect(dismissed.dismissed_at).not.toBeNull();
    await expect(dismissRun(q(), failed.id, 'ben', 'again')).rejects.toThrow(
      `run ${failed.id} was already dismissed by anna: started by mistake`,
    );
    const cancelled = await start(db.database, 2025, { chunkSize: 100 });
    await cancelRun(q(), cancelled.id);
    await dismissRun(q(), cancelled.id, 'ben', 'duplicate');
    expect(await getRun(q(), cancelled.id)).toMatchObject({ status: 'cancelled', dismissed_by: 'ben' });
  });

  it('the deadline watch stops counting a dismissed failed run', async () => {
    const job = JOBS['tariff-settlement'];
    const run = await start(db.database, 2024, { chunkSize: 100 });
    await failRun(q(), run.id, 'wrong year');
    const overdue = await watchDeadlines(q(), '2026-09-01', [job]);
    expect(overdue.find((w) => w.year === 2024)).toMatchObject({ state: 'overdue' });
    await dismissRun(q(), run.id, 'anna', 'wrong year, 2025 meant');
    const after = await watchDeadlines(q(), '2026-09-01', [job]);
    expect(after.map((w) => w.year)).toEqual([2025]);
  });
});
