-- SQL floor of the U1/U2 levy year (benchmark only; NOT a second implementation of the rules).
-- One statement over the same pay rows the chunks read: per employer and month, the capped
-- regular pay (ceiling BBG × sv_days / 30 per row, compared as 30 × pay, divided once) and the
-- one-time pay — the levy bases without the employment, participation and declaration logic.
-- Parameters: $1 pay_months batch, $2 first month of Y (YYYY-MM), $3 last month of Y, $4 BBG RV per month.
-- Result: a temporary table levy_sql_floor(employer_id, month, capped_regular, one_time, pay_rows).
CREATE TEMP TABLE levy_sql_floor AS
SELECT employer_id,
       month,
       sum(least(30 * pay_regular, $4::numeric * sv_days)) / 30 AS capped_regular,
       sum(pay_one_time) AS one_time,
       count(*) AS pay_rows
  FROM pay_month
 WHERE batch_id = $1 AND month BETWEEN $2 AND $3
 GROUP BY employer_id, month
