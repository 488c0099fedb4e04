/**
 * What a released levy run pays: the reimbursements of approved claims (§§ 1, 2 AAG); a held
 * claim (longer than six weeks) only once a Klärfall decision approves it. rules-aag-levy.md
 * names no due date; decision: payable on the day of the release.
 */
import { sql } from 'kysely';
import type { IsoDate } from '../../src/dates.ts';
import type { PaymentSource } from '../../src/runs/job-definition.ts';

export const levyPayments: PaymentSource = {
  positions: (runId) => sql`
    SELECT 'reimbursement' AS category, claim_id AS item_key, NULL::text AS member_id, employer_id, kind AS detail,
           reimbursement AS amount, decision = 'held' AS held
    FROM reimbursement_result
    WHERE run_id = ${runId} AND decision IN ('approved', 'held') AND reimbursement <> 0`,
  payoutDue: (_year: number, releasedOn: IsoDate) => releasedOn,
};
