/**
 * A private scratch file of JSON lines, written once and read back once: rows a workbook needs
 * twice in an order the streaming writer cannot give (Korrekturen: gathered for Übersicht, written
 * after it) without computing them twice or holding them in memory (millions at scale).
 *
 * The rows may hold personal data (member ids as keys), so the file lives in a folder of its own
 * (mkdtemp: 0700) with mode 0600, and `remove()` deletes both; the workbook calls it on close and
 * on abort as well, so no error path leaves it behind.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** bytes gathered before a write: few syscalls, little memory */
const WRITE_CHUNK = 1 << 20;

export interface Spool<T> {
  /** appends one item (after `finish` it throws) */
  write(item: T): Promise<void>;
  /** flushes and closes the file; then `read` may start */
  finish(): Promise<void>;
  /** the items in the order written */
  read(): AsyncGenerator<T>;
  /** deletes file and folder (idempotent) */
  remove(): Promise<void>;
}

export async function openSpool<T>(prefix: string): Promise<Spool<T>> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  const file = path.join(dir, 'rows.jsonl');
  let handle: fsp.FileHandle | null = null;
  try {
    handle = await fsp.open(file, 'wx', 0o600);
  } catch (err) {
    await fsp.rm(dir, { recursive: true, force: true });
    throw err;
  }
  let pending = '';
  let finished = false;
  const flush = async () => {
    if (pending.length === 0) return;
    const text = pending;
    pending = '';
    await handle!.write(text);
  };
  return {
    async write(item) {
      if (finished) throw new Error('spool: write after finish');
      // JSON escapes line breaks inside strings, so '\n' only ever ends an item
      pending += `${JSON.stringify(item)}\n`;
      if (pending.length >= WRITE_CHUNK) await flush();
    },
    async finish() {
      if (finished) return;
      await flush();
      finished = true;
      await handle!.close();
      handle = null;
    },
    async *read() {
      if (!finished) throw new Error('spool: read before finish');
      let rest = '';
      // the stream's decoder keeps multi-byte characters split across chunks whole
      for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: WRITE_CHUNK })) {
        const lines = (rest + (chunk as string)).split('\n');
        rest = lines.pop()!;
        for (const line of lines) yield JSON.parse(line) as T;
      }
      if (rest.length > 0) throw new Error('spool: the last item is incomplete');
    },
    async remove() {
      finished = true;
      const h = handle;
      handle = null;
      await h?.close().catch(() => undefined);
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}
