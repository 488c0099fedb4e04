/** Parsers of command-line values: a bad value is a usage error (exit 2) that says what is expected (an unknown job: exit 1). */
import { InvalidArgumentError } from 'commander';
import { parseDuration, type Duration } from '../durations.ts';
import { JOB_NAMES, isJobName, UnknownJobError, type JobName } from '../job-names.ts';

export function int(name: string, min = 0) {
  return (value: string): number => {
    if (!/^[0-9]+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}`);
    return Number(value);
  };
}
/**
 * A job name of the registry. An unknown name is not a usage error but the same failure as
 * before the registry existed (exit 1, one plain line that lists the jobs): scripts rely on it.
 */
export const jobName = (value: string): JobName => {
  if (!isJobName(value)) throw new UnknownJobError(`unknown job ${value}; jobs: ${JOB_NAMES.join(', ')}`);
  return value;
};
export const year = (value: string): number => {
  if (!/^[0-9]{4}$/.test(value)) throw new InvalidArgumentError('a year is four digits, e.g. 2025');
  return Number(value);
};
export const rate = (value: string): number => {
  const n = Number(value);
  if (!/^[0-9]*\.?[0-9]+$/.test(value) || n < 0 || n > 1) throw new InvalidArgumentError('a share between 0 and 1, e.g. 0.01');
  return n;
};

/** Whole numbers separated by commas, e.g. the bench's `--workers 1,2`. */
export function intList(name: string) {
  return (value: string): number[] => {
    if (!/^[0-9]+(,[0-9]+)*$/.test(value)) throw new InvalidArgumentError(`${name}: whole numbers separated by commas, e.g. 1,2`);
    return value.split(',').map(Number);
  };
}

/** A factor above 0 (e.g. the bench's --scale 0.01); at most 10 so a typo cannot ask for a 100-fold year. */
export function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^[0-9]*\.?[0-9]+$/.test(value) || !(n > 0) || n > 10)
      throw new InvalidArgumentError(`${name} must be a number above 0 and at most 10, e.g. 0.01`);
    return n;
  };
}

export const PURGE_HELP = `
Purged: the results, Klärfälle, chunks, decisions and payment lists of runs that finished before
today − DURATION and are neither active nor released (dry, failed, cancelled, computed, approved),
and import batches of that age that a newer batch superseded and no kept run reads.
Kept always: every run record and its inputs (files, batches, row counts, SHA-256), every released
run's details, the details of any run a kept run builds on (its state or baseline run), and for
the jobs that carry state (bonus-crediting, levy) per year the run the next year starts from.
Purged runs stay in \`status\`; their exports and workbook can no longer be written, and they can no
longer be resumed, approved or released. Workbooks and exports already written are files: they are
not touched. With REDIS_URL, finished queue jobs of that age are removed as well.`;

/** Commander argument parser: a usage error (exit 2) with an example for anything else. */
export function durationArg(value: string): Duration {
  const duration = parseDuration(value);
  if (!duration) throw new InvalidArgumentError('a duration is a whole number of days, months or years: e.g. 90d, 18m or 2y');
  return duration;
}

export function port(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > 65535)
    throw new InvalidArgumentError('a port is a whole number from 1 to 65535');
  return Number(value);
}

export const METRICS_PORT_HELP =
  'serve Prometheus metrics on http://HOST:PORT/metrics and a health check on /healthz (0: any free port, logged)';

export const METRICS_HOST_HELP =
  'address the metrics server listens on, with --metrics-port (metrics hold no personal data; e.g. 0.0.0.0 for a scraper on another machine)';

/** Like the dashboard's port, but 0 is allowed: the system picks a free port and the log names it. */
export function metricsPort(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return Number(value);
}
