/**
 * What the command line needs before any command module is loaded (`yearend --help` loads no
 * database, queue or workbook code): the error that ends a command with a plain message, and the
 * default of --by.
 */
import os from 'node:os';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export function defaultUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER || 'unknown';
  }
}
