/**
 * The correction merge (src/runs/corrections.ts): which keys a correction run lists against its
 * released baseline, with released value, new value and exact delta per amount column; keys in
 * byte order (C collation) as the exports are sorted; streaming, never a whole export in memory.
 */
import { describe, expect, it } from 'vitest';
import {
  checkCorrectionSpec,
  correctionCsvRow,
  correctionHeader,
  formatDelta,
  mergeCorrections,
  type CorrectionSpec,
  type ExportValue,
} from '../../src/runs/corrections.ts';
import { Decimal } from '../../src/money.ts';
import { allJobs } from '../../jobs/registry.ts';
import { amountText, exportText, hasCorrectionTexts } from '../../reports/catalogue-corrections.ts';

const SPEC: CorrectionSpec = {
  name: 'demo',
  header: ['member_id', 'year', 'events', 'premium', 'balance', 'points', 'outcome', 'due_on'],
  key: ['member_id'],
  amounts: ['premium', 'balance', 'points'],
  points: ['points'],
  notCompared: ['due_on'],
};

async function* stream(rows: readonly ExportValue[][]): AsyncGenerator<ExportValue[]> {
  for (const r of rows) yield r;
}

async function merge(spec: CorrectionSpec, released: ExportValue[][], current: ExportValue[][]) {
  const out = [];
  for await (const c of mergeCorrections(spec, stream(released), stream(current))) out.push(c);
  return out;
}

/** The CSV field values of every correction, as `<export>_corrections.csv` gets them. */
async function csvRows(spec: CorrectionSpec, released: ExportValue[][], current: ExportValue[][]) {
  return (await merge(spec, released, current)).map(correctionCsvRow);
}

type Field = 'events' | 'premium' | 'balance' | 'points' | 'outcome' | 'due_on';
const DEFAULTS: Record<Field, ExportValue> = {
  events: 0,
  premium: '100.00',
  balance: '40.00',
  points: 500,
  outcome: 'payout',
  due_on: '2026-06-30',
};
/** An export row; a field given as null stays null (an empty field). */
const row = (id: string, o: Partial<Record<Field, ExportValue>> = {}): ExportValue[] => {
  const f = { ...DEFAULTS, ...o };
  return [id, 2025, f.events, f.premium, f.balance, f.points, f.outcome, f.due_on];
};

describe('mergeCorrections', () => {
  it('lists changed, new and removed keys with released, new and delta; unchanged keys are left out', async () => {
    const released = [row('A1'), row('B2', { balance: '40.00' }), row('C3'), row('D4', { points: 700 })];
    const current = [
      row('A1'),
      row('B2', { balance: '-12.35' }),
      row('D4', { points: 650 }),
      row('E5', { premium: '80.10', balance: '0.00', points: 0 }),
    ];
    expect(correctionHeader(SPEC)).toEqual([
      'member_id',
      'change',
      'premium_released',
      'premium_new',
      'premium_delta',
      'balance_released',
      'balance_new',
      'balance_delta',
      'points_released',
      'points_new',
      'points_delta',
    ]);
    expect(await csvRows(SPEC, released, current)).toEqual([
      ['B2', 'changed', '100.00', '100.00', '0.00', '40.00', '-12.35', '-52.35', '500', '500', '0'],
      ['C3', 'removed', '100.00', null, '-100.00', '40.00', null, '-40.00', '500', null, '-500'],
      ['D4', 'changed', '100.00', '100.00', '0.00', '40.00', '40.00', '0.00', '700', '650', '-50'],
      ['E5', 'new', null, '80.10', '80.10', null, '0.00', '0.00', null, '0', '0'],
    ]);
  });

  it('lists a key whose only change is outside the amounts (a count, an outcome) with zero deltas', async () => {
    const out = await merge(SPEC, [row('A1', { events: 2, outcome: 'zero' })], [row('A1', { events: 3, outcome: 'payout' })]);
    expect(out).toHaveLength(1);
    expect(out[0]!.change).toBe('changed');
    expect(out[0]!.amounts.every((a) => a.delta.isZero())).toBe(true);
  });

  it('does not list a key whose only change is a notCompared column', async () => {
    expect(await merge(SPEC, [row('A1', { due_on: null })], [row('A1', { due_on: '2026-08-01' })])).toEqual([]);
    // without notCompared the same rows are a change
    expect(await merge({ ...SPEC, notCompared: [] }, [row('A1', { due_on: null })], [row('A1', { due_on: '2026-08-01' })])).toHaveLength(1);
  });

  it('counts an empty field as 0 for the delta but keeps the field itself empty', async () => {
    const [c] = await csvRows(SPEC, [row('A1', { premium: null })], [row('A1', { premium: '12.30' })]);
    expect(c).toEqual(['A1', 'changed', null, '12.30', '12.30', '40.00', '40.00', '0.00', '500', '500', '0']);
    const [d] = await csvRows(SPEC, [row('A1', { balance: '-7.01' })], [row('A1', { balance: null })]);
    expect(d!.slice(5, 8)).toEqual(['-7.01', null, '7.01']);
    // an empty field that stays empty is no change
    expect(await merge(SPEC, [row('A1', { premium: null })], [row('A1', { premium: null })])).toEqual([]);
  });

  it('compares field texts: a number and the same digits as a string are equal, an empty string is not a null', async () => {
    expect(await merge(SPEC, [row('A1', { points: 500 })], [row('A1', { points: '500' })])).toEqual([]);
    expect(await merge(SPEC, [row('A1', { outcome: null })], [row('A1', { outcome: '' })])).toHaveLength(1);
  });

  it('computes deltas exactly (no binary floats), also for large sums and repeating tenths', async () => {
    const [a, b] = await csvRows(
      SPEC,
      [row('A1', { premium: '0.30', balance: '99999999999999.99' }), row('B2', { premium: '0.10' })],
      [row('A1', { premium: '0.10', balance: '0.01' }), row('B2', { premium: '0.30' })],
    );
    expect(a!.slice(2, 8)).toEqual(['0.30', '0.10', '-0.20', '99999999999999.99', '0.01', '-99999999999999.98']);
    expect(b!.slice(2, 5)).toEqual(['0.10', '0.30', '0.20']);
  });

  it('merges keys in byte order (C collation): capitals before small letters, digits first, umlauts last', async () => {
    // byte order: '0Z' < '9a' < 'AB' < 'Ab' < 'a1' < 'b' < 'Ä' (0xC3 0x84); localeCompare would put a before B and Ä after A
    const keys = ['0Z', '9a', 'AB', 'Ab', 'a1', 'b', 'Ä'];
    const released = keys.filter((k) => k !== 'b').map((k) => row(k));
    const current = keys.map((k) => row(k, k === 'Ä' ? { balance: '41.00' } : {}));
    const out = await merge(SPEC, released, current);
    expect(out.map((c) => [c.key[0], c.change])).toEqual([
      ['b', 'new'],
      ['Ä', 'changed'],
    ]);
  });

  it('compares composite keys column by column, not as one joined text', async () => {
    const spec: CorrectionSpec = {
      name: 'items',
      header: ['item_type', 'item_id', 'points'],
      key: ['item_type', 'item_id'],
      amounts: ['points'],
      points: ['points'],
    };
    // ('a', 'bd') sorts before ('ab', 'c'): 'a' < 'ab'; joined texts "abd" > "abc" would say the opposite
    const released: ExportValue[][] = [
      ['a', 'bd', 10],
      ['ab', 'c', 20],
      ['proof', 'P1', 500],
    ];
    const current: ExportValue[][] = [
      ['a', 'bd', 10],
      ['ab', 'c', 25],
      ['proof', 'P1', 500],
      ['proof', 'P2', 1000],
    ];
    expect(await csvRows(spec, released, current)).toEqual([
      ['ab', 'c', 'changed', '20', '25', '5'],
      ['proof', 'P2', 'new', null, '1000', '1000'],
    ]);
  });

  it('refuses input that is not in key order or repeats a key, naming the position and not the key', async () => {
    await expect(merge(SPEC, [row('a1'), row('AB')], [])).rejects.toThrow(
      /demo of the released run: row 2 is not after row 1 in key order/,
    );
    await expect(merge(SPEC, [], [row('A1'), row('A1')])).rejects.toThrow(/demo of the correction run: row 2 is not after row 1/);
    await expect(merge(SPEC, [], [row('A1'), row('A1')])).rejects.not.toThrow(/A1/);
  });

  it('streams: the first correction comes after reading only the rows up to its key', async () => {
    let pulled = 0;
    async function* big(changeAt: number) {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield row(`M${String(i).padStart(7, '0')}`, i === changeAt ? { balance: '0.00' } : {});
      }
    }
    const merged = mergeCorrections(SPEC, big(-1), big(3));
    const first = await merged.next();
    expect(first.value).toMatchObject({ key: ['M0000003'], change: 'changed' });
    expect(pulled).toBeLessThan(20); // both sources together, not a million rows
    await merged.return(undefined);
  });

  it('formats deltas like the export writes the column and refuses a delta finer than its unit', () => {
    expect(formatDelta({ column: 'x', unit: 'money', delta: new Decimal('-0') })).toBe('0.00');
    expect(formatDelta({ column: 'x', unit: 'money', delta: new Decimal('5') })).toBe('5.00');
    expect(formatDelta({ column: 'x', unit: 'points', delta: new Decimal('-0') })).toBe('0');
    expect(formatDelta({ column: 'x', unit: 'points', delta: new Decimal('-1500') })).toBe('-1500');
    expect(() => formatDelta({ column: 'x', unit: 'money', delta: new Decimal('0.005') })).toThrow(/x: delta has more than 2 decimals/);
    expect(() => formatDelta({ column: 'x', unit: 'points', delta: new Decimal('0.5') })).toThrow(/more than 0 decimals/);
  });

  it('refuses a definition whose columns are not in its header', () => {
    expect(() => checkCorrectionSpec({ ...SPEC, amounts: ['points', 'nope'] })).toThrow(/column nope is not in its header/);
    expect(() => checkCorrectionSpec({ ...SPEC, points: ['events'] })).toThrow(/points column events is not an amount/);
    expect(() => checkCorrectionSpec({ ...SPEC, amounts: ['member_id'], points: [] })).toThrow(/key column member_id cannot be an amount/);
  });
});

describe("the jobs' export definitions", () => {
  const exports = allJobs().flatMap((j) => j.exports);

  it('name key, amount and notCompared columns that exist, and German texts for each export and amount', () => {
    expect(exports.map((e) => e.name).sort()).toEqual([
      'bonus_accounts',
      'bonus_items',
      'levy_fund',
      'levy_months',
      'nordost_bonus_plan',
      'nordost_bonus_plan_proofs',
      'reimbursements',
      'tariff_settlement',
      'u1_determination',
      'u1_tariffs',
    ]);
    for (const e of exports) {
      checkCorrectionSpec(e);
      expect(hasCorrectionTexts(e.name, e.amounts), e.name).toBe(true);
      expect(e.header.slice(0, e.key.length)).toEqual([...e.key]); // key columns lead, as the exports sort
    }
  });

  it('take money and points, never rates, as amounts', () => {
    const byName = Object.fromEntries(exports.map((e) => [e.name, e]));
    for (const e of exports)
      expect(
        e.amounts.filter((c) => /(^|_)rate(_|$)/.test(c)),
        e.name,
      ).toEqual([]);
    expect(byName.tariff_settlement!.amounts).toEqual([
      'premium_prorated',
      'cap_prorated',
      'events_amount',
      'deductible',
      'premium_cap_statutory',
      'premium_paid',
      'balance',
    ]);
    expect(byName.tariff_settlement!.notCompared).toEqual(['due_on']);
    expect(byName.bonus_items!.points).toEqual(['points']);
    expect(byName.bonus_accounts!.amounts.filter((c) => !byName.bonus_accounts!.points!.includes(c))).toEqual([
      'payout_cash_eur',
      'payout_plus_eur',
      'closing_value_eur',
    ]);
    expect(byName.u1_tariffs!.amounts).toEqual([]);
    expect(byName.u1_determination!.amounts).toEqual([]);
    expect(amountText('tariff_settlement', 'balance')).toBe('Saldo (Prämie − Selbstbehalt)');
    expect(exportText('levy_fund')).toBe('Ausgleichskassen');
  });
});
