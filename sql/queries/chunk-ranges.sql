-- The chunk plan of a new run (src/runs/create-run.ts): the keys of the job's key source (its
-- plug-in's keySource: members or employers of the run's batch) in C order, cut into chunks of
-- :size consecutive keys; a chunk stores only its first and last key.
-- Parameters: :key_column and :key_table the key source (identifiers from the plug-in, never
--             text from outside), :batch_id the batch the run reads, :size keys per chunk.
-- Result: chunk_no (from 0), first_key, last_key, one row per chunk.
SELECT (i / :size)::int AS chunk_no, min(k) AS first_key, max(k) AS last_key
  FROM (SELECT :key_column AS k, (row_number() OVER (ORDER BY :key_column) - 1) AS i
          FROM :key_table WHERE batch_id = :batch_id) keys
 GROUP BY 1 ORDER BY 1
