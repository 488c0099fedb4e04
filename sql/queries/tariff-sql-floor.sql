-- SQL floor of the § 18a settlement (benchmark only; NOT a second implementation of the rules).
-- One statement that touches the same tables the chunks read and computes, per member, the
-- deductible event counts and their sums at the class of the member's contributory income:
-- the least work any settlement of these tables must do. The benchmark times it beside the
-- real run to show how far the rules' overhead is from the floor.
-- Parameters: $1 members batch, $2 annual_income batch, $3 outpatient batch, $4 inpatient batch,
--             $5 class table version, $6 first day of Y, $7 last day of Y, $8 year.
-- Result: a temporary table tariff_sql_floor(member_id, outpatient_events, inpatient_events, events_amount).
CREATE TEMP TABLE tariff_sql_floor AS
WITH class_of AS (
  SELECT ai.member_id,
         (SELECT min(p.tariff_class) FROM param_tariff_class p
           WHERE p.version = $5 AND (p.income_up_to IS NULL OR p.income_up_to >= ai.contributory_income)) AS tariff_class
    FROM annual_income ai
   WHERE ai.batch_id = $2 AND ai.year = $8
), outpatient AS (
  SELECT member_id, count(*) AS n
    FROM outpatient_treatment
   WHERE batch_id = $3 AND treated_on BETWEEN $6 AND $7 AND with_prescription AND category = 'regular'
   GROUP BY member_id
), inpatient AS (
  SELECT member_id, count(*) AS n
    FROM inpatient_stay
   WHERE batch_id = $4 AND admitted_on BETWEEN $6 AND $7 AND category = 'regular'
   GROUP BY member_id
)
SELECT m.member_id,
       coalesce(o.n, 0) AS outpatient_events,
       coalesce(i.n, 0) AS inpatient_events,
       coalesce(o.n, 0) * coalesce(p.outpatient_deductible, 0) + coalesce(i.n, 0) * coalesce(p.inpatient_deductible, 0) AS events_amount
  FROM member m
  LEFT JOIN class_of c ON c.member_id = m.member_id
  LEFT JOIN param_tariff_class p ON p.version = $5 AND p.tariff_class = coalesce(c.tariff_class, 6)
  LEFT JOIN outpatient o ON o.member_id = m.member_id
  LEFT JOIN inpatient i ON i.member_id = m.member_id
 WHERE m.batch_id = $1
