/**
 * The yearly jobs of the pipeline, by name. The name is what the database stores in `run.job`
 * (migrations 0009 and 0016 hold the same list in a CHECK constraint), what the queue carries and what
 * `yearend run <job>` takes. Everything else about a job lives in its plug-in (jobs/<name>/job.ts),
 * found through jobs/registry.ts, whose type requires one plug-in per name here.
 */
export const JOB_NAMES = ['tariff-settlement', 'bonus-crediting', 'levy', 'nordost-bonus-plan'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

/** A name given for a job that is none (a CLI argument, a schedule file). */
export class UnknownJobError extends Error {}
