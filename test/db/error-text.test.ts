/**
 * A failed chunk records its error in run.error and run_chunk.error and the worker logs it; the
 * messages PostgreSQL and decimal.js write can quote the value that broke them (a member id, an
 * amount). What is recorded keeps the kind of error and drops the value. The messages here are
 * the real ones, produced by the real PostgreSQL and decimal.js.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.ts';
import { errorText, recordableText } from '../../src/runs/error-text.ts';
import { ADMIN_URL, skipServices } from '../helpers/services.ts';

const ID = 'G613012607';

async function postgresError(query: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(query);
  } catch (error) {
    return error;
  } finally {
    await client.end();
  }
  throw new Error(`the query did not fail: ${query}`);
}

describe.skipIf(skipServices)('recorded error texts', () => {
  it.each([
    [`SELECT '${ID}'::numeric`, /^invalid input syntax for type numeric: "…"$/],
    [`SELECT '${ID}'::date`, /^invalid input syntax for type date: "…"$/],
    [`SELECT '99999999999'::int`, /^value "…" is out of range for type integer$/],
    [`SELECT '2025-13-45'::date`, /^date\/time field value out of range: "…"$/],
  ])('PostgreSQL: %s', async (query, expected) => {
    const error = await postgresError(query);
    expect((error as Error).message).toMatch(/G613012607|99999999999|2025-13-45/);
    const text = errorText(error);
    expect(text).toMatch(expected);
    expect(text).not.toMatch(/G613012607|99999999999|2025-13-45/);
  });

  it('keeps names of constraints and columns, which tell where to look', async () => {
    const error = await postgresError(`CREATE TEMP TABLE t (id text PRIMARY KEY); INSERT INTO t VALUES ('${ID}'), ('${ID}')`);
    expect(errorText(error)).toBe('duplicate key value violates unique constraint "t_pkey"');
  });

  it('decimal.js: the argument is dropped', () => {
    let thrown: unknown;
    try {
      new Decimal(ID);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toContain(ID);
    expect(errorText(thrown)).toBe('[DecimalError] Invalid argument: …');
    expect(recordableText(`chunk 3 failed: [DecimalError] Invalid argument: ${ID}`)).toBe(
      'chunk 3 failed: [DecimalError] Invalid argument: …',
    );
  });
});
