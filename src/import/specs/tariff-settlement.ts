/** The files of the § 18a tariff settlement (data-contract.md): declarations and the claims that are deductible events. */
import { col, identifier, date, intervalOrder, kvnr, MEMBER_REF, type FileSpec, type RowCheck } from '../columns.ts';

const CATEGORIES = ['regular', 'pregnancy', 'prevention', 'contraception'] as const;

const classNeeded: RowCheck = (row) =>
  (row.kind === 'enrol' || row.kind === 'class_change') && row.declared_class === null
    ? { column: 'declared_class', reason: 'declared_class is required for enrol and class_change' }
    : null;

export const TARIFF_FILE_SPECS: readonly FileSpec[] = [
  {
    file: 'tariff_declarations.csv',
    table: 'tariff_declaration',
    columns: [
      col('declaration_id', identifier),
      col('member_id', kvnr),
      col('kind', { kind: 'enum', values: ['enrol', 'class_change', 'cancel', 'hardship_cancel'] }),
      col('received_on', date),
      col('declared_class', { kind: 'int', min: 1, max: 6 }, false),
    ],
    key: ['declaration_id'],
    ref: MEMBER_REF,
    rowChecks: [classNeeded],
  },
  {
    file: 'outpatient_treatments.csv',
    table: 'outpatient_treatment',
    columns: [
      col('claim_id', identifier),
      col('member_id', kvnr),
      col('treated_on', date),
      col('with_prescription', { kind: 'bool' }),
      col('category', { kind: 'enum', values: CATEGORIES }),
    ],
    key: ['claim_id'],
    ref: MEMBER_REF,
    rowChecks: [],
  },
  {
    file: 'inpatient_stays.csv',
    table: 'inpatient_stay',
    columns: [
      col('claim_id', identifier),
      col('member_id', kvnr),
      col('admitted_on', date),
      col('discharged_on', date),
      col('category', { kind: 'enum', values: CATEGORIES }),
    ],
    key: ['claim_id'],
    ref: MEMBER_REF,
    rowChecks: [intervalOrder('admitted_on', 'discharged_on', 'discharged before admitted')],
  },
];
