-- The payment list of a release (src/runs/release.ts; pipeline.md, "Four-eyes release"): the money
-- this release moves, per item, written in the release's transaction. What each item moves comes
-- from sql/queries/payment-settled.sql (position, previously, the Klärfall decision):
--   amount = |position − previously|, as a payout (position > previously) or a receivable.
-- Parameters: :run_id the run released, :settled that statement for the run, :payout_due and
--             :receivable_due the due dates.
-- Result: rows inserted into run_payment (items whose position equals what was moved are left out).
INSERT INTO run_payment (run_id, category, item_key, member_id, employer_id, detail, direction, amount, due_on, basis, position, previously)
SELECT :run_id, category, item_key, member_id, employer_id, detail,
       CASE WHEN position > previously THEN 'payout' ELSE 'receivable' END,
       abs(position - previously),
       CASE WHEN position > previously THEN :payout_due::date ELSE :receivable_due::date END,
       CASE WHEN state = 1 THEN 'decided' ELSE 'computed' END,
       position, previously
FROM (:settled) AS settled WHERE position <> previously
