/**
 * § 19a bonus crediting as a pipeline job: chunks of members (insured persons of members.csv,
 * family-insured included), the pure rules of rules.ts per person, accounts and items stored per
 * (run, member) and (run, item).
 */
import { sql } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { JobDefinition } from '../../src/runs/job-definition.ts';
import { eachRecord } from '../../src/runs/record-errors.ts';
import { bonusAccountsExport, bonusItemsExport } from './export.ts';
import { loadBonusChunk } from './load.ts';
import { FUND, loadBonusParameters } from './params.ts';
import { bonusPayments } from './payments.ts';
import { creditMember } from './rules.ts';
import { checkBonusStart, chooseStateRun } from './state.ts';
import { bonusMoneyTotals, bonusTotals, saveBonusChunk, type BonusChunkResult, type BonusTotals } from './store.ts';
import type { BonusParams } from './types.ts';

export const bonusCreditingJob = {
  name: 'bonus-crediting',
  title: '§ 19a Bonusprogramm – Gutschrift der Bonuspunkte',
  fund: FUND,
  // pipeline.md: an operational target, a month after the 31 March proof deadline.
  deadline: { kind: 'operational', source: 'pipeline.md (Betriebsziel)', due: (year) => isoDate(year + 1, 4, 30) },
  // pipeline.md, "Schedules": 1 April, the day after the proof deadline.
  schedule: { pattern: '0 2 1 4 *', tz: 'Europe/Berlin', target: 'previous-year' },

  inputFiles: [
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
  ],
  keySource: { file: 'members.csv', table: 'member', column: 'member_id' },
  // Balances carry over; payouts and PLUS receipts are settled once, ever.
  state: { carries: true, chooseStateRun },

  compute: {
    checkStart: checkBonusStart,
    loadParameters: loadBonusParameters,
    async chunk(ctx, params) {
      const { facts, openingSources } = await loadBonusChunk(ctx.db, {
        job: ctx.run.job,
        inputs: ctx.inputs,
        firstKey: ctx.firstKey,
        lastKey: ctx.lastKey,
        year: ctx.run.year,
        stateRunId: ctx.run.state_run_id,
      });
      const result: BonusChunkResult = { accounts: [], items: [], errors: [] };
      // Each member's result goes straight into the chunk's lists (in member order, as before),
      // and rejected items are counted on the way: no per-member wrapper, no filtered copy of
      // every rejected item. A member whose rules throw adds nothing (creditMember returns whole).
      let rejectedItems = 0;
      await eachRecord(
        facts,
        'member',
        (p) => p.memberId,
        (p) => {
          const { account, items } = creditMember(p, ctx.run.year, params);
          if (account) result.accounts.push({ ...account, openingSource: openingSources.get(p.memberId) ?? 'none' });
          for (const item of items) {
            result.items.push(item);
            if (item.decision === 'rejected') rejectedItems++;
          }
        },
        result.errors,
        ctx.log,
      );
      const rejected = rejectedItems + result.errors.length;
      return { read: facts.length, written: result.accounts.length, rejected, result };
    },
  },

  storage: {
    chunkTables: ['bonus_account_result', 'bonus_item_result'],
    runTables: [],
    saveChunk: (trx, ctx, result, bulk) => saveBonusChunk(trx, bulk, ctx.run.id, ctx.chunkNo, result),
    totals: (db, run) => bonusTotals(db, run.id),
    moneyTotals: bonusMoneyTotals,
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
  },

  exports: [bonusAccountsExport, bonusItemsExport],
  payments: bonusPayments,
  bench: {
    profile: 'bonus-bench',
    floorSql: 'bonus-sql-floor.sql',
    floorTable: 'bonus_sql_floor',
    floorParams: (i, v, year) => [
      i['members.csv'],
      i['bonus_proofs.csv'],
      i['bonus_activities.csv'],
      i['bonus_goals.csv'],
      v.bonus_points_table,
      `${year}-01-01`,
      `${year}-12-31`,
      `${year + 1}-03-31`,
      50,
      1500,
    ],
  },
} satisfies JobDefinition<BonusParams, BonusChunkResult, BonusTotals>;
