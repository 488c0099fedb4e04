/**
 * The generator's one door to the import's file specs: names, columns, types and keys of the
 * contract's input files come from there, never re-declared here.
 */
import { FILE_SPECS, LEVY_FILE_SPECS, type FileSpec } from '../import/file-specs.ts';

export type { ColumnSpec, FileSpec, ValueType } from '../import/file-specs.ts';

export function fileSpec(file: string): FileSpec {
  const spec = FILE_SPECS.find((s) => s.file === file);
  if (!spec) throw new Error(`not a file of the data contract: ${file}`);
  return spec;
}

/** The contract's files a job group reads: the member files (common, § 18a, § 19a) or the U1/U2 files. */
export function filesOf(part: 'members' | 'levy'): FileSpec[] {
  return FILE_SPECS.filter((s) => LEVY_FILE_SPECS.includes(s) === (part === 'levy'));
}
