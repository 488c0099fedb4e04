/**
 * The Korrekturen sheet's scratch file: what goes in comes back in order and unchanged (also text
 * with line breaks and characters split across read chunks), private while it exists, gone after.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSpool } from '../../reports/spool.ts';

describe('spool', () => {
  it('reads back what was written, in order, from a private file that remove() deletes', async () => {
    const spool = await openSpool<{ n: number; text: string | null }>('yearend-spool-test');
    // enough items for several write and read chunks (1 MiB), with multi-byte characters across their edges
    const items = Array.from({ length: 30_000 }, (_, n) => ({
      n,
      text: n % 7 === 0 ? null : `Zeile ${n}\nmit Umbruch, Ä€😀 ${'ß'.repeat(n % 50)}`,
    }));
    for (const item of items) await spool.write(item);
    await spool.finish();
    const back = [];
    for await (const item of spool.read()) back.push(item);
    expect(back).toEqual(items);

    const dir = fs.readdirSync(path.dirname(await firstSpoolFile())).length;
    expect(dir).toBeGreaterThan(0);
    await spool.remove();
    await spool.remove(); // idempotent
    expect(await spoolFiles()).toEqual([]);
  });

  it('creates the file 0600 in a folder of its own (0700)', async () => {
    const spool = await openSpool<number>('yearend-spool-test');
    try {
      const file = await firstSpoolFile();
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      await expect(async () => {
        for await (const _ of spool.read()) void _;
      }).rejects.toThrow('read before finish');
    } finally {
      await spool.remove();
    }
  });
});

async function spoolFiles(): Promise<string[]> {
  const { tmpdir } = await import('node:os');
  return fs
    .readdirSync(tmpdir())
    .filter((d) => d.startsWith('yearend-spool-test-'))
    .map((d) => path.join(tmpdir(), d, 'rows.jsonl'));
}

async function firstSpoolFile(): Promise<string> {
  const [file] = await spoolFiles();
  if (!file) throw new Error('no spool file');
  return file;
}
