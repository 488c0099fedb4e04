/**
 * The data set's open files: one CSV writer per contract file, headers and column order from the
 * import's specs, and the bad rows: after every 500th good row of a file its next kind of bad
 * row (bad-rows.ts) in turn, from the file's own stream, so a file's bytes depend on its own rows
 * only. The driver awaits `drain()` between persons (employers) when a file stream is full.
 */
import { join } from 'node:path';
import { badRowKinds, GOOD_ROWS_PER_BAD_ROW, type BadRowKind, type Field } from './bad-rows.ts';
import { CsvWriter, type CsvValue } from './csv-writer.ts';
import { Rng } from './random.ts';
import type { FileSpec } from '../import/file-specs.ts';

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
        const writer = await CsvWriter.create(
          join(outDir, spec.file),
          spec.columns.map((c) => c.name),
        );
        const rng = Rng.derive(seed, spec.file, 'bad rows');
        const kinds = badRowKinds(spec);
        output.sinks.set(spec.file, {
          spec,
          names: new Set(spec.columns.map((c) => c.name)),
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
    rows.forEach((row, k) => this.row(file, { ...common, [key]: id(k), ...row }));
  }

  get mustDrain(): boolean {
    for (const s of this.sinks.values()) if (s.writer.mustDrain) return true;
    return false;
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
