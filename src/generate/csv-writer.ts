/**
 * Streaming CSV file writer (data-contract.md "Format"): RFC 4180 quoting, `\n` line ends, UTF-8.
 * Rows are collected in a small text buffer and handed to the file stream in chunks; when the
 * stream's buffer is full the writer reports it (`mustDrain`) and the caller awaits `drain()`
 * before producing more rows, so memory stays bounded however many rows are written.
 * Files are created 0640 and folders 0750 (pipeline.md "Personal data").
 */
import { once } from 'node:events';
import { mkdir, open, chmod } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { WriteStream } from 'node:fs';

export type CsvValue = string | number | boolean | null | undefined;

export const FILE_MODE = 0o640;
export const DIR_MODE = 0o750;

const NEEDS_QUOTES = /[",\r\n]/;
const FLUSH_AT_CHARS = 64 * 1024;
const STREAM_HIGH_WATER_MARK = 1024 * 1024;

/** One field: null/undefined → empty; quoted (with doubled quotes) when it holds `,` `"` CR or LF. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its `\n` line end. */
export function csvLine(fields: readonly CsvValue[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    line += csvField(fields[i]);
  }
  return line + '\n';
}

/**
 * mkdir -p with mode 0750 for every folder it creates (explicitly chmod-ed, so the umask cannot
 * widen or narrow it). Existing folders are left as they are.
 */
export async function ensureDir(dir: string, mode = DIR_MODE): Promise<void> {
  const target = resolve(dir);
  const firstCreated = await mkdir(target, { recursive: true, mode });
  if (firstCreated === undefined) return;
  const created: string[] = [];
  for (let d = target; ; d = dirname(d)) {
    created.push(d);
    if (d === firstCreated || dirname(d) === d) break;
  }
  for (const d of created.reverse()) await chmod(d, mode);
}

export class CsvWriter {
  /** Data rows written so far (the header not counted). */
  rows = 0;
  private buffer = '';
  private pendingDrain: Promise<void> | null = null;
  private failure: Error | null = null;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  /** Creates (or truncates) the file with mode 0640 and writes the header row. */
  static async create(path: string, header: readonly string[]): Promise<CsvWriter> {
    const handle = await open(path, 'w', FILE_MODE);
    try {
      await handle.chmod(FILE_MODE); // an existing file keeps its old mode on open
    } catch (error) {
      await handle.close();
      throw error;
    }
    const stream = handle.createWriteStream({ highWaterMark: STREAM_HIGH_WATER_MARK }) as unknown as WriteStream;
    const writer = new CsvWriter(path, stream);
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

  /** True when the file stream's buffer is full: the caller should await `drain()`. */
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
    try {
      await finished(this.stream);
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    }
    if (this.failure) throw this.failure;
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const accepted = this.stream.write(this.buffer);
    this.buffer = '';
    if (!accepted && !this.pendingDrain) {
      this.pendingDrain = once(this.stream, 'drain').then(
        () => {
          this.pendingDrain = null;
        },
        (error: unknown) => {
          this.pendingDrain = null;
          this.failure ??= error instanceof Error ? error : new Error(String(error));
        },
      );
    }
  }
}
