/**
 * What a released bonus crediting pays: every payout request settled as paid (cash or PLUS), in
 * euros. rules-19a-bonus.md names no due date; decision: a settled payout is payable on the day
 * of the release.
 */
import { sql } from 'kysely';
import type { IsoDate } from '../../src/dates.ts';
import type { PaymentSource } from '../../src/runs/job-definition.ts';

export const bonusPayments: PaymentSource = {
  positions: (runId) => sql`
    SELECT 'bonus_payout' AS category, item_id AS item_key, member_id, NULL::text AS employer_id, payout_kind AS detail,
           payout_eur AS amount, false AS held
    FROM bonus_item_result
    WHERE run_id = ${runId} AND item_type = 'payout' AND decision = 'paid' AND payout_eur <> 0`,
  payoutDue: (_year: number, releasedOn: IsoDate) => releasedOn,
};
