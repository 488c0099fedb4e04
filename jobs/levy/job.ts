/**
 * U1/U2 levies (Aufwendungsausgleichsgesetz) as a pipeline job: chunks are ranges of employers
 * (employers.csv); the pure rules of rules.ts per employer; the funds' year is closed once all
 * chunks are done.
 */
import { sql } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { JobDefinition } from '../../src/runs/job-definition.ts';
import { eachRecord, type RecordError } from '../../src/runs/record-errors.ts';
import { LEVY_EXPORTS } from './export.ts';
import { loadLevyChunk } from './load.ts';
import { FUND, loadLevyParameters } from './params.ts';
import { levyPayments } from './payments.ts';
import { computeEmployer } from './rules.ts';
import { chooseLevyStateRun } from './state.ts';
import { closeFundsOfRun, saveLevyChunk, type LevyChunkResult } from './store.ts';
import { levyMoneyTotals, levyTotals, type LevyTotals } from './totals.ts';
import type { LevyParams } from './types.ts';

export const levyJob = {
  name: 'levy',
  title: 'U1/U2 – Umlagen, Erstattungen und Jahresabschluss der Ausgleichskassen',
  fund: FUND,
  // pipeline.md: an operational target; the U1 participation for Y+1 must be known in January.
  deadline: { kind: 'operational', source: 'pipeline.md (Betriebsziel)', due: (year) => isoDate(year + 1, 1, 31) },
  // pipeline.md, "Schedules": 20 January, after the December pay has been declared.
  schedule: { pattern: '0 2 20 1 *', tz: 'Europe/Berlin', target: 'previous-year' },

  inputFiles: [
    'employers.csv',
    'u1_elections.csv',
    'u1_history.csv',
    'employments.csv',
    'pay_months.csv',
    'levy_declarations.csv',
    'reimbursement_claims.csv',
    'levy_fund_balances.csv',
  ],
  keySource: { file: 'employers.csv', table: 'employer', column: 'employer_id' },
  // Tariffs, U1 participation and the funds' closing balances carry over to the next year.
  state: { carries: true, chooseStateRun: chooseLevyStateRun },

  compute: {
    loadParameters: loadLevyParameters,
    async chunk(ctx, params) {
      const facts = await loadLevyChunk(ctx.db, {
        inputs: ctx.inputs,
        firstKey: ctx.firstKey,
        lastKey: ctx.lastKey,
        year: ctx.run.year,
        stateRunId: ctx.run.state_run_id,
      });
      const errors: RecordError[] = [];
      const employers = await eachRecord(
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
    finalize: closeFundsOfRun,
  },

  storage: {
    chunkTables: ['u1_tariff_result', 'u1_determination_result', 'levy_month_result', 'reimbursement_result', 'levy_employer_figures'],
    runTables: ['levy_fund_result'],
    saveChunk: (trx, ctx, result, bulk) => saveLevyChunk(trx, bulk, ctx.run.id, ctx.chunkNo, result),
    totals: (db, run) => levyTotals(db, run.id),
    moneyTotals: levyMoneyTotals,
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
  },

  exports: LEVY_EXPORTS,
  payments: levyPayments,
  bench: {
    profile: 'default',
    floorSql: 'levy-sql-floor.sql',
    floorTable: 'levy_sql_floor',
    // The pay ceiling of the year (rules-aag-levy.md) as the statement's fourth parameter.
    floorParams: (i, _v, year) => [i['pay_months.csv'], `${year}-01`, `${year}-12`, year === 2026 ? 8450 : 8050],
  },
} satisfies JobDefinition<LevyParams, LevyChunkResult, LevyTotals>;
