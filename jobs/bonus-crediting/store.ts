/**
 * Storage of crediting results: a chunk's accounts and items replace what that chunk wrote
 * before in the same run (the pipeline deletes them first, in the chunk's transaction:
 * src/runs/execute.ts), so a retried chunk rewrites the same rows.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { csvField } from '../../src/import/csv-source.ts';
import type { BulkWriter } from '../../src/runs/bulk.ts';
import type { MoneyTotal } from '../../src/runs/job-definition.ts';
import { saveRecordErrors, type RecordError } from '../../src/runs/record-errors.ts';
import type { OpeningSource } from './load.ts';
import type { BonusAccount, BonusItem } from './types.ts';

export interface BonusChunkResult {
  accounts: (BonusAccount & { openingSource: OpeningSource })[];
  items: BonusItem[];
  /** persons the rules could not process: held as Klärfälle (PROCESSING_ERROR) */
  errors: RecordError[];
}

// The chunk's constant fields first: each line starts with one prefix rendered once per chunk.
const ACCOUNT_COLUMNS = [
  'run_id',
  'chunk_no',
  'member_id',
  'year',
  'opening_points',
  'opening_source',
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
const ITEM_COLUMNS = [
  'run_id',
  'chunk_no',
  'item_type',
  'item_id',
  'member_id',
  'year',
  'points',
  'decision',
  'reason',
  'payout_kind',
  'payout_eur',
  'receipt_id',
] as const;

/*
 * The lines are rendered here rather than as arrays of values for bulk.copy: a chunk writes
 * ~28 k item rows, and an array per row plus a csvField call per value was the largest share of
 * the chunk's own CPU after the rules (bench profile). Only identifiers go through csvField; the
 * other fields are integers, 2-decimal amounts, booleans and the fixed codes of types.ts (item
 * types, decisions, reasons, payout kinds), none of which needs quoting; null is an empty field.
 */

function accountLine(prefix: string, a: BonusChunkResult['accounts'][number]): string {
  return (
    `${prefix}${csvField(a.memberId)},${a.year},${a.openingPoints},${a.openingSource},${a.credited65a1},${a.credited65a1a},` +
    `${a.creditedActivities},${a.creditedGoals},${a.payoutPoints},${a.payoutCashEur},${a.payoutPlusEur},` +
    `${a.forfeitedPoints},${a.closingPoints},${a.closingValueEur},${a.payoutEligible}`
  );
}

function itemLine(prefix: string, it: BonusItem): string {
  const p = it.payout;
  // payout_kind, payout_eur, receipt_id (the receipt only of a paid payout); all empty (NULL) for other items
  const payout = p === undefined ? ',,' : `${p.kind},${p.eur},${it.decision === 'paid' ? csvField(p.receiptId) : ''}`;
  return `${prefix}${it.itemType},${csvField(it.itemId)},${csvField(it.memberId)},${it.year},${it.points},${it.decision},${it.reason ?? ''},${payout}`;
}

export async function saveBonusChunk(
  trx: Kysely<DB>,
  bulk: BulkWriter,
  runId: number,
  chunkNo: number,
  result: BonusChunkResult,
): Promise<void> {
  await saveRecordErrors(trx, runId, chunkNo, result.errors);
  const prefix = `${runId},${chunkNo},`;
  await bulk.copyRendered('bonus_account_result', ACCOUNT_COLUMNS, result.accounts, (a) => accountLine(prefix, a));
  await bulk.copyRendered('bonus_item_result', ITEM_COLUMNS, result.items, (it) => itemLine(prefix, it));
}

export interface BonusTotals {
  accounts: number;
  items: number;
  openingPoints: number;
  credited65a1: number;
  credited65a1a: number;
  creditedActivities: number;
  creditedGoals: number;
  payoutPoints: number;
  payoutCashEur: string;
  payoutPlusEur: string;
  forfeitedPoints: number;
  closingPoints: number;
  closingValueEur: string;
  payoutEligible: number;
  openingSources: { source: string; accounts: number }[];
  rejectedByReason: { itemType: string; reason: string; count: number }[];
  itemsByDecision: { itemType: string; decision: string; count: number; points: number }[];
  payoutsPaid: { kind: string; count: number; points: number; eur: string }[];
}

/** Totals from the stored rows, checked against the chunk counts and the items. */
export async function bonusTotals(db: Kysely<DB>, runId: number): Promise<BonusTotals> {
  const written = await db
    .selectFrom('run_chunk')
    .select(sql<number>`coalesce(sum(rows_written), 0)::int`.as('n'))
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  const sums = await db
    .selectFrom('bonus_account_result')
    .select([
      sql<number>`count(*)::int`.as('accounts'),
      sql<number>`coalesce(sum(opening_points), 0)::bigint`.as('openingPoints'),
      sql<number>`coalesce(sum(credited_65a1), 0)::bigint`.as('credited65a1'),
      sql<number>`coalesce(sum(credited_65a1a), 0)::bigint`.as('credited65a1a'),
      sql<number>`coalesce(sum(credited_activities), 0)::bigint`.as('creditedActivities'),
      sql<number>`coalesce(sum(credited_goals), 0)::bigint`.as('creditedGoals'),
      sql<number>`coalesce(sum(payout_points), 0)::bigint`.as('payoutPoints'),
      sql<string>`coalesce(sum(payout_cash_eur), 0)::numeric(16,2)::text`.as('payoutCashEur'),
      sql<string>`coalesce(sum(payout_plus_eur), 0)::numeric(16,2)::text`.as('payoutPlusEur'),
      sql<number>`coalesce(sum(forfeited_points), 0)::bigint`.as('forfeitedPoints'),
      sql<number>`coalesce(sum(closing_points), 0)::bigint`.as('closingPoints'),
      sql<string>`coalesce(sum(closing_value_eur), 0)::numeric(16,2)::text`.as('closingValueEur'),
      sql<number>`(count(*) FILTER (WHERE payout_eligible))::int`.as('payoutEligible'),
    ])
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  if (sums.accounts !== written.n) throw new Error(`run ${runId}: ${sums.accounts} accounts stored but the chunks reported ${written.n}`);
  const itemsByDecision = await db
    .selectFrom('bonus_item_result')
    .select([
      'item_type as itemType',
      'decision',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`coalesce(sum(points), 0)::bigint`.as('points'),
    ])
    .where('run_id', '=', runId)
    .groupBy(['item_type', 'decision'])
    .orderBy('item_type')
    .orderBy('decision')
    .execute();
  // Cross-check: credited points of the items equal the credited points of the accounts.
  const creditedItems = itemsByDecision.filter((i) => i.decision === 'credited').reduce((s, i) => s + Number(i.points), 0);
  const creditedAccounts = [sums.credited65a1, sums.credited65a1a, sums.creditedActivities, sums.creditedGoals].reduce(
    (s, n) => s + Number(n),
    0,
  );
  if (creditedItems !== creditedAccounts) {
    throw new Error(`run ${runId}: items credit ${creditedItems} points, accounts ${creditedAccounts}`);
  }
  const rejectedByReason = await db
    .selectFrom('bonus_item_result')
    .select(['item_type as itemType', sql<string>`reason`.as('reason'), sql<number>`count(*)::int`.as('count')])
    .where('run_id', '=', runId)
    .where('decision', '=', 'rejected')
    .groupBy(['item_type', 'reason'])
    .orderBy('item_type')
    .orderBy('reason')
    .execute();
  const payoutsPaid = await db
    .selectFrom('bonus_item_result')
    .select([
      sql<string>`payout_kind`.as('kind'),
      sql<number>`count(*)::int`.as('count'),
      sql<number>`coalesce(sum(points), 0)::bigint`.as('points'),
      sql<string>`coalesce(sum(payout_eur), 0)::numeric(16,2)::text`.as('eur'),
    ])
    .where('run_id', '=', runId)
    .where('item_type', '=', 'payout')
    .where('decision', '=', 'paid')
    .groupBy('payout_kind')
    .orderBy('payout_kind')
    .execute();
  const openingSources = await db
    .selectFrom('bonus_account_result')
    .select(['opening_source as source', sql<number>`count(*)::int`.as('accounts')])
    .where('run_id', '=', runId)
    .groupBy('opening_source')
    .orderBy('opening_source')
    .execute();
  const n = (v: number) => Number(v);
  return {
    accounts: sums.accounts,
    items: itemsByDecision.reduce((s, i) => s + i.count, 0),
    openingPoints: n(sums.openingPoints),
    credited65a1: n(sums.credited65a1),
    credited65a1a: n(sums.credited65a1a),
    creditedActivities: n(sums.creditedActivities),
    creditedGoals: n(sums.creditedGoals),
    payoutPoints: n(sums.payoutPoints),
    payoutCashEur: sums.payoutCashEur,
    payoutPlusEur: sums.payoutPlusEur,
    forfeitedPoints: n(sums.forfeitedPoints),
    closingPoints: n(sums.closingPoints),
    closingValueEur: sums.closingValueEur,
    payoutEligible: sums.payoutEligible,
    openingSources,
    rejectedByReason,
    payoutsPaid: payoutsPaid.map((p) => ({ ...p, points: n(p.points) })),
    itemsByDecision: itemsByDecision.map((i) => ({ ...i, points: n(i.points) })),
  };
}

/** The money of a bonus run for `status`: payouts settled per kind (cash, PLUS) and the value of the closing balances. */
export function bonusMoneyTotals(t: BonusTotals): MoneyTotal[] {
  return [
    ...t.payoutsPaid.map((p) => ({ label: `${p.kind} payouts`, count: p.count, eur: p.eur })),
    { label: 'closing balances (value)', count: t.accounts, eur: t.closingValueEur },
  ];
}
