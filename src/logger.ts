/**
 * Logs are JSON lines on stderr (stdout belongs to command output and `--json`). They carry run
 * ids, chunk numbers and counts — never member ids, names, pay or amounts per person. The
 * redaction list is a safety net for a field that slips in by mistake.
 */
import { pino, destination, type Logger } from 'pino';

const PERSONAL_FIELDS = [
  'memberId',
  'member_id',
  'employeeId',
  'employee_id',
  'name',
  'birthDate',
  'birth_date',
  'income',
  'contributions',
  'balance',
  'pay',
  'amount',
];

export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: {
        paths: [...PERSONAL_FIELDS, ...PERSONAL_FIELDS.map((f) => `*.${f}`)],
        censor: '[redacted]',
      },
    },
    destination({ fd: 2, sync: true }),
  );
}

export type { Logger };
