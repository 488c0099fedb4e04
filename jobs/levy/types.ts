/**
 * Plain data in and out of the U1/U2 rules (rules-aag-levy.md). The rules are pure functions over
 * these shapes: no database, no queue, no clock. Money and rates cross this boundary as decimal
 * strings (`"4000.00"`, `"0.0295"`), dates as ISO strings, months as `YYYY-MM`, so a chunk's input
 * and output are plain JSON.
 */
import type { IsoDate, Validity } from '../../src/dates.ts';

export type Tariff = '50' | '65';
export const TARIFFS: readonly Tariff[] = ['50', '65'];

export type EmploymentCategory =
  | 'regular'
  | 'minijob'
  | 'apprentice'
  | 'severely_disabled'
  | 'parental_leave'
  | 'voluntary_service'
  | 'partial_retirement_release'
  | 'early_retirement'
  | 'home_worker';

export type ClaimKind = 'u1_sickness' | 'u1_rehab' | 'u2_maternity_subsidy' | 'u2_employment_ban';

/** employers.csv */
export interface Employer {
  employerId: string;
  accountOpenedOn: IsoDate;
  closedOn: IsoDate | null;
  /** § 11 Abs. 1 AAG: not in U1 */
  u1Exempt: boolean;
  /** § 11 Abs. 2 AAG: neither U1 nor U2 */
  aagExempt: boolean;
  /** only used for businesses founded in Y+1 */
  expectedHeadcount: number | null;
}

/** u1_elections.csv row for year Y (the loader passes Y's elections only). */
export interface Election {
  tariff: Tariff;
  receivedOn: IsoDate;
}

/** What earlier years left behind (previous run, else u1_history.csv). */
export interface LevyHistory {
  /** tariff of Y−1 (elected or assigned); null when unknown */
  previousTariff: Tariff | null;
  /** U1 participation in Y, determined a year earlier; null when unknown */
  participates: boolean | null;
}

/** employments.csv; inclusive interval, validTo null = open-ended */
export interface Employment extends Validity {
  employeeId: string;
  category: EmploymentCategory;
  weeklyHours: number;
  insuredWithFund: boolean;
}

/** pay_months.csv row of Y */
export interface PayMonth {
  employeeId: string;
  /** YYYY-MM */
  month: string;
  /** 0–30 */
  svDays: number;
  payRegular: string;
  payOneTime: string;
  shortNoEfzg: boolean;
}

/** levy_declarations.csv row of Y; a null levy counts as not declared */
export interface LevyDeclaration {
  month: string;
  declaredU1: string | null;
  declaredU2: string | null;
}

/** reimbursement_claims.csv row with period_from in Y */
export interface ReimbursementClaim {
  claimId: string;
  employeeId: string;
  kind: ClaimKind;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  continuedPay: string;
  /** u2_employment_ban only; null counts as 0 */
  employerContributions: string | null;
}

/** Everything the rules need about one employer for year Y. */
export interface EmployerFacts {
  employer: Employer;
  elections: Election[];
  history: LevyHistory;
  employments: Employment[];
  payMonths: PayMonth[];
  declarations: LevyDeclaration[];
  claims: ReimbursementClaim[];
}

// ---------------------------------------------------------------------------------------------
// Parameters (effective-dated, passed in; never constants in code)

/** A rate in force from validFrom to validTo (inclusive; null = open-ended). */
export interface RatePeriod extends Validity {
  /** plain decimal, "0.0295" */
  rate: string;
}

export interface TariffRatePeriod extends RatePeriod {
  tariff: Tariff;
}

/** BBG RV per month: one value for all Germany (since 2025) or West/East (up to 2024). */
export type PensionCeiling = { year: number; monthly: string } | { year: number; west: string; east: string };

export interface LevyParams {
  /** § 40 Abs. 2: U1 levy rate per tariff */
  u1LevyRates: TariffRatePeriod[];
  /** § 39 Abs. 1: U1 reimbursement rate per tariff */
  u1ReimbursementRates: TariffRatePeriod[];
  /** § 40 Abs. 3 */
  u2LevyRates: RatePeriod[];
  /** § 39 Abs. 3: 100 % */
  u2ReimbursementRates: RatePeriod[];
  pensionCeilings: PensionCeiling[];
  /** AAG § 3: U1 headcount limit (30) */
  headcountLimit: number;
  /** § 41 Abs. 1 / AAG § 9: reserve limit in months of expenditure (3) */
  reserveMonths: number;
}

// ---------------------------------------------------------------------------------------------
// Outputs (one object per export row; money as 2-decimal strings, null = empty field)

export const TARIFF_REASONS = ['TARIFF_DEFAULTED', 'ELECTION_LATE'] as const;
export type TariffReason = (typeof TARIFF_REASONS)[number];

export const DETERMINATION_REASONS = ['HISTORY_MISSING', 'EXPECTED_HEADCOUNT_MISSING'] as const;
export type DeterminationReason = (typeof DETERMINATION_REASONS)[number];

/** In this order on a month (Decision of 2026-12, rules-aag-levy.md § 3). */
export const LEVY_MONTH_REASONS = ['PAY_ABOVE_CEILING', 'DECLARATION_MISSING', 'DECLARATION_WITHOUT_PAY'] as const;
export type LevyMonthReason = (typeof LEVY_MONTH_REASONS)[number];

export const CLAIM_REASONS = [
  'NOT_INSURED_WITH_FUND',
  'HISTORY_MISSING',
  'NOT_IN_U1',
  'NOT_IN_U2',
  'OVERLAP',
  'EXCEEDS_SIX_WEEKS',
] as const;
export type ClaimReason = (typeof CLAIM_REASONS)[number];

/** u1_tariffs */
export interface U1TariffRow {
  employerId: string;
  year: number;
  /** the first tariff of Y */
  tariff: Tariff;
  /** `2025-01-01:65;2025-07-01:50` */
  segments: string;
  reasons: TariffReason[];
}

export type DeterminationBasis = 'full_year' | 'part_year' | 'founded' | 'exempt' | 'history';

/** u1_determination */
export interface U1DeterminationRow {
  employerId: string;
  year: number;
  monthsConsidered: number | null;
  monthsAtMost30: number | null;
  /** null: unknown (HISTORY_MISSING) or held (EXPECTED_HEADCOUNT_MISSING) */
  participates: boolean | null;
  basis: DeterminationBasis;
  /** headcount_01 … headcount_12, 2 decimals ("30.00"); null = empty */
  headcounts: (string | null)[];
  reasons: DeterminationReason[];
}

export type DiffClass = 'none' | 'rounding' | 'difference';

/** levy_months */
export interface LevyMonthRow {
  employerId: string;
  month: string;
  u1Participates: boolean | null;
  u1Tariff: Tariff | null;
  u1Rate: string | null;
  u1Base: string;
  u1Levy: string;
  u2Rate: string;
  u2Base: string;
  u2Levy: string;
  declaredU1: string | null;
  declaredU2: string | null;
  diffU1: string;
  diffU2: string;
  diffClass: DiffClass;
  reasons: LevyMonthReason[];
}

export type ClaimDecision = 'approved' | 'rejected' | 'held';

/** reimbursements */
export interface ReimbursementRow {
  claimId: string;
  employerId: string;
  kind: ClaimKind;
  days: number;
  eligiblePay: string;
  cappedPay: string;
  rate: string | null;
  reimbursement: string;
  decision: ClaimDecision;
  reason: ClaimReason | null;
}

/**
 * One procedure's figures for the levy fund, summable across employers (funds.ts). Levy bases
 * cross the boundary as 30 × base (`base30`): a base of BBG × sv_days / 30 has no finite decimal
 * form, 30 × base always has 2 decimals; the division happens once, in closeLevyFunds.
 */
export interface ProcedureFigures {
  levyDeclared: string;
  levyComputed: string;
  reimbursementsApproved: string;
  base30: string;
}

export interface TariffFigures {
  reimbursementsApproved: string;
  base30: string;
}

export interface LevyFundFigures {
  u1: ProcedureFigures & { byTariff: Record<Tariff, TariffFigures> };
  u2: ProcedureFigures;
}

export interface EmployerResult {
  /** null unless the employer exists in Y and is neither aag_ nor u1_exempt */
  tariff: U1TariffRow | null;
  /** Y's row, then Y+1's (either may be absent) */
  determinations: U1DeterminationRow[];
  levyMonths: LevyMonthRow[];
  reimbursements: ReimbursementRow[];
  fund: LevyFundFigures;
}

export type Procedure = 'U1' | 'U2';
export type ReserveStatus = 'ok' | 'above_limit' | 'negative';

/** Opening balances of Y (levy_fund_balances.csv or the previous run); null = missing. */
export interface LevyFundOpening {
  year: number;
  u1: string | null;
  u2: string | null;
}

/** levy_fund */
export interface LevyFundRow {
  procedure: Procedure;
  year: number;
  openingBalance: string;
  leviesDeclared: string;
  leviesComputed: string;
  reimbursements: string;
  closingBalance: string;
  reserveLimit: string;
  reserveStatus: ReserveStatus;
  breakEvenRate: string | null;
  breakEvenRateT50: string | null;
  breakEvenRateT65: string | null;
}
