/**
 * Job name → plug-in: the one place the pipeline finds a yearly job. The map's type requires a
 * plug-in for every name of JOB_NAMES (src/job-names.ts) and nothing else, so a job that is named
 * but not plugged in fails to compile; `checkRegistry` repeats the check at start-up for what the
 * compiler cannot see (a plug-in filed under another job's name, two jobs reading the same
 * results).
 */
import { JOB_NAMES, isJobName, UnknownJobError, type JobName } from '../src/job-names.ts';
import type { AnyJob } from '../src/runs/job-definition.ts';
import { bonusCreditingJob } from './bonus-crediting/job.ts';
import { levyJob } from './levy/job.ts';
import { nordostBonusPlanJob } from './nordost-bonus-plan/job.ts';
import { tariffSettlementJob } from './tariff-settlement/job.ts';

export { UnknownJobError } from '../src/job-names.ts';

export const JOBS = {
  'tariff-settlement': tariffSettlementJob,
  'bonus-crediting': bonusCreditingJob,
  levy: levyJob,
  'nordost-bonus-plan': nordostBonusPlanJob,
} as const satisfies { [K in JobName]: AnyJob & { name: K } };

export type JobOf<K extends JobName> = (typeof JOBS)[K];

/** The plug-in of a job; a name that is no job is a clear error listing the jobs. */
export function jobOf(name: string): AnyJob {
  if (!isJobName(name)) throw new UnknownJobError(`unknown job ${name}; jobs: ${JOB_NAMES.join(', ')}`);
  return JOBS[name];
}

/** Every job, in the order of JOB_NAMES (the demo runs them in this order). */
export function allJobs(): AnyJob[] {
  return JOB_NAMES.map((name) => JOBS[name]);
}

/**
 * Refuses to start with a registry the type system cannot vouch for: a missing or extra job, a
 * plug-in under another job's name, or a result table claimed by two jobs (purge and chunk
 * rewrites would then delete another job's rows).
 */
export function checkRegistry(registry: Record<string, AnyJob> = JOBS): void {
  const problems: string[] = [];
  for (const name of JOB_NAMES) if (!Object.hasOwn(registry, name)) problems.push(`job ${name} has no plug-in`);
  const owners = new Map<string, string>();
  for (const [key, job] of Object.entries(registry)) {
    if (!isJobName(key)) problems.push(`plug-in ${key} is not a job of JOB_NAMES`);
    if (job.name !== key) problems.push(`plug-in filed as ${key} calls itself ${job.name}`);
    for (const table of [...job.storage.chunkTables, ...job.storage.runTables]) {
      const owner = owners.get(table);
      if (owner !== undefined) problems.push(`result table ${table} belongs to both ${owner} and ${key}`);
      owners.set(table, key);
    }
  }
  if (problems.length > 0) throw new Error(`job registry: ${problems.join('; ')}`);
}
checkRegistry();
