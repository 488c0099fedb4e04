/**
 * Files that belong to a database transaction (the payment files of a release or of `pay`):
 * written under a temporary name `<file>.uncommitted` while the transaction is open, renamed to
 * their real name only after it committed, deleted when it rolled back. So a rolled-back release
 * never leaves a payment file anybody could upload, and a committed one never lacks its files
 * unless the process dies between commit and rename — then the `.uncommitted` files stay and
 * `yearend payfile <run>` writes the real ones again from the stored dispositions, byte-identical.
 * Files 0640, folders 0750 (src/private-files.ts).
 */
import fs from 'node:fs';
import { ensurePrivateDir, FILE_MODE } from '../private-files.ts';
import path from 'node:path';

export interface StagedFile {
  file: string;
  temp: string;
}

export const UNCOMMITTED_SUFFIX = '.uncommitted';

export function stageFile(file: string, content: string): StagedFile {
  ensurePrivateDir(path.dirname(file));
  const temp = `${file}${UNCOMMITTED_SUFFIX}`;
  fs.writeFileSync(temp, content, { mode: FILE_MODE });
  fs.chmodSync(temp, FILE_MODE);
  return { file, temp };
}

/** After the commit: the real names. */
export function publishStaged(staged: readonly StagedFile[]): string[] {
  for (const s of staged) fs.renameSync(s.temp, s.file);
  return staged.map((s) => s.file);
}

/** After a rollback: nothing stays. */
export function discardStaged(staged: readonly StagedFile[]): void {
  for (const s of staged) fs.rmSync(s.temp, { force: true });
}

/** Writes a file directly (a rewrite of files whose transaction committed long ago). */
export function writeNow(file: string, content: string): string {
  const staged = stageFile(file, content);
  return publishStaged([staged])[0]!;
}
