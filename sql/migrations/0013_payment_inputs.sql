-- Issue 13, payments-and-ledger.md § 1: the payees' bank accounts and addresses, imported like
-- every extract (rows keep their batch and line). A row names exactly one party: a member
-- (member_id) or an employer (employer_id). Texts are kept as delivered; the credit-transfer file
-- converts them to the SEPA character set when it is written (§ 2.6).

CREATE TABLE bank_account (
  batch_id        bigint NOT NULL,
  line            integer NOT NULL,
  member_id       text COLLATE "C",
  employer_id     text COLLATE "C",
  iban            text COLLATE "C" NOT NULL,
  bic             text COLLATE "C",
  account_holder  text NOT NULL,
  holder_is_party boolean NOT NULL,
  valid_from      date NOT NULL,
  valid_to        date,
  CHECK ((member_id IS NULL) <> (employer_id IS NULL))
);
CREATE INDEX bank_account_member ON bank_account (batch_id, member_id, valid_from) WHERE member_id IS NOT NULL;
CREATE INDEX bank_account_employer ON bank_account (batch_id, employer_id, valid_from) WHERE employer_id IS NOT NULL;

CREATE TABLE address (
  batch_id        bigint NOT NULL,
  line            integer NOT NULL,
  member_id       text COLLATE "C",
  employer_id     text COLLATE "C",
  street          text NOT NULL,
  building_number text,
  postcode        text,
  town            text NOT NULL,
  country         text COLLATE "C" NOT NULL,
  valid_from      date NOT NULL,
  valid_to        date,
  CHECK ((member_id IS NULL) <> (employer_id IS NULL))
);
CREATE INDEX address_member ON address (batch_id, member_id, valid_from) WHERE member_id IS NOT NULL;
CREATE INDEX address_employer ON address (batch_id, employer_id, valid_from) WHERE employer_id IS NOT NULL;

-- Parameters of § 1 and § 2 (effective-dated like every parameter; lists are comma-separated
-- ISO 3166 alpha-2 codes, as the IBAN's first two characters carry them).
--  sepa_countries: the EPC's list of SEPA scheme countries by IBAN country code (41): the EU 27,
--    IS, LI, NO, CH, GB, MC, SM, VA, AD, GI, and AL, MD, ME, MK (admitted 2024/25; ibantools'
--    isSEPACountry lacks them, hence a parameter). Territories bank under their country's code
--    (e.g. Guernsey GB, Réunion FR). A change of the EPC list is a new row (a new migration).
--    One version, today's list, from the scheme's start (28 Jan 2008): the pipeline uses it for
--    execution dates from now on, and the import accepts an IBAN whose country is in a version in
--    force on any day of the row's period, so an old, ended account is not refused for history.
--  eea_countries: EU 27 + IS, LI, NO. Outside them the payee's address is required (§ 2.3).
--  require_payee_address: `eea` (outside eea_countries only, the spec's decision) or `always`.
--  non_business_days: the closing days beyond TARGET's (§ 2.4): the spec's default 24 and 31 Dec
--    (Bundesbank), Ascension Day, Whit Monday, 3 Oct; rules as src/payments/calendar.ts reads them.
INSERT INTO param_value (name, version, valid_from, valid_to, value, source) VALUES
  ('sepa_countries', 'EPC SEPA 2025', '2008-01-28', NULL,
   'AD,AL,AT,BE,BG,CH,CY,CZ,DE,DK,EE,ES,FI,FR,GB,GI,GR,HR,HU,IE,IS,IT,LI,LT,LU,LV,MC,MD,ME,MK,MT,NL,NO,PL,PT,RO,SE,SI,SK,SM,VA',
   'EPC List of SEPA Scheme Countries (EPC409-09); payments-and-ledger.md § 1.1'),
  ('eea_countries', 'EEA 2025', '2008-01-28', NULL,
   'AT,BE,BG,CY,CZ,DE,DK,EE,ES,FI,FR,GR,HR,HU,IE,IS,IT,LI,LT,LU,LV,MT,NL,NO,PL,PT,RO,SE,SI,SK',
   'EEA Agreement; payments-and-ledger.md § 2.3'),
  ('require_payee_address', 'payments 2025', '2008-01-28', NULL, 'eea', 'payments-and-ledger.md § 2.3 (decision)'),
  ('non_business_days', 'payments 2025', '2008-01-28', NULL, '12-24,12-31,EASTER+39,EASTER+50,10-03',
   'Bundesbank (24 and 31 Dec), nationwide holidays; payments-and-ledger.md § 2.4 (decision)');
