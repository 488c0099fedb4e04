/**
 * What a released § 18a settlement pays or collects: the balance of every member (+ payout,
 * − receivable); a held member's balance only once a Klärfall decision approves it.
 */
import { sql } from 'kysely';
import { maxDate, type IsoDate } from '../../src/dates.ts';
import type { PaymentSource } from '../../src/runs/job-definition.ts';
import { payoutDueDate } from './decisions.ts';

export const tariffPayments: PaymentSource = {
  positions: (runId) => sql`
    SELECT 'tariff' AS category, member_id AS item_key, member_id, NULL::text AS employer_id, NULL::text AS detail,
           balance AS amount, outcome = 'held' AS held
    FROM tariff_result WHERE run_id = ${runId} AND balance <> 0`,
  // § 18a Abs. 4: due 30 June Y+1. Decision: a payout released after that day (a late correction)
  // is due on its release day, never in the past.
  payoutDue: (year: number, releasedOn: IsoDate) => maxDate(payoutDueDate(year), releasedOn),
};
