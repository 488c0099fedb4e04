-- SQL floor of § 19a crediting (benchmark only; NOT a second implementation of the rules).
-- One statement over the same tables the chunks read: per person, the proofs, activities and
-- goals of Y and their points at face value (points table, activity and goal points), without
-- frequency, limits, sets or payouts — the least work any crediting of these tables must do.
-- Parameters: $1 members batch, $2 proofs batch, $3 activities batch, $4 goals batch,
--             $5 points table version, $6 first day of Y, $7 last day of Y, $8 proof deadline,
--             $9 points per activity, $10 points per goal.
-- Result: a temporary table bonus_sql_floor(member_id, proofs, activities, goals, points).
CREATE TEMP TABLE bonus_sql_floor AS
WITH proofs AS (
  SELECT p.member_id, count(*) AS n, sum(m.points) AS points
    FROM bonus_proof p
    JOIN param_bonus_measure m ON m.version = $5 AND m.measure_code = p.measure_code
   WHERE p.batch_id = $2 AND p.performed_on BETWEEN $6 AND $7 AND p.received_on <= $8
   GROUP BY p.member_id
), activities AS (
  SELECT member_id, count(*) AS n FROM bonus_activity
   WHERE batch_id = $3 AND activity_on BETWEEN $6 AND $7 GROUP BY member_id
), goals AS (
  SELECT member_id, count(*) AS n FROM bonus_goal
   WHERE batch_id = $4 AND completed_on BETWEEN $6 AND $7 GROUP BY member_id
)
SELECT m.member_id,
       coalesce(p.n, 0) AS proofs,
       coalesce(a.n, 0) AS activities,
       coalesce(g.n, 0) AS goals,
       coalesce(p.points, 0) + $9::int * coalesce(a.n, 0) + $10::int * coalesce(g.n, 0) AS points
  FROM member m
  LEFT JOIN proofs p ON p.member_id = m.member_id
  LEFT JOIN activities a ON a.member_id = m.member_id
  LEFT JOIN goals g ON g.member_id = m.member_id
 WHERE m.batch_id = $1
