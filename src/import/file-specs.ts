/**
 * The input files of data-contract.md: columns, types, keys and the table each loads into.
 * A file may carry more columns (ignored), never fewer; column order does not matter.
 * One spec file per job (specs/); the vocabulary is in columns.ts.
 */
import type { FileSpec } from './columns.ts';
import { BONUS_FILE_SPECS } from './specs/bonus-crediting.ts';
import { COMMON_FILE_SPECS } from './specs/common.ts';
import { LEVY_FILE_SPECS } from './specs/levy.ts';
import { NORDOST_BONUS_PLAN_FILE_SPECS } from './specs/nordost-bonus-plan.ts';
import { PAYMENT_FILE_SPECS } from './specs/payments.ts';
import { TARIFF_FILE_SPECS } from './specs/tariff-settlement.ts';

export type { ColumnSpec, FileSpec, Reference, RowCheck, SetCheck, ValueType } from './columns.ts';
export { MEASURE_CODES } from './specs/bonus-crediting.ts';
export { LEVY_FILE_SPECS, NORDOST_BONUS_PLAN_FILE_SPECS, PAYMENT_FILE_SPECS };
export { HEALTH_PROOF_PATHS, NORDOST_BONUS_PLAN_FILES } from './specs/nordost-bonus-plan.ts';
export { EMPLOYMENT_CATEGORIES } from './specs/levy.ts';

/** Every file of the contract, in load order (members.csv and employers.csv before the files that name them). */
export const FILE_SPECS: readonly FileSpec[] = [
  ...COMMON_FILE_SPECS,
  ...TARIFF_FILE_SPECS,
  ...BONUS_FILE_SPECS,
  ...NORDOST_BONUS_PLAN_FILE_SPECS,
  ...LEVY_FILE_SPECS,
  ...PAYMENT_FILE_SPECS,
];

export function specOf(file: string): FileSpec | undefined {
  return FILE_SPECS.find((s) => s.file === file);
}
