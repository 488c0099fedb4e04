/**
 * The benchmark command stays working (issue 12): `bench --all` at a few thousand members runs
 * the three AOK PLUS jobs each in its own process and prints one table; `bench --workers 2`
 * starts two `yearend worker` processes against PostgreSQL + Redis and runs the chunks on them.
 * No figure is asserted as fast or slow — timing belongs in the benchmark, not here — only that
 * every figure is there and consistent with the data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../../src/cli/commands/bench.ts';
import { cleanEnv, yearend } from '../helpers/cli.ts';
import { freshDatabase, REDIS_URL, skipServices } from '../helpers/services.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-bench-test-'));

function resultsOf(stdout: string): BenchResult[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('bench-result: '))
    .map((line) => JSON.parse(line.slice('bench-result: '.length)) as BenchResult);
}

describe.skipIf(skipServices)('yearend bench', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    database = await freshDatabase('bench');
    env = cleanEnv({ DATABASE_URL: database.url, OUTPUT_DIR: path.join(root, 'output'), YEAREND_TODAY: '2026-05-04' });
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('--all runs the three jobs of the year, each in its own process, and prints one table', async () => {
    const all = await yearend(['bench', '--all', '--scale', '0.002'], env);
    expect(all.code, all.stderr).toBe(0);
    const table = all.stdout.split('\n').filter((line) => line.startsWith('| '));
    expect(table[0]).toBe(
      '| job | size | runner | import rows/s | run s | SQL floor s | run / floor | input floor s | run / input floor | finalize s | workbook rows/s | peak RSS MiB | job wall s |',
    );
    const rows = table.slice(2).map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows.map((cells) => cells.slice(1, 4))).toEqual([
      ['tariff-settlement', '2,000 members', 'in-process'],
      ['bonus-crediting', '2,600 members', 'in-process'],
      ['levy', '300 employers', 'in-process'],
    ]);
    for (const cells of rows) {
      // import rows/s, run s, floors, ratios, finalize, workbook rows/s, peak RSS: all measured
      for (const cell of cells.slice(4, 14)) expect(cell).toMatch(/^[0-9][0-9,.]*×?$/);
    }
    expect(all.stdout).toMatch(/whole year-end \(generate, import, run, workbook of all three jobs\): \d+ min \d\d s/);
    // the three data sets were generated ahead, side by side, and each bench took its own
    expect(all.stdout).toMatch(
      /generation of the three data sets: \d+ min \d\d s wall, [1-3] at a time \(tariff-settlement \d+ s, bonus-crediting \d+ s, levy \d+ s; peak RSS \d+ MiB\)/,
    );
    expect(all.stdout.match(/generate: [\d,]+ rows in [\d.]+ s \(earlier, into /g)).toHaveLength(3);
  }, 600_000);

  it('--generate-only fills a folder a later bench uses; a folder made for other sizes is refused', async () => {
    const data = path.join(root, 'data');
    const generated = await yearend(['bench', '--generate-only', '--data', data, '--members', '300'], env);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toMatch(/^generate: [\d,]+ rows in [\d.]+ s into /m);
    expect(fs.readdirSync(data)).toContain('members.csv');
    const other = await yearend(['bench', '--data', data, '--members', '400'], env);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('was generated with --members 300, not 400: generate it again');
    const same = await yearend(['bench', '--data', data, '--members', '300'], env);
    expect(same.code, same.stderr).toBe(0);
    expect(resultsOf(same.stdout)[0]).toMatchObject({ job: 'tariff-settlement', members: 300 });
    // the folder belongs to whoever generated it: the bench leaves it
    expect(fs.existsSync(path.join(data, 'members.csv'))).toBe(true);
    const none = await yearend(['bench', '--generate-only'], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('bench --generate-only needs --data DIR');
  }, 600_000);

  it('--workers 1,2 runs the job on one, then two worker processes it starts itself, and prints the scale-out', async () => {
    const queueEnv = { ...env, REDIS_URL, CHUNK_SIZE: '200' };
    const bench = await yearend(['bench', '--job', 'tariff-settlement', '--members', '1000', '--workers', '1,2'], queueEnv);
    expect(bench.code, bench.stderr).toBe(0);
    expect(bench.stdout).toContain('1 worker process, then 2 worker processes');
    expect(bench.stdout).toMatch(/scale-out: 2 worker processes took \d+\.\d\d× the run time of 1 worker process/);
    const results = resultsOf(bench.stdout);
    expect(results.map((r) => r.workers)).toEqual([1, 2]);
    for (const result of results) {
      expect(result).toMatchObject({ job: 'tariff-settlement', members: 1000, workbookSeconds: null, chunkSize: 200 });
      expect(result.chunks).toBeGreaterThan(2);
      expect(result.workerPeakRssMiB).toHaveLength(result.workers);
      for (const mib of result.workerPeakRssMiB) expect(mib).toBeGreaterThan(0);
    }
    // the same data both times: the same result rows
    expect(results[1]!.resultRows).toBe(results[0]!.resultRows);
    expect(results[0]!.resultRows).toBeGreaterThan(0);
  }, 600_000);

  it('--workers without Redis is refused with what it needs', async () => {
    const bench = await yearend(['bench', '--members', '10', '--workers', '2'], env);
    expect(bench.code).toBe(1);
    expect(bench.stderr).toContain('bench --workers needs REDIS_URL and DATABASE_URL');
  });
});
