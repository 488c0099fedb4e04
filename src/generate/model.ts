/**
 * The shapes the generator passes between its modules: the files it writes (names and headers
 * exactly as data-contract.md), one person's facts, and the module interface. A person is built
 * (facts), then every module writes its rows of that person, then the person is dropped: nothing
 * is kept across persons but counters.
 */
import type { ClaimCategory, DeclarationKind, MembershipKind } from '../../jobs/tariff-settlement/types.ts';
import { fromDayNumber, type IsoDate } from '../dates.ts';
import type { CsvValue } from './csv-writer.ts';
import type { Rng } from './random.ts';

export type { ClaimCategory, DeclarationKind, MembershipKind };

export interface FileSpec {
  /** file name, e.g. `members.csv` */
  readonly file: string;
  /** column headers exactly as in data-contract.md */
  readonly header: readonly string[];
  /** rough rows per generated member, used to spread the bad rows over the file */
  readonly rowsPerMember: number;
}

export interface PeriodFact {
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface MembershipFact extends PeriodFact {
  kind: MembershipKind;
}

/** A row of annual_income.csv: money strings with 2 decimals, null = empty field. */
export interface IncomeFact {
  year: number;
  contributoryIncome: string | null;
  memberContributions: string | null;
}

export interface DeclarationFact {
  kind: DeclarationKind;
  receivedOn: IsoDate;
  /** 1–6 for enrol and class_change, null for the cancel kinds */
  declaredClass: number | null;
}

export interface OutpatientFact {
  treatedOn: IsoDate;
  withPrescription: boolean;
  category: ClaimCategory;
}

export interface InpatientFact {
  admittedOn: IsoDate;
  dischargedOn: IsoDate;
  category: ClaimCategory;
}

/** A bonus_proofs.csv row (the proof_id is assigned when written). */
export interface ProofFact {
  measureCode: string;
  performedOn: IsoDate;
  receivedOn: IsoDate;
  channel: 'app' | 'paper';
}

/** A bonus_activities.csv row: measurements as decimal strings (≤ 2 decimals), null = empty. */
export interface ActivityFact {
  activityOn: IsoDate;
  durationMin: string | null;
  kcal: string | null;
  avgHeartRate: string | null;
  steps: string | null;
}

export interface GoalFact {
  startedOn: IsoDate;
  completedOn: IsoDate;
  challengesTotal: number;
  challengesDone: number;
}

/** The receipt of a `plus` request; `receipt` numbers the person's receipts (the same number
 *  twice = the same receipt_id twice), the id itself comes from a counter when written. */
export interface PlusFact {
  receipt: number;
  serviceCode: string;
  serviceOn: IsoDate;
  cost: string;
}

export interface PayoutFact {
  requestedOn: IsoDate;
  kind: 'cash' | 'plus';
  points: number;
  plus: PlusFact | null;
}

/** The person's rows in the § 19a files besides bonus_participations.csv (null: none). */
export interface BonusFacts {
  exclusions: PeriodFact[];
  /** ids follow this order */
  proofs: ProofFact[];
  activities: ActivityFact[];
  goals: GoalFact[];
  openingBalances: { year: number; points: number }[];
  payouts: PayoutFact[];
}

/** Everything the generated files say about one person (ids of claims and declarations are
 *  assigned when written, from running counters). */
export interface PersonFacts {
  birthDate: IsoDate;
  diedOn: IsoDate | null;
  memberships: MembershipFact[];
  thirdPartyPeriods: PeriodFact[];
  incomes: IncomeFact[];
  /** in order of receipt; declaration ids follow this order */
  declarations: DeclarationFact[];
  outpatient: OutpatientFact[];
  inpatient: InpatientFact[];
  bonusParticipations: PeriodFact[];
  bonus: BonusFacts | null;
}

/** Hints one module leaves for the next when it generates a random person. */
export interface PersonHints {
  /** completed years of age on 1 July of Y */
  age: number;
  /** contributory income of a full year in cents (before partial-year scaling) */
  fullYearIncomeCents: number;
  /** the tariff participations the declarations were meant to produce (approximate) */
  tariffSpans: PeriodFact[];
}

export interface Person extends PersonFacts {
  /** running index: the member id is derived from it */
  index: number;
  memberId: string;
  /** key of the hand-built edge case, null for a random person */
  edgeCase: string | null;
  hints: PersonHints;
}

export interface GenContext {
  year: number;
  seed: string;
  profile: GenerateProfile;
}

/**
 * `default`: the § 18a tariff's population extract (most members in the tariff, ~10 claims each).
 * `bonus-bench`: a bonus-programme population for the benchmark — few tariff members, almost
 * everyone else in the programme, a tenth of the claims. Shares only change which way a random
 * draw goes, never how many draws are made, so the default data set is unaffected.
 */
export type GenerateProfile = 'default' | 'bonus-bench';

export const PROFILE_SHARES: Record<GenerateProfile, { tariff: number; bonus: number; claims: number }> = {
  default: { tariff: 0.7, bonus: 0.4, claims: 1 },
  'bonus-bench': { tariff: 0.05, bonus: 0.97, claims: 0.1 },
};

/** Fresh identifiers, from running counters (deterministic: they follow the writing order). */
export interface IdSource {
  nextDeclarationId(): string;
  nextClaimId(): string;
  nextProofId(): string;
  nextActivityId(): string;
  nextGoalId(): string;
  nextPayoutId(): string;
  nextReceiptId(): string;
  /** a valid member id that no person in the data set has */
  unknownMemberId(): string;
  /** the same from a sequence of the file's own: files added later use this one, since drawing
   *  from the shared one above would change the bad rows of the files written before them */
  unknownMemberIdOf(file: string): string;
}

/** Where a module writes its rows: `row(file, fields)` with the fields in header order. */
export interface RowOutput {
  row(file: string, fields: readonly CsvValue[]): void;
}

/**
 * One part of the data set (one job's files, or the common files). `generate` adds the module's
 * facts to a random person (edge cases bring their own facts); `write` writes the person's rows.
 * Modules run in list order, so a later module may read what an earlier one generated.
 */
export interface GeneratorModule {
  readonly name: string;
  readonly files: readonly FileSpec[];
  generate?(person: Person, rng: Rng, ctx: GenContext): void;
  write(person: Person, out: RowOutput, ids: IdSource): void;
}

export function emptyFacts(birthDate: IsoDate): PersonFacts {
  return {
    birthDate,
    diedOn: null,
    memberships: [],
    thirdPartyPeriods: [],
    incomes: [],
    declarations: [],
    outpatient: [],
    inpatient: [],
    bonusParticipations: [],
    bonus: null,
  };
}

/** Money string with 2 decimals from integer cents (no binary floating point in the text). */
export function centsToMoney(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not integer cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const ISO_CACHE_FROM = -25567; // 1900-01-01
const ISO_CACHE_SIZE = 73414; // up to 2100-12-31
const isoCache: (IsoDate | undefined)[] = new Array<IsoDate | undefined>(ISO_CACHE_SIZE);

/** ISO date of a day number, cached (claims need millions of conversions). */
export function iso(day: number): IsoDate {
  const slot = day - ISO_CACHE_FROM;
  if (slot < 0 || slot >= ISO_CACHE_SIZE) return fromDayNumber(day);
  return (isoCache[slot] ??= fromDayNumber(day));
}
