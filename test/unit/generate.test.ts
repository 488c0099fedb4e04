import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIsoDate } from '../../src/dates.ts';
import { isValidBetriebsnummer, isValidKvnr } from '../../src/ids.ts';
import { isMoneyString } from '../../src/money.ts';
import { BAD_ROW_MAKERS } from '../../src/generate/bad-rows.ts';
import { BONUS_EDGE_CASES } from '../../src/generate/bonus-edge-cases.ts';
import { csvLine } from '../../src/generate/csv-writer.ts';
import { edgeCaseMembers, generateDataset, type GeneratedFile } from '../../src/generate/index.ts';
import { levyEdgeCaseEmployers } from '../../src/generate/levy.ts';
import { levyBadRowMakers } from '../../src/generate/levy-bad-rows.ts';
import { LevyIds } from '../../src/generate/levy-model.ts';
import type { IdSource } from '../../src/generate/model.ts';
import { IdCounters } from '../../src/generate/output.ts';
import { Rng } from '../../src/generate/random.ts';

/** Headers as data-contract.md lists them: the member files (written whatever `employers` is)… */
const MEMBER_HEADERS: Record<string, string[]> = {
  'members.csv': ['member_id', 'birth_date', 'died_on'],
  'memberships.csv': ['member_id', 'valid_from', 'valid_to', 'kind'],
  'third_party_periods.csv': ['member_id', 'valid_from', 'valid_to'],
  'annual_income.csv': ['member_id', 'year', 'contributory_income', 'member_contributions'],
  'tariff_declarations.csv': ['declaration_id', 'member_id', 'kind', 'received_on', 'declared_class'],
  'outpatient_treatments.csv': ['claim_id', 'member_id', 'treated_on', 'with_prescription', 'category'],
  'inpatient_stays.csv': ['claim_id', 'member_id', 'admitted_on', 'discharged_on', 'category'],
  'bonus_participations.csv': ['member_id', 'valid_from', 'valid_to'],
  'bonus_exclusions.csv': ['member_id', 'valid_from', 'valid_to'],
  'bonus_proofs.csv': ['proof_id', 'member_id', 'measure_code', 'performed_on', 'received_on', 'channel'],
  'bonus_activities.csv': ['activity_id', 'member_id', 'activity_on', 'duration_min', 'kcal', 'avg_heart_rate', 'steps'],
  'bonus_goals.csv': ['goal_id', 'member_id', 'started_on', 'completed_on', 'challenges_total', 'challenges_done'],
  'bonus_opening_balances.csv': ['member_id', 'year', 'points'],
  'bonus_payout_requests.csv': [
    'payout_id',
    'member_id',
    'requested_on',
    'kind',
    'points',
    'receipt_id',
    'service_code',
    'service_on',
    'cost',
  ],
};
/** …and the U1/U2 files (only with `employers` > 0). */
const LEVY_HEADERS: Record<string, string[]> = {
  'employers.csv': ['employer_id', 'name', 'account_opened_on', 'closed_on', 'u1_exempt', 'aag_exempt', 'expected_headcount'],
  'u1_elections.csv': ['employer_id', 'year', 'tariff', 'received_on'],
  'u1_history.csv': ['employer_id', 'year', 'participates', 'tariff'],
  'employments.csv': ['employer_id', 'employee_id', 'valid_from', 'valid_to', 'category', 'weekly_hours', 'insured_with_fund'],
  'pay_months.csv': ['employer_id', 'employee_id', 'month', 'sv_days', 'pay_regular', 'pay_one_time', 'short_no_efzg'],
  'levy_declarations.csv': ['employer_id', 'month', 'declared_u1', 'declared_u2'],
  'reimbursement_claims.csv': [
    'claim_id',
    'employer_id',
    'employee_id',
    'kind',
    'period_from',
    'period_to',
    'continued_pay',
    'employer_contributions',
  ],
  'levy_fund_balances.csv': ['procedure', 'year', 'opening_balance'],
};
const CONTRACT_HEADERS: Record<string, string[]> = { ...MEMBER_HEADERS, ...LEVY_HEADERS };
const MEMBER_FILES = Object.keys(MEMBER_HEADERS);
const LEVY_FILES = Object.keys(LEVY_HEADERS);

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
  'bonus_exclusions.csv': ['member_id', 'valid_from'],
  'bonus_proofs.csv': ['proof_id'],
  'bonus_activities.csv': ['activity_id'],
  'bonus_goals.csv': ['goal_id'],
  'bonus_opening_balances.csv': ['member_id', 'year'],
  'bonus_payout_requests.csv': ['payout_id'],
  'employers.csv': ['employer_id'],
  'u1_elections.csv': ['employer_id', 'year', 'received_on'],
  'u1_history.csv': ['employer_id', 'year'],
  'employments.csv': ['employer_id', 'employee_id', 'valid_from'],
  'pay_months.csv': ['employer_id', 'employee_id', 'month'],
  'levy_declarations.csv': ['employer_id', 'month'],
  'reimbursement_claims.csv': ['claim_id'],
  'levy_fund_balances.csv': ['procedure', 'year'],
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
  'bonus_exclusions.csv': ['member_id', 'valid_from'],
  'bonus_proofs.csv': ['proof_id', 'member_id', 'measure_code', 'performed_on', 'received_on', 'channel'],
  'bonus_activities.csv': ['activity_id', 'member_id', 'activity_on'],
  'bonus_goals.csv': ['goal_id', 'member_id', 'started_on', 'completed_on', 'challenges_total', 'challenges_done'],
  'bonus_opening_balances.csv': ['member_id', 'year', 'points'],
  'bonus_payout_requests.csv': ['payout_id', 'member_id', 'requested_on', 'kind', 'points'],
  'employers.csv': ['employer_id', 'name', 'account_opened_on', 'u1_exempt', 'aag_exempt'],
  'u1_elections.csv': ['employer_id', 'year', 'tariff', 'received_on'],
  'u1_history.csv': ['employer_id', 'year', 'participates'],
  'employments.csv': ['employer_id', 'employee_id', 'valid_from', 'category', 'weekly_hours', 'insured_with_fund'],
  'pay_months.csv': ['employer_id', 'employee_id', 'month', 'sv_days', 'pay_regular', 'pay_one_time', 'short_no_efzg'],
  'levy_declarations.csv': ['employer_id', 'month'],
  'reimbursement_claims.csv': ['claim_id', 'employer_id', 'employee_id', 'kind', 'period_from', 'period_to', 'continued_pay'],
  'levy_fund_balances.csv': ['procedure', 'year', 'opening_balance'],
};

/** The measure codes of the points table (rules-19a-bonus.md). */
const MEASURE_CODES = [
  'VACCINATION',
  'HEALTH_CHECKUP',
  'CANCER_SCREENING',
  'CHILD_U1',
  'CHILD_U2',
  'CHILD_U3',
  'CHILD_U4',
  'CHILD_U5',
  'CHILD_U6',
  'CHILD_U7',
  'CHILD_U7A',
  'CHILD_U8',
  'CHILD_U9',
  'CHILD_DENTAL_EARLY',
  'NEWBORN_HEARING',
  'YOUTH_J1',
  'VACCINATION_EXTRA',
  'VACCINATION_TRAVEL',
  'DENTAL_CHECKUP',
  'PROFESSIONAL_CLEANING',
  'PREGNANCY_CHECKUP',
  'NON_SMOKING_COURSE',
  'FITNESS_EXAM',
  'CHILD_U10',
  'CHILD_U11',
  'YOUTH_J2',
  'SPORTS_MEDICAL_EXAM',
  'SKIN_CHECK',
  'SPORTS_EVENT',
  'SPORTS_BADGE',
  'SPORTS_CLUB',
  'GYM_MEMBERSHIP',
  'FITNESS_TRACKER',
  'BONE_MARROW_TYPING',
  'BLOOD_DONATION',
];
/** The files of the § 19a module (bonus_participations.csv is an earlier module's). */
const BONUS_FILES = Object.keys(CONTRACT_HEADERS).filter((f) => /^bonus_(?!participations)/.test(f));
const MEASUREMENTS = ['duration_min', 'kcal', 'avg_heart_rate', 'steps'];
const WHOLE_NUMBERS = ['points', 'challenges_total', 'challenges_done'];
const PLUS_COLUMNS = ['receipt_id', 'service_code', 'service_on', 'cost'];

const CATEGORIES = ['regular', 'pregnancy', 'prevention', 'contraception'];
const AAG_CATEGORIES = [
  'regular',
  'minijob',
  'apprentice',
  'severely_disabled',
  'parental_leave',
  'voluntary_service',
  'partial_retirement_release',
  'early_retirement',
  'home_worker',
];
const CLAIM_KINDS = ['u1_sickness', 'u1_rehab', 'u2_maternity_subsidy', 'u2_employment_ban'];
const BOOLEANS = ['u1_exempt', 'aag_exempt', 'participates', 'insured_with_fund', 'short_no_efzg'];
const LEVY_MONEY = ['pay_regular', 'pay_one_time', 'declared_u1', 'declared_u2', 'continued_pay'];
const DECIMALS = ['weekly_hours', 'expected_headcount'];
const ENUMS: Record<string, string[]> = {
  'memberships.csv kind': ['mandatory', 'voluntary', 'family'],
  'tariff_declarations.csv kind': ['enrol', 'class_change', 'cancel', 'hardship_cancel'],
  'outpatient_treatments.csv category': CATEGORIES,
  'outpatient_treatments.csv with_prescription': ['true', 'false'],
  'inpatient_stays.csv category': CATEGORIES,
  'bonus_proofs.csv measure_code': MEASURE_CODES,
  'bonus_proofs.csv channel': ['app', 'paper'],
  'bonus_payout_requests.csv kind': ['cash', 'plus'],
  'u1_elections.csv tariff': ['50', '65'],
  'u1_history.csv tariff': ['50', '65'],
  'employments.csv category': AAG_CATEGORIES,
  'reimbursement_claims.csv kind': CLAIM_KINDS,
  'levy_fund_balances.csv procedure': ['U1', 'U2'],
};

type Parsed = { record: string[]; info: { lines: number } }[];

/** What data-contract.md forbids in one row (keys are checked by the caller); `members` and
 *  `employers` null: references not checked (the file that defines them). */
function contractProblems(
  file: string,
  row: Record<string, string>,
  members: Set<string> | null,
  employers: Set<string> | null = null,
): string[] {
  const problems: string[] = [];
  for (const column of REQUIRED[file]!) if (row[column] === '') problems.push(`missing ${column}`);
  for (const [column, value] of Object.entries(row)) {
    if (value === '') continue;
    const allowed = ENUMS[`${file} ${column}`];
    if (allowed && !allowed.includes(value)) problems.push(`${column}: unknown value`);
    if (/(_on|_from|_to|birth_date)$/.test(column) && !isIsoDate(value)) problems.push(`${column}: bad date`);
    if (/income|contributions|^cost$/.test(column) && (!isMoneyString(value) || value.startsWith('-'))) {
      problems.push(`${column}: bad money`);
    }
    // activity measurements: non-negative numbers with at most 2 decimals
    if (MEASUREMENTS.includes(column) && !/^[0-9]+(\.[0-9]{1,2})?$/.test(value)) problems.push(`${column}: bad number`);
    if (WHOLE_NUMBERS.includes(column) && !/^[0-9]+$/.test(value)) problems.push(`${column}: not a whole number ≥ 0`);
    if (BOOLEANS.includes(column) && value !== 'true' && value !== 'false') problems.push(`${column}: not a boolean`);
    if (LEVY_MONEY.includes(column) && (!isMoneyString(value) || value.startsWith('-'))) problems.push(`${column}: bad money`);
    if (column === 'opening_balance' && !isMoneyString(value)) problems.push(`${column}: bad money`);
    if (DECIMALS.includes(column) && !/^[0-9]+(\.[0-9]{1,2})?$/.test(value)) problems.push(`${column}: bad number`);
    if (column === 'month' && !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(value)) problems.push('month: not YYYY-MM');
    if (column === 'sv_days' && !(/^[0-9]+$/.test(value) && Number(value) <= 30)) problems.push('sv_days: not 0–30');
  }
  if (row.member_id !== undefined) {
    if (row.member_id && !isValidKvnr(row.member_id)) problems.push('member_id: bad KVNR');
    else if (members && !members.has(row.member_id)) problems.push('member_id: unknown member');
  }
  if (row.employer_id !== undefined) {
    if (!isValidBetriebsnummer(row.employer_id)) problems.push('employer_id: bad Betriebsnummer');
    else if (employers && !employers.has(row.employer_id)) problems.push('employer_id: unknown employer');
  }
  if (row.year !== undefined && row.year !== '' && !/^\d{4}$/.test(row.year)) problems.push('year: not a year');
  // intervals are compared only between valid dates (a bad date is one problem, not two)
  const before = (from: string | undefined, to: string | undefined) => !!from && !!to && isIsoDate(from) && isIsoDate(to) && to < from;
  if (before(row.valid_from, row.valid_to)) problems.push('valid_to before valid_from');
  if (before(row.admitted_on, row.discharged_on)) problems.push('discharged early');
  if (before(row.started_on, row.completed_on)) problems.push('completed before started');
  if (before(row.account_opened_on, row.closed_on)) problems.push('closed before opened');
  if (before(row.period_from, row.period_to)) problems.push('period_to before period_from');
  const [total, done] = [row.challenges_total ?? '', row.challenges_done ?? ''];
  if (/^[0-9]+$/.test(total) && /^[0-9]+$/.test(done) && Number(done) > Number(total)) problems.push('challenges_done');
  if (file === 'bonus_payout_requests.csv' && row.kind === 'plus') {
    for (const column of PLUS_COLUMNS) if (row[column] === '') problems.push(`missing ${column} (plus)`);
  }
  if (file === 'tariff_declarations.csv') {
    const needsClass = row.kind === 'enrol' || row.kind === 'class_change';
    if (needsClass ? !/^[1-6]$/.test(row.declared_class!) : row.declared_class !== '') problems.push('declared_class');
  }
  return problems;
}

const YEAR = 2025;
const MEMBERS = 2000;
/** enough for bad rows in the U1/U2 files (≥ 500 rows each but for elections and balances) */
const EMPLOYERS = 1500;

interface Result {
  files: GeneratedFile[];
  badRows: { file: string; line: number; what: string }[];
}

let root: string;
let dirA: string;
let resultA: Result;

type Rows = { line: number; row: Record<string, string> }[];
const parsedRows = new Map<string, Promise<Rows>>();

/** Good rows of a file as objects (bad lines skipped), with their physical line numbers (parsed
 *  once per file: the U1/U2 files are large; callers do not change them). */
function goodRows(file: string): Promise<Rows> {
  let rows = parsedRows.get(file);
  if (!rows) parsedRows.set(file, (rows = parseGoodRows(file)));
  return rows;
}

async function parseGoodRows(file: string): Promise<Rows> {
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
  resultA = await generateDataset({ members: MEMBERS, employers: EMPLOYERS, year: YEAR, seed: 'unit-test', outDir: dirA });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateDataset', () => {
  it('is deterministic: same options give identical bytes, another seed differs', async () => {
    const dirB = join(root, 'b');
    const dirC = join(root, 'c');
    const options = { members: MEMBERS, employers: EMPLOYERS, year: YEAR };
    const resultB = await generateDataset({ ...options, seed: 'unit-test', outDir: dirB });
    await generateDataset({ ...options, seed: 'another seed', outDir: dirC });
    expect(resultB).toEqual(resultA);
    const differs = new Set<string>();
    for (const file of Object.keys(CONTRACT_HEADERS)) {
      const a = await readFile(join(dirA, file));
      expect(Buffer.compare(a, await readFile(join(dirB, file))), file).toBe(0);
      if (Buffer.compare(a, await readFile(join(dirC, file))) !== 0) differs.add(file);
    }
    expect(differs.has('members.csv')).toBe(true);
    expect(differs.has('pay_months.csv')).toBe(true);
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
    const employers = new Set<string>();
    for (const file of Object.keys(CONTRACT_HEADERS)) {
      const text = await readFile(join(dirA, file), 'utf8');
      const records = parse(text, { info: true, relax_column_count: true }) as unknown as Parsed;
      const header = records[0]!.record;
      const seen = new Set<string>();
      const rejected: number[] = [];
      for (const { record, info } of records.slice(1)) {
        const row = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
        const key = KEYS[file]!.map((k) => row[k]).join('|');
        const problems = contractProblems(file, row, file === 'members.csv' ? null : members, file === 'employers.csv' ? null : employers);
        const ok = problems.length === 0 && !seen.has(key);
        if (!ok) rejected.push(info.lines);
        if (ok) seen.add(key);
        if (ok && file === 'members.csv') members.add(row.member_id!);
        if (ok && file === 'employers.csv') employers.add(row.employer_id!);
      }
      const listed = resultA.badRows.filter((b) => b.file === file).map((b) => b.line);
      expect(rejected, file).toEqual(listed);
    }
  });

  it('references only members of members.csv and keeps memberships of a member apart', async () => {
    const members = new Set((await goodRows('members.csv')).map((r) => r.row.member_id));
    for (const file of MEMBER_FILES) {
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

/** Ids no good row has (the data set's counters hand out ids after the good rows' ones). */
function freshIds(): IdSource {
  const counters = new IdCounters();
  let n = 0;
  const fresh = () => `NEW-${++n}`;
  return {
    nextDeclarationId: fresh,
    nextClaimId: fresh,
    nextProofId: fresh,
    nextActivityId: fresh,
    nextGoalId: fresh,
    nextPayoutId: fresh,
    nextReceiptId: fresh,
    unknownMemberId: () => counters.unknownMemberId(),
    unknownMemberIdOf: (file) => counters.unknownMemberIdOf(file),
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe('the § 19a files', () => {
  const rowsOf = async (file: string) => (await goodRows(file)).map((r) => r.row);

  it('make every bad row of every file break exactly one contract rule (or repeat a key)', async () => {
    const members = new Set((await rowsOf('members.csv')).map((r) => r.member_id!));
    for (const [file, makers] of Object.entries(BAD_ROW_MAKERS)) {
      const header = CONTRACT_HEADERS[file]!;
      const good = await rowsOf(file);
      // the first, a middle and the last good row, and for payouts a cash and a plus request
      const kinds = ['cash', 'plus'].map((k) => good.find((r) => r.kind === k));
      const samples = [good[0], good[good.length >> 1], good.at(-1), ...kinds];
      for (const sample of samples.filter((r) => r !== undefined)) {
        const last = header.map((h) => sample[h] || null);
        const key = (row: Record<string, string>) => KEYS[file]!.map((k) => row[k]).join('|');
        for (const maker of makers) {
          const made = maker({ file, header, last, year: YEAR, ids: freshIds() });
          const row = Object.fromEntries(header.map((h, i) => [h, String(made.fields[i] ?? '')]));
          const problems = contractProblems(file, row, file === 'members.csv' ? null : members);
          if (key(row) === key(sample)) problems.push('duplicate key');
          expect(problems, `${file}: ${made.what}`).toHaveLength(1);
        }
      }
    }
  });

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
    const receipts = plus.map((p) => p.receipt_id);
    expect(new Set(receipts).size).toBeLessThan(receipts.length); // DUPLICATE_PLUS_SERVICE
    expect(payouts.some((p) => p.requested_on! > `${YEAR}-12-31`)).toBe(true);
    expect((await rowsOf('bonus_exclusions.csv')).length).toBeGreaterThan(0);
  });

  it('contain the worked examples 1–8 and the rules’ edge cases, after everyone else', async () => {
    const bonusEdges = edgeCaseMembers().slice(-BONUS_EDGE_CASES.length);
    expect(bonusEdges.filter((e) => /^BONUS_EXAMPLE_[1-8]$/.test(e.key))).toHaveLength(8);
    const ids = new Set(bonusEdges.map((e) => e.memberId));
    const inFiles = new Set<string>();
    for (const file of BONUS_FILES) {
      for (const r of await rowsOf(file)) if (ids.has(r.member_id!)) inFiles.add(r.member_id!);
    }
    expect(inFiles).toEqual(ids);
    const example5 = bonusEdges.find((e) => e.key === 'BONUS_EXAMPLE_5')!.memberId;
    expect((await rowsOf('bonus_activities.csv')).filter((a) => a.member_id === example5)).toHaveLength(22);
    // their rows end every member file, with no bad row after them
    for (const file of MEMBER_FILES) {
      const lines = (await readFile(join(dirA, file), 'utf8')).trimEnd().split('\n');
      const column = CONTRACT_HEADERS[file]!.indexOf('member_id');
      const first = lines.findIndex((l, i) => i > 0 && ids.has(l.split(',')[column]!));
      if (first === -1) continue;
      expect(
        lines.slice(first).every((l) => ids.has(l.split(',')[column]!)),
        file,
      ).toBe(true);
    }
  });

  /**
   * Adding a module must not change the bytes of the files other modules write. The hashes of
   * `members: 300, year: 2025, seed: 'golden'`, each file without the § 19a edge cases' rows at
   * its end: the first eight as the generator wrote them before the § 19a module existed, the
   * § 19a files as that module writes them. A deliberate change of a module changes its files'
   * hashes here — update them then, and only those.
   */
  it('keeps the bytes of the files that existed before (golden hashes)', async () => {
    const dir = join(root, 'golden');
    const golden = await generateDataset({ members: 300, employers: 0, year: 2025, seed: 'golden', outDir: dir });
    // employers: 0 → no U1/U2 file at all
    expect((await readdir(dir)).sort()).toEqual([...MEMBER_FILES].sort());
    expect(golden.files.map((f) => f.file)).toEqual(MEMBER_FILES);
    const late = new Set(
      edgeCaseMembers()
        .slice(-BONUS_EDGE_CASES.length)
        .map((e) => e.memberId),
    );
    const hashes: Record<string, string> = {};
    for (const file of MEMBER_FILES) {
      const lines = (await readFile(join(dir, file), 'utf8')).split('\n').slice(0, -1);
      const column = lines[0]!.split(',').indexOf('member_id');
      while (lines.length > 1 && late.has(lines.at(-1)!.split(',')[column]!)) lines.pop();
      hashes[file] = createHash('sha256')
        .update(lines.join('\n') + '\n')
        .digest('hex');
    }
    expect(hashes).toEqual(GOLDEN_HASHES);
  });
});

const GOLDEN_HASHES: Record<string, string> = {
  'members.csv': '65a34f54489005ae0efbc3704fd8f7598c58d26176e99d6a0b544c9bf8789199',
  'memberships.csv': '66e9bdc140ae75c8da3531a2624b0112cf9c060e8ec4c96879ef56365afa0da6',
  'third_party_periods.csv': '3bb58cc7d9067ef202b35e5116e3e2cbde02517d4d553a5aa6a9edfbc3869bbe',
  'annual_income.csv': '25abce3cc5b10e661fc551e267fbab13a7fab050f1efbad3e660d09283cca089',
  'tariff_declarations.csv': 'ff8749047f2ffbf921b5e88808cb1a9cd66a652dd6f4a8788ba717b7cb607277',
  'outpatient_treatments.csv': 'e1b47f7e377b6d4abf000c1150c9bbf339f0cc077ea45a9f97461b76249d87ca',
  'inpatient_stays.csv': '4f6e1635faba05d1464bf02e41eb3a28f7a114b36ce7b0afabadce508a392073',
  'bonus_participations.csv': '90b7976d2396ec5722dbb7cb8bce5e7a2dfc8dab559bf16b513670a13497d186',
  'bonus_exclusions.csv': 'c69636553303a8142f864e93de410130cc7dbba3ff1b8552690c74b5544e97a3',
  'bonus_proofs.csv': 'd50e863262101ac73bfb2fa1868ee42c0e924a6a13a8f18479eb9db5b387b24f',
  'bonus_activities.csv': 'a17bc6a1a19a9de9c2e485a484b5a1bda8cd560a0bb3d5d8213378582e93e64f',
  'bonus_goals.csv': '1a33f32dd81a777de9a01a932bfa5942a54873bcfe58503d71fdf07bc091bf02',
  'bonus_opening_balances.csv': '70ebec2eee112310e36da5918bfb7ad268adf2dffdffdad18629ab4662fa410c',
  'bonus_payout_requests.csv': 'b5e33036d2941c09400d359bafb0d132b4168c8cc1adc13c42869e6a5c0534b2',
};

describe('the U1/U2 files', () => {
  const rowsOf = async (file: string) => (await goodRows(file)).map((r) => r.row);
  const handBuilt = (key: string) => levyEdgeCaseEmployers().find((e) => e.key === key)!.employerId;

  it('make every bad row break exactly one contract rule (or repeat a key)', async () => {
    const employers = new Set((await rowsOf('employers.csv')).map((r) => r.employer_id!));
    let n = 0;
    class FreshIds extends LevyIds {
      override nextClaimId(): string {
        return `NEW-${++n}`;
      }
    }
    const makers = levyBadRowMakers(new FreshIds());
    expect(Object.keys(makers).sort()).toEqual(LEVY_FILES.filter((f) => f !== 'levy_fund_balances.csv').sort());
    for (const [file, fileMakers] of Object.entries(makers)) {
      const header = LEVY_HEADERS[file]!;
      const good = await rowsOf(file);
      const kinds = CLAIM_KINDS.map((k) => good.find((r) => r.kind === k));
      const closed = good.find((r) => r.closed_on);
      const samples = [good[0], good[good.length >> 1], good.at(-1), closed, ...kinds];
      for (const sample of samples.filter((r) => r !== undefined)) {
        const last = header.map((h) => sample[h] || null);
        const key = (row: Record<string, string>) => KEYS[file]!.map((k) => row[k]).join('|');
        for (const maker of fileMakers) {
          const made = maker({ file, header, last, year: YEAR, ids: freshIds() });
          const row = Object.fromEntries(header.map((h, i) => [h, String(made.fields[i] ?? '')]));
          const problems = contractProblems(file, row, null, file === 'employers.csv' ? null : employers);
          if (key(row) === key(sample)) problems.push('duplicate key');
          expect(problems, `${file}: ${made.what}`).toHaveLength(1);
        }
      }
    }
  });

  it('name employers by valid, unique Betriebsnummern and reference only them', async () => {
    const ids = (await rowsOf('employers.csv')).map((r) => r.employer_id!);
    expect(ids.length).toBe(EMPLOYERS + levyEdgeCaseEmployers().length);
    expect(ids.every(isValidBetriebsnummer)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const known = new Set(ids);
    for (const edge of levyEdgeCaseEmployers()) expect(known.has(edge.employerId), edge.key).toBe(true);
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
    expect(new Set(employments.map((e) => e.category))).toEqual(new Set(AAG_CATEGORIES));
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

  it('declare mostly right, with the worked examples exact, some missing and some without pay', async () => {
    const declarations = await rowsOf('levy_declarations.csv');
    const declared = (id: string, month: string) => declarations.find((d) => d.employer_id === id && d.month === month);
    expect(declared(handBuilt('LEVY_EXAMPLE_TARIFF65_MONTH'), `${YEAR}-03`)).toMatchObject({ declared_u1: '355.48', declared_u2: '57.42' });
    expect(declared(handBuilt('LEVY_EXAMPLE_TARIFF65_MONTH'), `${YEAR}-04`)).toMatchObject({ declared_u1: '355.48', declared_u2: '53.02' });
    expect(declared(handBuilt('LEVY_EXAMPLE_NINE_TEN_DAYS'), `${YEAR}-03`)).toMatchObject({ declared_u1: '712.43', declared_u2: '106.26' });
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
    const example = claims.find((c) => c.employer_id === handBuilt('LEVY_EXAMPLE_U1_CLAIM_T50'))!;
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
    await generateDataset({ members: 0, employers: 20, year: 2028, seed: 'leap', outDir: dir });
    const text = await readFile(join(dir, 'u1_elections.csv'), 'utf8');
    expect(text).toContain(`${handBuilt('LEVY_ELECTION_FEB_END')},2028,50,2028-02-29\n`);
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
