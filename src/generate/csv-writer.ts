/**
 * Streaming CSV file writer (data-contract.md "Format"): RFC 4180 quoting, `\n` line ends, UTF-8.
 * Rows collect in a small text buffer handed to the file stream in chunks; when the stream's
 * buffer is full the writer says so (`mustDrain`) and the caller awaits `drain()` before producing
 * more rows, so memory stays bounded. Files are created 0640 and folders 0750 (pipeline.md
 * "Personal data"), chmod-ed explicitly so the umask cannot change them.
 */
import { once } from 'node:events';
import { chmod, mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { WriteStream } from 'node:fs';

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const FLUSH_AT_CHARS = 64 * 1024;

/** One record with its `\n` line end: null/undefined → empty; a field with `,` `"` CR or LF quoted. */
export function csvLine(fields: readonly CsvValue[]): string {
  return (
    fields
      .map((value) => {
        const text = value === null || value === undefined ? '' : String(value);
        return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\n'
  );
}

/** mkdir -p, mode 0750 for every folder it creates; existing folders are left as they are. */
export async function ensureDir(dir: string): Promise<void> {
  const target = resolve(dir);
  const firstCreated = await mkdir(target, { recursive: true });
  if (firstCreated === undefined) return;
  for (let d = target; d.length >= firstCreated.length; d = dirname(d)) await chmod(d, 0o750);
}

export class CsvWriter {
  /** Data rows written so far (the header not counted). */
  rows = 0;
  private buffer = '';
  private pendingDrain: Promise<void> | null = null;
  private failure: Error | null = null;

  private constructor(private readonly stream: WriteStream) {
    stream.on('error', (error: Error) => (this.failure ??= error));
  }

  /** Creates (or truncates) the file with mode 0640 and writes the header row. */
  static async create(path: string, header: readonly string[]): Promise<CsvWriter> {
    const handle = await open(path, 'w', 0o640);
    await handle.chmod(0o640).catch(async (error: unknown) => {
      await handle.close();
      throw error;
    }); // an existing file keeps its old mode on open
    const writer = new CsvWriter(handle.createWriteStream({ highWaterMark: 1024 * 1024 }) as unknown as WriteStream);
    writer.buffer = csvLine(header);
    return writer;
  }

  /** Appends one data row. Synchronous; check `mustDrain` and await `drain()` between batches. */
  write(fields: readonly CsvValue[]): void {
    if (this.failure) throw this.failure;
    this.buffer += csvLine(fields);
    this.rows++;
    if (this.buffer.length >= FLUSH_AT_CHARS) this.flush();
  }

  get mustDrain(): boolean {
    return this.pendingDrain !== null || this.failure !== null;
  }

  async drain(): Promise<void> {
    if (this.pendingDrain) await this.pendingDrain;
    if (this.failure) throw this.failure;
  }

  /** Flushes the rest and closes the file; resolves once the data is handed to the OS. */
  async close(): Promise<void> {
    if (!this.failure) this.flush();
    this.stream.end();
    await finished(this.stream).catch((error: unknown) => (this.failure ??= error instanceof Error ? error : new Error(String(error))));
    if (this.failure) throw this.failure;
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const accepted = this.stream.write(this.buffer);
    this.buffer = '';
    if (accepted || this.pendingDrain) return;
    this.pendingDrain = once(this.stream, 'drain').then(
      () => void (this.pendingDrain = null),
      (error: unknown) => {
        this.pendingDrain = null;
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      },
    );
  }
}
