/**
 * Without Redis the same chunk and finalize code runs in this process. Identical code paths mean
 * identical results: the exports of both modes are byte-identical.
 *
 * `concurrency` chunks are worked on at once (CHUNK_CONCURRENCY): a chunk spends much of its time
 * waiting for PostgreSQL — reading its inputs, then its results' COPY and commit — and meanwhile
 * the other computes, so the two cores of the machine are both busy. Each chunk claims, writes and
 * finishes in its own transaction (chunk-lifecycle.ts), so the order they finish in changes
 * nothing. The first failure stops taking new chunks; the chunks already started end first.
 */
import { executeChunk, finalizeRun, type ExecuteDeps } from './execute.ts';
import { failChunk } from './chunk-lifecycle.ts';
import { failRunAndAlert } from './run-alerts.ts';
import { pendingChunks } from './run-store.ts';

export async function runInProcess(deps: ExecuteDeps, runId: number, onChunk?: () => void, concurrency = 1): Promise<void> {
  await runChunks(deps, runId, await pendingChunks(deps.db, runId), concurrency, onChunk);
  try {
    await finalizeRun(deps, runId);
  } catch (error) {
    await failRunAndAlert(deps, runId, `finalize failed: ${(error as Error).message}`, 'finalize');
    throw error;
  }
}

/** The given chunks, `concurrency` at a time; a failed chunk fails the run (and is thrown). */
export async function runChunks(
  deps: ExecuteDeps,
  runId: number,
  chunks: readonly number[],
  concurrency: number,
  onChunk?: () => void,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (failure === null && next < chunks.length) {
      const chunkNo = chunks[next++]!;
      try {
        await executeChunk(deps, runId, chunkNo);
      } catch (error) {
        await failChunk(deps.db, runId, chunkNo, (error as Error).message);
        if (failure === null) {
          failure = { error };
          await failRunAndAlert(deps, runId, `chunk ${chunkNo} failed: ${(error as Error).message}`, 'chunk');
        }
        return;
      }
      onChunk?.();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, chunks.length)) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
