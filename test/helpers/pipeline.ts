/** Small helpers to drive the pipeline in tests without the CLI. */
import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../src/logger.ts';
import type { Database } from '../../src/db/database.ts';
import type { ExecuteDeps } from '../../src/runs/execute.ts';
import { startRun } from '../../src/runs/create-run.ts';
import { exportRun } from '../../src/cli/commands/export.ts';
import { getRun } from '../../src/runs/run-store.ts';
import { jobOf } from '../../jobs/registry.ts';
import { workbookOf } from '../../reports/registry.ts';

export function testDeps(database: Database, outputDir: string, excelRowLimit = 1_048_576): ExecuteDeps {
  return { db: database.db, database, log: createLogger('silent'), outputDir, excelRowLimit, jobOf, workbookOf };
}

export function start(database: Database, year: number, options: { dryRun?: boolean; by?: string; chunkSize?: number } = {}) {
  return startRun(database.db, jobOf('tariff-settlement'), {
    year,
    dryRun: options.dryRun ?? false,
    startedBy: options.by ?? 'tester',
    mode: 'in-process',
    asOf: '2026-05-02',
    chunkSize: options.chunkSize ?? 300,
  });
}

/** Export a run and return the CSV text of tariff_settlement. */
export async function exportText(database: Database, runId: number, dir: string, preliminary = false): Promise<string> {
  const [file] = await exportRun(database.db, await getRun(database.db, runId), dir, preliminary);
  return fs.readFileSync(file!, 'utf8');
}

export function tmpDir(root: string, name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
