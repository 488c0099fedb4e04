/** Writes scenarios' input rows as contract CSV files (columns in the file spec's order), for tests that import them. */
import fs from 'node:fs';
import path from 'node:path';
import { FILE_SPECS } from '../../src/import/file-specs.ts';
import type { Row, Scenario } from '../../src/scenarios/index.ts';

function field(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Every file any of `scenarios` has rows for, plus `extra` rows by file. */
export function writeScenarioFiles(dir: string, scenarios: readonly Scenario[], extra: Record<string, readonly Row[]> = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const byFile = new Map<string, Row[]>();
  for (const s of scenarios) for (const [file, rows] of Object.entries(s.facts)) byFile.set(file, [...(byFile.get(file) ?? []), ...rows]);
  for (const [file, rows] of Object.entries(extra)) byFile.set(file, [...(byFile.get(file) ?? []), ...rows]);
  for (const [file, rows] of byFile) {
    const spec = FILE_SPECS.find((s) => s.file === file);
    if (!spec) throw new Error(`no file spec for ${file}`);
    const names = spec.columns.map((c) => c.name);
    const lines = [names.join(','), ...rows.map((r) => names.map((n) => field(r[n])).join(','))];
    fs.writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
  }
}
