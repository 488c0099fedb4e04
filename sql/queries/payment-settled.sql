-- What a release of a run moves, per item, before it is written (src/runs/release.ts writes it as the
-- payment list; src/runs/reconcile.ts leads a correction's Korrekturen to it; pipeline.md,
-- "Four-eyes release" and "Reconciliation (2026-12)"):
--   computed   = what the run computed for the item (+ the fund pays, − it collects);
--   position   = what the run says is owed, honouring the Klärfall decisions: a held item counts once
--                approved; an item whose Klärfall was rejected counts 0; an item whose Klärfall is
--                still open moves nothing (it keeps what earlier releases moved, 0 for a first release);
--   previously = the sum of what the releases of the same job and year before this run moved for it
--                (the run's own list, once written, never counts: a released run reconciles the same
--                way as before its release).
-- Parameters: :run_id the run, :positions the job's positions subquery (its plug-in's
--             payments.positions: category, item_key, member_id, employer_id, detail, amount, held),
--             :job and :year of the run.
-- Result: one row per item with a position or an earlier movement: category, item_key, member_id,
--         employer_id, detail, computed, previously, held, state (0 no Klärfall, 1 approved, 2 open,
--         3 rejected), position. Items whose position equals previously move nothing.
WITH klaerfall AS (
  -- held Klärfälle of this run; 3 rejected, 2 open, 1 approved (the strictest one wins)
  SELECT e.item_key, max(CASE d.decision WHEN 'reject' THEN 3 WHEN 'approve' THEN 1 ELSE 2 END) AS state
  FROM run_exception e
  LEFT JOIN run_decision d ON d.run_id = e.run_id AND d.item_type = e.item_type AND d.item_key = e.item_key
  WHERE e.run_id = :run_id AND e.held
  GROUP BY e.item_key
),
position AS (:positions),
this_run AS (SELECT released_at FROM run WHERE id = :run_id),
moved AS (
  SELECT p.category, p.item_key, max(p.member_id) AS member_id, max(p.employer_id) AS employer_id, max(p.detail) AS detail,
         sum(CASE p.direction WHEN 'payout' THEN p.amount ELSE -p.amount END) AS amount
  FROM run_payment p JOIN run r ON r.id = p.run_id
  WHERE r.job = :job AND r.year = :year AND r.status = 'released' AND r.id <> :run_id
    AND (r.released_at < (SELECT released_at FROM this_run) OR (SELECT released_at FROM this_run) IS NULL)
  GROUP BY p.category, p.item_key
),
item AS (
  SELECT coalesce(n.category, m.category) AS category, coalesce(n.item_key, m.item_key) AS item_key,
         coalesce(n.member_id, m.member_id) AS member_id, coalesce(n.employer_id, m.employer_id) AS employer_id,
         coalesce(n.detail, m.detail) AS detail, coalesce(n.amount, 0) AS computed, coalesce(m.amount, 0) AS previously,
         coalesce(n.held, false) AS held
  FROM position n FULL JOIN moved m ON m.category = n.category AND m.item_key = n.item_key
),
governed AS (
  -- an item is governed by the Klärfall of its own key, its member or its employer
  SELECT i.*, greatest(coalesce(k1.state, 0), coalesce(k2.state, 0), coalesce(k3.state, 0)) AS state
  FROM item i
  LEFT JOIN klaerfall k1 ON k1.item_key = i.item_key
  LEFT JOIN klaerfall k2 ON k2.item_key = i.member_id
  LEFT JOIN klaerfall k3 ON k3.item_key = i.employer_id
)
SELECT g.*,
       CASE WHEN g.state = 3 THEN 0
            WHEN g.state = 2 OR (g.held AND g.state = 0) THEN g.previously
            ELSE g.computed END AS position
FROM governed g
