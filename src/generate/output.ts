/**
 * The data set's open files: one CSV writer per contract file, headers and column order from the
 * import's specs, and the bad rows: after every 500th good row of a file its next kind of bad
 * row (bad-rows.ts) in turn, from the file's own stream, so a file's bytes depend on its own rows
 * only. The driver awaits `drain()` between persons (employers) when a file stream is full.
 *
 * The CSV writer (data-contract.md "Format"): RFC 4180 quoting, `\n` line ends, UTF-8. Rows
 * collect in a small text buffer handed to the file stream in chunks; when the stream's buffer is
 * full the writer says so (`mustDrain`) and the caller awaits `drain()` before producing more
 * rows, so memory stays bounded. Files are created 0640 and folders 0750 (pipeline.md "Personal
 * data"), chmod-ed explicitly so the umask cannot change them.
 */
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { chmod, mkdir, open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { FileSpec } from '../import/file-specs.ts';
import { badRowKinds, GOOD_ROWS_PER_BAD_ROW, type BadRowKind, type Field } from './bad-rows.ts';
import { Rng } from './random.ts';

export interface BadRowRecord {
  file: string;
  /** 1-based physical line number; line 1 is the header */
  line: number;
  what: string;
}

/** A row by column name; a column not given is empty. */
export type Row = Readonly<Record<string, CsvValue>>;

interface Sink {
  spec: FileSpec;
  names: Set<string>;
  writer: CsvWriter;
  good: number;
  last: Field[];
  kinds: BadRowKind[];
  next: number;
  rng: Rng;
}

const text = (v: CsvValue): Field => (v === null || v === undefined ? null : String(v));

export class DatasetOutput {
  readonly badRows: BadRowRecord[] = [];
  private readonly sinks = new Map<string, Sink>();

  private constructor(private readonly year: number) {}

  static async open(outDir: string, specs: readonly FileSpec[], seed: string, year: number): Promise<DatasetOutput> {
    const output = new DatasetOutput(year);
    try {
      for (const spec of specs) {
        const header = spec.columns.map((c) => c.name);
        const writer = await CsvWriter.create(join(outDir, spec.file), header);
        const rng = Rng.derive(seed, spec.file, 'bad rows');
        const kinds = badRowKinds(spec);
        output.sinks.set(spec.file, {
          spec,
          names: new Set(header),
          writer,
          good: 0,
          last: [],
          kinds,
          next: rng.int(0, kinds.length - 1),
          rng,
        });
      }
    } catch (error) {
      await output.close().catch(() => undefined);
      throw error;
    }
    return output;
  }

  /** Writes one good row; `values` names the file's columns (an unknown column is an error). */
  row(file: string, values: Row): void {
    const sink = this.sinks.get(file);
    if (!sink) throw new Error(`no such output file: ${file}`);
    for (const name in values) if (!sink.names.has(name)) throw new Error(`${file} has no column ${name}`);
    const fields = sink.spec.columns.map((c) => text(values[c.name]));
    sink.writer.write(fields);
    sink.last = fields;
    if (++sink.good % GOOD_ROWS_PER_BAD_ROW === 0) this.badRow(sink);
  }

  /** Writes an entity's rows in order, the k-th with `id(k)` in the file's key column and the `common` values. */
  numbered(file: string, id: (k: number) => string, rows: readonly Row[], common: Row): void {
    const key = this.sinks.get(file)?.spec.key[0] ?? '';
    rows.forEach((row, k) => this.row(file, Object.assign({}, common, row, { [key]: id(k) })));
  }

  get mustDrain(): boolean {
    return [...this.sinks.values()].some((s) => s.writer.mustDrain);
  }

  async drain(): Promise<void> {
    for (const s of this.sinks.values()) if (s.writer.mustDrain) await s.writer.drain();
  }

  /** Closes every file (all of them, even when one fails; the first error is thrown). */
  async close(): Promise<void> {
    const results = await Promise.allSettled([...this.sinks.values()].map((s) => s.writer.close()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Data rows per file (header not counted, bad rows included), in spec order. */
  files(): { file: string; rows: number }[] {
    return [...this.sinks.values()].map((s) => ({ file: s.spec.file, rows: s.writer.rows }));
  }

  private badRow(sink: Sink): void {
    const kind = sink.kinds[sink.next++ % sink.kinds.length]!;
    sink.writer.write(kind.make(sink.last, sink.rng, this.year));
    this.badRows.push({ file: sink.spec.file, line: sink.writer.rows + 1, what: kind.what });
  }
}

type CsvValue = string | number | boolean | null | undefined;

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

class CsvWriter {
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
