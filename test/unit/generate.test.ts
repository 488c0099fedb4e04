/**
 * The generator by its properties: every good row passes the import's own column parsers and row
 * checks, keys are unique and references resolve; the bad rows are exactly the rows the import's
 * row validation rejects or that name an unknown member/employer or repeat a key; the same seed
 * gives the same bytes, another seed other bytes, and one part's files never depend on another's;
 * the scenarios' rows are in every data set of their year; and the distributions carry the cases
 * the rules must decide. (test/db/import.test.ts imports a data set into PostgreSQL.)
 */
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { isValidIBAN } from 'ibantools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidBetriebsnummer } from '../../src/ids.ts';
import {
  EMPLOYMENT_CATEGORIES,
  FILE_SPECS,
  LEVY_FILE_SPECS,
  NORDOST_BONUS_PLAN_FILES,
  PAYMENT_FILE_SPECS,
  type FileSpec,
} from '../../src/import/file-specs.ts';
import { monthsOfParticipation } from '../../src/import/specs/nordost-bonus-plan.ts';
import { headerIndex, validateRecord } from '../../src/import/validate.ts';
import { badRowKinds } from '../../src/generate/bad-rows.ts';
import { generateDataset, type GeneratedFile } from '../../src/generate/index.ts';
import { csvLine } from '../../src/generate/output.ts';
import { Rng } from '../../src/generate/random.ts';
import { EMPLOYER_SCENARIOS, MEMBER_SCENARIOS, SCENARIO_YEAR, type Scenario } from '../../src/scenarios/index.ts';

const SPECS = new Map(FILE_SPECS.map((s) => [s.file, s]));
const MEMBER_FILES = FILE_SPECS.filter((s) => !LEVY_FILE_SPECS.includes(s) && !PAYMENT_FILE_SPECS.includes(s)).map((s) => s.file);
const LEVY_FILES = LEVY_FILE_SPECS.map((s) => s.file);
/** bank accounts and addresses: the members' rows, then the employers' */
const PAYMENT_FILES = PAYMENT_FILE_SPECS.map((s) => s.file);
const PLUS_COLUMNS = ['receipt_id', 'service_code', 'service_on', 'cost'];
const CLAIM_KINDS = ['u1_sickness', 'u1_rehab', 'u2_maternity_subsidy', 'u2_employment_ban'];

const YEAR = SCENARIO_YEAR;
const MEMBERS = 2000;
/** enough for bad rows in most U1/U2 files */
const EMPLOYERS = 1500;

interface Result {
  files: GeneratedFile[];
  badRows: { file: string; line: number; what: string }[];
}

let root: string;
let dirA: string;
let resultA: Result;

type Parsed = { record: string[]; info: { lines: number } }[];
type Rows = { line: number; row: Record<string, string> }[];
const parsedRows = new Map<string, Promise<Rows>>();

async function records(dir: string, file: string): Promise<Parsed> {
  return parse(await readFile(join(dir, file), 'utf8'), { info: true, relax_column_count: true }) as unknown as Parsed;
}

/** Good rows of a file as objects (bad lines skipped), with their physical line numbers (parsed
 *  once per file: the U1/U2 files are large; callers do not change them). */
function goodRows(file: string): Promise<Rows> {
  let rows = parsedRows.get(file);
  if (!rows) parsedRows.set(file, (rows = parseGoodRows(file)));
  return rows;
}

async function parseGoodRows(file: string): Promise<Rows> {
  const all = await records(dirA, file);
  const header = all[0]!.record;
  const bad = new Set(resultA.badRows.filter((b) => b.file === file).map((b) => b.line));
  return all
    .slice(1)
    .filter((r) => !bad.has(r.info.lines))
    .map((r) => ({ line: r.info.lines, row: Object.fromEntries(header.map((h, i) => [h, r.record[i] ?? ''])) }));
}

/** Problems the import's row validation finds (field count, column parsers, row checks). */
function rowProblems(spec: FileSpec, header: string[], record: string[]): string[] {
  if (record.length !== header.length) return ['field count'];
  return validateRecord(spec, headerIndex(spec, header).index, record).problems.map((p) => `${p.column}: ${p.reason}`);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'generate-test-'));
  dirA = join(root, 'a', 'nested');
  resultA = await generateDataset({ members: MEMBERS, employers: EMPLOYERS, year: YEAR, seed: 'unit-test', outDir: dirA });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateDataset', () => {
  it('is deterministic by seed: same options give identical bytes, another seed other bytes in every file', async () => {
    const dirB = join(root, 'b');
    const dirC = join(root, 'c');
    const options = { members: MEMBERS, employers: EMPLOYERS, year: YEAR };
    const resultB = await generateDataset({ ...options, seed: 'unit-test', outDir: dirB });
    await generateDataset({ ...options, seed: 'another seed', outDir: dirC });
    expect(resultB).toEqual(resultA);
    const same: string[] = [];
    for (const { file } of resultA.files) {
      const a = await readFile(join(dirA, file));
      expect(Buffer.compare(a, await readFile(join(dirB, file))), file).toBe(0);
      if (Buffer.compare(a, await readFile(join(dirC, file))) === 0) same.push(file);
    }
    expect(same).toEqual([]);
  });

  it('keeps the member files byte-identical whatever the U1/U2 part holds (each file draws from its own streams)', async () => {
    const dir = join(root, 'no-employers');
    const result = await generateDataset({ members: MEMBERS, employers: 0, year: YEAR, seed: 'unit-test', outDir: dir });
    // employers: 0 → no U1/U2 file at all
    expect((await readdir(dir)).sort()).toEqual([...MEMBER_FILES, ...PAYMENT_FILES].sort());
    expect(result.files.map((f) => f.file)).toEqual([...MEMBER_FILES, ...PAYMENT_FILES]);
    for (const file of MEMBER_FILES) {
      expect(Buffer.compare(await readFile(join(dir, file)), await readFile(join(dirA, file))), file).toBe(0);
    }
    // the payment files hold the members' rows first: without employers they are a prefix of the full files
    for (const file of PAYMENT_FILES) {
      const withEmployers = await readFile(join(dirA, file), 'utf8');
      const without = await readFile(join(dir, file), 'utf8');
      expect(without.length, file).toBeLessThan(withEmployers.length);
      expect(withEmployers.startsWith(without), file).toBe(true);
    }
  });

  it('writes every contract file with the columns of the import spec, the row count reported, mode 0640 in a 0750 folder', async () => {
    expect((await readdir(dirA)).sort()).toEqual(FILE_SPECS.map((s) => s.file).sort());
    expect(resultA.files.map((f) => f.file)).toEqual(FILE_SPECS.map((s) => s.file));
    expect((await stat(dirA)).mode & 0o777).toBe(0o750);
    for (const { file, rows } of resultA.files) {
      const text = await readFile(join(dirA, file), 'utf8');
      expect(text.slice(0, text.indexOf('\n')), file).toBe(
        SPECS.get(file)!
          .columns.map((c) => c.name)
          .join(','),
      );
      expect(text.endsWith('\n')).toBe(true);
      expect(text.includes('\r')).toBe(false);
      expect(text.split('\n').length - 2, file).toBe(rows);
      expect((await stat(join(dirA, file))).mode & 0o777, file).toBe(0o640);
    }
  });

  it("writes only good rows that pass the import's column parsers and row checks, with unique keys and known references, besides the bad rows listed", async () => {
    const known: Record<string, Set<string>> = { 'members.csv': new Set(), 'employers.csv': new Set() };
    for (const spec of FILE_SPECS) {
      const all = await records(dirA, spec.file);
      const header = all[0]!.record;
      const listed = new Map(resultA.badRows.filter((b) => b.file === spec.file).map((b) => [b.line, b.what]));
      const keys = new Set<string>();
      const problems: string[] = [];
      const rejected: number[] = [];
      for (const { record, info } of all.slice(1)) {
        const row = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
        const key = spec.key.map((k) => row[k]).join('|');
        const invalid = rowProblems(spec, header, record).length > 0;
        const unknown =
          (spec.ref !== undefined && !known[spec.ref.file]!.has(row[spec.ref.column]!)) ||
          (spec.optionalRefs ?? []).some((ref) => row[ref.column] !== '' && !known[ref.file]!.has(row[ref.column]!));
        const duplicate = !invalid && !unknown && keys.has(key);
        if (invalid || unknown || duplicate) rejected.push(info.lines);
        else keys.add(key);
        if (!listed.has(info.lines) && (invalid || unknown || duplicate))
          problems.push(`line ${info.lines}: ${rowProblems(spec, header, record).join(', ')}`);
        if (spec.file in known && !invalid && !duplicate) known[spec.file]!.add(row[spec.key[0]!]!);
      }
      expect(problems, spec.file).toEqual([]);
      expect(rejected, spec.file).toEqual([...listed.keys()]);
    }
  });

  it('keeps bad rows at most 0.2 % of each file, none in a file under 500 rows, listed by physical line', async () => {
    expect(resultA.badRows.length).toBeGreaterThan(0);
    for (const { file, rows } of resultA.files) {
      const bad = resultA.badRows.filter((b) => b.file === file);
      if (rows < 500) expect(bad, file).toEqual([]);
      expect(bad.length, file).toBeLessThanOrEqual(Math.floor(rows * 0.002));
      const lines = (await readFile(join(dirA, file), 'utf8')).split('\n');
      for (const b of bad) {
        expect(b.line).toBeGreaterThan(1);
        expect(lines[b.line - 1], `${file}:${b.line}`).toBeTruthy();
      }
    }
  });

  it('derives the bad rows from the column types: each kind breaks the row for the import (or names an unknown member/employer, or repeats the key)', async () => {
    for (const spec of FILE_SPECS) {
      const good = (await goodRows(spec.file)).map((r) => r.row);
      const header = spec.columns.map((c) => c.name);
      const kinds = badRowKinds(spec);
      const whats = kinds.map((k) => k.what);
      expect(new Set(whats).size, spec.file).toBe(whats.length);
      for (const column of spec.columns) {
        if (column.type.kind !== 'text')
          expect(
            whats.some((w) => w.endsWith(`(${column.name})`)),
            `${spec.file} ${column.name}`,
          ).toBe(true);
        if (column.required) expect(whats, spec.file).toContain(`missing ${column.name}`);
      }
      for (const sample of [good[0], good[good.length >> 1], good.at(-1)].filter((r) => r !== undefined)) {
        const last = header.map((h) => sample[h] || null);
        for (const kind of kinds) {
          const made = kind.make(last, new Rng(kind.what), YEAR).map((v) => v ?? '');
          const problems = rowProblems(spec, header, made);
          if (kind.what.startsWith('duplicate key')) expect(made).toEqual(header.map((h) => sample[h]));
          else if (spec.ref && kind.what.startsWith(`${spec.ref.column} not in`)) {
            expect(problems, `${spec.file}: ${kind.what}`).toEqual([]);
            expect(made[header.indexOf(spec.ref.column)]).not.toBe(sample[spec.ref.column]);
          } else expect(problems.length, `${spec.file}: ${kind.what}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it("holds every scenario's facts verbatim, once, in a data set of its year (and in no other year)", async () => {
    const scenarios: Scenario[] = [...MEMBER_SCENARIOS, ...EMPLOYER_SCENARIOS];
    expect(new Set(scenarios.map((s) => s.key)).size).toBe(scenarios.length);
    for (const scenario of scenarios) {
      for (const [file, rows] of Object.entries(scenario.facts)) {
        const spec = SPECS.get(file)!;
        const written = new Set((await goodRows(file)).map((r) => spec.columns.map((c) => r.row[c.name]).join(',')));
        for (const row of rows)
          expect(written.has(spec.columns.map((c) => row[c.name] ?? '').join(',')), `${scenario.key} ${file}`).toBe(true);
      }
    }
    const dir = join(root, 'other-year');
    await generateDataset({ members: 20, employers: 0, year: YEAR + 1, seed: 'other', outDir: dir });
    expect(await readFile(join(dir, 'members.csv'), 'utf8')).not.toMatch(/\nY/);
  });

  it('references only members of members.csv and keeps memberships of a member apart', async () => {
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
});

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe('the § 19a files', () => {
  const rowsOf = async (file: string) => (await goodRows(file)).map((r) => r.row);

  it('carry the proofs the crediting must decide: sets across years, late, duplicates, both channels', async () => {
    const proofs = await rowsOf('bonus_proofs.csv');
    const [yStart, yEnd, deadline] = [`${YEAR}-01-01`, `${YEAR}-12-31`, `${YEAR + 1}-03-31`];
    const codes = new Set(proofs.map((p) => p.measure_code));
    const expected = [
      'CHILD_U1',
      'CHILD_U2',
      'CHILD_U3',
      'CHILD_U7A',
      'CHILD_U9',
      'CHILD_DENTAL_EARLY',
      'NEWBORN_HEARING',
      'YOUTH_J1',
      'YOUTH_J2',
      'VACCINATION',
      'HEALTH_CHECKUP',
      'CANCER_SCREENING',
      'DENTAL_CHECKUP',
      'PROFESSIONAL_CLEANING',
      'SPORTS_CLUB',
      'GYM_MEMBERSHIP',
      'FITNESS_TRACKER',
      'BLOOD_DONATION',
      'VACCINATION_TRAVEL',
    ];
    for (const code of expected) expect(codes.has(code), code).toBe(true);
    expect(proofs.every((p) => p.received_on! >= p.performed_on!)).toBe(true);
    const inY = proofs.filter((p) => p.performed_on! >= yStart && p.performed_on! <= yEnd).length;
    expect(inY / proofs.length).toBeGreaterThan(0.85);
    expect(proofs.some((p) => p.measure_code === 'CHILD_U1' && p.performed_on! < yStart)).toBe(true);
    const late = proofs.filter((p) => p.received_on! > deadline).length;
    expect(late).toBeGreaterThan(0);
    expect(late / proofs.length).toBeLessThan(0.05);
    expect(proofs.some((p) => p.received_on === deadline)).toBe(true);
    const channels = new Set(proofs.map((p) => p.channel));
    expect(channels).toEqual(new Set(['app', 'paper']));
    const sameProof = countBy(proofs, (p) => `${p.member_id} ${p.measure_code} ${p.performed_on}`);
    expect([...sameProof.values()].some((n) => n > 1)).toBe(true);
    // senders: § 18a participants, family-insured children, members without a declared participation
    const senders = new Set(proofs.map((p) => p.member_id));
    const idsWhere = async (file: string, kind: string) =>
      new Set((await rowsOf(file)).filter((r) => r.kind === kind).map((r) => r.member_id));
    const enrolled = await idsWhere('tariff_declarations.csv', 'enrol');
    const family = await idsWhere('memberships.csv', 'family');
    const participants = new Set((await rowsOf('bonus_participations.csv')).map((p) => p.member_id));
    expect([...senders].filter((m) => enrolled.has(m)).length).toBeGreaterThan(0);
    expect([...senders].filter((m) => family.has(m)).length).toBeGreaterThan(5);
    expect([...senders].filter((m) => !participants.has(m)).length).toBeGreaterThan(5);
  });

  it('carry activities of Y for every qualifying route, with days and months over the limits', async () => {
    const activities = await rowsOf('bonus_activities.csv');
    expect(activities.every((a) => a.activity_on!.startsWith(`${YEAR}-`))).toBe(true);
    // a missing value fails its condition (-1 is below every threshold)
    const n = (v: string | undefined) => (v ? Number(v) : -1);
    const routes = { kcal: 0, heartRate: 0, steps: 0, none: 0 };
    for (const a of activities) {
      const [minutes, kcal, bpm, steps] = [n(a.duration_min), n(a.kcal), n(a.avg_heart_rate), n(a.steps)];
      if (minutes >= 30 && kcal >= 150) routes.kcal++;
      else if (minutes >= 30 && bpm >= 120) routes.heartRate++;
      else if (steps >= 10000) routes.steps++;
      else routes.none++;
    }
    for (const [route, count] of Object.entries(routes)) expect(count, route).toBeGreaterThan(activities.length * 0.05);
    const perDay = countBy(activities, (a) => `${a.member_id} ${a.activity_on}`);
    expect([...perDay.values()].some((k) => k > 1)).toBe(true); // DAILY_LIMIT
    const daysPerMonth = countBy([...perDay.keys()], (day) => day.slice(0, -3));
    expect([...daysPerMonth.values()].some((k) => k > 15)).toBe(true); // MONTHLY_LIMIT
  });

  it('carry goals that are too long, below 80 %, overlapping and more than four a year', async () => {
    const goals = await rowsOf('bonus_goals.csv');
    const days = (g: Record<string, string>) => (Date.parse(g.completed_on!) - Date.parse(g.started_on!)) / 86_400_000 + 1;
    expect(goals.every((g) => Number(g.challenges_total) > 0)).toBe(true);
    expect(goals.some((g) => days(g) === 90) && goals.some((g) => days(g) > 90)).toBe(true);
    expect(goals.some((g) => Number(g.challenges_done) * 5 < Number(g.challenges_total) * 4)).toBe(true);
    expect(goals.some((g) => Number(g.challenges_done) * 5 === Number(g.challenges_total) * 4)).toBe(true);
    const byMember = new Map<string, Record<string, string>[]>();
    for (const g of goals) byMember.set(g.member_id!, [...(byMember.get(g.member_id!) ?? []), g]);
    const lists = [...byMember.values()].map((l) => l.sort((a, b) => (a.started_on! < b.started_on! ? -1 : 1)));
    expect(lists.some((l) => l.some((g, i) => i > 0 && g.started_on! <= l[i - 1]!.completed_on!))).toBe(true);
    expect(lists.some((l) => l.filter((g) => g.completed_on!.startsWith(`${YEAR}-`)).length > 4)).toBe(true);
  });

  it('carry balances, payouts of both kinds with their edge cases, and exclusions', async () => {
    const balances = await rowsOf('bonus_opening_balances.csv');
    expect(balances.every((b) => b.year === String(YEAR) || b.year === String(YEAR - 1))).toBe(true);
    expect(balances.some((b) => b.points === '0')).toBe(true);
    const payouts = await rowsOf('bonus_payout_requests.csv');
    const cash = payouts.filter((p) => p.kind === 'cash');
    const plus = payouts.filter((p) => p.kind === 'plus');
    expect(cash.every((p) => PLUS_COLUMNS.every((c) => p[c] === ''))).toBe(true);
    expect(cash.some((p) => Number(p.points) < 500)).toBe(true);
    expect(plus.some((p) => p.service_on! < '2023-01-01')).toBe(true);
    // DUPLICATE_PLUS_SERVICE: rare (a second PLUS request of one person), so in a bonus population
    const dir = join(root, 'bonus-bench');
    await generateDataset({ members: 3000, employers: 0, year: YEAR, seed: 'receipts', outDir: dir, profile: 'bonus-bench' });
    const receipts = (await records(dir, 'bonus_payout_requests.csv')).map((r) => r.record[5]).filter((r) => r);
    expect(new Set(receipts).size).toBeLessThan(receipts.length);
    expect(payouts.some((p) => p.requested_on! > `${YEAR}-12-31`)).toBe(true);
    expect((await rowsOf('bonus_exclusions.csv')).length).toBeGreaterThan(0);
  });
});

describe("AOK Nordost's bonus-plan files (issue 14)", () => {
  const rowsOf = async (file: string) => (await goodRows(file)).map((r) => r.row);
  const NORDOST: readonly string[] = NORDOST_BONUS_PLAN_FILES;

  it('leave every other file byte-identical: they draw from streams of their own (none at share 0: headers only)', async () => {
    const dir = join(root, 'no-nordost');
    await generateDataset({ members: MEMBERS, employers: 0, year: YEAR, seed: 'unit-test', outDir: dir, nordostShare: 0 });
    for (const file of MEMBER_FILES.filter((f) => !NORDOST.includes(f))) {
      expect(Buffer.compare(await readFile(join(dir, file)), await readFile(join(dirA, file))), file).toBe(0);
    }
    for (const file of NORDOST) {
      const text = await readFile(join(dir, file), 'utf8');
      // share 0: at most the stray declarations of non-participants, no proof or history but the
      // worked examples' (src/scenarios/nordost-bonus-plan.ts)
      const scenarioRows = MEMBER_SCENARIOS.flatMap((s) => s.facts[file] ?? []).length;
      if (file !== 'bonus_plan_declarations.csv') expect(text.trimEnd().split('\n'), file).toHaveLength(1 + scenarioRows);
      expect((await readFile(join(dirA, file), 'utf8')).length, file).toBeGreaterThan(text.length);
    }
  });

  it('take a few per cent of the members into the plan, with every kind of declaration, classes 1–3, and rejections to make', async () => {
    const members = await rowsOf('members.csv');
    const declarations = await rowsOf('bonus_plan_declarations.csv');
    const enrolled = new Set(declarations.filter((d) => d.kind === 'enrol').map((d) => d.member_id));
    expect(enrolled.size / members.length).toBeGreaterThan(0.01);
    expect(enrolled.size / members.length).toBeLessThan(0.1);
    expect(new Set(declarations.map((d) => d.kind))).toEqual(new Set(['enrol', 'class_change', 'cancel', 'hardship_cancel']));
    expect(new Set(declarations.filter((d) => d.declared_class).map((d) => d.declared_class))).toEqual(new Set(['1', '2', '3']));
    // declarations that start a participation in Y and earlier years: the history has something to cover
    expect(declarations.some((d) => d.kind === 'enrol' && d.received_on! < `${YEAR - 1}-01-01`)).toBe(true);
    expect(declarations.some((d) => d.kind === 'enrol' && d.received_on! >= `${YEAR}-01-01`)).toBe(true);
    // a class change or cancel of a member who never enrolled (DECLARATION_OUT_OF_ORDER)
    expect(declarations.some((d) => d.kind !== 'enrol' && !enrolled.has(d.member_id))).toBe(true);
  });

  it('carry the proofs the job must decide: late, outside the participation, twice a year, of Y−1, every path', async () => {
    const proofs = await rowsOf('bonus_plan_health_proofs.csv');
    const declarations = await rowsOf('bonus_plan_declarations.csv');
    const [yStart, yEnd, deadline] = [`${YEAR}-01-01`, `${YEAR}-12-31`, `${YEAR + 1}-03-31`];
    const inY = proofs.filter((p) => p.performed_on! >= yStart && p.performed_on! <= yEnd);
    expect(new Set(proofs.map((p) => p.path))).toEqual(new Set(['prevention_set', 'sports_badge', 'fitness_test']));
    expect(inY.filter((p) => p.received_on! > deadline).length).toBeGreaterThan(0);
    expect(proofs.some((p) => p.performed_on! < yStart)).toBe(true);
    expect([...countBy(inY, (p) => p.member_id!).values()].some((n) => n > 1)).toBe(true);
    // performed before the enrolment took effect (the first of the month after its receipt)
    const firstEnrolment = new Map<string, string>();
    for (const d of declarations)
      if (d.kind === 'enrol' && !firstEnrolment.has(d.member_id!)) firstEnrolment.set(d.member_id!, d.received_on!);
    expect(inY.some((p) => p.performed_on! <= `${firstEnrolment.get(p.member_id!)!.slice(0, 7)}-31`)).toBe(true);
    // only participants send proofs
    expect(proofs.every((p) => firstEnrolment.has(p.member_id!))).toBe(true);
  });

  it('carry the claim-free months at the end of Y−1 of participations begun before Y, a few missing', async () => {
    const history = await rowsOf('bonus_plan_history.csv');
    const declarations = await rowsOf('bonus_plan_declarations.csv');
    expect(history.length).toBeGreaterThan(0);
    for (const h of history) {
      expect(h.year).toBe(String(YEAR - 1));
      expect(h.participation_start! < `${YEAR}-01-01` && h.participation_start!.endsWith('-01')).toBe(true);
      expect(Number(h.claim_free_months)).toBeLessThanOrEqual(monthsOfParticipation(h.participation_start!, YEAR - 1));
    }
    expect(history.some((h) => Number(h.claim_free_months) >= 36)).toBe(true);
    expect(history.some((h) => Number(h.claim_free_months) < 12)).toBe(true);
    const withHistory = new Set(history.map((h) => h.member_id));
    const enrolledBefore = declarations.filter(
      (d) =>
        d.kind === 'enrol' &&
        d.received_on! < `${YEAR - 1}-11-01` &&
        !declarations.some((c) => c.member_id === d.member_id && c.kind !== 'enrol'),
    );
    expect(enrolledBefore.some((d) => !withHistory.has(d.member_id!))).toBe(true);
  });
});

describe('the U1/U2 files', () => {
  const rowsOf = async (file: string) => (await goodRows(file)).map((r) => r.row);
  const scenarioEmployer = (key: string) => EMPLOYER_SCENARIOS.find((s) => s.key === key)!.facts['employers.csv']![0]!.employer_id!;

  it('name employers by valid, unique Betriebsnummern and reference only them', async () => {
    const ids = (await rowsOf('employers.csv')).map((r) => r.employer_id!);
    expect(ids.length).toBe(EMPLOYERS + EMPLOYER_SCENARIOS.length);
    expect(ids.every(isValidBetriebsnummer)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const known = new Set(ids);
    for (const { key } of EMPLOYER_SCENARIOS) expect(known.has(scenarioEmployer(key)), key).toBe(true);
    expect(known.has('09912342')).toBe(true);
    const unknown: string[] = [];
    for (const file of LEVY_FILES.filter((f) => f !== 'employers.csv' && f !== 'levy_fund_balances.csv')) {
      for (const { line, row } of await goodRows(file)) if (!known.has(row.employer_id!)) unknown.push(`${file}:${line}`);
    }
    // every pay row and claim names an employee of that employer
    const staff = new Set((await rowsOf('employments.csv')).map((r) => `${r.employer_id} ${r.employee_id}`));
    for (const file of ['pay_months.csv', 'reimbursement_claims.csv']) {
      for (const { line, row } of await goodRows(file)) {
        if (!staff.has(`${row.employer_id} ${row.employee_id}`)) unknown.push(`${file}:${line}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('carry employers of every size and existence, with elections and history', async () => {
    const employers = await rowsOf('employers.csv');
    const [yStart, yEnd] = [`${YEAR}-01-01`, `${YEAR}-12-31`];
    expect(employers.some((e) => e.account_opened_on! < `${YEAR - 10}-01-01`)).toBe(true);
    expect(employers.some((e) => e.account_opened_on === yStart)).toBe(true);
    expect(employers.filter((e) => e.account_opened_on! > yStart && e.account_opened_on! <= yEnd).length).toBeGreaterThan(50);
    const founded = employers.filter((e) => e.account_opened_on! > yEnd);
    expect(founded.some((e) => e.expected_headcount === '')).toBe(true);
    expect(founded.some((e) => e.expected_headcount === '30')).toBe(true);
    expect(employers.filter((e) => e.account_opened_on! <= yEnd && e.expected_headcount !== '')).toEqual([]);
    expect(employers.filter((e) => e.closed_on! >= yStart && e.closed_on! <= yEnd).length).toBeGreaterThan(20);
    expect(employers.filter((e) => e.u1_exempt === 'true').length).toBeGreaterThan(10);
    expect(employers.filter((e) => e.aag_exempt === 'true').length).toBeGreaterThan(5);
    expect(employers.some((e) => e.u1_exempt === 'true' && e.aag_exempt === 'true')).toBe(false);
    // sizes around the limit: people per employer
    const people = new Map<string, Set<string>>();
    for (const r of await rowsOf('employments.csv')) {
      people.set(r.employer_id!, (people.get(r.employer_id!) ?? new Set()).add(r.employee_id!));
    }
    const sizes = [...people.values()].map((p) => p.size);
    expect(sizes.filter((k) => k <= 5).length).toBeGreaterThan(sizes.length * 0.4);
    expect(sizes.filter((k) => k >= 22 && k <= 45).length).toBeGreaterThan(sizes.length * 0.05);
    expect(sizes.filter((k) => k > 60).length).toBeGreaterThan(5);
    const elections = await rowsOf('u1_elections.csv');
    const forY = elections.filter((e) => e.year === String(YEAR));
    expect(forY.some((e) => e.received_on === `${YEAR}-02-28`)).toBe(true);
    expect(forY.some((e) => e.received_on === `${YEAR}-03-01`)).toBe(true);
    expect(forY.some((e) => e.received_on!.startsWith(`${YEAR - 1}-12-`))).toBe(true);
    expect(forY.filter((e) => e.received_on! > `${YEAR}-03-01`).length).toBeGreaterThan(10);
    expect(elections.some((e) => e.year === String(YEAR + 1))).toBe(true);
    expect(new Set(elections.map((e) => e.tariff))).toEqual(new Set(['50', '65']));
    const history = await rowsOf('u1_history.csv');
    const previous = history.filter((h) => h.year === String(YEAR - 1));
    expect(previous.filter((h) => h.tariff !== '').length).toBeGreaterThan(employers.length * 0.6);
    const current = new Set(history.filter((h) => h.year === String(YEAR)).map((h) => h.employer_id));
    const existing = employers.filter((e) => e.account_opened_on! <= yEnd && !(e.closed_on && e.closed_on < yStart));
    const missing = existing.filter((e) => e.u1_exempt === 'false' && e.aag_exempt === 'false' && !current.has(e.employer_id));
    expect(missing.length).toBeGreaterThan(10); // HISTORY_MISSING
    expect(missing.length).toBeLessThan(existing.length * 0.15);
  });

  it('carry employments of every category and hours, hires on the 1st and the 2nd', async () => {
    const employments = await rowsOf('employments.csv');
    expect(new Set(employments.map((e) => e.category))).toEqual(new Set(EMPLOYMENT_CATEGORIES));
    const hours = new Set(employments.map((e) => e.weekly_hours));
    for (const h of ['0', '10', '10.5', '20', '30', '30.25', '40']) expect(hours.has(h), h).toBe(true);
    const inY = employments.filter((e) => e.valid_from!.startsWith(`${YEAR}-`));
    expect(inY.filter((e) => e.valid_from!.endsWith('-01')).length).toBeGreaterThan(50);
    expect(inY.filter((e) => e.valid_from!.endsWith('-02')).length).toBeGreaterThan(10);
    const elsewhere = employments.filter((e) => e.insured_with_fund === 'false').length;
    expect(elsewhere).toBeGreaterThan(employments.length * 0.03);
    expect(elsewhere).toBeLessThan(employments.length * 0.2);
    expect(employments.filter((e) => e.valid_to !== '' && e.valid_to! <= `${YEAR}-12-31`).length).toBeGreaterThan(100);
  });

  it('carry pay around the ceiling, partial months, one-time pay and short jobs', async () => {
    const pay = await rowsOf('pay_months.csv');
    expect(pay.every((p) => p.month!.startsWith(`${YEAR}-`))).toBe(true);
    const days = pay.map((p) => Number(p.sv_days));
    expect(days.filter((d) => d === 30).length).toBeGreaterThan(pay.length * 0.8);
    expect(days.some((d) => d > 0 && d < 30) && days.some((d) => d === 0)).toBe(true);
    const regular = pay.map((p) => Number(p.pay_regular));
    expect(regular.filter((r) => r > 8050).length).toBeGreaterThan(pay.length * 0.005);
    expect(pay.some((p) => p.pay_regular === '8050.00') && pay.some((p) => p.pay_regular === '8050.01')).toBe(true);
    expect(pay.some((p) => p.sv_days === '0' && Number(p.pay_regular) > 0)).toBe(true);
    const oneTime = pay.filter((p) => p.pay_one_time !== '0.00');
    expect(oneTime.filter((p) => p.month === `${YEAR}-11`).length).toBeGreaterThan(oneTime.length * 0.3);
    expect(pay.some((p) => p.short_no_efzg === 'true')).toBe(true);
  });

  it('declare, some months missing and some without pay; claims of every kind', async () => {
    const declarations = await rowsOf('levy_declarations.csv');
    const pay = await rowsOf('pay_months.csv');
    const paid = new Set(pay.map((p) => `${p.employer_id} ${p.month}`));
    const keys = new Set(declarations.map((d) => `${d.employer_id} ${d.month}`));
    expect(declarations.filter((d) => !paid.has(`${d.employer_id} ${d.month}`)).length).toBeGreaterThan(5);
    expect([...paid].filter((k) => !keys.has(k)).length).toBeGreaterThan(10);
    expect(declarations.some((d) => d.declared_u1 === '' && d.declared_u2 !== '')).toBe(true);
    const claims = await rowsOf('reimbursement_claims.csv');
    expect(new Set(claims.map((c) => c.kind))).toEqual(new Set(CLAIM_KINDS));
    const days = (c: Record<string, string>) => (Date.parse(c.period_to!) - Date.parse(c.period_from!)) / 86_400_000 + 1;
    expect(claims.filter((c) => c.kind!.startsWith('u1') && days(c) > 42).length).toBeGreaterThan(5);
    expect(claims.some((c) => c.kind === 'u1_rehab' && days(c) === 42)).toBe(true);
    expect(claims.every((c) => (c.kind === 'u2_employment_ban') === (c.employer_contributions !== ''))).toBe(true);
    const example = claims.find((c) => c.employer_id === scenarioEmployer('LEVY_EXAMPLE_U1_CLAIM_T50'))!;
    expect([example.kind, days(example), example.continued_pay]).toEqual(['u1_sickness', 14, '5000.00']);
    const byPerson = countBy(claims, (c) => `${c.employer_id} ${c.employee_id} ${c.kind}`);
    expect([...byPerson.values()].filter((k) => k > 1).length).toBeGreaterThan(3);
    const elsewhere = new Set((await rowsOf('employments.csv')).filter((e) => e.insured_with_fund === 'false').map((e) => e.employee_id));
    expect(claims.filter((c) => elsewhere.has(c.employee_id!)).length).toBeGreaterThan(3);
    const balances = await rowsOf('levy_fund_balances.csv');
    expect(balances.map((b) => [b.procedure, b.year])).toEqual([
      ['U1', String(YEAR)],
      ['U2', String(YEAR)],
    ]);
  });

  it('put an election on 29 February in a leap year', async () => {
    const dir = join(root, 'leap');
    await generateDataset({ members: 0, employers: 400, year: 2028, seed: 'leap', outDir: dir });
    const text = await readFile(join(dir, 'u1_elections.csv'), 'utf8');
    expect(text).toMatch(/,2028,(50|65),2028-02-29\n/);
  });
});

describe("the payees' bank accounts and addresses (issue 13)", () => {
  const rowsOf = async (file: string) => (await goodRows(file)).map((r) => r.row);

  it('give most members and employers a SEPA account, a few members none, the deceased theirs, and one Swiss account without an address', async () => {
    const accounts = await rowsOf('bank_accounts.csv');
    const addresses = await rowsOf('addresses.csv');
    const members = await rowsOf('members.csv');
    const withAccount = new Set(accounts.map((a) => a.member_id).filter((m) => m));
    const without = members.filter((m) => !withAccount.has(m.member_id!));
    expect(without.length).toBeGreaterThan(0);
    expect(without.length).toBeLessThan(members.length * 0.03);
    const deceased = members.filter((m) => m.died_on);
    expect(deceased.length).toBeGreaterThan(0);
    expect(deceased.every((m) => withAccount.has(m.member_id!))).toBe(true);
    expect(accounts.every((a) => isValidIBAN(a.iban!) && !/\s/.test(a.iban!))).toBe(true);
    const swiss = accounts.filter((a) => a.iban!.startsWith('CH'));
    expect(swiss).toHaveLength(1);
    expect(addresses.some((a) => a.member_id === swiss[0]!.member_id)).toBe(false);
    expect(accounts.some((a) => a.holder_is_party === 'false')).toBe(true);
    expect(accounts.some((a) => /[äöüß]/i.test(a.account_holder!))).toBe(true);
    expect(new Set(accounts.filter((a) => a.employer_id).map((a) => a.employer_id)).size).toBeGreaterThan(EMPLOYERS * 0.9);
    // periods of one party never overlap (the import refuses that); some members changed accounts
    for (const rows of [accounts, addresses]) {
      const byParty = new Map<string, typeof rows>();
      for (const r of rows) byParty.set(`${r.member_id}|${r.employer_id}`, [...(byParty.get(`${r.member_id}|${r.employer_id}`) ?? []), r]);
      for (const periods of byParty.values()) {
        const sorted = periods.sort((a, b) => (a.valid_from! < b.valid_from! ? -1 : 1));
        for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1]!.valid_to! < sorted[i]!.valid_from!).toBe(true);
      }
    }
    expect(withAccount.size).toBeLessThan(accounts.filter((a) => a.member_id).length);
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
