/**
 * The statements in sql/queries: every file loads, opens with its header comment and names each
 * of its placeholders there; placeholders are filled with bound parameters, expressions inlined,
 * and a missing or unknown value is refused.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import { sqlFileNames, sqlFileText, sqlHeader, sqlPlaceholders, sqlQuery } from '../../src/db/sql-files.ts';

/** Compiles without a connection (the dialect's driver is never asked for one). */
const compiler = new Kysely<DB>({ dialect: new PostgresDialect({ pool: {} as never }) });

describe('sql/queries', () => {
  const names = sqlFileNames();

  it('holds the long statements of the pipeline', () => {
    expect(names).toEqual(
      expect.arrayContaining(['chunk-ranges.sql', 'payment-list.sql', 'bonus-sql-floor.sql', 'levy-sql-floor.sql', 'tariff-sql-floor.sql']),
    );
  });

  it.each(names)('%s loads, has its header comment and documents every placeholder in it', (name) => {
    const text = sqlFileText(name);
    expect(sqlFileText(name)).toBe(text); // cached: the same text
    const header = sqlHeader(text);
    expect(header.length, 'header lines').toBeGreaterThanOrEqual(3);
    expect(header.join('\n')).toMatch(/Parameters:/);
    expect(header.join('\n')).toMatch(/Result:/);
    for (const placeholder of sqlPlaceholders(name)) expect(header.join('\n'), placeholder).toContain(`:${placeholder}`);
  });

  it('binds values as parameters and inlines expressions; never splices a value into the text', () => {
    const query = sqlQuery('chunk-ranges.sql', {
      key_column: sql.ref('member_id'),
      key_table: sql.table('member'),
      batch_id: 7,
      size: '300; DROP TABLE run; --',
    }).compile(compiler);
    expect(query.sql).toContain('(i / $1)::int');
    expect(query.sql).toContain('SELECT "member_id" AS k');
    expect(query.sql).toContain('FROM "member" WHERE batch_id = $2');
    expect(query.sql).not.toContain('DROP');
    expect(query.parameters).toEqual(['300; DROP TABLE run; --', 7]);
  });

  it('refuses a placeholder without a value and a value without a placeholder', () => {
    expect(() => sqlQuery('chunk-ranges.sql', { key_column: sql.ref('member_id'), key_table: sql.table('member'), batch_id: 7 })).toThrow(
      'sql/queries/chunk-ranges.sql: no value for :size',
    );
    expect(() =>
      sqlQuery('chunk-ranges.sql', { key_column: sql.ref('k'), key_table: sql.table('t'), batch_id: 1, size: 2, extra: 3 }),
    ).toThrow('no placeholder for :extra');
  });
});
