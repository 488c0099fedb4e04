/**
 * `yearend purge` in embedded mode (PGlite, no services): the same migration, guard and queries
 * as on PostgreSQL. An old dry run and a superseded batch are prepared in-process, then purged
 * through the real command. (The full behaviour is tested on PostgreSQL in test/db/purge.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import { cleanEnv, yearend } from '../helpers/cli.ts';
import { start, testDeps, tmpDir } from '../helpers/pipeline.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-purge-e2e-'));
const env = cleanEnv({ PGLITE_DIR: path.join(root, 'pglite'), OUTPUT_DIR: path.join(root, 'output'), YEAREND_TODAY: '2026-05-04' });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('yearend purge in embedded mode', () => {
  let dryRunId = 0;
  let keptRunId = 0;
  beforeAll(async () => {
    const database = await openEmbedded(path.join(root, 'pglite'));
    try {
      await migrate(database);
      for (const seed of ['e2e-a', 'e2e-b']) {
        const dir = path.join(root, seed);
        await generateDataset({ members: 60, employers: 0, year: 2025, seed, outDir: dir });
        // Two unrelated 60-member data sets: the second one's small files may hold under half the
        // rows of the first one's, which is no shrinking extract here (minRowShare 0).
        await importFolder(database, {
          folder: dir,
          importedBy: 'test',
          outputDir: tmpDir(root, 'imp'),
          maxRejectRate: 0.2,
          minRowShare: 0,
        });
        const run = await start(database, 2025, { dryRun: seed === 'e2e-a' });
        await runInProcess(testDeps(database, tmpDir(root, 'output')), run.id);
        if (seed === 'e2e-a') dryRunId = run.id;
        else keptRunId = run.id;
      }
      // The dry run and both batches are two years old by YEAREND_TODAY; the final run is recent.
      await sql`UPDATE run SET finished_at = '2024-04-01T10:00:00Z', updated_at = '2024-04-01T10:00:00Z' WHERE id = ${dryRunId}`.execute(
        database.db,
      );
      await sql`UPDATE import_batch SET created_at = '2024-03-01T10:00:00Z'`.execute(database.db);
    } finally {
      await database.close();
    }
  }, 180_000);

  it('purges the old dry run and what only it read of the superseded batch; keeps the recent run and the current batch', async () => {
    const dry = await yearend(['purge', '--older-than', '18m', '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout);
    expect(planned).toMatchObject({ today: '2026-05-04', cutoff: '2024-11-04', runs: [{ runId: dryRunId, kind: 'dry' }] });
    const result = await yearend(['purge', '--older-than', '18m', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const purged = JSON.parse(result.stdout);
    expect(purged.runs).toEqual(planned.runs);
    expect(purged.runs[0].rows.tariff_result).toBeGreaterThan(0);
    expect(purged.kept).toEqual([]);
    expect(purged.batches).toEqual([expect.objectContaining({ batchId: 1, batchRemoved: false })]); // run 1's record still names it
    expect(purged.batches[0].files.map((f: { file: string }) => f.file)).toContain('members.csv');
    expect(purged.queue).toBeNull();
    const again = await yearend(['purge', '--older-than', '18m'], env);
    expect(again.stdout).toMatch(/runs purged: 0\n/);
    const kept = await yearend(['export', String(keptRunId), '--out', path.join(root, 'exp')], env);
    expect(kept.code, kept.stderr).toBe(0);
    const status = await yearend(['status', String(dryRunId)], env);
    expect(status.stdout).toMatch(/details purged on \d{4}-\d{2}-\d{2} \(retention\)/);
    const exported = await yearend(['export', String(dryRunId), '--preliminary', '--out', path.join(root, 'exp')], env);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/details were purged/);
  });

  it('a duration that is not days, months or years is a usage error with an example', async () => {
    const result = await yearend(['purge', '--older-than', '90'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--older-than <duration>.*invalid.*e\.g\. 90d, 18m or 2y/s);
  });
});
