/**
 * Session.copyOut, the bench's input floor: a query's rows streamed out as COPY text and
 * discarded — the rows and bytes it reports are those of the query, in both database modes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/database.ts';
import { openFresh, skipServices } from '../helpers/services.ts';

const QUERY = `SELECT n, t FROM (VALUES (1, 'a'), (2, 'bb'), (3, NULL)) v(n, t)`;
// COPY text: tab-separated, \N for NULL, one line per row
const TEXT = '1\ta\n2\tbb\n3\t\\N\n';

describe.skipIf(skipServices)('copyOut on PostgreSQL', () => {
  it('counts the rows and bytes of the query', async () => {
    const db = await openFresh('copy-out');
    try {
      const read = await db.database.withSession((s) => s.copyOut(QUERY));
      expect(read).toEqual({ rows: 3, bytes: Buffer.byteLength(TEXT) });
    } finally {
      await db.drop();
    }
  });
});

describe('copyOut on the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-copy-out-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts the rows and bytes of the query', async () => {
    const database = await openEmbedded(path.join(dir, 'pglite'));
    try {
      const read = await database.withSession((s) => s.copyOut(QUERY));
      expect(read).toEqual({ rows: 3, bytes: Buffer.byteLength(TEXT) });
    } finally {
      await database.close();
    }
  });
});
