/**
 * The long SQL statements of the pipeline live once, in sql/queries/*.sql, each opening with a
 * header comment (what it computes, its parameters, its result), and are read from there once
 * per process (cached).
 *
 * `sqlQuery` fills a statement's named placeholders, `:name` (a cast `::type` is none): a value
 * becomes a bound parameter, never text of the statement; a Kysely expression (an identifier from
 * a plug-in built with sql.ref/sql.table, a job's subquery) is inlined as the SQL it builds, its
 * own values bound as well. A placeholder without a value, or a value without a placeholder, is a
 * programming error and throws. The benchmark's floor statements use positional `$1 … $n`
 * parameters instead and are read with `sqlFileText`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import { packagePath } from '../package-root.ts';

export const QUERIES_DIR = packagePath('sql', 'queries');

const texts = new Map<string, string>();

/** Every statement file of sql/queries, by name (e.g. `payment-list.sql`). */
export function sqlFileNames(): string[] {
  return fs
    .readdirSync(QUERIES_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

/** The text of sql/queries/<name>, read once; a file without its header comment is refused. */
export function sqlFileText(name: string): string {
  let text = texts.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(QUERIES_DIR, name), 'utf8');
    if (sqlHeader(text).length === 0) throw new Error(`sql/queries/${name} has no header comment (-- lines saying what it computes)`);
    texts.set(name, text);
  }
  return text;
}

/** The leading `--` comment of a statement, without the dashes. */
export function sqlHeader(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('--')) break;
    lines.push(line.replace(/^--\s?/, ''));
  }
  return lines;
}

const PLACEHOLDER = /(?<![:\w]):([a-z][a-z0-9_]*)/g;

/** The statement without its comments (so a colon in a comment is no placeholder). */
function statementOf(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/--.*$/, '').trimEnd())
    .filter((line) => line !== '')
    .join('\n');
}

/** The named placeholders of sql/queries/<name>, in order of first appearance. */
export function sqlPlaceholders(name: string): string[] {
  return [...new Set([...statementOf(sqlFileText(name)).matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** sql/queries/<name> with its placeholders filled: values bound, expressions inlined. */
export function sqlQuery<R = unknown>(name: string, params: Record<string, unknown>): RawBuilder<R> {
  const statement = statementOf(sqlFileText(name));
  const parts: unknown[] = [];
  const used = new Set<string>();
  let at = 0;
  for (const match of statement.matchAll(PLACEHOLDER)) {
    const key = match[1]!;
    if (!Object.hasOwn(params, key)) throw new Error(`sql/queries/${name}: no value for :${key}`);
    used.add(key);
    parts.push(sql.raw(statement.slice(at, match.index)), params[key]);
    at = match.index + match[0].length;
  }
  parts.push(sql.raw(statement.slice(at)));
  const unused = Object.keys(params).filter((key) => !used.has(key));
  if (unused.length > 0) throw new Error(`sql/queries/${name}: no placeholder for ${unused.map((k) => `:${k}`).join(', ')}`);
  return sql.join<R>(parts, sql.raw(''));
}
