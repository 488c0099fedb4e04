-- Job 4, AOK Nordost "AOK Bonus Plan" (issue 14; rules-nordost-bonus-plan.md,
-- data-contract-nordost.md): the job's name joins the run's CHECK (as 0009 asks of a new job), its
-- payments get a category of their own, and its results are stored per (run, member) and
-- (run, proof) — the columns of the exports nordost_bonus_plan and nordost_bonus_plan_proofs.

ALTER TABLE run DROP CONSTRAINT run_job_known;
ALTER TABLE run ADD CONSTRAINT run_job_known
  CHECK (job IN ('tariff-settlement', 'bonus-crediting', 'levy', 'nordost-bonus-plan'));

-- The plan's balance (+ payout, − receivable), as § 18a's 'tariff' but another fund's tariff.
ALTER TABLE run_payment DROP CONSTRAINT run_payment_category_check;
ALTER TABLE run_payment ADD CONSTRAINT run_payment_category_check
  CHECK (category IN ('tariff', 'bonus_payout', 'reimbursement', 'bonus_plan'));

CREATE TABLE nordost_result (
  run_id                bigint NOT NULL REFERENCES run (id),
  member_id             text COLLATE "C" NOT NULL,
  chunk_no              integer NOT NULL,
  year                  integer NOT NULL,
  participation_start   date NOT NULL,
  participation_months  smallint NOT NULL,
  classes               text NOT NULL,
  basic_bonus           numeric(14, 2) NOT NULL,
  health_bonus          numeric(14, 2) NOT NULL,
  additional_bonus      numeric(14, 2) NOT NULL,
  bonus_total           numeric(14, 2) NOT NULL,
  premium_cap_statutory numeric(14, 2),
  bonus_paid            numeric(14, 2) NOT NULL,
  outpatient_events     integer NOT NULL,
  inpatient_days        integer NOT NULL,
  events_amount         numeric(14, 2) NOT NULL,
  copay_cap             numeric(14, 2) NOT NULL,
  copay                 numeric(14, 2) NOT NULL,
  balance               numeric(14, 2) NOT NULL,
  outcome               text NOT NULL CHECK (outcome IN ('payout', 'receivable', 'zero', 'held')),
  due_on                date,
  -- NULL when unknown (HISTORY_MISSING); the next year's run reads it (state across years)
  claim_free_months     integer CHECK (claim_free_months >= 0),
  health_proof_id       text COLLATE "C",
  reasons               text NOT NULL,
  -- workbook only: the admissible class of Y, and where the Y−1 claim-free months came from
  admissible_class      smallint,
  claim_free_source     text NOT NULL CHECK (claim_free_source IN ('none', 'run', 'history', 'missing')),
  PRIMARY KEY (run_id, member_id)
);

CREATE TABLE nordost_proof_result (
  run_id       bigint NOT NULL REFERENCES run (id),
  proof_id     text COLLATE "C" NOT NULL,
  chunk_no     integer NOT NULL,
  member_id    text COLLATE "C" NOT NULL,
  year         integer NOT NULL,
  path         text NOT NULL,
  performed_on date NOT NULL,
  received_on  date NOT NULL,
  decision     text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  reason       text CHECK (reason IN ('LATE_SUBMISSION', 'OUTSIDE_PARTICIPATION', 'FREQUENCY_LIMIT')),
  PRIMARY KEY (run_id, proof_id)
);
CREATE INDEX nordost_proof_result_by_chunk ON nordost_proof_result (run_id, chunk_no);

-- A released run writes payment files with its fund's payment parameters (debtor accounts, ledger
-- accounts, file limits). AOK Nordost's own are not known: as migration 0015 foresees ("a second
-- fund copies them as its own rows when it needs them"), the fund's rows start as copies of AOK
-- PLUS's, named AOK Nordost, each marked a placeholder. Open question (issue 14): AOK Nordost's
-- debtor IBAN/BIC, address and ledger accounts — finance replaces these rows (the MsgId prefix AOKN is in src/payments/ids.ts).
INSERT INTO param_value (name, fund, version, valid_from, valid_to, value, source)
SELECT name, 'AOK Nordost', version, valid_from, valid_to,
       CASE WHEN name LIKE 'debtor\_%\_name' OR name = 'payment_initiating_party' THEN 'AOK Nordost' ELSE value END,
       'PLACEHOLDER copied from AOK PLUS (migration 0016): AOK Nordost sets its own value. ' || source
  FROM param_value
 WHERE fund = 'AOK PLUS'
   AND (name LIKE 'debtor\_%' OR name LIKE 'account\_%'
        OR name IN ('require_payee_address', 'max_transactions_per_file', 'payment_initiating_party'));
