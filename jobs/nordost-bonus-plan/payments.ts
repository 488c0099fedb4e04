/**
 * What a released plan settlement pays or collects: every member's balance (+ payout,
 * − receivable), as § 18a; a held member's only once a Klärfall decision approves it.
 */
import { sql } from 'kysely';
import { maxDate, type IsoDate } from '../../src/dates.ts';
import type { PaymentSource } from '../../src/runs/job-definition.ts';
import { PAYOUT_DUE, payoutDueDate } from './decisions.ts';

export const nordostPayments: PaymentSource = {
  positions: (runId) => sql`
    SELECT 'bonus_plan' AS category, member_id AS item_key, member_id, NULL::text AS employer_id, NULL::text AS detail,
           balance AS amount, outcome = 'held' AS held
    FROM nordost_result WHERE run_id = ${runId} AND balance <> 0`,
  // Leaflet: paid by 30 June Y+1. As § 18a: a payout released after that day is due on its release day.
  payoutDue: (year: number, releasedOn: IsoDate) => maxDate(payoutDueDate(year, PAYOUT_DUE), releasedOn),
};
