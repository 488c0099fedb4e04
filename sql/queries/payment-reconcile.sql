-- The reconciliation of a correction run (pipeline.md, "Reconciliation (2026-12)"; reports/
-- reconciliation.ts): from the Korrekturen to the payment list, per item i with N = the run's
-- computed amount, R = the released baseline's computed amount, P = the position the release moves
-- the item to, M = what earlier releases moved (all signed: + the fund pays, − it collects). What
-- an item moves is its Korrekturen delta plus one named cause:
--   P − M = (N − R) + (R − M)                 when P = N: the item moves its full figure now, and
--                                             what its baseline figure did not move (held, open or
--                                             rejected then) moves with it — e.g. a held member
--                                             now a receivable with an unchanged balance;
--   P − M = (N − R) + ((P − M) − (N − R))     when P ≠ N: an open or rejected Klärfall of this run
--                                             keeps its figure from moving.
-- So moved = recomputed + earlier_unmoved + withheld_now, each item in exactly one cause.
-- Parameters: :settled sql/queries/payment-settled.sql for the run, :baseline_positions the job's
--             positions subquery for the baseline run.
-- Result: one row: recomputed, earlier_unmoved, withheld_now, moved, payouts, receivables (numeric
--         as text, receivables a negative sum), items (items that move money), earlier_unmoved_items
--         and withheld_items (items with a non-zero cause).
WITH settled AS (:settled),
baseline AS (:baseline_positions),
joined AS (
  SELECT coalesce(s.computed, 0) AS n, coalesce(b.amount, 0) AS r,
         coalesce(s.position, 0) AS p, coalesce(s.previously, 0) AS m
  FROM settled s FULL JOIN baseline b ON b.category = s.category AND b.item_key = s.item_key
)
SELECT coalesce(sum(n - r), 0)::numeric(16, 2)::text AS recomputed,
       coalesce(sum(r - m) FILTER (WHERE p = n), 0)::numeric(16, 2)::text AS earlier_unmoved,
       coalesce(sum((p - m) - (n - r)) FILTER (WHERE p <> n), 0)::numeric(16, 2)::text AS withheld_now,
       coalesce(sum(p - m), 0)::numeric(16, 2)::text AS moved,
       coalesce(sum(p - m) FILTER (WHERE p > m), 0)::numeric(16, 2)::text AS payouts,
       coalesce(sum(p - m) FILTER (WHERE p < m), 0)::numeric(16, 2)::text AS receivables,
       (count(*) FILTER (WHERE p <> m))::int AS items,
       (count(*) FILTER (WHERE p = n AND r <> m))::int AS earlier_unmoved_items,
       (count(*) FILTER (WHERE p <> n AND (p - m) <> (n - r)))::int AS withheld_items
FROM joined
