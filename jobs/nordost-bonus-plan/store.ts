/**
 * Storage of the plan's results. A chunk's rows replace whatever that chunk wrote before (the
 * pipeline deletes the chunk's rows of the chunk tables in the same transaction first).
 * Exceptions: declaration codes (not held), member codes (held per HOLDING_REASONS) and proof
 * rejections (routine, not held: the proofs export and the workbook show them).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { Decimal } from '../../src/money.ts';
import type { MoneyTotal } from '../../src/runs/job-definition.ts';
import type { BulkWriter } from '../../src/runs/bulk.ts';
import { saveRecordErrors, type RecordError } from '../../src/runs/record-errors.ts';
import { NORDOST_BONUS_PLAN_COLUMNS, NORDOST_PROOF_COLUMNS } from './columns.ts';
import {
  HOLDING_REASONS,
  MEMBER_REASONS,
  type BonusPlanRow,
  type DeclarationException,
  type MemberReason,
  type ProofDecision,
} from './types.ts';

export interface NordostChunkResult {
  rows: BonusPlanRow[];
  proofs: ProofDecision[];
  exceptions: (DeclarationException & { memberId: string })[];
  errors: RecordError[];
}

const BATCH = 500;

// the stored row: the export's columns and what only the workbook shows
const RESULT_COLUMNS = ['run_id', 'chunk_no', ...NORDOST_BONUS_PLAN_COLUMNS, 'admissible_class', 'claim_free_source'] as const;

const PROOF_COLUMNS = ['run_id', 'chunk_no', ...NORDOST_PROOF_COLUMNS] as const;

export async function saveNordostChunk(
  trx: Kysely<DB>,
  bulk: BulkWriter,
  runId: number,
  chunkNo: number,
  result: NordostChunkResult,
): Promise<void> {
  await bulk.copy(
    'nordost_result',
    RESULT_COLUMNS,
    result.rows.map((r) => [
      runId,
      chunkNo,
      r.memberId,
      r.year,
      r.participationStart,
      r.participationMonths,
      r.classes,
      r.basicBonus,
      r.healthBonus,
      r.additionalBonus,
      r.bonusTotal,
      r.premiumCapStatutory,
      r.bonusPaid,
      r.outpatientEvents,
      r.inpatientDays,
      r.eventsAmount,
      r.copayCap,
      r.copay,
      r.balance,
      r.outcome,
      r.dueOn,
      r.claimFreeMonths,
      r.healthProofId,
      r.reasons.join(';'),
      r.admissibleClass,
      r.claimFreeSource,
    ]),
  );
  await bulk.copy(
    'nordost_proof_result',
    PROOF_COLUMNS,
    result.proofs.map((p) => [runId, chunkNo, p.proofId, p.memberId, p.year, p.path, p.performedOn, p.receivedOn, p.decision, p.reason]),
  );
  const exceptionRows = [
    ...result.exceptions.map((e) => ({
      run_id: runId,
      chunk_no: chunkNo,
      item_type: 'declaration',
      item_key: e.declarationId,
      member_id: e.memberId,
      code: e.code,
      held: false,
    })),
    ...result.rows.flatMap((r) =>
      r.reasons.map((code) => ({
        run_id: runId,
        chunk_no: chunkNo,
        item_type: 'member',
        item_key: r.memberId,
        member_id: r.memberId,
        code,
        held: HOLDING_REASONS.has(code),
      })),
    ),
  ];
  for (let i = 0; i < exceptionRows.length; i += BATCH) {
    await trx
      .insertInto('run_exception')
      .values(exceptionRows.slice(i, i + BATCH))
      .execute();
  }
  await saveRecordErrors(trx, runId, chunkNo, result.errors);
}

export interface NordostTotals {
  members: number;
  basicBonus: string;
  healthBonus: string;
  additionalBonus: string;
  bonusTotal: string;
  bonusPaid: string;
  copay: string;
  balance: string;
  payouts: string;
  receivables: string;
  additionalBonuses: number;
  byOutcome: { outcome: string; members: number; balance: string }[];
  byClass: { tariffClass: string; members: number; basicBonus: string; balance: string }[];
  byReason: { code: string; count: number }[];
  proofs: { decision: string; reason: string | null; count: number }[];
  declarationExceptions: { code: string; count: number }[];
}

const money = (column: string, filter = '') => sql<string>`coalesce(sum(${sql.ref(column)}) ${sql.raw(filter)}, 0)::numeric(16,2)::text`;

/** Totals from the stored rows, checked against what the chunks reported writing. */
export async function nordostTotals(db: Kysely<DB>, runId: number): Promise<NordostTotals> {
  const written = await db
    .selectFrom('run_chunk')
    .select(sql<number>`coalesce(sum(rows_written), 0)::int`.as('n'))
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  const sums = await db
    .selectFrom('nordost_result')
    .select([
      sql<number>`count(*)::int`.as('members'),
      money('basic_bonus').as('basicBonus'),
      money('health_bonus').as('healthBonus'),
      money('additional_bonus').as('additionalBonus'),
      money('bonus_total').as('bonusTotal'),
      money('bonus_paid').as('bonusPaid'),
      money('copay').as('copay'),
      money('balance').as('balance'),
      money('balance', "FILTER (WHERE outcome = 'payout')").as('payouts'),
      money('balance', "FILTER (WHERE outcome = 'receivable')").as('receivables'),
      sql<number>`(count(*) FILTER (WHERE additional_bonus > 0))::int`.as('additionalBonuses'),
    ])
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  if (sums.members !== written.n) {
    throw new Error(`run ${runId}: ${sums.members} result rows stored but the chunks reported ${written.n}`);
  }
  const byOutcome = await db
    .selectFrom('nordost_result')
    .select(['outcome', sql<number>`count(*)::int`.as('members'), sql<string>`sum(balance)::numeric(16,2)::text`.as('balance')])
    .where('run_id', '=', runId)
    .groupBy('outcome')
    .orderBy('outcome')
    .execute();
  // The class of a member's last participation month, from the classes string ("2:01-06;3:07-12" → 3).
  const byClass = await sql<{ tariffClass: string; members: number; basicBonus: string; balance: string }>`
    SELECT coalesce(nullif(split_part(regexp_replace(classes, '^.*;', ''), ':', 1), ''), '–') AS "tariffClass",
           count(*)::int AS members, sum(basic_bonus)::numeric(16,2)::text AS "basicBonus",
           sum(balance)::numeric(16,2)::text AS balance
      FROM nordost_result WHERE run_id = ${runId} GROUP BY 1 ORDER BY 1`.execute(db);
  const proofs = await db
    .selectFrom('nordost_proof_result')
    .select(['decision', 'reason', sql<number>`count(*)::int`.as('count')])
    .where('run_id', '=', runId)
    .groupBy(['decision', 'reason'])
    .orderBy('decision')
    .orderBy('reason')
    .execute();
  const reasons = await db
    .selectFrom('run_exception')
    .select(['item_type', 'code', sql<number>`count(*)::int`.as('count')])
    .where('run_id', '=', runId)
    .groupBy(['item_type', 'code'])
    .execute();
  const order = (code: string) => MEMBER_REASONS.indexOf(code as MemberReason);
  return {
    ...sums,
    byOutcome,
    byClass: byClass.rows,
    byReason: reasons
      .filter((r) => r.item_type === 'member')
      .map((r) => ({ code: r.code, count: r.count }))
      .sort((a, b) => order(a.code) - order(b.code)),
    proofs,
    declarationExceptions: reasons
      .filter((r) => r.item_type === 'declaration')
      .map((r) => ({ code: r.code, count: r.count }))
      .sort((a, b) => (a.code < b.code ? -1 : 1)),
  };
}

/** The run's money for `status <run>`, as § 18a's: payouts, receivables (as positive amounts), held balances. */
export function nordostMoneyTotals(t: NordostTotals): MoneyTotal[] {
  const line = (label: string, name: string, sign: 1 | -1): MoneyTotal => {
    const o = t.byOutcome.find((b) => b.outcome === name);
    return { label, count: o?.members ?? 0, eur: o ? new Decimal(o.balance).times(sign).toFixed(2) : '0.00' };
  };
  return [line('payouts', 'payout', 1), line('receivables', 'receivable', -1), line('held (balance)', 'held', 1)];
}
