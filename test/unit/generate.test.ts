import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIsoDate } from '../../src/dates.ts';
import { isValidKvnr } from '../../src/ids.ts';
import { isMoneyString } from '../../src/money.ts';
import { csvLine } from '../../src/generate/csv-writer.ts';
import { edgeCaseMembers, generateDataset, type GeneratedFile } from '../../src/generate/index.ts';
import { Rng } from '../../src/generate/random.ts';

/** Headers as data-contract.md lists them. */
const CONTRACT_HEADERS: Record<string, string[]> = {
  'members.csv': ['member_id', 'birth_date', 'died_on'],
  'memberships.csv': ['member_id', 'valid_from', 'valid_to', 'kind'],
  'third_party_periods.csv': ['member_id', 'valid_from', 'valid_to'],
  'annual_income.csv': ['member_id', 'year', 'contributory_income', 'member_contributions'],
  'tariff_declarations.csv': ['declaration_id', 'member_id', 'kind', 'received_on', 'declared_class'],
  'outpatient_treatments.csv': ['claim_id', 'member_id', 'treated_on', 'with_prescription', 'category'],
  'inpatient_stays.csv': ['claim_id', 'member_id', 'admitted_on', 'discharged_on', 'category'],
  'bonus_participations.csv': ['member_id', 'valid_from', 'valid_to'],
};

/** Key columns that must be unique among the good rows. */
const KEYS: Record<string, string[]> = {
  'members.csv': ['member_id'],
  'memberships.csv': ['member_id', 'valid_from'],
  'third_party_periods.csv': ['member_id', 'valid_from'],
  'annual_income.csv': ['member_id', 'year'],
  'tariff_declarations.csv': ['declaration_id'],
  'outpatient_treatments.csv': ['claim_id'],
  'inpatient_stays.csv': ['claim_id'],
  'bonus_participations.csv': ['member_id', 'valid_from'],
};

/** Columns that may not be empty. */
const REQUIRED: Record<string, string[]> = {
  'members.csv': ['member_id', 'birth_date'],
  'memberships.csv': ['member_id', 'valid_from', 'kind'],
  'third_party_periods.csv': ['member_id', 'valid_from'],
  'annual_income.csv': ['member_id', 'year'],
  'tariff_declarations.csv': ['declaration_id', 'member_id', 'kind', 'received_on'],
  'outpatient_treatments.csv': ['claim_id', 'member_id', 'treated_on', 'with_prescription', 'category'],
  'inpatient_stays.csv': ['claim_id', 'member_id', 'admitted_on', 'discharged_on', 'category'],
  'bonus_participations.csv': ['member_id', 'valid_from'],
};

const CATEGORIES = ['regular', 'pregnancy', 'prevention', 'contraception'];
const ENUMS: Record<string, string[]> = {
  'memberships.csv kind': ['mandatory', 'voluntary', 'family'],
  'tariff_declarations.csv kind': ['enrol', 'class_change', 'cancel', 'hardship_cancel'],
  'outpatient_treatments.csv category': CATEGORIES,
  'outpatient_treatments.csv with_prescription': ['true', 'false'],
  'inpatient_stays.csv category': CATEGORIES,
};

type Parsed = { record: string[]; info: { lines: number } }[];

/** What data-contract.md forbids in one row (keys are checked by the caller). */
function contractProblems(file: string, row: Record<string, string>, members: Set<string> | null): string[] {
  const problems: string[] = [];
  for (const column of REQUIRED[file]!) if (row[column] === '') problems.push(`missing ${column}`);
  for (const [column, value] of Object.entries(row)) {
    if (value === '') continue;
    const allowed = ENUMS[`${file} ${column}`];
    if (allowed && !allowed.includes(value)) problems.push(`${column}: unknown value`);
    if (/(_on|_from|_to|birth_date)$/.test(column) && !isIsoDate(value)) problems.push(`${column}: bad date`);
    if (/income|contributions/.test(column) && !isMoneyString(value)) problems.push(`${column}: bad money`);
  }
  if (row.member_id && !isValidKvnr(row.member_id)) problems.push('member_id: bad KVNR');
  else if (members && !members.has(row.member_id!)) problems.push('member_id: unknown member');
  if (row.year !== undefined && row.year !== '' && !/^\d{4}$/.test(row.year)) problems.push('year: not a year');
  if (row.valid_to && row.valid_from && row.valid_to < row.valid_from) problems.push('valid_to before valid_from');
  if (row.discharged_on && row.admitted_on && row.discharged_on < row.admitted_on) problems.push('discharged early');
  if (file === 'tariff_declarations.csv') {
    const needsClass = row.kind === 'enrol' || row.kind === 'class_change';
    if (needsClass ? !/^[1-6]$/.test(row.declared_class!) : row.declared_class !== '') problems.push('declared_class');
  }
  return problems;
}

const YEAR = 2025;
const MEMBERS = 2000;

interface Result {
  files: GeneratedFile[];
  badRows: { file: string; line: number; what: string }[];
}

let root: string;
let dirA: string;
let resultA: Result;

/** Good rows of a file as objects (bad lines skipped), with their physical line numbers. */
async function goodRows(file: string): Promise<{ line: number; row: Record<string, string> }[]> {
  const text = await readFile(join(dirA, file), 'utf8');
  const records = parse(text, { info: true, relax_column_count: true }) as unknown as Parsed;
  const header = records[0]!.record;
  const bad = new Set(resultA.badRows.filter((b) => b.file === file).map((b) => b.line));
  return records
    .slice(1)
    .filter((r) => !bad.has(r.info.lines))
    .map((r) => ({ line: r.info.lines, row: Object.fromEntries(header.map((h, i) => [h, r.record[i] ?? ''])) }));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'generate-test-'));
  dirA = join(root, 'a', 'nested');
  resultA = await generateDataset({ members: MEMBERS, employers: 0, year: YEAR, seed: 'unit-test', outDir: dirA });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateDataset', () => {
  it('is deterministic: same options give identical bytes, another seed differs', async () => {
    const dirB = join(root, 'b');
    const dirC = join(root, 'c');
    const options = { members: MEMBERS, employers: 0, year: YEAR };
    const resultB = await generateDataset({ ...options, seed: 'unit-test', outDir: dirB });
    await generateDataset({ ...options, seed: 'another seed', outDir: dirC });
    expect(resultB).toEqual(resultA);
    let differs = false;
    for (const file of Object.keys(CONTRACT_HEADERS)) {
      const a = await readFile(join(dirA, file));
      expect(Buffer.compare(a, await readFile(join(dirB, file))), file).toBe(0);
      if (Buffer.compare(a, await readFile(join(dirC, file))) !== 0) differs = true;
    }
    expect(differs).toBe(true);
  });

  it('writes every file with the contract header, the row count reported, mode 0640 in a 0750 folder', async () => {
    expect((await readdir(dirA)).sort()).toEqual(Object.keys(CONTRACT_HEADERS).sort());
    expect(resultA.files.map((f) => f.file)).toEqual(Object.keys(CONTRACT_HEADERS));
    expect((await stat(dirA)).mode & 0o777).toBe(0o750);
    for (const { file, rows } of resultA.files) {
      const text = await readFile(join(dirA, file), 'utf8');
      expect(text.slice(0, text.indexOf('\n')), file).toBe(CONTRACT_HEADERS[file]!.join(','));
      expect(text.endsWith('\n')).toBe(true);
      expect(text.includes('\r')).toBe(false);
      expect(text.split('\n').length - 2, file).toBe(rows);
      expect((await stat(join(dirA, file))).mode & 0o777, file).toBe(0o640);
    }
  });

  it('lists exactly the rows a contract validator rejects: valid ids, dates, money, enums, unique keys', async () => {
    const members = new Set<string>();
    for (const file of Object.keys(CONTRACT_HEADERS)) {
      const text = await readFile(join(dirA, file), 'utf8');
      const records = parse(text, { info: true, relax_column_count: true }) as unknown as Parsed;
      const header = records[0]!.record;
      const seen = new Set<string>();
      const rejected: number[] = [];
      for (const { record, info } of records.slice(1)) {
        const row = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
        const key = KEYS[file]!.map((k) => row[k]).join('|');
        const ok = contractProblems(file, row, file === 'members.csv' ? null : members).length === 0 && !seen.has(key);
        if (!ok) rejected.push(info.lines);
        if (ok) seen.add(key);
        if (ok && file === 'members.csv') members.add(row.member_id!);
      }
      const listed = resultA.badRows.filter((b) => b.file === file).map((b) => b.line);
      expect(rejected, file).toEqual(listed);
    }
  });

  it('references only members of members.csv and keeps memberships of a member apart', async () => {
    const members = new Set((await goodRows('members.csv')).map((r) => r.row.member_id));
    for (const file of Object.keys(CONTRACT_HEADERS)) {
      for (const { line, row } of await goodRows(file)) {
        expect(members.has(row.member_id), `${file}:${line}`).toBe(true);
      }
    }
    const byMember = new Map<string, { from: string; to: string }[]>();
    for (const { row } of await goodRows('memberships.csv')) {
      const list = byMember.get(row.member_id!) ?? [];
      list.push({ from: row.valid_from!, to: row.valid_to! });
      byMember.set(row.member_id!, list);
    }
    for (const [id, periods] of byMember) {
      periods.sort((a, b) => (a.from < b.from ? -1 : 1));
      for (let i = 1; i < periods.length; i++) {
        const previous = periods[i - 1]!;
        expect(previous.to !== '' && previous.to < periods[i]!.from, id).toBe(true);
      }
    }
    const declarations = await goodRows('tariff_declarations.csv');
    for (const { line, row } of declarations) {
      const cancelKind = row.kind === 'cancel' || row.kind === 'hardship_cancel';
      expect(cancelKind ? row.declared_class === '' : /^[1-6]$/.test(row.declared_class!), `line ${line}`).toBe(true);
    }
  });

  it('keeps bad rows well below 1 % of each file and lists them by physical line', async () => {
    expect(resultA.badRows.length).toBeGreaterThan(0);
    for (const { file, rows } of resultA.files) {
      const bad = resultA.badRows.filter((b) => b.file === file);
      if (rows < 500) expect(bad, file).toEqual([]);
      expect(bad.length, file).toBeLessThanOrEqual(Math.floor(rows * 0.002));
      expect(bad.length / Math.max(rows, 1)).toBeLessThan(0.01);
      const lines = (await readFile(join(dirA, file), 'utf8')).split('\n');
      for (const b of bad) {
        expect(b.line).toBeGreaterThan(1);
        expect(lines[b.line - 1], `${file}:${b.line}`).toBeTruthy();
      }
    }
  });

  it('contains every hand-built edge case member', async () => {
    const members = new Set((await goodRows('members.csv')).map((r) => r.row.member_id));
    const edges = edgeCaseMembers();
    expect(edges.length).toBeGreaterThanOrEqual(30);
    expect(new Set(edges.map((e) => e.memberId)).size).toBe(edges.length);
    for (const edge of edges) expect(members.has(edge.memberId), edge.key).toBe(true);
    const income = (await goodRows('annual_income.csv')).filter((r) => r.row.year === String(YEAR));
    const incomes = new Set(income.map((r) => r.row.contributory_income));
    for (const boundary of ['18000.00', '18000.50', '50850.00', '50851.00']) expect(incomes.has(boundary)).toBe(true);
  });
});

describe('generator parts', () => {
  it('quotes CSV fields per RFC 4180', () => {
    expect(csvLine(['a', null, 'b,c', 'say "hi"', true, 7])).toBe('a,,"b,c","say ""hi""",true,7\n');
  });

  it('draws the same numbers from the same seed', () => {
    const a = Rng.derive('s', 'x', 1);
    const b = Rng.derive('s', 'x', 1);
    const c = Rng.derive('s', 'x', 2);
    const draw = (r: Rng) => Array.from({ length: 5 }, () => r.int(0, 1_000_000));
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
  });
});
