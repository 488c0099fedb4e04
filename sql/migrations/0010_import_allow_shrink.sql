-- A file whose data rows fall below a share of the batch it replaces (default 50 %, and always
-- 0 rows) is refused unless the operator names it with `import --allow-shrink FILE`. The names
-- given are recorded on the batch, so a shrunk extract can be traced to who allowed it.
ALTER TABLE import_batch ADD COLUMN allow_shrink text[] NOT NULL DEFAULT '{}';
