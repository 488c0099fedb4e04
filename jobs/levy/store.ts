/**
 * Storage of levy results: a chunk's rows replace what the chunk wrote before in the same run
 * (the pipeline deletes them first, in the chunk's transaction: src/runs/execute.ts).
 * The funds' year is closed once, after all chunks, from the employers' exact figures.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { RUN_EXCEPTION_COLUMNS, type BulkWriter, type CopyValue } from '../../src/runs/bulk.ts';
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
const TARIFF_COLUMNS = ['run_id', 'chunk_no', 'employer_id', 'year', 'tariff', 'segments', 'reasons'] as const;
const DETERMINATION_COLUMNS = [
  'run_id',
  'chunk_no',
  'employer_id',
  'year',
  'months_considered',
  'months_at_most_30',
  'participates',
  'basis',
  'headcounts',
  'reasons',
] as const;
const REIMBURSEMENT_COLUMNS = [
  'run_id',
  'chunk_no',
  'claim_id',
  'employer_id',
  'kind',
  'days',
  'eligible_pay',
  'capped_pay',
  'rate',
  'reimbursement',
  'decision',
  'reason',
] as const;
const FIGURES_COLUMNS = ['run_id', 'chunk_no', 'employer_id', 'figures'] as const;

/**
 * A text[] as PostgreSQL's array literal (`{"30.00",NULL,…}`): each element quoted and escaped,
 * null as NULL — the value the INSERT of a JS array stored.
 */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/**
 * Every table of a chunk by COPY on the chunk's connection, in its transaction (src/runs/bulk.ts):
 * an employer has about 12 month rows but also a tariff row, two determination rows, its figures
 * and a few claims, and multi-row INSERTs of those cost several times more per row than COPY.
 * The rows and values are those the INSERTs wrote before.
 */
export async function saveLevyChunk(
  trx: Kysely<DB>,
  bulk: BulkWriter,
  runId: number,
  chunkNo: number,
  chunk: LevyChunkResult,
): Promise<void> {
  const result = chunk.employers;
  await bulk.copy(
    'u1_tariff_result',
    TARIFF_COLUMNS,
    (function* (): Generator<CopyValue[]> {
      for (const { tariff: t } of result) if (t) yield [runId, chunkNo, t.employerId, t.year, t.tariff, t.segments, t.reasons.join(';')];
    })(),
  );
  await bulk.copy(
    'u1_determination_result',
    DETERMINATION_COLUMNS,
    (function* (): Generator<CopyValue[]> {
      for (const e of result) {
        for (const d of e.determinations) {
          yield [
            runId,
            chunkNo,
            d.employerId,
            d.year,
            d.monthsConsidered,
            d.monthsAtMost30,
            d.participates,
            d.basis,
            textArrayLiteral(d.headcounts),
            d.reasons.join(';'),
          ];
        }
      }
    })(),
  );
  await bulk.copy(
    'levy_month_result',
    MONTH_COLUMNS,
    (function* (): Generator<CopyValue[]> {
      for (const e of result) {
        for (const m of e.levyMonths) {
          yield [
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
          ];
        }
      }
    })(),
  );
  await bulk.copy(
    'reimbursement_result',
    REIMBURSEMENT_COLUMNS,
    (function* (): Generator<CopyValue[]> {
      for (const e of result) {
        for (const r of e.reimbursements) {
          yield [
            runId,
            chunkNo,
            r.claimId,
            r.employerId,
            r.kind,
            r.days,
            r.eligiblePay,
            r.cappedPay,
            r.rate,
            r.reimbursement,
            r.decision,
            r.reason,
          ];
        }
      }
    })(),
  );
  await bulk.copy(
    'levy_employer_figures',
    FIGURES_COLUMNS,
    result.map((e) => [runId, chunkNo, e.employerId, JSON.stringify(e.fund)]),
  );
  await bulk.copy('run_exception', RUN_EXCEPTION_COLUMNS, exceptionRows(runId, chunkNo, chunk));
  await saveRecordErrors(trx, runId, chunkNo, chunk.errors);
}

/** Reason codes that need a human decision (Klärfälle); the others are counted only. */
const HELD = new Set(['HISTORY_MISSING', 'EXPECTED_HEADCOUNT_MISSING', 'EXCEEDS_SIX_WEEKS']);

/** The chunk's exceptions: employer-year and claim reason codes (the records the rules could not process: saveRecordErrors). */
function* exceptionRows(runId: number, chunkNo: number, chunk: LevyChunkResult): Generator<CopyValue[]> {
  const row = (itemType: string, itemKey: string, code: string): CopyValue[] => [
    runId,
    chunkNo,
    itemType,
    itemKey,
    null,
    code,
    HELD.has(code),
  ];
  for (const e of chunk.employers) {
    for (const d of e.determinations) for (const code of d.reasons) yield row('employer', `${d.employerId}/${d.year}`, code);
    if (e.tariff) for (const code of e.tariff.reasons) yield row('employer', `${e.employerId}/${e.tariff.year}`, code);
    for (const r of e.reimbursements) if (r.reason) yield row('claim', r.claimId, r.reason);
  }
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
