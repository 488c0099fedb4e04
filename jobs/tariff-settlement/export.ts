/**
 * The tariff_settlement export (data-contract.md): one row per member, sorted by member_id in
 * byte order, money with 2 decimals, empty fields for nulls. Read in key-ordered pages so a
 * million rows never sit in memory at once.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { ExportDefinition } from '../../src/runs/job-definition.ts';
import { resultRows } from '../../src/runs/paging.ts';

export const TARIFF_SETTLEMENT_COLUMNS = [
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
] as const;

/** Result rows of a run in member order (byte order), page by page. */
export function tariffResultRows(db: Kysely<DB>, runId: number) {
  return resultRows(db, 'tariff_result', runId, ['member_id']);
}

export const tariffSettlementExport: ExportDefinition = {
  name: 'tariff_settlement',
  header: [...TARIFF_SETTLEMENT_COLUMNS],
  key: ['member_id'],
  // the event counts are compared, but they are counts, not money
  amounts: ['premium_prorated', 'cap_prorated', 'events_amount', 'deductible', 'premium_cap_statutory', 'premium_paid', 'balance'],
  moves: ['balance'],
  // A receivable's due date is fixed at its release (one month after it), so comparing it would
  // flag every receivable; a change of outcome is what matters, and that is compared.
  notCompared: ['due_on'],
  async *rows(db, runId) {
    for await (const r of tariffResultRows(db, runId)) {
      yield [
        r.member_id,
        r.year,
        r.participation_months,
        r.premium_prorated,
        r.cap_prorated,
        r.outpatient_events,
        r.inpatient_events,
        r.events_amount,
        r.deductible,
        r.premium_cap_statutory,
        r.premium_paid,
        r.balance,
        // An empty list is an empty field, like a null (data-contract.md, "Format").
        r.outcome,
        r.due_on,
        r.classes || null,
        r.reasons || null,
      ];
    }
  },
};
