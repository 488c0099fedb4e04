/**
 * The import's fast path (issue 12) must judge every record exactly as the plain one: the
 * compiled validator against validateRecord on every file spec with awkward values, the COPY
 * shortcut against csvField, and the duplicate candidates against a plain count of keys.
 */
import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/import/csv-source.ts';
import { DuplicateCandidates } from '../../src/import/duplicate-candidates.ts';
import { FILE_SPECS } from '../../src/import/file-specs.ts';
import { copySafe, headerIndex, recordValidator, validateRecord } from '../../src/import/validate.ts';

/** Values that probe each type's edges (dates that are no day, enums by case, quotes, empties). */
const PROBES = [
  '',
  ' ',
  'x',
  '"',
  'a,b',
  'true',
  'false',
  'TRUE',
  '0',
  '1',
  '-1',
  '7',
  '01',
  '2025',
  '2025-01',
  '2025-13',
  '2025-02-29',
  '2024-02-29',
  '2025-04-31',
  '2025-12-31',
  '0000-01-01',
  '2025-1-01',
  '2025-01-01 ',
  '２０２５-01-01',
  '12.50',
  '-3.00',
  '1.234',
  'Y000000015',
  'Y000000016',
  '12345678',
  'DE11832025972892426488',
  'RNYYDEUU',
  'DE',
  'ZZ',
  'regular',
  'Regular',
  'enrol',
  'class_change',
  'mandatory',
  'U1',
  'A-1_b.c/d',
  '-bad',
  '=HYPERLINK("x")',
  'Müller',
];

describe('recordValidator', () => {
  it('finds the same problems and values as validateRecord on every spec', () => {
    let seed = 42;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const spec of FILE_SPECS) {
      const header = spec.columns.map((c) => c.name).reverse();
      const { index } = headerIndex(spec, header);
      const validator = recordValidator(spec, index);
      for (let n = 0; n < 400; n++) {
        const record = header.map(() => PROBES[Math.floor(random() * PROBES.length)]!);
        const plain = validateRecord(spec, index, record);
        const fast = validator.validate(record);
        expect(fast ?? [], spec.file).toEqual(plain.problems);
        if (!fast) expect(validator.values).toEqual(spec.columns.map((c) => plain.row[c.name]));
      }
    }
  });

  it('writes a value as is to COPY only where csvField would too', () => {
    for (const spec of FILE_SPECS) {
      const { index } = headerIndex(
        spec,
        spec.columns.map((c) => c.name),
      );
      const validator = recordValidator(spec, index);
      spec.columns.forEach((column, i) => {
        if (!copySafe(column.type)) return;
        // an empty field is null, written as an empty unquoted field like csvField(null)
        for (const probe of PROBES.filter((p) => p !== '')) {
          const record = spec.columns.map(() => '');
          record[i] = probe;
          const problems = validator.validate(record) ?? [];
          if (!problems.some((p) => p.column === column.name)) expect(csvField(probe)).toBe(probe);
        }
      });
    }
  });
});

describe('DuplicateCandidates', () => {
  it('names every line whose key occurs more than once (and grows past its first table)', () => {
    const candidates = new DuplicateCandidates();
    const seen = new Map<string, number[]>();
    for (let line = 2; line < 200_000; line++) {
      const key = [`C${line % 150_000}`, line % 7 === 0 ? null : 'x'];
      candidates.add(key, line);
      const text = JSON.stringify(key);
      seen.set(text, [...(seen.get(text) ?? []), line]);
    }
    const repeated = [...seen.values()].filter((lines) => lines.length > 1).flat();
    const found = new Set(candidates.candidates());
    for (const line of repeated) expect(found.has(line)).toBe(true);
    expect(found.size).toBe(candidates.candidates()!.length);
  });

  it('gives up above its size bound: then every row is a candidate (null), and no table is kept', () => {
    const bounded = new DuplicateCandidates(65_536); // 65,536 rows at most
    for (let line = 2; line < 60_000; line++) bounded.add([`K${line}`], line);
    expect(bounded.candidates()).toEqual([]);
    for (let line = 60_000; line < 70_000; line++) bounded.add([`K${line}`], line);
    expect(bounded.candidates()).toBeNull();
    bounded.add(['K2'], 70_000); // a real duplicate after giving up: left to the SQL check of all rows
    expect(bounded.candidates()).toBeNull();
  });

  it('finds the same candidates with room reserved up front, and reserving never passes the bound', () => {
    const grown = new DuplicateCandidates();
    const reserved = new DuplicateCandidates();
    reserved.reserve(150_000);
    for (let line = 2; line < 200_000; line++) {
      const key = [`C${line % 150_000}`];
      grown.add(key, line);
      reserved.add(key, line);
    }
    expect(new Set(reserved.candidates())).toEqual(new Set(grown.candidates()));
    expect(reserved.candidates()!.length).toBe(2 * 49_998); // C2 … C49999 twice each
    const bounded = new DuplicateCandidates(65_536);
    bounded.reserve(10_000_000); // an estimate beyond the bound: the list stays at the bound
    for (let line = 2; line < 60_000; line++) bounded.add([`K${line}`], line);
    expect(bounded.candidates()).toEqual([]);
    for (let line = 60_000; line < 70_000; line++) bounded.add([`K${line}`], line);
    expect(bounded.candidates()).toBeNull();
  });

  it('gives up at a line beyond its 25 bits', () => {
    const candidates = new DuplicateCandidates();
    candidates.add(['a'], 2);
    candidates.add(['a'], 3);
    expect(candidates.candidates()!.sort()).toEqual([2, 3]);
    candidates.add(['b'], 2 ** 25);
    expect(candidates.candidates()).toBeNull();
  });

  it('tells null from an empty or a joined value', () => {
    const candidates = new DuplicateCandidates();
    candidates.add(['ab', 'c'], 2);
    candidates.add(['a', 'bc'], 3);
    candidates.add([null, 'c'], 4);
    candidates.add(['', 'c'], 5);
    expect(candidates.candidates()).toEqual([]);
    candidates.add(['a', 'bc'], 6);
    expect(candidates.candidates()!.sort()).toEqual([3, 6]);
  });
});
