/**
 * Applies the append-only SQL migrations in sql/migrations in name order, each once, each in
 * its own transaction. A landed migration is never edited: its checksum is recorded and a
 * changed file stops `migrate` with an error instead of silently diverging.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { packagePath } from '../package-root.ts';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = packagePath('sql', 'migrations');

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  await database.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  const done = await sql<{ name: string; sha256: string }>`SELECT name, sha256 FROM schema_migration`.execute(database.db);
  const applied = new Map(done.rows.map((r) => [r.name, r.sha256]));
  const result: MigrationResult = { applied: [], alreadyApplied: 0 };
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const sha = crypto.createHash('sha256').update(text).digest('hex');
    const known = applied.get(file);
    if (known !== undefined) {
      if (known !== sha) throw new Error(`migration ${file} was changed after it was applied; add a new migration instead`);
      result.alreadyApplied++;
      continue;
    }
    const escapedName = file.replace(/'/g, "''");
    await database.exec(`BEGIN;\n${text}\n;INSERT INTO schema_migration (name, sha256) VALUES ('${escapedName}', '${sha}');\nCOMMIT;`);
    result.applied.push(file);
  }
  return result;
}
