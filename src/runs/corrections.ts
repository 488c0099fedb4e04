/**
 * What a correction run changes against its baseline, the latest released run (pipeline.md,
 * "Correction run"): for every key whose exported row changed, appeared or disappeared, the key,
 * and per money/points column the released value, the new value and the delta. Only deltas move
 * money; the released run itself is only read.
 *
 * Both exports come sorted by their key columns, each compared as text byte by byte
 * (data-contract.md), so one merge pass over the two streams finds every difference while holding
 * one row of each: bonus_items has 20 M rows at scale and never sits in memory.
 */
import { Decimal, formatMoney } from '../money.ts';
import type { ExportDefinition } from './job-definition.ts';

export type ExportValue = string | number | null;
export type ChangeKind = 'changed' | 'new' | 'removed';
export type AmountUnit = 'money' | 'points';

/** The parts of an export definition the comparison needs. */
export type CorrectionSpec = Pick<ExportDefinition, 'name' | 'header' | 'key' | 'amounts' | 'points' | 'notCompared'>;

export interface AmountChange {
  column: string;
  unit: AmountUnit;
  /** the field as the released run exports it; null for an empty field or a new key */
  released: string | null;
  /** the field as this run exports it; null for an empty field or a removed key */
  new: string | null;
  /** new − released; an empty field or an absent row counts as 0 */
  delta: Decimal;
}

export interface Correction {
  /** the key fields as exported */
  key: string[];
  change: ChangeKind;
  /** every amount column of the export, in export order (also those with a delta of 0) */
  amounts: AmountChange[];
}

/** `tariff_settlement_corrections.csv` */
export function correctionFileName(exportName: string): string {
  return `${exportName}_corrections.csv`;
}

/** An amount column's unit: points where the export says so, else euros. */
export function amountUnit(spec: Pick<CorrectionSpec, 'points'>, column: string): AmountUnit {
  return spec.points?.includes(column) ? 'points' : 'money';
}

interface Plan {
  key: number[];
  compared: number[];
  amounts: { column: string; index: number; unit: AmountUnit }[];
}

/** Column positions in the export's header; a definition naming a column it lacks is a bug. */
function planOf(spec: CorrectionSpec): Plan {
  const indexOf = (column: string) => {
    const i = spec.header.indexOf(column);
    if (i < 0) throw new Error(`export ${spec.name}: column ${column} is not in its header`);
    return i;
  };
  const key = spec.key.map(indexOf);
  if (key.length === 0) throw new Error(`export ${spec.name} has no key columns`);
  for (const p of spec.points ?? [])
    if (!spec.amounts.includes(p)) throw new Error(`export ${spec.name}: points column ${p} is not an amount`);
  const amounts = spec.amounts.map((column) => {
    if (spec.key.includes(column)) throw new Error(`export ${spec.name}: key column ${column} cannot be an amount`);
    return { column, index: indexOf(column), unit: amountUnit(spec, column) };
  });
  const skipped = new Set([...key, ...(spec.notCompared ?? []).map(indexOf)]);
  const compared = spec.header.map((_, i) => i).filter((i) => !skipped.has(i));
  return { key, compared, amounts };
}

/** Checks a definition's key/amount/points/notCompared columns against its header (throws). */
export function checkCorrectionSpec(spec: CorrectionSpec): void {
  planOf(spec);
}

const text = (v: ExportValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const amountOf = (v: string | null): Decimal => (v === null || v === '' ? new Decimal(0) : new Decimal(v));

/** Keys compare column by column, each as UTF-8 bytes: C collation, as the exports are sorted. */
export function compareKeys(a: readonly Buffer[], b: readonly Buffer[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = Buffer.compare(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

interface Keyed {
  row: ExportValue[];
  key: Buffer[];
}

/**
 * Reads one export in key order and refuses rows out of order or with a repeated key: a merge of
 * unsorted input would report false new/removed pairs instead of failing.
 */
async function* keyed(plan: Plan, rows: AsyncIterable<ExportValue[]>, what: string): AsyncGenerator<Keyed> {
  let previous: Buffer[] | null = null;
  let n = 0;
  for await (const row of rows) {
    n++;
    const key = plan.key.map((i) => Buffer.from(text(row[i]) ?? '', 'utf8'));
    if (previous && compareKeys(previous, key) >= 0) {
      // names the position, never the key: keys are member ids
      throw new Error(`${what}: row ${n} is not after row ${n - 1} in key order (byte order, unique keys)`);
    }
    previous = key;
    yield { row, key };
  }
}

function correctionOf(plan: Plan, released: ExportValue[] | null, current: ExportValue[] | null): Correction {
  const keyRow = (current ?? released)!;
  return {
    key: plan.key.map((i) => text(keyRow[i]) ?? ''),
    change: released === null ? 'new' : current === null ? 'removed' : 'changed',
    amounts: plan.amounts.map(({ column, index, unit }) => {
      const before = released === null ? null : text(released[index]);
      const after = current === null ? null : text(current[index]);
      return { column, unit, released: before, new: after, delta: amountOf(after).minus(amountOf(before)) };
    }),
  };
}

/**
 * The corrections of one export: the released run's rows and this run's rows, both in key order,
 * merged key by key. A key present on both sides is listed when any compared field differs
 * (amounts, counts, rates, texts; not the key or notCompared columns); a key on one side only is
 * `new` or `removed`.
 */
export async function* mergeCorrections(
  spec: CorrectionSpec,
  released: AsyncIterable<ExportValue[]>,
  current: AsyncIterable<ExportValue[]>,
): AsyncGenerator<Correction> {
  const plan = planOf(spec);
  const before = keyed(plan, released, `${spec.name} of the released run`)[Symbol.asyncIterator]();
  const after = keyed(plan, current, `${spec.name} of the correction run`)[Symbol.asyncIterator]();
  let b = await before.next();
  let a = await after.next();
  while (!b.done || !a.done) {
    const order = b.done ? 1 : a.done ? -1 : compareKeys(b.value.key, a.value.key);
    if (order < 0) {
      yield correctionOf(plan, b.value!.row, null);
      b = await before.next();
    } else if (order > 0) {
      yield correctionOf(plan, null, a.value!.row);
      a = await after.next();
    } else {
      const old = b.value!.row;
      const now = a.value!.row;
      if (plan.compared.some((i) => text(old[i]) !== text(now[i]))) yield correctionOf(plan, old, now);
      b = await before.next();
      a = await after.next();
    }
  }
}

/** Header of `<export>_corrections.csv`: key columns, change, then released/new/delta per amount. */
export function correctionHeader(spec: CorrectionSpec): string[] {
  return [...spec.key, 'change', ...spec.amounts.flatMap((c) => [`${c}_released`, `${c}_new`, `${c}_delta`])];
}

/** A delta as the export writes its unit: euros with 2 decimals, points as whole numbers. */
export function formatDelta(change: Pick<AmountChange, 'column' | 'unit' | 'delta'>): string {
  const places = change.unit === 'money' ? 2 : 0;
  // exact or nothing: a delta with more places means a column is declared with the wrong unit
  if (change.delta.decimalPlaces() > places) throw new Error(`${change.column}: delta has more than ${places} decimals; check its unit`);
  if (change.unit === 'money') return formatMoney(change.delta);
  const whole = change.delta.toFixed(0);
  return whole === '-0' ? '0' : whole;
}

/** One line of `<export>_corrections.csv`, as field values for the CSV writer. */
export function correctionCsvRow(correction: Correction): ExportValue[] {
  return [...correction.key, correction.change, ...correction.amounts.flatMap((a) => [a.released, a.new, formatDelta(a)])];
}
