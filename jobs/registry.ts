/**
 * Job name → definition. The map is typed over the built jobs, so a job that is declared built
 * but has no handler fails to compile; `run` on a job not built yet says so plainly.
 */
import { JOB_NAMES, type JobDefinition, type JobName } from '../src/runs/job-definition.ts';
import { bonusCreditingJob } from './bonus-crediting/job.ts';
import { levyJob } from './levy/job.ts';
import { tariffSettlementJob } from './tariff-settlement/job.ts';

export type BuiltJob = JobName;

const REGISTRY: { [K in BuiltJob]: JobDefinition<never, never> } = {
  'tariff-settlement': tariffSettlementJob as JobDefinition<never, never>,
  'bonus-crediting': bonusCreditingJob as JobDefinition<never, never>,
  levy: levyJob as JobDefinition<never, never>,
};

export class UnknownJobError extends Error {}

export function isBuilt(name: string): name is BuiltJob {
  return Object.hasOwn(REGISTRY, name);
}

export function jobOf(name: string): JobDefinition {
  if (isBuilt(name)) return REGISTRY[name] as unknown as JobDefinition;
  if ((JOB_NAMES as readonly string[]).includes(name))
    throw new UnknownJobError(`job ${name} is not built yet (only ${Object.keys(REGISTRY).join(', ')})`);
  throw new UnknownJobError(`unknown job ${name}; jobs: ${JOB_NAMES.join(', ')}`);
}

export function builtJobs(): BuiltJob[] {
  return Object.keys(REGISTRY) as BuiltJob[];
}
