-- SQL floor of the AOK Nordost bonus plan settlement (benchmark only; NOT a second implementation
-- of the rules). One statement over the tables the chunks read: per member with a plan
-- declaration, the doctor visits with prescription and the hospital days of Y (no transfer-day
-- dedup, no participation days) priced at the class of the contributory income. The least work
-- any settlement of these tables must do.
-- Parameters: $1 members batch, $2 annual_income batch, $3 bonus_plan_declarations batch,
--             $4 outpatient batch, $5 inpatient batch, $6 class table version, $7 first day of Y,
--             $8 last day of Y, $9 year.
-- Result: a temporary table nordost_sql_floor(member_id, outpatient_events, inpatient_days, events_amount).
CREATE TEMP TABLE nordost_sql_floor AS
WITH class_of AS (
  SELECT ai.member_id,
         (SELECT min(p.tariff_class) FROM param_bonus_plan_class p
           WHERE p.fund = 'AOK Nordost' AND p.version = $6
             AND (p.income_up_to IS NULL OR p.income_up_to >= ai.contributory_income)) AS tariff_class
    FROM annual_income ai
   WHERE ai.batch_id = $2 AND ai.year = $9
), planned AS (
  SELECT DISTINCT member_id FROM bonus_plan_declaration WHERE batch_id = $3
), outpatient AS (
  SELECT member_id, count(*) AS n
    FROM outpatient_treatment
   WHERE batch_id = $4 AND treated_on BETWEEN $7 AND $8 AND with_prescription AND category = 'regular'
   GROUP BY member_id
), inpatient AS (
  SELECT member_id, sum(least(discharged_on, $8::date) - greatest(admitted_on, $7::date) + 1) AS n
    FROM inpatient_stay
   WHERE batch_id = $5 AND admitted_on <= $8 AND discharged_on >= $7 AND category = 'regular'
   GROUP BY member_id
)
SELECT m.member_id,
       coalesce(o.n, 0) AS outpatient_events,
       coalesce(i.n, 0) AS inpatient_days,
       coalesce(o.n, 0) * coalesce(p.copay_per_visit, 0) + coalesce(i.n, 0) * coalesce(p.copay_per_hospital_day, 0) AS events_amount
  FROM member m
  JOIN planned pl ON pl.member_id = m.member_id
  LEFT JOIN class_of c ON c.member_id = m.member_id
  LEFT JOIN param_bonus_plan_class p ON p.fund = 'AOK Nordost' AND p.version = $6 AND p.tariff_class = coalesce(c.tariff_class, 3)
  LEFT JOIN outpatient o ON o.member_id = m.member_id
  LEFT JOIN inpatient i ON i.member_id = m.member_id
 WHERE m.batch_id = $1
