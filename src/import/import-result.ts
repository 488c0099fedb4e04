/** What an import tells its caller: per file what happened, the rejection report, and the error that refuses it. */

export type FileStatus = 'loaded' | 'unchanged' | 'ignored';

export interface FileOutcome {
  file: string;
  status: FileStatus;
  rows: number;
  loaded: number;
  rejected: number;
  note?: string;
}

export interface ImportResult {
  batchId: number | null;
  files: FileOutcome[];
  rejectionReport: string | null;
  /** rejected rows counted per file and reason, for the terminal summary (no values) */
  rejectionCounts: { file: string; reason: string; count: number }[];
}

export class ImportError extends Error {
  constructor(
    message: string,
    readonly result?: ImportResult,
  ) {
    super(message);
  }
}
