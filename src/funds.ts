/**
 * The funds whose statutes the jobs follow (rules-nordost-bonus-plan.md, "Funds"). Each AOK is its
 * own legal body: member data carry no fund (an import folder is one fund's extract), a parameter
 * row names the fund whose law it is, or none (`FEDERAL_LAW`, '') for federal law binding every
 * fund (the § 53 Abs. 8 SGB V cap, the BBG RV, the EPC's and the EEA's country lists, the banks'
 * calendar; migration 0015). A job is bound to one fund by its plug-in and reads the rows of its
 * fund and the fund-less ones, never another fund's.
 */
export const FUNDS = ['AOK PLUS', 'AOK Nordost'] as const;
export type Fund = (typeof FUNDS)[number];

/** `fund` of a parameter row that is federal law: '' (not NULL, so it is part of the keys). */
export const FEDERAL_LAW = '';

/** The `fund` of a parameter row: a fund's own law or federal law. */
export type ParamFund = Fund | typeof FEDERAL_LAW;

/** The parameter rows a job of `fund` reads: `.where('fund', 'in', fundsInForce(fund))`. */
export function fundsInForce(fund: Fund): ParamFund[] {
  return [fund, FEDERAL_LAW];
}
