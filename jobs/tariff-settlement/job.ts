/**
 * The § 18a yearly settlement as a pipeline job: chunks of members, the pure rules of rules.ts
 * on each member's facts, results stored per (run, member).
 */
import { tariffPayments } from './payments.ts';
import { sql } from 'kysely';
import type { JobDefinition } from '../../src/runs/job-definition.ts';
import { eachRecord } from '../../src/runs/record-errors.ts';
import { tariffSettlementExport } from './export.ts';
import { loadChunkFacts } from './load.ts';
import { loadTariffParameters } from './params.ts';
import { settleMember } from './rules.ts';
import { saveTariffChunk, tariffTotals, type TariffChunkResult } from './store.ts';
import { writeTariffWorkbook } from '../../reports/tariff-settlement.ts';
import type { TariffParams } from './types.ts';

export const TARIFF_INPUT_FILES = [
  'members.csv',
  'memberships.csv',
  'third_party_periods.csv',
  'annual_income.csv',
  'tariff_declarations.csv',
  'outpatient_treatments.csv',
  'inpatient_stays.csv',
  'bonus_participations.csv',
] as const;

export const tariffSettlementJob: JobDefinition<TariffParams, TariffChunkResult> = {
  name: 'tariff-settlement',
  inputFiles: TARIFF_INPUT_FILES,
  keySource: { file: 'members.csv', table: 'member', column: 'member_id' },
  loadParameters: loadTariffParameters,

  async computeChunk(ctx, params) {
    const facts = await loadChunkFacts(ctx.db, { inputs: ctx.inputs, firstKey: ctx.firstKey, lastKey: ctx.lastKey, year: ctx.run.year });
    const result: TariffChunkResult = { settlements: [], exceptions: [], errors: [] };
    const settled = eachRecord(
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

  saveChunk: (trx, ctx, result, bulk) => saveTariffChunk(trx, bulk, ctx.run.id, ctx.chunkNo, result),
  totals: async (db, run) => ({ ...(await tariffTotals(db, run.id)) }),
  exports: [tariffSettlementExport],
  writeWorkbook: writeTariffWorkbook,
  payments: tariffPayments,

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
};
