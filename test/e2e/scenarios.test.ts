/**
 * The spec's worked examples end to end: a generated data set (which carries every scenario's
 * facts among its random members and employers, and its bad rows) imported into a fresh
 * PostgreSQL database, the three yearly jobs run in-process, and every scenario's expected row
 * found in the exports, by its key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobOf } from '../../jobs/registry.ts';
import { exportRun } from '../../src/cli/commands/export.ts';
import { generateDataset } from '../../src/generate/index.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { JOB_NAMES } from '../../src/job-names.ts';
import { runInProcess } from '../../src/runs/in-process.ts';
import { startRun } from '../../src/runs/create-run.ts';
import { getRun } from '../../src/runs/run-store.ts';
import { EMPLOYER_SCENARIOS, MEMBER_SCENARIOS, SCENARIO_YEAR, type Row } from '../../src/scenarios/index.ts';
import { testDeps } from '../helpers/pipeline.ts';
import { openFresh, skipServices } from '../helpers/services.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-scenarios-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Export rows by export name (an empty field is null). */
const exported = new Map<string, Row[]>();
/** Key columns by export name. */
const keys = new Map<string, readonly string[]>();

describe.skipIf(skipServices)('the scenarios in a generated data set', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;

  beforeAll(async () => {
    const data = path.join(root, 'data');
    const generated = await generateDataset({ members: 300, employers: 30, year: SCENARIO_YEAR, seed: 'scenarios', outDir: data });
    db = await openFresh('scenarios');
    const imported = await importFolder(db.database, {
      folder: data,
      importedBy: 'test',
      outputDir: path.join(root, 'import'),
      maxRejectRate: 0.01,
    });
    expect(imported.files.every((f) => f.status === 'loaded')).toBe(true);
    expect(imported.files.reduce((n, f) => n + f.rejected, 0)).toBe(generated.badRows.length);
    for (const job of JOB_NAMES) {
      const definition = jobOf(job);
      const started = await startRun(db.database.db, definition, {
        year: SCENARIO_YEAR,
        dryRun: false,
        startedBy: 'ops',
        mode: 'in-process',
        asOf: `${SCENARIO_YEAR + 1}-05-02`,
        chunkSize: 100,
      });
      await runInProcess(testDeps(db.database, path.join(root, 'out')), started.id);
      const run = await getRun(db.database.db, started.id);
      expect(run.status, job).toBe('computed');
      for (const file of await exportRun(db.database.db, run, path.join(root, 'exports', job), false)) {
        const records = parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
        const name = path.basename(file, '.csv');
        exported.set(
          name,
          records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v]))),
        );
      }
      for (const e of definition.exports) keys.set(e.name, e.key);
    }
  }, 300_000);
  afterAll(async () => db?.drop());

  it.each([...MEMBER_SCENARIOS, ...EMPLOYER_SCENARIOS].map((s) => [s.key, s] as const))(
    '%s: every expected row is in the exports',
    (_, s) => {
      const expectations = Object.entries(s.expected);
      expect(expectations.length).toBeGreaterThan(0);
      for (const [name, rows] of expectations) {
        const key = keys.get(name)!;
        expect(key, name).toBeDefined();
        for (const expected of rows) {
          const found = exported.get(name)!.find((r) => key.every((k) => r[k] === expected[k]));
          expect(found, `${name} ${key.map((k) => expected[k]).join(' ')}`).toMatchObject(expected);
        }
      }
    },
  );
});
