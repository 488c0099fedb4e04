/**
 * The plan's exports (data-contract-nordost.md): nordost_bonus_plan (key member_id) and
 * nordost_bonus_plan_proofs (key proof_id), sorted in byte order, money with 2 decimals, empty
 * fields for nulls; read in key-ordered pages.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { ExportDefinition } from '../../src/runs/job-definition.ts';
import { resultRows } from '../../src/runs/paging.ts';
import { NORDOST_BONUS_PLAN_COLUMNS, NORDOST_PROOF_COLUMNS } from './columns.ts';

export { NORDOST_BONUS_PLAN_COLUMNS, NORDOST_PROOF_COLUMNS };

export function nordostResultRows(db: Kysely<DB>, runId: number) {
  return resultRows(db, 'nordost_result', runId, ['member_id']);
}

export const nordostBonusPlanExport: ExportDefinition = {
  name: 'nordost_bonus_plan',
  header: [...NORDOST_BONUS_PLAN_COLUMNS],
  key: ['member_id'],
  amounts: [
    'basic_bonus',
    'health_bonus',
    'additional_bonus',
    'bonus_total',
    'premium_cap_statutory',
    'bonus_paid',
    'events_amount',
    'copay_cap',
    'copay',
    'balance',
  ],
  // the balance is what a release pays or collects (payments.ts): its delta moves money
  moves: ['balance'],
  // As § 18a: a receivable's due date is fixed at release; the outcome is compared.
  notCompared: ['due_on'],
  async *rows(db, runId) {
    for await (const r of nordostResultRows(db, runId)) {
      yield [
        r.member_id,
        r.year,
        r.participation_start,
        r.participation_months,
        r.classes || null,
        r.basic_bonus,
        r.health_bonus,
        r.additional_bonus,
        r.bonus_total,
        r.premium_cap_statutory,
        r.bonus_paid,
        r.outpatient_events,
        r.inpatient_days,
        r.events_amount,
        r.copay_cap,
        r.copay,
        r.balance,
        r.outcome,
        r.due_on,
        r.claim_free_months,
        r.health_proof_id,
        r.reasons || null,
      ];
    }
  },
};

export const nordostProofsExport: ExportDefinition = {
  name: 'nordost_bonus_plan_proofs',
  header: [...NORDOST_PROOF_COLUMNS],
  key: ['proof_id'],
  amounts: [],
  async *rows(db, runId) {
    for await (const r of resultRows(db, 'nordost_proof_result', runId, ['proof_id'])) {
      yield [r.proof_id, r.member_id, r.year, r.path, r.performed_on, r.received_on, r.decision, r.reason];
    }
  },
};
