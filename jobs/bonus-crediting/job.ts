/**
 * § 19a bonus crediting as a pipeline job: chunks of members (insured persons of members.csv,
 * family-insured included), the pure rules of rules.ts per person, accounts and items stored per
 * (run, member) and (run, item).
 */
import { bonusPayments } from './payments.ts';
import { sql } from 'kysely';
import type { JobDefinition } from '../../src/runs/job-definition.ts';
import { eachRecord } from '../../src/runs/record-errors.ts';
import { writeBonusWorkbook } from '../../reports/bonus-crediting.ts';
import { bonusAccountsExport, bonusItemsExport } from './export.ts';
import { loadBonusChunk } from './load.ts';
import { loadBonusParameters } from './params.ts';
import { creditMember } from './rules.ts';
import { checkBonusStart, chooseStateRun } from './state.ts';
import { bonusTotals, saveBonusChunk, type BonusChunkResult } from './store.ts';
import type { BonusParams } from './types.ts';

export const BONUS_INPUT_FILES = [
  'members.csv',
  'memberships.csv',
  'third_party_periods.csv',
  'tariff_declarations.csv',
  'bonus_participations.csv',
  'bonus_exclusions.csv',
  'bonus_proofs.csv',
  'bonus_activities.csv',
  'bonus_goals.csv',
  'bonus_opening_balances.csv',
  'bonus_payout_requests.csv',
] as const;

export const bonusCreditingJob: JobDefinition<BonusParams, BonusChunkResult> = {
  name: 'bonus-crediting',
  inputFiles: BONUS_INPUT_FILES,
  keySource: { file: 'members.csv', table: 'member', column: 'member_id' },
  checkStart: checkBonusStart,
  prepare: chooseStateRun,
  loadParameters: loadBonusParameters,

  async computeChunk(ctx, params) {
    const { facts, openingSources } = await loadBonusChunk(ctx.db, {
      inputs: ctx.inputs,
      firstKey: ctx.firstKey,
      lastKey: ctx.lastKey,
      year: ctx.run.year,
      stateRunId: ctx.run.state_run_id,
    });
    const result: BonusChunkResult = { accounts: [], items: [], errors: [] };
    const credited = eachRecord(
      facts,
      'member',
      (p) => p.memberId,
      (p) => ({ p, ...creditMember(p, ctx.run.year, params) }),
      result.errors,
      ctx.log,
    );
    for (const { p, account, items } of credited) {
      if (account) result.accounts.push({ ...account, openingSource: openingSources.get(p.memberId) ?? 'none' });
      result.items.push(...items);
    }
    const rejected = result.items.filter((i) => i.decision === 'rejected').length + result.errors.length;
    return { read: facts.length, written: result.accounts.length, rejected, result };
  },

  saveChunk: (trx, ctx, result, bulk) => saveBonusChunk(trx, bulk, ctx.run.id, ctx.chunkNo, result),
  totals: async (db, run) => ({ ...(await bonusTotals(db, run.id)) }),
  exports: [bonusAccountsExport, bonusItemsExport],
  writeWorkbook: writeBonusWorkbook,
  payments: bonusPayments,

  async counts(db, runId) {
    const accounts = await db
      .selectFrom('bonus_account_result')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('run_id', '=', runId)
      .executeTakeFirstOrThrow();
    const rejected = await db
      .selectFrom('bonus_item_result')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('run_id', '=', runId)
      .where('decision', '=', 'rejected')
      .executeTakeFirstOrThrow();
    // Crediting holds only records the rules could not process; rejections are the exceptions.
    const held = await db
      .selectFrom('run_exception')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('run_id', '=', runId)
      .where('held', '=', true)
      .executeTakeFirstOrThrow();
    return { rows: accounts.n, held: held.n, exceptions: rejected.n + held.n };
  },
};
