/**
 * The data set's open files: one CSV writer per file, row counting, the bad-row schedule and the
 * running id counters. Modules write through `row(file, fields)`; the driver awaits `drain()`
 * between persons when a file stream is full.
 */
import { join } from 'node:path';
import { BAD_ROW_MAKERS, MIN_GOOD_ROWS_PER_BAD_ROW, type BadRowMaker } from './bad-rows.ts';
import { CsvWriter, type CsvValue } from './csv-writer.ts';
import { unknownMemberIdFor } from './member-ids.ts';
import type { FileSpec, IdSource, RowOutput } from './model.ts';

export interface BadRowRecord {
  file: string;
  /** 1-based physical line number; line 1 is the header */
  line: number;
  what: string;
}

/** Unknown-member ids per file: from here (far beyond the shared sequence: a data set has a few
 *  hundred bad rows), a slot of 1,000 per file chosen by its name (a file has at most one bad row
 *  per kind); unknownMemberIdFor takes numbers up to 100,000,000. */
const UNKNOWN_PER_FILE_FROM = 50_000_000;
const UNKNOWN_SLOT = 1000;
const UNKNOWN_SLOTS = 50_000;

function slotOf(file: string): number {
  let h = 2166136261; // FNV-1a
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 16777619);
  return (h >>> 0) % UNKNOWN_SLOTS;
}

export class IdCounters implements IdSource {
  private declarations = 0;
  private claims = 0;
  private proofs = 0;
  private activities = 0;
  private goals = 0;
  private payouts = 0;
  private receipts = 0;
  private unknown = 0;
  private readonly unknownPerFile = new Map<string, number>();

  nextDeclarationId(): string {
    return 'D' + String(++this.declarations).padStart(9, '0');
  }

  nextClaimId(): string {
    return 'C' + String(++this.claims).padStart(10, '0');
  }

  nextProofId(): string {
    return 'P' + String(++this.proofs).padStart(10, '0');
  }

  nextActivityId(): string {
    return 'A' + String(++this.activities).padStart(11, '0');
  }

  nextGoalId(): string {
    return 'G' + String(++this.goals).padStart(9, '0');
  }

  nextPayoutId(): string {
    return 'PO' + String(++this.payouts).padStart(9, '0');
  }

  /** PLUS receipt numbers as a provider's invoice would carry them (unique in the data set). */
  nextReceiptId(): string {
    return 'RE-' + String(++this.receipts).padStart(9, '0');
  }

  unknownMemberId(): string {
    return unknownMemberIdFor(this.unknown++);
  }

  unknownMemberIdOf(file: string): string {
    const k = this.unknownPerFile.get(file) ?? 0;
    if (k >= UNKNOWN_SLOT) throw new RangeError(`${file}: too many unknown members`);
    this.unknownPerFile.set(file, k + 1);
    return unknownMemberIdFor(UNKNOWN_PER_FILE_FROM + slotOf(file) * UNKNOWN_SLOT + k);
  }
}

interface Sink {
  spec: FileSpec;
  writer: CsvWriter;
  goodRows: number;
  last: readonly CsvValue[];
  makers: readonly BadRowMaker[];
  nextBad: number;
  /** good rows between two bad rows (≥ MIN_GOOD_ROWS_PER_BAD_ROW) */
  spacing: number;
}

export class DatasetOutput implements RowOutput {
  /** while true (hand-built edge cases), no bad rows are placed */
  quiet = false;
  readonly badRows: BadRowRecord[] = [];
  private readonly sinks: Record<string, Sink> = {};
  private readonly order: Sink[] = [];

  private constructor(
    private readonly year: number,
    private readonly ids: IdSource,
  ) {}

  static async open(
    outDir: string,
    specs: readonly FileSpec[],
    opts: {
      /** the count the files' rowsPerMember refer to (members; employers for the U1/U2 files) */
      members: number;
      year: number;
      ids: IdSource;
      /** bad-row makers per file (default: BAD_ROW_MAKERS) */
      makers?: Readonly<Record<string, readonly BadRowMaker[]>>;
    },
  ): Promise<DatasetOutput> {
    const output = new DatasetOutput(opts.year, opts.ids);
    try {
      for (const spec of specs) {
        if (output.sinks[spec.file]) throw new Error(`two modules write ${spec.file}`);
        const makers = (opts.makers ?? BAD_ROW_MAKERS)[spec.file] ?? [];
        const expected = Math.floor(spec.rowsPerMember * opts.members);
        const sink: Sink = {
          spec,
          writer: await CsvWriter.create(join(outDir, spec.file), spec.header),
          goodRows: 0,
          last: [],
          makers,
          nextBad: 0,
          spacing: Math.max(MIN_GOOD_ROWS_PER_BAD_ROW, Math.floor(expected / (makers.length + 1))),
        };
        output.sinks[spec.file] = sink;
        output.order.push(sink);
      }
    } catch (error) {
      await output.close().catch(() => undefined);
      throw error;
    }
    return output;
  }

  row(file: string, fields: readonly CsvValue[]): void {
    const sink = this.sinks[file];
    if (!sink) throw new Error(`no such output file: ${file}`);
    if (fields.length !== sink.spec.header.length) {
      throw new Error(`${file}: ${fields.length} fields for ${sink.spec.header.length} columns`);
    }
    sink.writer.write(fields);
    sink.goodRows++;
    sink.last = fields;
    if (!this.quiet && sink.nextBad < sink.makers.length && sink.goodRows >= sink.spacing * (sink.nextBad + 1)) {
      this.writeBadRow(sink);
    }
  }

  get mustDrain(): boolean {
    return this.order.some((s) => s.writer.mustDrain);
  }

  async drain(): Promise<void> {
    for (const sink of this.order) if (sink.writer.mustDrain) await sink.writer.drain();
  }

  /** Closes every file (all of them, even when one fails; the first error is thrown). */
  async close(): Promise<void> {
    const results = await Promise.allSettled(this.order.map((s) => s.writer.close()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Data rows per file (header not counted), in module order. */
  files(): { file: string; rows: number }[] {
    return this.order.map((s) => ({ file: s.spec.file, rows: s.writer.rows }));
  }

  private writeBadRow(sink: Sink): void {
    const maker = sink.makers[sink.nextBad++]!;
    const { file, header } = sink.spec;
    const bad = maker({ file, header, last: sink.last, year: this.year, ids: this.ids });
    sink.writer.write(bad.fields);
    this.badRows.push({ file: sink.spec.file, line: sink.writer.rows + 1, what: bad.what });
  }
}
