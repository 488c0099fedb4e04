/**
 * Storage of § 18a results. A chunk's settlements and exceptions replace whatever that chunk
 * wrote before (same run): the pipeline deletes the chunk's rows of the job's chunk tables in the
 * same transaction first (src/runs/execute.ts), so a retried chunk rewrites the same rows.
 */
import { sql, type Kysely } from 'kysely';
import { Decimal } from '../../src/money.ts';
import type { DB } from '../../src/db/schema.ts';
import { RUN_EXCEPTION_COLUMNS, type BulkWriter, type CopyValue } from '../../src/runs/bulk.ts';
import type { MoneyTotal } from '../../src/runs/job-definition.ts';
import { saveRecordErrors, type RecordError } from '../../src/runs/record-errors.ts';
import { HOLDING_REASONS, MEMBER_REASONS, type DeclarationException, type MemberReason, type Settlement } from './types.ts';

export interface TariffChunkResult {
  settlements: Settlement[];
  exceptions: (DeclarationException & { memberId: string })[];
  /** members the rules could not process: held as Klärfälle (PROCESSING_ERROR) */
  errors: RecordError[];
}

const RESULT_COLUMNS = [
  'run_id',
  'chunk_no',
  'member_id',
  'year',
  'participation_months',
  'premium_prorated',
  'cap_prorated',
  'outpatient_events',
  'inpatient_events',
  'events_amount',
  'deductible',
  'premium_cap_statutory',
  'premium_paid',
  'balance',
  'outcome',
  'due_on',
  'classes',
  'reasons',
  'admissible_class',
] as const;

export async function saveTariffChunk(
  trx: Kysely<DB>,
  bulk: BulkWriter,
  runId: number,
  chunkNo: number,
  result: TariffChunkResult,
): Promise<void> {
  await bulk.copy(
    'tariff_result',
    RESULT_COLUMNS,
    result.settlements.map((s) => [
      runId,
      chunkNo,
      s.memberId,
      s.year,
      s.participationMonths,
      s.premiumProrated,
      s.deductibleCapProrated,
      s.outpatientEvents,
      s.inpatientEvents,
      s.eventsAmount,
      s.deductible,
      s.premiumCap,
      s.premiumPaid,
      s.balance,
      s.outcome,
      s.dueOn,
      s.classes,
      s.reasons.join(';'),
      s.admissibleClass,
    ]),
  );
  // COPY too (a chunk has a few hundred exception rows): one stream instead of INSERTs of 500.
  const exceptionRows = function* (): Generator<CopyValue[]> {
    for (const e of result.exceptions) yield [runId, chunkNo, 'declaration', e.declarationId, e.memberId, e.code, false];
    for (const s of result.settlements) {
      for (const code of s.reasons) yield [runId, chunkNo, 'member', s.memberId, s.memberId, code, HOLDING_REASONS.has(code)];
    }
  };
  await bulk.copy('run_exception', RUN_EXCEPTION_COLUMNS, exceptionRows());
  await saveRecordErrors(trx, runId, chunkNo, result.errors);
}

export interface TariffTotals {
  members: number;
  byOutcome: { outcome: string; members: number; balance: string; premiumPaid: string; deductible: string }[];
  byClass: { tariffClass: string; members: number; premiumProrated: string }[];
  byReason: { code: string; count: number }[];
  premiumProrated: string;
  premiumPaid: string;
  deductible: string;
  balance: string;
  payouts: string;
  receivables: string;
  declarationExceptions: { code: string; count: number }[];
}

/** Totals from the stored rows, checked against what the chunks reported writing. */
export async function tariffTotals(db: Kysely<DB>, runId: number): Promise<TariffTotals> {
  const written = await db
    .selectFrom('run_chunk')
    .select(sql<number>`coalesce(sum(rows_written), 0)::int`.as('n'))
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  const sums = await db
    .selectFrom('tariff_result')
    .select([
      sql<number>`count(*)::int`.as('members'),
      sql<string>`coalesce(sum(premium_prorated), 0)::numeric(16,2)::text`.as('premiumProrated'),
      sql<string>`coalesce(sum(premium_paid), 0)::numeric(16,2)::text`.as('premiumPaid'),
      sql<string>`coalesce(sum(deductible), 0)::numeric(16,2)::text`.as('deductible'),
      sql<string>`coalesce(sum(balance), 0)::numeric(16,2)::text`.as('balance'),
      sql<string>`coalesce(sum(balance) FILTER (WHERE outcome = 'payout'), 0)::numeric(16,2)::text`.as('payouts'),
      sql<string>`coalesce(sum(balance) FILTER (WHERE outcome = 'receivable'), 0)::numeric(16,2)::text`.as('receivables'),
    ])
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  if (sums.members !== written.n) {
    throw new Error(`run ${runId}: ${sums.members} result rows stored but the chunks reported ${written.n}`);
  }
  const byOutcome = await db
    .selectFrom('tariff_result')
    .select([
      'outcome',
      sql<number>`count(*)::int`.as('members'),
      sql<string>`sum(balance)::numeric(16,2)::text`.as('balance'),
      sql<string>`sum(premium_paid)::numeric(16,2)::text`.as('premiumPaid'),
      sql<string>`sum(deductible)::numeric(16,2)::text`.as('deductible'),
    ])
    .where('run_id', '=', runId)
    .groupBy('outcome')
    .orderBy('outcome')
    .execute();
  // The class of a member's last participation month, from the classes string ("2:01-06;4:07-12" → 4).
  const byClass = await sql<{ tariffClass: string; members: number; premiumProrated: string }>`
    SELECT coalesce(nullif(split_part(regexp_replace(classes, '^.*;', ''), ':', 1), ''), '–') AS "tariffClass",
           count(*)::int AS members, sum(premium_prorated)::numeric(16,2)::text AS "premiumProrated"
      FROM tariff_result WHERE run_id = ${runId} GROUP BY 1 ORDER BY 1`.execute(db);
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
    declarationExceptions: reasons
      .filter((r) => r.item_type === 'declaration')
      .map((r) => ({ code: r.code, count: r.count }))
      .sort((a, b) => (a.code < b.code ? -1 : 1)),
  };
}

/**
 * The money of a § 18a run for `status`: payouts and receivables as separate sums (never netted,
 * as on Übersicht) and the balance of the held members, which no one may pay before a decision.
 */
export function tariffMoneyTotals(t: TariffTotals): MoneyTotal[] {
  const outcome = (name: string) => t.byOutcome.find((o) => o.outcome === name);
  const line = (label: string, name: string, sign: 1 | -1): MoneyTotal => {
    const o = outcome(name);
    return { label, count: o?.members ?? 0, eur: o ? new Decimal(o.balance).times(sign).toFixed(2) : '0.00' };
  };
  return [line('payouts', 'payout', 1), line('receivables', 'receivable', -1), line('held (balance)', 'held', 1)];
}
