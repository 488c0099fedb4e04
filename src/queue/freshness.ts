/**
 * Input freshness of a scheduled run (`inputsImportedWithin` of a schedule entry): each input
 * file of the job must have been imported within the window before the firing, or the firing
 * starts no run, fails once (StaleInputsError is a PermanentRunError: no retry) and is alerted.
 *
 * Where the issue is silent, the literal reading:
 * - "Imported" is the import batch that loaded the file's current version (the batch a run would
 *   read). A re-import of an unchanged file is a no-op that records nothing (import-folder.ts),
 *   so it does not make the file fresh: the data is as old as its first import.
 * - A file never imported is stale too (it was not imported within the window).
 * - The window is measured back from the firing time (BullMQ's scheduled time of the iteration),
 *   passed in: nothing here reads the clock. An import at exactly the window's start counts.
 */
import type { Kysely } from 'kysely';
import type { InputAge } from '../alerts/alerts.ts';
import type { DB } from '../db/schema.ts';
import { PermanentRunError } from '../runs/job-definition.ts';

export class StaleInputsError extends PermanentRunError {
  constructor(
    readonly job: string,
    readonly year: number,
    readonly within: string,
    readonly firedAt: number,
    readonly stale: InputAge[],
  ) {
    super(
      `scheduled run of ${job} ${year} refused: inputs must have been imported within ${within} of the firing ` +
        `(${new Date(firedAt).toISOString()}); stale: ${stale.map((i) => `${i.file} (${i.importedAt ?? 'never imported'})`).join(', ')}`,
    );
  }
}

/** The inputs not imported within `windowMs` before `firedAt`, in the order given. */
export function staleInputs(inputs: readonly InputAge[], firedAt: number, windowMs: number): InputAge[] {
  return inputs.filter((i) => i.importedAt === null || Date.parse(i.importedAt) < firedAt - windowMs);
}

/** When each file's current version was imported (its latest batch), null for a file never imported. */
export async function inputAges(db: Kysely<DB>, files: readonly string[]): Promise<InputAge[]> {
  if (files.length === 0) return [];
  const latest = await db
    .selectFrom('import_file')
    .innerJoin('import_batch', 'import_batch.id', 'import_file.batch_id')
    .distinctOn('import_file.file_name')
    .select(['import_file.file_name', 'import_batch.created_at'])
    .where('import_file.file_name', 'in', [...files])
    .orderBy('import_file.file_name')
    .orderBy('import_file.batch_id', 'desc')
    .execute();
  const at = new Map(latest.map((r) => [r.file_name, new Date(r.created_at).toISOString()]));
  return files.map((file) => ({ file, importedAt: at.get(file) ?? null }));
}
