/**
 * The files of AOK Nordost's "AOK Bonus Plan" (data-contract-nordost.md): the import group
 * `nordost-bonus-plan`. An import group is no separate mechanism: `import` loads every contract
 * file a folder carries, and a job names the files it reads in its plug-in's `inputFiles`; the
 * job `nordost-bonus-plan` lists NORDOST_BONUS_PLAN_FILES there (with the common files and the
 * claims files both tariff jobs read).
 */
import { col, date, identifier, intervalOrder, kvnr, MEMBER_REF, type FileSpec, type RowCheck } from '../columns.ts';

/** The plan's own files, in load order (each names members of members.csv only). */
export const NORDOST_BONUS_PLAN_FILES = ['bonus_plan_declarations.csv', 'bonus_plan_health_proofs.csv', 'bonus_plan_history.csv'] as const;

export const HEALTH_PROOF_PATHS = ['prevention_set', 'sports_badge', 'fitness_test'] as const;

const classNeeded: RowCheck = (row) =>
  (row.kind === 'enrol' || row.kind === 'class_change') && row.declared_class === null
    ? { column: 'declared_class', reason: 'declared_class is required for enrol and class_change' }
    : null;

const startYear = (row: Record<string, string | null>) => Number(row.participation_start!.slice(0, 4));

const historyYear: RowCheck = (row) =>
  Number(row.year) < startYear(row) ? { column: 'year', reason: 'year before participation start' } : null;

/**
 * The months from participation_start to 31 December of `year`, both counted: the start's month
 * counts whole even when membership began mid-month (the contract's "both counted"). A row whose
 * year lies before the start is refused by historyYear, not here as well.
 */
export function monthsOfParticipation(participationStart: string, year: number): number {
  const start = Number(participationStart.slice(0, 4)) * 12 + Number(participationStart.slice(5, 7)) - 1;
  return year * 12 + 11 - start + 1;
}

const historyMonths: RowCheck = (row) =>
  Number(row.year) >= startYear(row) && Number(row.claim_free_months) > monthsOfParticipation(row.participation_start!, Number(row.year))
    ? { column: 'claim_free_months', reason: 'more claim-free months than months of participation' }
    : null;

export const NORDOST_BONUS_PLAN_FILE_SPECS: readonly FileSpec[] = [
  {
    // tariff_declarations.csv with the plan's classes 1–3 (a file of its own: no tariff column in an existing extract)
    file: 'bonus_plan_declarations.csv',
    table: 'bonus_plan_declaration',
    columns: [
      col('declaration_id', identifier),
      col('member_id', kvnr),
      col('kind', { kind: 'enum', values: ['enrol', 'class_change', 'cancel', 'hardship_cancel'] }),
      col('received_on', date),
      col('declared_class', { kind: 'int', min: 1, max: 3 }, false),
    ],
    key: ['declaration_id'],
    ref: MEMBER_REF,
    rowChecks: [classNeeded],
  },
  {
    file: 'bonus_plan_health_proofs.csv',
    table: 'bonus_plan_health_proof',
    columns: [
      col('proof_id', identifier),
      col('member_id', kvnr),
      col('path', { kind: 'enum', values: HEALTH_PROOF_PATHS }),
      col('performed_on', date),
      col('received_on', date),
    ],
    key: ['proof_id'],
    ref: MEMBER_REF,
    rowChecks: [intervalOrder('performed_on', 'received_on', 'received before performed')],
  },
  {
    file: 'bonus_plan_history.csv',
    table: 'bonus_plan_history',
    columns: [
      col('member_id', kvnr),
      col('year', { kind: 'year' }),
      col('participation_start', date),
      // at most 100 years: the row check against the participation's months is the real bound
      col('claim_free_months', { kind: 'int', min: 0, max: 1200 }),
    ],
    key: ['member_id', 'year'],
    ref: MEMBER_REF,
    rowChecks: [historyYear, historyMonths],
  },
];
