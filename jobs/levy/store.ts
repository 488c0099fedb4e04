/**
 * Storage of levy results: a chunk's rows replace what the chunk wrote before in the same run
 * (the pipeline deletes them first, in the chunk's transaction: src/runs/execute.ts).
 * The funds' year is closed once, after all chunks, from the employers' exact figures.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { BulkWriter } from '../../src/runs/bulk.ts';
import { saveRecordErrors, type RecordError } from '../../src/runs/record-errors.ts';
import type { RunRecord } from '../../src/runs/run-store.ts';
import { closeLevyFunds, sumFundFigures } from './funds.ts';
import { loadLevyParameters } from './params.ts';
import { fundOpening } from './state.ts';
import type { EmployerResult, LevyFundFigures } from './types.ts';

export interface LevyChunkResult {
  employers: (EmployerResult & { employerId: string })[];
  /** employers the rules could not process: held as Klärfälle (PROCESSING_ERROR) */
  errors: RecordError[];
}

const BATCH = 1000;

async function insertAll<T>(rows: T[], insert: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

const MONTH_COLUMNS = [
  'run_id',
  'chunk_no',
  'employer_id',
  'month',
  'u1_participates',
  'u1_tariff',
  'u1_rate',
  'u1_base',
  'u1_levy',
  'u2_rate',
  'u2_base',
  'u2_levy',
  'declared_u1',
  'declared_u2',
  'diff_u1',
  'diff_u2',
  'diff_class',
  'reasons',
] as const;

export async function saveLevyChunk(
  trx: Kysely<DB>,
  bulk: BulkWriter,
  runId: number,
  chunkNo: number,
  chunk: LevyChunkResult,
): Promise<void> {
  const result = chunk.employers;
  const base = { run_id: runId, chunk_no: chunkNo };
  await insertAll(
    result.flatMap((e) => (e.tariff ? [e.tariff] : [])),
    (rows) =>
      trx
        .insertInto('u1_tariff_result')
        .values(
          rows.map((t) => ({
            ...base,
            employer_id: t.employerId,
            year: t.year,
            tariff: t.tariff,
            segments: t.segments,
            reasons: t.reasons.join(';'),
          })),
        )
        .execute(),
  );
  await insertAll(
    result.flatMap((e) => e.determinations),
    (rows) =>
      trx
        .insertInto('u1_determination_result')
        .values(
          rows.map((d) => ({
            ...base,
            employer_id: d.employerId,
            year: d.year,
            months_considered: d.monthsConsidered,
            months_at_most_30: d.monthsAtMost30,
            participates: d.participates,
            basis: d.basis,
            headcounts: d.headcounts,
            reasons: d.reasons.join(';'),
          })),
        )
        .execute(),
  );
  await bulk.copy(
    'levy_month_result',
    MONTH_COLUMNS,
    result
      .flatMap((e) => e.levyMonths)
      .map((m) => [
        runId,
        chunkNo,
        m.employerId,
        m.month,
        m.u1Participates,
        m.u1Tariff,
        m.u1Rate,
        m.u1Base,
        m.u1Levy,
        m.u2Rate,
        m.u2Base,
        m.u2Levy,
        m.declaredU1,
        m.declaredU2,
        m.diffU1,
        m.diffU2,
        m.diffClass,
        m.reasons.join(';'),
      ]),
  );
  await insertAll(
    result.flatMap((e) => e.reimbursements),
    (rows) =>
      trx
        .insertInto('reimbursement_result')
        .values(
          rows.map((r) => ({
            ...base,
            claim_id: r.claimId,
            employer_id: r.employerId,
            kind: r.kind,
            days: r.days,
            eligible_pay: r.eligiblePay,
            capped_pay: r.cappedPay,
            rate: r.rate,
            reimbursement: r.reimbursement,
            decision: r.decision,
            reason: r.reason,
          })),
        )
        .execute(),
  );
  await insertAll(result, (rows) =>
    trx
      .insertInto('levy_employer_figures')
      .values(
        rows.map((e) => ({
          ...base,
          employer_id: e.employerId,
          figures: JSON.stringify(e.fund),
        })),
      )
      .execute(),
  );
  await saveLevyExceptions(trx, runId, chunkNo, chunk);
}

/** Reason codes that need a human decision (Klärfälle); the others are counted only. */
const HELD = new Set(['HISTORY_MISSING', 'EXPECTED_HEADCOUNT_MISSING', 'EXCEEDS_SIX_WEEKS']);

/** The chunk's exceptions: employer-year and claim reason codes, and records the rules could not process. */
async function saveLevyExceptions(trx: Kysely<DB>, runId: number, chunkNo: number, chunk: LevyChunkResult): Promise<void> {
  await saveRecordErrors(trx, runId, chunkNo, chunk.errors);
  const exceptions = chunk.employers.flatMap((e) => [
    ...e.determinations.flatMap((d) => d.reasons.map((code) => ({ item_type: 'employer', item_key: `${d.employerId}/${d.year}`, code }))),
    ...(e.tariff?.reasons ?? []).map((code) => ({ item_type: 'employer', item_key: `${e.employerId}/${e.tariff!.year}`, code })),
    ...e.reimbursements.flatMap((r) => (r.reason ? [{ item_type: 'claim', item_key: r.claimId, code: r.reason }] : [])),
  ]);
  await insertAll(exceptions, (rows) =>
    trx
      .insertInto('run_exception')
      .values(rows.map((x) => ({ run_id: runId, chunk_no: chunkNo, member_id: null, held: HELD.has(x.code), ...x })))
      .execute(),
  );
}

/** Close the two funds' year from every employer's figures; rewrites the run's fund rows. */
export async function closeFundsOfRun(db: Kysely<DB>, run: RunRecord): Promise<void> {
  const { params } = await loadLevyParameters(db, run.year);
  const balancesBatch =
    (
      await db
        .selectFrom('run_input')
        .select('batch_id')
        .where('run_id', '=', run.id)
        .where('file_name', '=', 'levy_fund_balances.csv')
        .executeTakeFirst()
    )?.batch_id ?? -1;
  const opening = await fundOpening(db, run.year, run.state_run_id, balancesBatch);
  const figures = await db
    .selectFrom('levy_employer_figures')
    .select('figures')
    .where('run_id', '=', run.id)
    .orderBy(sql`employer_id COLLATE "C"`)
    .execute();
  const rows = closeLevyFunds(opening, sumFundFigures(figures.map((f) => f.figures as LevyFundFigures)), params);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('levy_fund_result').where('run_id', '=', run.id).execute();
    await trx
      .insertInto('levy_fund_result')
      .values(
        rows.map((f) => ({
          run_id: run.id,
          procedure: f.procedure,
          year: f.year,
          opening_balance: f.openingBalance,
          levies_declared: f.leviesDeclared,
          levies_computed: f.leviesComputed,
          reimbursements: f.reimbursements,
          closing_balance: f.closingBalance,
          reserve_limit: f.reserveLimit,
          reserve_status: f.reserveStatus,
          break_even_rate: f.breakEvenRate,
          break_even_rate_t50: f.breakEvenRateT50,
          break_even_rate_t65: f.breakEvenRateT65,
        })),
      )
      .execute();
  });
}
