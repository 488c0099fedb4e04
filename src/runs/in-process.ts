/**
 * Without Redis the same chunk and finalize code runs in this process, chunk after chunk.
 * Identical code paths mean identical results: the exports of both modes are byte-identical.
 */
import { executeChunk, finalizeRun, type ExecuteDeps } from './execute.ts';
import { failChunk } from './chunk-lifecycle.ts';
import { failRunAndAlert } from './run-alerts.ts';
import { pendingChunks } from './run-store.ts';

export async function runInProcess(deps: ExecuteDeps, runId: number, onChunk?: () => void): Promise<void> {
  for (const chunkNo of await pendingChunks(deps.db, runId)) {
    try {
      await executeChunk(deps, runId, chunkNo);
    } catch (error) {
      await failChunk(deps.db, runId, chunkNo, (error as Error).message);
      await failRunAndAlert(deps, runId, `chunk ${chunkNo} failed: ${(error as Error).message}`, 'chunk');
      throw error;
    }
    onChunk?.();
  }
  try {
    await finalizeRun(deps, runId);
  } catch (error) {
    await failRunAndAlert(deps, runId, `finalize failed: ${(error as Error).message}`, 'finalize');
    throw error;
  }
}
