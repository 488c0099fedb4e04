-- Keys are compared as text byte by byte (C collation) in exports and workbooks. The item_type
-- key of bonus items was created with the database's default collation, so the keyset pages of
-- the bonus_items export (tens of millions of rows) could not use the primary key and sorted the
-- whole table for every page. Same for the procedure key of the levy funds' rows.
ALTER TABLE bonus_item_result ALTER COLUMN item_type TYPE text COLLATE "C";
ALTER TABLE levy_fund_result ALTER COLUMN procedure TYPE text COLLATE "C";
