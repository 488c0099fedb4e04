/**
 * The worked example of payments-and-ledger.md § 5 end to end on PostgreSQL: run 41 (§ 18a, Y =
 * 2028) released Friday 2029-06-22 14:03:07 by weber, its dispositions, the credit-transfer file
 * (NbOfTxs 2, CtrlSum 354.17, one PmtInf executed Monday 2029-07-02), the Klärfall of row 3, the
 * receivable of row 4 and the postings; then `pay` once C300000023's account arrived (file 2 on
 * Tuesday 2029-07-10) and the two correction variants: a correction lowering the unpaid row 3 by
 * 30.00 (REDUCES_PENDING, file 2 carries 120.00) and one lowering the paid row 2 by 25.00 (a
 * receivable). `payfile` rewrites byte-identically; a failing validation rolls the release back
 * without leaving a file.
 *
 * The run's positions are the example's figures (the job's computation has its own tests): the
 * tariff plug-in is used with its positions replaced by the example's rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeIBAN } from 'ibantools';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { validatePain001 } from '../../src/payments/xsd-validate.ts';
import { paymentFileName, rewritePaymentFiles } from '../../src/runs/payment-files.ts';
import { payRun, PaymentRefusedError, rejectPaymentKlaerfall } from '../../src/runs/payment-pay.ts';
import { decideKlaerfall, DecisionRefusedError } from '../../src/runs/decide.ts';
import { releaseRun } from '../../src/runs/release.ts';
import { getRun } from '../../src/runs/run-store.ts';
import { jobOf } from '../../jobs/registry.ts';
import { openFresh, skipServices } from '../helpers/services.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-payment-release-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const [A, B, C, X] = ['A123456780', 'B200000018', 'C300000023', 'X110411675'];
const IBAN_A = composeIBAN({ countryCode: 'DE', bban: '370400440532013000' })!;
const IBAN_B = composeIBAN({ countryCode: 'DE', bban: '500105175407324931' })!;
const IBAN_C = composeIBAN({ countryCode: 'DE', bban: '120300000000202051' })!;
const RELEASE_DAY = '2029-06-22';
const RELEASE_MOMENT = new Date('2029-06-22T12:03:07Z'); // 14:03:07 in Berlin (summer time)
const PAY_DAY = '2029-07-10';

type Position = [key: string, amount: string];
const EXAMPLE: Position[] = [
  [A, '229.17'],
  [B, '125.00'],
  [C, '150.00'],
  [X, '-120.00'],
];

function write(dir: string, file: string, lines: string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
}

const ACCOUNTS_HEADER = 'member_id,employer_id,iban,bic,account_holder,holder_is_party,valid_from,valid_to';

/** The tariff plug-in with the example's positions. */
function exampleJob(positions: Position[]) {
  const tariff = jobOf('tariff-settlement');
  const values = positions.map(([key, amount]) => sql`(${key}::text, ${amount}::numeric)`);
  return {
    ...tariff,
    payments: {
      ...tariff.payments,
      positions: () => sql`
        SELECT 'tariff'::text AS category, v.k AS item_key, v.k AS member_id, NULL::text AS employer_id, NULL::text AS detail,
               v.a AS amount, false AS held
        FROM (VALUES ${sql.join(values)}) AS v(k, a)`,
    },
  };
}

/** An approved run record with the given id (started by meier, approved by anna). */
async function approvedRun(database: Database, id: number, baseline: number | null = null) {
  await sql`SELECT setval('run_id_seq', ${id - 1})`.execute(database.db);
  const run = await database.db
    .insertInto('run')
    .values({
      job: 'tariff-settlement',
      fund: 'AOK PLUS',
      year: 2028,
      kind: baseline === null ? 'final' : 'correction',
      status: 'approved',
      mode: 'in-process',
      started_by: 'meier',
      as_of: '2029-05-02',
      baseline_run_id: baseline,
      chunk_size: 100,
      parameter_versions: '{}',
      reports: '[]',
      warnings: '[]',
      approved_by: 'anna',
      approved_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  expect(run.id).toBe(id);
  return getRun(database.db, id);
}

async function importFiles(database: Database, name: string, files: Record<string, string[]>) {
  const dir = path.join(tmp, name);
  for (const [file, lines] of Object.entries(files)) write(dir, file, lines);
  const result = await importFolder(database, {
    folder: dir,
    importedBy: 'test',
    outputDir: path.join(tmp, `${name}-out`),
    maxRejectRate: 0,
  });
  expect(result.files.every((f) => f.rejected === 0)).toBe(true);
}

async function setUpExample(label: string) {
  const db = await openFresh(label);
  await importFiles(db.database, `${label}-base`, {
    'members.csv': ['member_id,birth_date,died_on', ...[A, B, C, X].map((m) => `${m},1970-01-01,`)],
    'bank_accounts.csv': [
      ACCOUNTS_HEADER,
      `${A},,${IBAN_A},,Jürgen Groß,true,2020-01-01,`,
      `${B},,${IBAN_B},,Renée Dupont-Müller,true,2020-01-01,`,
    ],
  });
  const out = path.join(tmp, `${label}-output`);
  const run41 = await approvedRun(db.database, 41);
  const summary = await releaseRun(db.database.db, exampleJob(EXAMPLE), run41, 'weber', RELEASE_DAY, {
    outputDir: out,
    moment: RELEASE_MOMENT,
  });
  return { db, out, summary };
}

async function dispositions(database: Database, runId: number) {
  return database.db
    .selectFrom('run_payment_disposition')
    .select([
      'item_key',
      'part',
      'n',
      'kind',
      'reason',
      'amount',
      'execution_date',
      'end_to_end_id',
      'file_no',
      'reduces_run_id',
      'resolution',
    ])
    .where('run_id', '=', runId)
    .orderBy('item_key')
    .orderBy('part')
    .execute();
}

/** A CSV of the run as rows of fields (the files have no quoted commas here). */
function csv(out: string, runId: number, kind: string): string[][] {
  const text = fs.readFileSync(path.join(out, `tariff-settlement_2028_${runId}_${kind}.csv`), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
}

/** posting_id, posting_date, debit, credit, amount, count */
const postingsOf = (out: string, runId: number) =>
  csv(out, runId, 'postings')
    .slice(1)
    .map((r) => [r[0], r[1], r[3], r[4], r[5], r[8]]);

const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

async function newAccountForC(database: Database, label: string) {
  await importFiles(database, `${label}-accounts-2`, {
    'bank_accounts.csv': [
      ACCOUNTS_HEADER,
      `${A},,${IBAN_A},,Jürgen Groß,true,2020-01-01,`,
      `${B},,${IBAN_B},,Renée Dupont-Müller,true,2020-01-01,`,
      `${C},,${IBAN_C},,Chris Weiß,true,2029-07-01,`,
    ],
  });
}

describe.skipIf(skipServices)('the worked example of payments-and-ledger.md § 5', () => {
  let example: Awaited<ReturnType<typeof setUpExample>>;
  beforeAll(async () => {
    example = await setUpExample('pay_example');
  });
  afterAll(async () => example?.db.drop());

  it('stores one disposition per row: two transfers, the Klärfall NO_BANK_ACCOUNT and the receivable', async () => {
    const rows = await dispositions(example.db.database, 41);
    expect(rows.map((r) => [r.n, r.item_key, r.kind, r.reason, r.amount, r.execution_date, r.end_to_end_id, r.file_no])).toEqual([
      [1, A, 'TRANSFER', null, '229.17', '2029-07-02', 'T2028-41-0000001', 1],
      [2, B, 'TRANSFER', null, '125.00', '2029-07-02', 'T2028-41-0000002', 1],
      [3, C, 'KLAERFALL', 'NO_BANK_ACCOUNT', '150.00', '2029-07-02', 'T2028-41-0000003', null],
      [4, X, 'RECEIVABLE', null, '120.00', null, 'T2028-41-0000004', null],
    ]);
    const due = await example.db.database.db
      .selectFrom('run_payment_disposition')
      .select('due_on')
      .where('item_key', '=', X)
      .executeTakeFirstOrThrow();
    expect(due.due_on).toBe('2029-07-22');
  });

  it('writes file 1: MsgId, CreDtTm, NbOfTxs 2, CtrlSum 354.17, one PmtInf on Monday 2029-07-02; both schemas accept it', async () => {
    const file = path.join(example.out, 'tariff-settlement_2028_41_sct_1.xml');
    expect(example.summary.files).toContain(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    const xml = fs.readFileSync(file, 'utf8');
    expect(tag(xml, 'MsgId')).toEqual(['AOKP-T2028-41-1']);
    expect(tag(xml, 'CreDtTm')).toEqual(['2029-06-22T14:03:07+02:00']);
    expect(tag(xml, 'NbOfTxs')).toEqual(['2', '2']);
    expect(tag(xml, 'CtrlSum')).toEqual(['354.17', '354.17']);
    expect(tag(xml, 'PmtInfId')).toEqual(['AOKP-T2028-41-1-20290702']);
    expect(xml).toContain('<ReqdExctnDt>\n');
    expect(tag(xml, 'Dt')).toEqual(['2029-07-02']);
    expect(tag(xml, 'EndToEndId')).toEqual(['T2028-41-0000001', 'T2028-41-0000002']);
    expect(tag(xml, 'Nm')).toContain('Juergen Gross'); // converted when written (§ 2.6)
    expect(tag(xml, 'Ustrd')).toEqual([
      'AOK PLUS aktiv 2028 Auszahlung Ref. T2028-41-0000001',
      'AOK PLUS aktiv 2028 Auszahlung Ref. T2028-41-0000002',
    ]);
    expect(await validatePain001(xml)).toEqual([]);
    const record = await example.db.database.db.selectFrom('run_payment_file').selectAll().where('run_id', '=', 41).execute();
    expect(record.map((r) => [r.file_no, r.msg_id, r.created_at, r.nb_of_txs, r.ctrl_sum, r.execution_dates])).toEqual([
      [1, 'AOKP-T2028-41-1', '2029-06-22T14:03:07+02:00', 2, '354.17', '2029-07-02'],
    ]);
  });

  it('lists the receivable, every disposition (IBAN masked) and the three postings of the example', async () => {
    expect(csv(example.out, 41, 'receivables')).toEqual([
      ['category', 'item_key', 'member_id', 'employer_id', 'kind', 'amount', 'due_on', 'reference'],
      ['tariff', X, X, '', 'claim', '120.00', '2029-07-22', 'T2028-41-0000004'],
    ]);
    const transfers = csv(example.out, 41, 'transfers');
    expect(transfers.slice(1).map((r) => [r[1], r[4], r[5], r[6], r[7], r[8], r[9], r[10]])).toEqual([
      [A, 'TRANSFER', '229.17', 'T2028-41-0000001', 'tariff-settlement_2028_41_sct_1.xml', 'AOKP-T2028-41-1-20290702', '2029-07-02', ''],
      [B, 'TRANSFER', '125.00', 'T2028-41-0000002', 'tariff-settlement_2028_41_sct_1.xml', 'AOKP-T2028-41-1-20290702', '2029-07-02', ''],
      [C, 'KLAERFALL', '150.00', 'T2028-41-0000003', '', '', '2029-07-02', 'NO_BANK_ACCOUNT'],
      [X, 'RECEIVABLE', '120.00', 'T2028-41-0000004', '', '', '', ''],
    ]);
    const text = fs.readFileSync(path.join(example.out, 'tariff-settlement_2028_41_transfers.csv'), 'utf8');
    expect(text).not.toContain(IBAN_A);
    expect(transfers[1]![11]).toBe(`${IBAN_A.slice(0, 4)}…${IBAN_A.slice(-4)}`);
    expect(postingsOf(example.out, 41)).toEqual([
      ['41-001', '2029-06-22', 'AUFW_WT18A', 'VERB_VERS', '504.17', '3'],
      ['41-002', '2029-06-22', 'FORD_VERS', 'AUFW_WT18A', '120.00', '1'],
      ['41-003', '2029-07-02', 'VERB_VERS', 'ZV_AUSGANG', '354.17', '2'],
    ]);
    for (const kind of ['receivables', 'transfers', 'postings']) {
      expect(fs.statSync(path.join(example.out, `tariff-settlement_2028_41_${kind}.csv`)).mode & 0o777).toBe(0o640);
    }
    expect(fs.readdirSync(example.out).filter((f) => f.endsWith('.uncommitted'))).toEqual([]);
  });

  it('payfile rewrites the file byte-identically', async () => {
    const file = path.join(example.out, paymentFileName({ job: 'tariff-settlement', year: 2028, id: 41 }, 1));
    const before = fs.readFileSync(file);
    const again = path.join(tmp, 'rewrite');
    const written = await rewritePaymentFiles(example.db.database.db, await getRun(example.db.database.db, 41), again, true);
    expect(written).toContain(path.join(again, 'tariff-settlement_2028_41_sct_1.xml'));
    expect(fs.readFileSync(path.join(again, 'tariff-settlement_2028_41_sct_1.xml')).equals(before)).toBe(true);
    for (const kind of ['receivables', 'transfers', 'postings']) {
      const name = `tariff-settlement_2028_41_${kind}.csv`;
      expect(fs.readFileSync(path.join(again, name), 'utf8')).toBe(fs.readFileSync(path.join(example.out, name), 'utf8'));
    }
  });

  it('pay: refused for the run’s starter; after the account arrives file 2 carries row 3 on Tuesday 2029-07-10', async () => {
    const run = await getRun(example.db.database.db, 41);
    await expect(
      payRun(example.db.database.db, run, 'meier', { day: PAY_DAY, moment: new Date(), outputDir: example.out }),
    ).rejects.toThrow(PaymentRefusedError);
    // without new data nothing is paid and no file is written
    const nothing = await payRun(example.db.database.db, run, 'weber', { day: PAY_DAY, moment: new Date(), outputDir: example.out });
    expect([nothing.paid, nothing.stillOpen, nothing.files]).toEqual([0, 1, []]);

    await newAccountForC(example.db.database, 'pay_example');
    const paid = await payRun(example.db.database.db, run, 'weber', {
      day: PAY_DAY,
      moment: new Date('2029-07-10T07:30:00Z'),
      outputDir: example.out,
    });
    expect([paid.paid, paid.stillOpen]).toEqual([1, 0]);
    expect(paid.records).toEqual([{ fileNo: 2, msgId: 'AOKP-T2028-41-2', nbOfTxs: 1, ctrlSum: '150.00' }]);
    const xml = fs.readFileSync(path.join(example.out, 'tariff-settlement_2028_41_sct_2.xml'), 'utf8');
    expect(tag(xml, 'CreDtTm')).toEqual(['2029-07-10T09:30:00+02:00']);
    expect(tag(xml, 'Dt')).toEqual(['2029-07-10']);
    expect(tag(xml, 'EndToEndId')).toEqual(['T2028-41-0000003']);
    expect(tag(xml, 'CtrlSum')).toEqual(['150.00', '150.00']);
    expect(await validatePain001(xml)).toEqual([]);
    const rows = (await dispositions(example.db.database, 41)).filter((r) => r.item_key === C);
    expect(rows.map((r) => [r.part, r.kind, r.amount, r.file_no, r.resolution])).toEqual([
      [1, 'KLAERFALL', '150.00', null, 'paid'],
      [2, 'TRANSFER', '150.00', 2, null],
    ]);
    expect(postingsOf(example.out, 41)).toEqual([
      ['41-001', '2029-06-22', 'AUFW_WT18A', 'VERB_VERS', '504.17', '3'],
      ['41-002', '2029-06-22', 'FORD_VERS', 'AUFW_WT18A', '120.00', '1'],
      ['41-003', '2029-07-02', 'VERB_VERS', 'ZV_AUSGANG', '354.17', '2'],
      ['41-004', '2029-07-10', 'VERB_VERS', 'ZV_AUSGANG', '150.00', '1'],
    ]);
    // file 1 is unchanged by file 2
    const again = path.join(tmp, 'rewrite-2');
    await rewritePaymentFiles(example.db.database.db, run, again, false);
    for (const n of [1, 2]) {
      const name = `tariff-settlement_2028_41_sct_${n}.xml`;
      expect(fs.readFileSync(path.join(again, name)).equals(fs.readFileSync(path.join(example.out, name)))).toBe(true);
    }
  });
});

describe.skipIf(skipServices)('corrections of the worked example (§ 5, § 2.2)', () => {
  it('lowering the unpaid row 3 by 30.00 reduces the pending payout: no receivable, file 2 carries 120.00', async () => {
    const { db, out } = await setUpExample('pay_pending');
    try {
      const run42 = await approvedRun(db.database, 42, 41);
      const corrected = EXAMPLE.map(([k, a]): Position => (k === C ? [k, '120.00'] : [k, a]));
      const summary = await releaseRun(db.database.db, exampleJob(corrected), run42, 'weber', '2029-07-03', {
        outputDir: out,
        moment: new Date('2029-07-03T08:00:00Z'),
      });
      expect(summary.files.some((f) => f.endsWith('.xml'))).toBe(false); // nothing to transfer
      const rows = await dispositions(db.database, 42);
      expect(rows.map((r) => [r.n, r.item_key, r.kind, r.amount, r.reduces_run_id])).toEqual([[1, C, 'REDUCES_PENDING', '30.00', 41]]);
      expect(postingsOf(out, 42)).toEqual([['42-001', '2029-07-03', 'VERB_VERS', 'AUFW_WT18A', '30.00', '1']]);
      expect(csv(out, 42, 'receivables')).toHaveLength(1); // the header only: no receivable

      await newAccountForC(db.database, 'pay_pending');
      const paid = await payRun(db.database.db, await getRun(db.database.db, 41), 'weber', {
        day: PAY_DAY,
        moment: new Date('2029-07-10T07:30:00Z'),
        outputDir: out,
      });
      expect(paid.records).toEqual([{ fileNo: 2, msgId: 'AOKP-T2028-41-2', nbOfTxs: 1, ctrlSum: '120.00' }]);
    } finally {
      await db.drop();
    }
  });

  it('lowering the paid row 2 by 25.00 gives a receivable of 25.00; only the deltas move', async () => {
    const { db, out } = await setUpExample('pay_receivable');
    try {
      const run42 = await approvedRun(db.database, 42, 41);
      const corrected = EXAMPLE.map(([k, a]): Position => (k === B ? [k, '100.00'] : [k, a]));
      await releaseRun(db.database.db, exampleJob(corrected), run42, 'weber', '2029-07-03', {
        outputDir: out,
        moment: new Date('2029-07-03T08:00:00Z'),
      });
      const rows = await dispositions(db.database, 42);
      expect(rows.map((r) => [r.n, r.item_key, r.kind, r.amount, r.end_to_end_id])).toEqual([
        [1, B, 'RECEIVABLE', '25.00', 'T2028-42-0000001'],
      ]);
      expect(postingsOf(out, 42)).toEqual([['42-001', '2029-07-03', 'FORD_VERS', 'AUFW_WT18A', '25.00', '1']]);
      expect(fs.readdirSync(out).filter((f) => f.includes('_42_sct_'))).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('a payment Klärfall is rejected once, by someone other than the starter; pay then has nothing to do', async () => {
    const { db, out } = await setUpExample('pay_reject');
    try {
      const run = await getRun(db.database.db, 41);
      const decide = (decision: 'approve' | 'reject', by: string) =>
        decideKlaerfall(db.database.db, run, { key: C, decision, by, note: 'an die Erben überwiesen' });
      await expect(decide('reject', 'meier')).rejects.toThrow(/four-eyes/);
      await expect(decide('approve', 'weber')).rejects.toThrow(/yearend pay 41/);
      const recorded = await decide('reject', 'weber');
      expect(recorded).toEqual({ itemType: 'payment', itemKey: C, codes: ['NO_BANK_ACCOUNT'], held: false });
      await expect(decide('reject', 'weber')).rejects.toThrow(DecisionRefusedError);
      await expect(rejectPaymentKlaerfall(db.database.db, run, { key: C, by: 'weber', note: 'again' })).rejects.toThrow(/already rejected/);
      const row = await db.database.db
        .selectFrom('run_payment_disposition')
        .select(['resolution', 'resolved_by', 'resolution_note'])
        .where('item_key', '=', C)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ resolution: 'rejected', resolved_by: 'weber', resolution_note: 'an die Erben überwiesen' });
      await newAccountForC(db.database, 'pay_reject');
      const paid = await payRun(db.database.db, run, 'weber', { day: PAY_DAY, moment: new Date(), outputDir: out });
      expect([paid.paid, paid.files]).toEqual([0, []]);
    } finally {
      await db.drop();
    }
  });
});

describe.skipIf(skipServices)('a release that fails after its files were written', () => {
  it('leaves no payment file behind: the staged files are deleted with the rollback', async () => {
    const db = await openFresh('pay_late_failure');
    try {
      await importFiles(db.database, 'late-base', {
        'members.csv': ['member_id,birth_date,died_on', `${A},1970-01-01,`],
        'bank_accounts.csv': [ACCOUNTS_HEADER, `${A},,${IBAN_A},,Jürgen Groß,true,2020-01-01,`],
      });
      // the status change, the transaction's last statement, fails: the files were staged by then
      await sql`CREATE FUNCTION refuse_release() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'release refused by test trigger'; END $$`.execute(db.database.db);
      await sql`CREATE TRIGGER refuse_release BEFORE UPDATE ON run FOR EACH ROW WHEN (NEW.status = 'released')
                EXECUTE FUNCTION refuse_release()`.execute(db.database.db);
      const out = path.join(tmp, 'late-out');
      const run = await approvedRun(db.database, 41);
      await expect(
        releaseRun(db.database.db, exampleJob([[A, '229.17']]), run, 'weber', RELEASE_DAY, { outputDir: out, moment: RELEASE_MOMENT }),
      ).rejects.toThrow(/refused by test trigger/);
      expect((await getRun(db.database.db, 41)).status).toBe('approved');
      expect(await db.database.db.selectFrom('run_payment_file').selectAll().execute()).toEqual([]);
      expect(fs.readdirSync(out)).toEqual([]); // the folder was made for the staged files; they are gone
    } finally {
      await db.drop();
    }
  });
});

describe.skipIf(skipServices)('a release whose file fails validation', () => {
  it('is rolled back: no status change, no dispositions, no file left behind', async () => {
    const db = await openFresh('pay_rollback');
    try {
      await importFiles(db.database, 'rollback-base', {
        'members.csv': ['member_id,birth_date,died_on', `${A},1970-01-01,`],
        'bank_accounts.csv': [ACCOUNTS_HEADER, `${A},,${IBAN_A},,Jürgen Groß,true,2020-01-01,`],
      });
      // a broken parameter: the debtor BIC of the KV ledger no BIC at all → GBIC_5/ISO refuse the file
      await db.database.db.updateTable('param_value').set({ value: 'NOT A BIC' }).where('name', '=', 'debtor_KV_bic').execute();
      const out = path.join(tmp, 'rollback-out');
      const run = await approvedRun(db.database, 41);
      const error = await releaseRun(db.database.db, exampleJob([[A, '229.17']]), run, 'weber', RELEASE_DAY, {
        outputDir: out,
        moment: RELEASE_MOMENT,
      }).then(
        () => new Error('released'),
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(/tariff-settlement_2028_41_sct_1\.xml failed validation/);
      expect(error.message).not.toContain(IBAN_A);
      expect(error.message).not.toContain('Gross');
      expect((await getRun(db.database.db, 41)).status).toBe('approved');
      expect(await db.database.db.selectFrom('run_payment_disposition').selectAll().execute()).toEqual([]);
      expect(await db.database.db.selectFrom('run_payment').selectAll().execute()).toEqual([]);
      expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
