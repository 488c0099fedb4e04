/**
 * The § 18a yearly settlement "AOK PLUS aktiv" as a pipeline job: chunks of members, the pure
 * rules of rules.ts on each member's facts, results stored per (run, member).
 */
import { sql } from 'kysely';
import type { JobDefinition } from '../../src/runs/job-definition.ts';
import { eachRecord } from '../../src/runs/record-errors.ts';
import { payoutDueDate } from './decisions.ts';
import { tariffSettlementExport } from './export.ts';
import { loadChunkFacts } from './load.ts';
import { FUND, loadTariffParameters } from './params.ts';
import { tariffPayments } from './payments.ts';
import { settleMember } from './rules.ts';
import { saveTariffChunk, tariffMoneyTotals, tariffTotals, type TariffChunkResult, type TariffTotals } from './store.ts';
import type { TariffParams } from './types.ts';

export const tariffSettlementJob = {
  name: 'tariff-settlement',
  title: '§ 18a AOK PLUS aktiv – Prämie und Selbstbehalte',
  fund: FUND,
  // § 18a Abs. 4: a positive difference falls due at the end of Q2 of the following year.
  deadline: { kind: 'statutory', source: '§ 18a Abs. 4 Satzung', due: payoutDueDate },
  // pipeline.md, "Schedules": 2 May, after the bonus crediting of 1 April.
  schedule: { pattern: '0 2 2 5 *', tz: 'Europe/Berlin', target: 'previous-year' },

  inputFiles: [
    'members.csv',
    'memberships.csv',
    'third_party_periods.csv',
    'annual_income.csv',
    'tariff_declarations.csv',
    'outpatient_treatments.csv',
    'inpatient_stays.csv',
    'bonus_participations.csv',
  ],
  keySource: { file: 'members.csv', table: 'member', column: 'member_id' },
  state: { carries: false },

  compute: {
    loadParameters: loadTariffParameters,
    async chunk(ctx, params) {
      const facts = await loadChunkFacts(ctx.db, { inputs: ctx.inputs, firstKey: ctx.firstKey, lastKey: ctx.lastKey, year: ctx.run.year });
      const result: TariffChunkResult = { settlements: [], exceptions: [], errors: [] };
      const settled = await eachRecord(
        facts,
        'member',
        (m) => m.memberId,
        (m) => ({ m, ...settleMember(m, ctx.run.year, params) }),
        result.errors,
        ctx.log,
      );
      for (const { m, settlement, exceptions } of settled) {
        if (settlement) result.settlements.push(settlement);
        for (const e of exceptions) result.exceptions.push({ ...e, memberId: m.memberId });
      }
      return { read: facts.length, written: result.settlements.length, rejected: result.exceptions.length + result.errors.length, result };
    },
  },

  storage: {
    chunkTables: ['tariff_result'],
    runTables: [],
    saveChunk: (trx, ctx, result, bulk) => saveTariffChunk(trx, bulk, ctx.run.id, ctx.chunkNo, result),
    totals: (db, run) => tariffTotals(db, run.id),
    moneyTotals: tariffMoneyTotals,
    async counts(db, runId) {
      const row = await db
        .selectFrom('tariff_result')
        .select(sql<number>`count(*)::int`.as('rows'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      // Held: members with a holding code or a record the rules could not process.
      const exceptions = await db
        .selectFrom('run_exception')
        .select([sql<number>`count(*)::int`.as('n'), sql<number>`(count(DISTINCT item_key) FILTER (WHERE held))::int`.as('held')])
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      return { rows: row.rows, held: exceptions.held, exceptions: exceptions.n };
    },
  },

  exports: [tariffSettlementExport],
  payments: tariffPayments,
  bench: {
    profile: 'default',
    floorSql: 'tariff-sql-floor.sql',
    floorTable: 'tariff_sql_floor',
    floorParams: (i, v, year) => [
      i['members.csv'],
      i['annual_income.csv'],
      i['outpatient_treatments.csv'],
      i['inpatient_stays.csv'],
      v.tariff_class_table,
      `${year}-01-01`,
      `${year}-12-31`,
      year,
    ],
  },
} satisfies JobDefinition<TariffParams, TariffChunkResult, TariffTotals>;
