/**
 * The bonus_accounts and bonus_items exports (data-contract.md): one row per key, byte order,
 * EUR with 2 decimals, booleans true/false, an empty reason as an empty field.
 */
import type { ExportDefinition } from '../../src/runs/job-definition.ts';
import { resultRows } from '../../src/runs/paging.ts';

export const BONUS_ACCOUNT_COLUMNS = [
  'member_id',
  'year',
  'opening_points',
  'credited_65a1',
  'credited_65a1a',
  'credited_activities',
  'credited_goals',
  'payout_points',
  'payout_cash_eur',
  'payout_plus_eur',
  'forfeited_points',
  'closing_points',
  'closing_value_eur',
  'payout_eligible',
] as const;

/** The account's amounts, in export order: every column but key, year and flag; points, or euros where named `_eur`. */
const BONUS_ACCOUNT_AMOUNTS: readonly string[] = BONUS_ACCOUNT_COLUMNS.filter((c) => !['member_id', 'year', 'payout_eligible'].includes(c));

export const BONUS_ITEM_COLUMNS = ['item_type', 'item_id', 'member_id', 'year', 'points', 'decision', 'reason'] as const;

export const bonusAccountsExport: ExportDefinition = {
  name: 'bonus_accounts',
  header: [...BONUS_ACCOUNT_COLUMNS],
  key: ['member_id'],
  amounts: BONUS_ACCOUNT_AMOUNTS,
  // the settled payouts in euros (bonus_item_result.payout_eur of the paid payout items)
  moves: ['payout_cash_eur', 'payout_plus_eur'],
  points: BONUS_ACCOUNT_AMOUNTS.filter((c) => !c.endsWith('_eur')),
  async *rows(db, runId) {
    for await (const r of resultRows(db, 'bonus_account_result', runId, ['member_id'])) {
      yield [
        r.member_id,
        r.year,
        r.opening_points,
        r.credited_65a1,
        r.credited_65a1a,
        r.credited_activities,
        r.credited_goals,
        r.payout_points,
        r.payout_cash_eur,
        r.payout_plus_eur,
        r.forfeited_points,
        r.closing_points,
        r.closing_value_eur,
        r.payout_eligible ? 'true' : 'false',
      ];
    }
  },
};

export const bonusItemsExport: ExportDefinition = {
  name: 'bonus_items',
  header: [...BONUS_ITEM_COLUMNS],
  key: ['item_type', 'item_id'],
  amounts: ['points'],
  points: ['points'],
  async *rows(db, runId) {
    for await (const r of resultRows(db, 'bonus_item_result', runId, ['item_type', 'item_id'])) {
      yield [r.item_type, r.item_id, r.member_id, r.year, r.points, r.decision, r.reason];
    }
  },
};
