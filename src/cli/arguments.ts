/** Parsers of command-line values: a bad value is a usage error (exit 2) that says what is expected (an unknown job: exit 1). */
import { InvalidArgumentError } from 'commander';
import { JOB_NAMES, isJobName, type JobName } from '../job-names.ts';
import { UnknownJobError } from '../../jobs/registry.ts';

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
