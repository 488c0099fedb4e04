/**
 * CHUNK_CONCURRENCY (src/runs/in-process.ts): chunks worked on at once in one process give the
 * same export byte for byte as one after the other, and a chunk that fails with others in flight
 * fails the run once with its reason, every failed chunk marked failed and resumable — the
 * others still finish or stay pending, none is lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import { resumeRun } from '../../src/runs/lifecycle.ts';
import { getRun } from '../../src/runs/run-store.ts';
import type { ExecuteDeps } from '../../src/runs/execute.ts';
import { jobOf } from '../../jobs/registry.ts';
import { openFresh, skipServices } from '../helpers/services.ts';
import { exportText, start, testDeps, tmpDir } from '../helpers/pipeline.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-concurrency-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.skipIf(skipServices)('chunks at once in one process', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  beforeAll(async () => {
    const data = path.join(root, 'data');
    await generateDataset({ members: 400, employers: 0, year: 2025, seed: 'concurrency-test', outDir: data });
    db = await openFresh('concurrency');
    await importFolder(db.database, { folder: data, importedBy: 'test', outputDir: tmpDir(root, 'imp'), maxRejectRate: 0.01 });
  });
  afterAll(async () => db?.drop());

  const chunks = async (runId: number) =>
    db.database.db
      .selectFrom('run_chunk')
      .select(['chunk_no', 'status', 'error'])
      .where('run_id', '=', runId)
      .orderBy('chunk_no')
      .execute();

  it('three chunks at once write the export byte for byte as one at a time', async () => {
    const deps = testDeps(db.database, tmpDir(root, 'out'));
    const one = await start(db.database, 2025, { chunkSize: 40, dryRun: true });
    await runInProcess(deps, one.id, undefined, 1);
    const three = await start(db.database, 2025, { chunkSize: 40, dryRun: true });
    let finished = 0;
    await runInProcess(deps, three.id, () => finished++, 3);
    expect(three.chunk_count).toBeGreaterThan(6);
    expect(finished).toBe(three.chunk_count);
    expect((await getRun(db.database.db, three.id)).status).toBe('computed');
    const reference = await exportText(db.database, one.id, tmpDir(root, 'one'), true);
    expect(reference.split('\n').length).toBeGreaterThan(100);
    expect(await exportText(db.database, three.id, tmpDir(root, 'three'), true)).toBe(reference);
  });

  it('a chunk failing while others run fails the run once; resume finishes it with the same export', async () => {
    const base = testDeps(db.database, tmpDir(root, 'out'));
    const failing = new Set([2, 3]);
    // chunks 2 and 3 fail (they run side by side with concurrency 2); the others compute as usual
    const deps: ExecuteDeps = {
      ...base,
      jobOf: (name) => {
        const job = jobOf(name);
        return {
          ...job,
          compute: {
            ...job.compute,
            chunk: async (ctx, params) => {
              if (failing.has(ctx.chunkNo)) throw new Error(`injected failure of chunk ${ctx.chunkNo}`);
              return job.compute.chunk(ctx, params);
            },
          },
        } as typeof job;
      },
    };
    const run = await start(db.database, 2025, { chunkSize: 40, dryRun: true });
    await expect(runInProcess(deps, run.id, undefined, 2)).rejects.toThrow(/injected failure of chunk [23]/);
    const failed = await getRun(db.database.db, run.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^chunk [23] failed: injected failure of chunk [23]$/);
    const states = await chunks(run.id);
    // 0 and 1 ran first and finished; 2 was taken next and failed; 3 failed too if the other lane
    // took it before the failure, else it waits; nothing after it was taken
    expect(states.slice(0, 3).map((c) => c.status)).toEqual(['done', 'done', 'failed']);
    expect(['failed', 'pending']).toContain(states[3]!.status);
    expect(states.slice(4).every((c) => c.status === 'pending')).toBe(true);

    failing.clear();
    await resumeRun(db.database.db, run.id, { staleAfterMs: 60_000, ready: async () => {} });
    await runInProcess(deps, run.id, undefined, 2);
    expect((await getRun(db.database.db, run.id)).status).toBe('computed');
    const again = await start(db.database, 2025, { chunkSize: 40, dryRun: true });
    await runInProcess(base, again.id, undefined, 1);
    expect(await exportText(db.database, run.id, tmpDir(root, 'resumed'), true)).toBe(
      await exportText(db.database, again.id, tmpDir(root, 'fresh'), true),
    );
  });
});
