/**
 * Plain data in and out of the § 18a rules (rules-18a-tariff.md). The rules are pure functions
 * over these shapes: no database, no queue, no clock. Money crosses this boundary as decimal
 * strings (`"229.17"`), dates as ISO strings (`"2025-02-01"`), so a chunk's input and output are
 * plain JSON.
 */
import type { IsoDate, Validity } from '../../src/dates.ts';

export type MembershipKind = 'mandatory' | 'voluntary' | 'family';
export type DeclarationKind = 'enrol' | 'class_change' | 'cancel' | 'hardship_cancel';
export type ClaimCategory = 'regular' | 'pregnancy' | 'prevention' | 'contraception';
export type TariffClass = 1 | 2 | 3 | 4 | 5 | 6;

export interface Membership extends Validity {
  kind: MembershipKind;
}

/**
 * A tariff declaration. `C` is the tariff's class range: § 18a's 1–6 by default; the AOK Nordost
 * bonus plan (jobs/nordost-bonus-plan) reads the same shape with classes 1–3.
 */
export interface Declaration<C extends number = TariffClass> {
  declarationId: string;
  kind: DeclarationKind;
  receivedOn: IsoDate;
  /** the tariff's class (1–6 for § 18a) for `enrol` and `class_change`, null otherwise */
  declaredClass: C | null;
}

export interface OutpatientTreatment {
  claimId: string;
  treatedOn: IsoDate;
  withPrescription: boolean;
  category: ClaimCategory;
}

export interface InpatientStay {
  claimId: string;
  admittedOn: IsoDate;
  dischargedOn: IsoDate;
  category: ClaimCategory;
}

/** Everything the rules need about one member for settlement year Y. */
export interface MemberFacts {
  memberId: string;
  birthDate: IsoDate;
  diedOn: IsoDate | null;
  memberships: Membership[];
  thirdPartyPeriods: Validity[];
  /** annual_income.csv row of Y; null when there is no row (both figures unknown) */
  income: { contributoryIncome: string | null; memberContributions: string | null } | null;
  /** all of the member's declarations, any year (the timeline needs the history) */
  declarations: Declaration[];
  /** the member's claims (only those dated in Y matter; others are ignored) */
  outpatientTreatments: OutpatientTreatment[];
  inpatientStays: InpatientStay[];
  bonusParticipations: Validity[];
}

/** One row of the class table (§ 18a Abs. 3). Money as decimal strings. */
export interface TariffClassRow {
  tariffClass: TariffClass;
  /** inclusive upper bound of contributory income per year; null for the top class */
  incomeUpTo: string | null;
  premium: string;
  outpatientDeductible: string;
  inpatientDeductible: string;
  /** § 18a deductible cap: the class's Höchstbetrag of the deductibles per year (not the § 53 premium cap) */
  deductibleCap: string;
}

/** A class table in force from validFrom to validTo (inclusive; null = open-ended). */
export interface ClassTable extends Validity {
  version: string;
  classes: TariffClassRow[];
}

export interface TariffParams {
  classTables: ClassTable[];
  /** § 53 Abs. 8 SGB V: premium at most this share of the member's own contributions ("0.20") */
  premiumCapRate: string;
  /** § 53 Abs. 8 SGB V: premium at most this amount per year ("600.00") */
  premiumCapMax: string;
}

export type Outcome = 'payout' | 'receivable' | 'zero' | 'held';

/** Member-level reason codes, in the order rules-18a-tariff.md lists them (and `reasons` shows them). */
export const MEMBER_REASONS = [
  'BONUS_PROGRAMME_OVERLAP',
  'INCOME_MISSING',
  'CONTRIBUTIONS_MISSING',
  'CLASS_REDUCED',
  'PREMIUM_CAPPED',
] as const;
export type MemberReason = (typeof MEMBER_REASONS)[number];

/** Member-level codes that hold the money (no payout, no receivable); the rest are informational. */
export const HOLDING_REASONS: ReadonlySet<MemberReason> = new Set(['BONUS_PROGRAMME_OVERLAP', 'INCOME_MISSING', 'CONTRIBUTIONS_MISSING']);

/** Declaration-level codes: they go to the workbook's exceptions (Klärfälle) sheet, not `reasons`. */
export const DECLARATION_REASONS = ['NOT_A_MEMBER', 'THIRD_PARTY_AT_ENROLMENT', 'DECLARATION_OUT_OF_ORDER'] as const;
export type DeclarationReason = (typeof DECLARATION_REASONS)[number];

export interface DeclarationException {
  declarationId: string;
  code: DeclarationReason;
}

/** One tariff_settlement row (data-contract.md), money as 2-decimal strings. */
export interface Settlement {
  memberId: string;
  year: number;
  participationMonths: number;
  premiumProrated: string;
  /** the § 18a deductible cap in twelfths of the participation months */
  deductibleCapProrated: string;
  outpatientEvents: number;
  inpatientEvents: number;
  eventsAmount: string;
  deductible: string;
  /** the member's § 53 Abs. 8 SGB V premium cap (premiumCapRate × contributions, at most premiumCapMax); null when the contributions are missing */
  premiumCap: string | null;
  premiumPaid: string;
  balance: string;
  outcome: Outcome;
  /** 30 June Y+1 for a payout, else null */
  dueOn: IsoDate | null;
  /** e.g. `2:01-06;4:07-12`; empty string with no participation month */
  classes: string;
  /** member-level codes in MEMBER_REASONS order */
  reasons: MemberReason[];
  /** admissible class of Y from the contributory income; null when the income is missing */
  admissibleClass: TariffClass | null;
}

export interface MemberResult {
  /** null when the member's participation does not overlap Y */
  settlement: Settlement | null;
  /** declaration-level exceptions of the declarations received in Y (each is reported once, in
   *  the run of the year it was received) */
  exceptions: DeclarationException[];
}
