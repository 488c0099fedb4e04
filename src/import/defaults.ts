/**
 * Defaults of the import guards, apart from the import code so the command line can show them
 * in --help without loading it.
 */

/** A file with fewer data rows than this share of the batch it replaces is refused (guard 2). */
export const DEFAULT_MIN_ROW_SHARE = 0.5;
