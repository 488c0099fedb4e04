/**
 * U1/U2 levies as a pipeline job: chunks are ranges of employers (employers.csv); the pure rules
 * of rules.ts per employer; the funds' year is closed once all chunks are done.
 */
import { levyPayments } from './payments.ts';
import { sql } from 'kysely';
import type { JobDefinition } from '../../src/runs/job-definition.ts';
import { eachRecord, saveRecordErrors, type RecordError } from '../../src/runs/record-errors.ts';
import { writeLevyWorkbook } from '../../reports/levy.ts';
import { LEVY_EXPORTS } from './export.ts';
import { loadLevyChunk } from './load.ts';
import { loadLevyParameters } from './params.ts';
import { computeEmployer } from './rules.ts';
import { chooseLevyStateRun } from './state.ts';
import { closeFundsOfRun, saveLevyChunk, type LevyChunkResult } from './store.ts';
import { levyTotals } from './totals.ts';
import type { LevyParams } from './types.ts';

export const LEVY_INPUT_FILES = [
  'employers.csv',
  'u1_elections.csv',
  'u1_history.csv',
  'employments.csv',
  'pay_months.csv',
  'levy_declarations.csv',
  'reimbursement_claims.csv',
  'levy_fund_balances.csv',
] as const;

/** Reason codes that need a human decision (Klärfälle); the others are counted only. */
const HELD = new Set(['HISTORY_MISSING', 'EXPECTED_HEADCOUNT_MISSING', 'EXCEEDS_SIX_WEEKS']);

export const levyJob: JobDefinition<LevyParams, LevyChunkResult> = {
  name: 'levy',
  inputFiles: LEVY_INPUT_FILES,
  keySource: { file: 'employers.csv', table: 'employer', column: 'employer_id' },
  prepare: chooseLevyStateRun,
  loadParameters: loadLevyParameters,

  async computeChunk(ctx, params) {
    const facts = await loadLevyChunk(ctx.db, {
      inputs: ctx.inputs,
      firstKey: ctx.firstKey,
      lastKey: ctx.lastKey,
      year: ctx.run.year,
      stateRunId: ctx.run.state_run_id,
    });
    const errors: RecordError[] = [];
    const employers = eachRecord(
      facts,
      'employer',
      (f) => f.employer.employerId,
      (f) => ({ employerId: f.employer.employerId, ...computeEmployer(f, ctx.run.year, params) }),
      errors,
      ctx.log,
    );
    const rejected = employers.reduce((n, e) => n + e.reimbursements.filter((r) => r.decision === 'rejected').length, 0) + errors.length;
    return { read: facts.length, written: employers.length, rejected, result: { employers, errors } };
  },

  async saveChunk(trx, ctx, result, bulk) {
    await saveLevyChunk(trx, bulk, ctx.run.id, ctx.chunkNo, result);
    await trx.deleteFrom('run_exception').where('run_id', '=', ctx.run.id).where('chunk_no', '=', ctx.chunkNo).execute();
    await saveRecordErrors(trx, ctx.run.id, ctx.chunkNo, result.errors);
    const exceptions = result.employers.flatMap((e) => [
      ...e.determinations.flatMap((d) => d.reasons.map((code) => ({ item_type: 'employer', item_key: `${d.employerId}/${d.year}`, code }))),
      ...(e.tariff?.reasons ?? []).map((code) => ({ item_type: 'employer', item_key: `${e.employerId}/${e.tariff!.year}`, code })),
      ...e.reimbursements.flatMap((r) => (r.reason ? [{ item_type: 'claim', item_key: r.claimId, code: r.reason }] : [])),
    ]);
    for (let i = 0; i < exceptions.length; i += 1000) {
      await trx
        .insertInto('run_exception')
        .values(
          exceptions.slice(i, i + 1000).map((x) => ({
            run_id: ctx.run.id,
            chunk_no: ctx.chunkNo,
            member_id: null,
            held: HELD.has(x.code),
            ...x,
          })),
        )
        .execute();
    }
  },

  finalize: closeFundsOfRun,
  totals: async (db, run) => ({ ...(await levyTotals(db, run.id)) }),
  exports: LEVY_EXPORTS,
  writeWorkbook: writeLevyWorkbook,
  payments: levyPayments,

  async counts(db, runId) {
    const months = await db
      .selectFrom('levy_month_result')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('run_id', '=', runId)
      .executeTakeFirstOrThrow();
    const ex = await db
      .selectFrom('run_exception')
      .select([sql<number>`count(*)::int`.as('all'), sql<number>`(count(*) FILTER (WHERE held))::int`.as('held')])
      .where('run_id', '=', runId)
      .executeTakeFirstOrThrow();
    return { rows: months.n, held: ex.held, exceptions: ex.all };
  },
};
