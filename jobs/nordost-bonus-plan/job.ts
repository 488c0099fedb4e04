/**
 * AOK Nordost "AOK Bonus Plan" yearly settlement as a pipeline job (rules-nordost-bonus-plan.md):
 * chunks of members, the pure rules of rules.ts per member, results stored per (run, member) and
 * (run, proof). The job is bound to fund AOK Nordost: it reads that fund's and the fund-less
 * parameter rows only, and its run records keep the fund.
 */
import { sql } from 'kysely';
import type { JobDefinition } from '../../src/runs/job-definition.ts';
import { eachRecord } from '../../src/runs/record-errors.ts';
import { PAYOUT_DUE, payoutDueDate } from './decisions.ts';
import { nordostBonusPlanExport, nordostProofsExport } from './export.ts';
import { loadNordostChunk } from './load.ts';
import { FUND, loadNordostParameters } from './params.ts';
import { nordostPayments } from './payments.ts';
import { settleNordostMember } from './rules.ts';
import { checkNordostStart, chooseNordostStateRun } from './state.ts';
import { nordostMoneyTotals, nordostTotals, saveNordostChunk, type NordostChunkResult, type NordostTotals } from './store.ts';
import type { NordostParams } from './types.ts';

export const nordostBonusPlanJob = {
  name: 'nordost-bonus-plan',
  title: 'AOK Nordost Bonus Plan – Boni und Eigenbeteiligung',
  fund: FUND,
  // Leaflet: "Payment for the preceding year is rendered by 30 June"; `status` warns from 1 June
  // (the deadline watch's month before, as for § 18a).
  deadline: { kind: 'statutory', source: 'Merkblatt AOK Bonus Plan (AOK Nordost)', due: (year: number) => payoutDueDate(year, PAYOUT_DUE) },
  // rules-nordost-bonus-plan.md: 2 May, 03:00, the previous year (an hour after § 18a's).
  schedule: { pattern: '0 3 2 5 *', tz: 'Europe/Berlin', target: 'previous-year' },

  inputFiles: [
    'members.csv',
    'memberships.csv',
    'third_party_periods.csv',
    'annual_income.csv',
    'bonus_plan_declarations.csv',
    'outpatient_treatments.csv',
    'inpatient_stays.csv',
    'bonus_plan_health_proofs.csv',
    'bonus_plan_history.csv',
  ],
  keySource: { file: 'members.csv', table: 'member', column: 'member_id' },
  // Claim-free months carry over from the previous year's run.
  state: { carries: true, chooseStateRun: chooseNordostStateRun },

  compute: {
    checkStart: checkNordostStart,
    loadParameters: loadNordostParameters,
    async chunk(ctx, params) {
      const facts = await loadNordostChunk(ctx.db, {
        inputs: ctx.inputs,
        firstKey: ctx.firstKey,
        lastKey: ctx.lastKey,
        year: ctx.run.year,
        stateRunId: ctx.run.state_run_id,
      });
      const result: NordostChunkResult = { rows: [], proofs: [], exceptions: [], errors: [] };
      const settled = await eachRecord(
        facts,
        'member',
        (m) => m.memberId,
        (m) => ({ m, ...settleNordostMember(m, ctx.run.year, params) }),
        result.errors,
        ctx.log,
      );
      for (const { m, row, proofs, exceptions } of settled) {
        if (row) result.rows.push(row);
        result.proofs.push(...proofs);
        for (const e of exceptions) result.exceptions.push({ ...e, memberId: m.memberId });
      }
      return { read: facts.length, written: result.rows.length, rejected: result.exceptions.length + result.errors.length, result };
    },
  },

  storage: {
    chunkTables: ['nordost_result', 'nordost_proof_result'],
    runTables: [],
    saveChunk: (trx, ctx, result, bulk) => saveNordostChunk(trx, bulk, ctx.run.id, ctx.chunkNo, result),
    totals: (db, run) => nordostTotals(db, run.id),
    moneyTotals: nordostMoneyTotals,
    async counts(db, runId) {
      const row = await db
        .selectFrom('nordost_result')
        .select(sql<number>`count(*)::int`.as('rows'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      const exceptions = await db
        .selectFrom('run_exception')
        .select([sql<number>`count(*)::int`.as('n'), sql<number>`(count(DISTINCT item_key) FILTER (WHERE held))::int`.as('held')])
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      return { rows: row.rows, held: exceptions.held, exceptions: exceptions.n };
    },
  },

  exports: [nordostBonusPlanExport, nordostProofsExport],
  payments: nordostPayments,
  bench: {
    profile: 'default',
    floorSql: 'nordost-sql-floor.sql',
    floorTable: 'nordost_sql_floor',
    floorParams: (i, v, year) => [
      i['members.csv'],
      i['annual_income.csv'],
      i['bonus_plan_declarations.csv'],
      i['outpatient_treatments.csv'],
      i['inpatient_stays.csv'],
      v.bonus_plan_class_table,
      `${year}-01-01`,
      `${year}-12-31`,
      year,
    ],
  },
} satisfies JobDefinition<NordostParams, NordostChunkResult, NordostTotals>;
