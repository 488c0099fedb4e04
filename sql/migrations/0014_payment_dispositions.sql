-- Issue 13, payments-and-ledger.md § 2 and § 4: what the release did with every row of its payment
-- list (its dispositions), the credit-transfer files written from them, and the parameters the
-- files and postings need (the fund's debtor accounts, the ledger accounts, the file size).

-- One row per part of a payment-list row (§ 2.1–2.3): a payout splits into REDUCES_RECEIVABLE
-- (part 1) + TRANSFER or KLAERFALL, a receivable into REDUCES_PENDING (one part per reduced
-- earlier Klärfall, latest first) + RECEIVABLE. Written in the release transaction; the files are
-- written from these rows only, so `payfile` rewrites them byte-identically. `n` is the row's
-- 1-based position in the run's payment list in (category, item_key) C order (the EndToEndId's).
--   iban … country   the bank data used (latest bank_accounts / addresses import on the release
--                    or `pay` day), texts as delivered (converted when the file is written);
--   reduces_run_id   REDUCES_PENDING: the earlier run whose open Klärfall it lowers;
--   origin           'release', or 'pay' for a TRANSFER appended by `yearend pay` (file_no ≥ 2);
--   resolution       a KLAERFALL ended later: 'paid' (by `pay`, its TRANSFER appended) or
--                    'rejected' (by `decide … reject`, no transfer), with who, when and why.
CREATE TABLE run_payment_disposition (
  run_id          bigint NOT NULL REFERENCES run (id),
  category        text COLLATE "C" NOT NULL,
  item_key        text COLLATE "C" NOT NULL,
  part            smallint NOT NULL CHECK (part >= 1),
  n               integer NOT NULL CHECK (n >= 1),
  kind            text NOT NULL CHECK (kind IN ('TRANSFER', 'RECEIVABLE', 'REDUCES_RECEIVABLE', 'REDUCES_PENDING', 'KLAERFALL')),
  reason          text CHECK (reason IN ('NO_BANK_ACCOUNT', 'NO_ADDRESS', 'PAYEE_DECEASED')),
  amount          numeric(14, 2) NOT NULL CHECK (amount > 0),
  ledger          text NOT NULL CHECK (ledger IN ('KV', 'U1', 'U2')),
  cost_object     text NOT NULL CHECK (cost_object IN ('WT18A', 'BONUS_CASH', 'BONUS_PLUS', 'AAG_U1', 'AAG_U2')),
  due_on          date NOT NULL,
  execution_date  date,
  end_to_end_id   text COLLATE "C" NOT NULL,
  file_no         integer CHECK (file_no >= 1),
  iban            text COLLATE "C",
  creditor_name   text,
  street          text,
  building_number text,
  postcode        text,
  town            text,
  country         text COLLATE "C",
  reduces_run_id  bigint REFERENCES run (id),
  origin          text NOT NULL DEFAULT 'release' CHECK (origin IN ('release', 'pay')),
  resolution      text CHECK (resolution IN ('paid', 'rejected')),
  resolved_by     text,
  resolved_at     timestamptz,
  resolution_note text,
  PRIMARY KEY (run_id, category, item_key, part),
  CHECK ((kind = 'KLAERFALL') = (reason IS NOT NULL)),
  CHECK ((kind = 'TRANSFER') = (file_no IS NOT NULL)),
  CHECK ((kind = 'TRANSFER') = (iban IS NOT NULL AND creditor_name IS NOT NULL)),
  CHECK ((kind = 'REDUCES_PENDING') = (reduces_run_id IS NOT NULL)),
  CHECK ((resolution IS NULL) OR (kind = 'KLAERFALL' AND resolved_by IS NOT NULL AND resolved_at IS NOT NULL))
);
CREATE INDEX run_payment_disposition_file ON run_payment_disposition (run_id, file_no) WHERE file_no IS NOT NULL;
CREATE INDEX run_payment_disposition_open ON run_payment_disposition (category, item_key) WHERE kind = 'KLAERFALL';

-- The credit-transfer files of a run (§ 2.9): file 1 at release, 2… by `pay`. created_at is
-- CreDtTm as written (with its offset), so a rewrite repeats it; sha256 of the bytes lets
-- `payfile` prove the rewrite identical.
CREATE TABLE run_payment_file (
  run_id          bigint NOT NULL REFERENCES run (id),
  file_no         integer NOT NULL CHECK (file_no >= 1),
  msg_id          text COLLATE "C" NOT NULL UNIQUE,
  created_at      text NOT NULL,
  file_date       date NOT NULL,
  execution_dates text NOT NULL,
  nb_of_txs       integer NOT NULL CHECK (nb_of_txs >= 1),
  ctrl_sum        numeric(16, 2) NOT NULL CHECK (ctrl_sum > 0),
  sha256          text NOT NULL,
  written_by      text NOT NULL,
  PRIMARY KEY (run_id, file_no)
);

-- Parameters (§ 2.5, § 4). EXAMPLE VALUES: the debtor accounts below are the public example IBANs
-- of German banks, not the fund's accounts, and the ledger accounts are the spec's symbolic names;
-- finance replaces both with a new row (a new migration) before the first real release.
--  payment_initiating_party   GrpHdr/InitgPty/Nm;
--  debtor_<ledger>_{name,iban,bic,street,building_number,postcode,town,country}: the fund's account
--    a ledger's payouts are debited from (KV; U1 and U2 are special funds, § 8 AAG, own accounts);
--  account_<name>: the ledger account for the spec's symbolic name (§ 4);
--  max_transactions_per_file: a release with more transfers writes several files (§ 2.5).
INSERT INTO param_value (name, version, valid_from, valid_to, value, source) VALUES
  ('payment_initiating_party', 'payments example 2026', '2008-01-28', NULL, 'AOK PLUS', 'payments-and-ledger.md § 2.5'),
  ('max_transactions_per_file', 'payments 2026', '2008-01-28', NULL, '100000', 'payments-and-ledger.md § 2.5'),
  ('debtor_KV_name', 'payments example 2026', '2008-01-28', NULL, 'AOK PLUS', 'EXAMPLE VALUE, finance replaces it; payments-and-ledger.md § 2.5'),
  ('debtor_KV_iban', 'payments example 2026', '2008-01-28', NULL, 'DE02120300000000202051', 'EXAMPLE VALUE (public example IBAN), finance replaces it; payments-and-ledger.md § 2.5'),
  ('debtor_KV_bic', 'payments example 2026', '2008-01-28', NULL, 'BYLADEM1001', 'EXAMPLE VALUE, finance replaces it; payments-and-ledger.md § 2.5'),
  ('debtor_U1_name', 'payments example 2026', '2008-01-28', NULL, 'AOK PLUS U1 Umlage', 'EXAMPLE VALUE, finance replaces it; payments-and-ledger.md § 2.5, § 8 AAG'),
  ('debtor_U1_iban', 'payments example 2026', '2008-01-28', NULL, 'DE02500105170137075030', 'EXAMPLE VALUE (public example IBAN), finance replaces it; payments-and-ledger.md § 2.5'),
  ('debtor_U1_bic', 'payments example 2026', '2008-01-28', NULL, 'INGDDEFFXXX', 'EXAMPLE VALUE, finance replaces it; payments-and-ledger.md § 2.5'),
  ('debtor_U2_name', 'payments example 2026', '2008-01-28', NULL, 'AOK PLUS U2 Umlage', 'EXAMPLE VALUE, finance replaces it; payments-and-ledger.md § 2.5, § 8 AAG'),
  ('debtor_U2_iban', 'payments example 2026', '2008-01-28', NULL, 'DE02100500000054540402', 'EXAMPLE VALUE (public example IBAN), finance replaces it; payments-and-ledger.md § 2.5'),
  ('debtor_U2_bic', 'payments example 2026', '2008-01-28', NULL, 'BELADEBEXXX', 'EXAMPLE VALUE, finance replaces it; payments-and-ledger.md § 2.5'),
  ('debtor_KV_street', 'payments example 2026', '2008-01-28', NULL, 'Sternplatz', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_KV_building_number', 'payments example 2026', '2008-01-28', NULL, '7', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_KV_postcode', 'payments example 2026', '2008-01-28', NULL, '01067', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_KV_town', 'payments example 2026', '2008-01-28', NULL, 'Dresden', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_KV_country', 'payments example 2026', '2008-01-28', NULL, 'DE', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_U1_street', 'payments example 2026', '2008-01-28', NULL, 'Sternplatz', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_U1_building_number', 'payments example 2026', '2008-01-28', NULL, '7', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_U1_postcode', 'payments example 2026', '2008-01-28', NULL, '01067', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_U1_town', 'payments example 2026', '2008-01-28', NULL, 'Dresden', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_U1_country', 'payments example 2026', '2008-01-28', NULL, 'DE', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_U2_street', 'payments example 2026', '2008-01-28', NULL, 'Sternplatz', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_U2_building_number', 'payments example 2026', '2008-01-28', NULL, '7', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_U2_postcode', 'payments example 2026', '2008-01-28', NULL, '01067', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_U2_town', 'payments example 2026', '2008-01-28', NULL, 'Dresden', 'EXAMPLE VALUE, finance replaces it'),
  ('debtor_U2_country', 'payments example 2026', '2008-01-28', NULL, 'DE', 'EXAMPLE VALUE, finance replaces it'),
  ('account_AUFW_WT18A', 'ledger example 2026', '2008-01-28', NULL, 'AUFW_WT18A', 'symbolic name of payments-and-ledger.md § 4; finance sets the account'),
  ('account_AUFW_BONUS', 'ledger example 2026', '2008-01-28', NULL, 'AUFW_BONUS', 'symbolic name of payments-and-ledger.md § 4; finance sets the account'),
  ('account_AUFW_ERST_U1', 'ledger example 2026', '2008-01-28', NULL, 'AUFW_ERST_U1', 'symbolic name of payments-and-ledger.md § 4; finance sets the account'),
  ('account_AUFW_ERST_U2', 'ledger example 2026', '2008-01-28', NULL, 'AUFW_ERST_U2', 'symbolic name of payments-and-ledger.md § 4; finance sets the account'),
  ('account_VERB_VERS', 'ledger example 2026', '2008-01-28', NULL, 'VERB_VERS', 'symbolic name of payments-and-ledger.md § 4; finance sets the account'),
  ('account_VERB_AG_U1', 'ledger example 2026', '2008-01-28', NULL, 'VERB_AG_U1', 'symbolic name of payments-and-ledger.md § 4; finance sets the account'),
  ('account_VERB_AG_U2', 'ledger example 2026', '2008-01-28', NULL, 'VERB_AG_U2', 'symbolic name of payments-and-ledger.md § 4; finance sets the account'),
  ('account_FORD_VERS', 'ledger example 2026', '2008-01-28', NULL, 'FORD_VERS', 'symbolic name of payments-and-ledger.md § 4; finance sets the account'),
  ('account_ZV_AUSGANG', 'ledger example 2026', '2008-01-28', NULL, 'ZV_AUSGANG', 'symbolic name of payments-and-ledger.md § 4; finance sets the account');
