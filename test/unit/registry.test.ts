/**
 * The job registry: one plug-in per job name, checked by the type system and again at start-up
 * for what types cannot see; and the facts each plug-in declares once (title, deadline, schedule,
 * inputs, result tables), which the rest of the pipeline reads from it.
 */
import { describe, expect, it } from 'vitest';
import { JOBS, allJobs, checkRegistry, jobOf, UnknownJobError } from '../../jobs/registry.ts';
import { JOB_NAMES } from '../../src/job-names.ts';
import { FILE_SPECS, NORDOST_BONUS_PLAN_FILES, PAYMENT_FILE_SPECS } from '../../src/import/file-specs.ts';
import { RUN_MACHINERY_TABLES, runDetailTables } from '../../src/runs/purge.ts';

describe('the job registry', () => {
  it('holds one plug-in per job name, filed under its own name', () => {
    expect(Object.keys(JOBS).sort()).toEqual([...JOB_NAMES].sort());
    for (const name of JOB_NAMES) expect(JOBS[name].name).toBe(name);
    expect(allJobs().map((j) => j.name)).toEqual([...JOB_NAMES]);
    expect(() => checkRegistry()).not.toThrow();
  });

  it('refuses to start with a missing job, a misfiled plug-in, an unknown name or a result table of two jobs', () => {
    const { levy, ...withoutLevy } = JOBS;
    expect(() => checkRegistry(withoutLevy)).toThrow('job registry: job levy has no plug-in');
    expect(() => checkRegistry({ ...JOBS, levy: JOBS['bonus-crediting'] })).toThrow(
      /plug-in filed as levy calls itself bonus-crediting.*result table bonus_account_result belongs to both bonus-crediting and levy/,
    );
    expect(() => checkRegistry({ ...JOBS, nordost: { ...levy, name: 'nordost' as never } })).toThrow(
      /plug-in nordost is not a job of JOB_NAMES.*result table u1_tariff_result belongs to both levy and nordost/,
    );
  });

  it('looks a job up by name, and names the jobs when the name is none', () => {
    expect(jobOf('levy')).toBe(JOBS.levy);
    expect(() => jobOf('levi')).toThrow(UnknownJobError);
    expect(() => jobOf('levi')).toThrow('unknown job levi; jobs: tariff-settlement, bonus-crediting, levy, nordost-bonus-plan');
  });

  it('declares every input file from the data contract and reads its keys from one of them', () => {
    const contract = new Set(FILE_SPECS.map((s) => s.file));
    for (const job of allJobs()) {
      for (const file of job.inputFiles) expect(contract.has(file), `${job.name}: ${file}`).toBe(true);
      expect(job.inputFiles).toContain(job.keySource.file);
    }
    // every file of the contract is read by some job, but the payees' bank accounts and addresses:
    // the release reads those (issue 13), not a job's computation
    const readAtRelease = PAYMENT_FILE_SPECS.map((s) => s.file);
    // the Nordost bonus-plan files (issue 14) are imported before their job exists; once
    // nordost-bonus-plan is a job, it must read them like any other
    const awaitingJob: readonly string[] = (JOB_NAMES as readonly string[]).includes('nordost-bonus-plan') ? [] : NORDOST_BONUS_PLAN_FILES;
    expect(
      [...contract].filter(
        (f) => !readAtRelease.includes(f) && !awaitingJob.includes(f) && !allJobs().some((j) => j.inputFiles.includes(f)),
      ),
    ).toEqual([]);
  });

  it("gives purge every job's result tables", () => {
    const RUN_DETAIL_TABLES = runDetailTables(allJobs());
    for (const job of allJobs()) {
      for (const table of [...job.storage.chunkTables, ...job.storage.runTables]) expect(RUN_DETAIL_TABLES).toContain(table);
    }
    for (const table of RUN_MACHINERY_TABLES) expect(RUN_DETAIL_TABLES).toContain(table);
    expect(new Set(RUN_DETAIL_TABLES).size).toBe(RUN_DETAIL_TABLES.length);
  });

  it('declares the facts the pipeline reads from it: title, fund, deadline, carried state', () => {
    expect(allJobs().map((j) => [j.name, j.title, j.fund, j.deadline.kind, j.deadline.due(2025), j.state.carries])).toEqual([
      ['tariff-settlement', '§ 18a AOK PLUS aktiv – Prämie und Selbstbehalte', 'AOK PLUS', 'statutory', '2026-06-30', false],
      ['bonus-crediting', '§ 19a Bonusprogramm – Gutschrift der Bonuspunkte', 'AOK PLUS', 'operational', '2026-04-30', true],
      ['levy', 'U1/U2 – Umlagen, Erstattungen und Jahresabschluss der Ausgleichskassen', 'AOK PLUS', 'operational', '2026-01-31', true],
      ['nordost-bonus-plan', 'AOK Nordost Bonus Plan – Boni und Eigenbeteiligung', 'AOK Nordost', 'statutory', '2026-06-30', true],
    ]);
  });
});
