/**
 * The levy year month by month, for the picture on Übersicht (issue 11, point 9): the U1 and U2
 * levies computed for the month and the reimbursements approved for claims beginning in it (a
 * claim is dated by its period_from, as the rules assign it to Y). The sums are exact numerics
 * from SQL; the workbook draws them as bars, it does not add them up again.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';

export interface LevyMonth {
  /** `YYYY-MM` */
  month: string;
  u1Levy: string;
  u2Levy: string;
  u1Reimbursed: string;
  u2Reimbursed: string;
}

export async function levyMonths(db: Kysely<DB>, runId: number, year: number): Promise<LevyMonth[]> {
  const { rows } = await sql<LevyMonth>`
    WITH months AS (
      SELECT to_char(make_date(${year}::int, m, 1), 'YYYY-MM') AS month FROM generate_series(1, 12) AS m
    ),
    levies AS (
      SELECT month, sum(u1_levy) AS u1, sum(u2_levy) AS u2
      FROM levy_month_result WHERE run_id = ${runId} GROUP BY month
    ),
    reimbursed AS (
      SELECT to_char(c.period_from, 'YYYY-MM') AS month,
             sum(r.reimbursement) FILTER (WHERE r.kind IN ('u1_sickness', 'u1_rehab')) AS u1,
             sum(r.reimbursement) FILTER (WHERE r.kind NOT IN ('u1_sickness', 'u1_rehab')) AS u2
      FROM reimbursement_result r
      JOIN run_input i ON i.run_id = r.run_id AND i.file_name = 'reimbursement_claims.csv'
      JOIN reimbursement_claim c ON c.batch_id = i.batch_id AND c.claim_id = r.claim_id
      WHERE r.run_id = ${runId} AND r.decision = 'approved'
      GROUP BY 1
    )
    SELECT m.month,
           coalesce(l.u1, 0)::numeric(16, 2)::text AS "u1Levy",
           coalesce(l.u2, 0)::numeric(16, 2)::text AS "u2Levy",
           coalesce(x.u1, 0)::numeric(16, 2)::text AS "u1Reimbursed",
           coalesce(x.u2, 0)::numeric(16, 2)::text AS "u2Reimbursed"
    FROM months m LEFT JOIN levies l ON l.month = m.month LEFT JOIN reimbursed x ON x.month = m.month
    ORDER BY m.month`.execute(db);
  return rows;
}
