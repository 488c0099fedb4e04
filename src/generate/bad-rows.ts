/**
 * Broken rows as real extracts contain them, one kind after another per file, spread over the
 * file. Each bad row has exactly one thing wrong (as far as possible) and never takes a key that
 * a good row uses, except the deliberate duplicates, which repeat the row just written (the
 * later row is the bad one). Members with bad rows are never referenced elsewhere.
 *
 * Budget (data-contract.md: the import rejects a whole file above 1 %): the b-th bad row of a
 * file is written only after at least 500·b good rows, so a file of n rows holds at most
 * floor(n × 0.002) bad rows and a file under 500 rows none.
 */
import type { CsvValue } from './csv-writer.ts';
import { withWrongCheckDigit } from './member-ids.ts';
import type { IdSource } from './model.ts';

/** Good rows per bad row at the least: 1 / 0.002. */
export const MIN_GOOD_ROWS_PER_BAD_ROW = 500;

export interface BadRowContext {
  readonly file: string;
  readonly header: readonly string[];
  /** the file's last good row, fields in header order */
  readonly last: readonly CsvValue[];
  readonly year: number;
  readonly ids: IdSource;
}

export interface BadRow {
  fields: CsvValue[];
  what: string;
}

export type BadRowMaker = (ctx: BadRowContext) => BadRow;

/** A row in header order from named values (missing names → empty). */
function row(ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>): CsvValue[] {
  return ctx.header.map((column) => values[column] ?? null);
}

/** The last good row with some columns replaced. */
function lastWith(ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>): CsvValue[] {
  return ctx.header.map((column, i) => (column in values ? values[column]! : (ctx.last[i] ?? null)));
}

function lastValue(ctx: BadRowContext, column: string): CsvValue {
  return ctx.last[ctx.header.indexOf(column)] ?? null;
}

const lastMember = (ctx: BadRowContext) => String(lastValue(ctx, 'member_id'));

/** A maker from a description and the row builder. */
const bad =
  (what: string, fields: (ctx: BadRowContext) => CsvValue[]): BadRowMaker =>
  (ctx) => ({ fields: fields(ctx), what });

const duplicate = (key: string): BadRowMaker => bad(`duplicate key (${key})`, (ctx) => [...ctx.last]);

/** Period files (memberships, third-party, bonus): keys in Y+3 are never used by good rows. */
function periodMakers(
  extra: Readonly<Record<string, CsvValue>>,
  unknownMember = (ctx: BadRowContext) => ctx.ids.unknownMemberId(),
): BadRowMaker[] {
  const period = (ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>) =>
    row(ctx, { ...extra, member_id: lastMember(ctx), ...values });
  return [
    bad('valid_to before valid_from', (ctx) => period(ctx, { valid_from: `${ctx.year + 3}-06-01`, valid_to: `${ctx.year + 3}-05-31` })),
    bad('member_id not in members.csv', (ctx) => period(ctx, { member_id: unknownMember(ctx), valid_from: `${ctx.year}-01-01` })),
    bad('impossible date (valid_from 30 Feb)', (ctx) => period(ctx, { valid_from: `${ctx.year}-02-30` })),
    bad('member_id with a wrong check digit', (ctx) =>
      period(ctx, { member_id: withWrongCheckDigit(lastMember(ctx)), valid_from: `${ctx.year + 3}-01-01` }),
    ),
    duplicate('member_id, valid_from'),
  ];
}

/** A members.csv row of a person nobody else references. */
const person = (ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>) =>
  row(ctx, { member_id: ctx.ids.unknownMemberId(), birth_date: '1970-01-01', ...values });

/** An income row of the last member in a year no good row uses (Y−2 and before). */
const income = (ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>) =>
  row(ctx, { member_id: lastMember(ctx), contributory_income: '30000.00', member_contributions: '2400.00', ...values });

/** A declaration of the last member with a fresh declaration_id. */
const declaration = (ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>) =>
  row(ctx, { declaration_id: ctx.ids.nextDeclarationId(), member_id: lastMember(ctx), ...values });

/** The last claim with a fresh claim_id and some columns replaced. */
const claim = (ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>) =>
  lastWith(ctx, { claim_id: ctx.ids.nextClaimId(), ...values });

/** The last row of a § 19a file with a fresh id in `idColumn` and some columns replaced. */
const withFreshId =
  (idColumn: string, next: (ids: IdSource) => string) => (ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>) =>
    lastWith(ctx, { [idColumn]: next(ctx.ids), ...values });
const proof = withFreshId('proof_id', (ids) => ids.nextProofId());
const activity = withFreshId('activity_id', (ids) => ids.nextActivityId());
const goal = withFreshId('goal_id', (ids) => ids.nextGoalId());
const payout = withFreshId('payout_id', (ids) => ids.nextPayoutId());

/** An opening balance of the last member in a year no good row uses (good rows: Y and Y−1). */
const balance = (ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>) =>
  row(ctx, { member_id: lastMember(ctx), year: ctx.year - 4, points: 1000, ...values });

/** A complete `plus` request of the last member with a fresh payout_id. */
const plusRequest = (ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>) =>
  row(ctx, {
    payout_id: ctx.ids.nextPayoutId(),
    member_id: lastMember(ctx),
    requested_on: `${ctx.year}-06-01`,
    kind: 'plus',
    points: 500,
    receipt_id: ctx.ids.nextReceiptId(),
    service_code: 'OSTEOPATHY',
    service_on: `${ctx.year}-05-02`,
    cost: '45.00',
    ...values,
  });

/** Bad rows of the § 19a files (measure codes are checked too, but none is broken here). Their
 *  unknown members come from each file's own sequence (see IdSource.unknownMemberIdOf). */
const BONUS_BAD_ROW_MAKERS: Readonly<Record<string, readonly BadRowMaker[]>> = {
  'bonus_exclusions.csv': periodMakers({}, (ctx) => ctx.ids.unknownMemberIdOf(ctx.file)),
  'bonus_proofs.csv': [
    bad('unknown channel', (ctx) => proof(ctx, { channel: 'email' })),
    duplicate('proof_id'),
    bad('impossible date (performed_on 30 Feb)', (ctx) => proof(ctx, { performed_on: `${ctx.year}-02-30` })),
    bad('member_id not in members.csv', (ctx) => proof(ctx, { member_id: ctx.ids.unknownMemberIdOf(ctx.file) })),
    bad('missing received_on', (ctx) => proof(ctx, { received_on: null })),
    bad('member_id with a wrong check digit', (ctx) => proof(ctx, { member_id: withWrongCheckDigit(lastMember(ctx)) })),
    bad('date in German format (received_on)', (ctx) => proof(ctx, { received_on: `15.04.${ctx.year + 1}` })),
  ],
  'bonus_activities.csv': [
    bad('steps not a number', (ctx) => activity(ctx, { steps: 'n/a' })),
    bad('kcal with 3 decimals', (ctx) => activity(ctx, { kcal: '312.456' })),
    duplicate('activity_id'),
    bad('decimal comma (duration_min)', (ctx) => activity(ctx, { duration_min: '45,5' })),
    bad('member_id not in members.csv', (ctx) => activity(ctx, { member_id: ctx.ids.unknownMemberIdOf(ctx.file) })),
    bad('impossible date (activity_on 31 Jun)', (ctx) => activity(ctx, { activity_on: `${ctx.year}-06-31` })),
    bad('negative duration_min', (ctx) => activity(ctx, { duration_min: '-30' })),
    bad('member_id with a wrong check digit', (ctx) => activity(ctx, { member_id: withWrongCheckDigit(lastMember(ctx)) })),
  ],
  'bonus_goals.csv': [
    bad('completed_on before started_on', (ctx) => goal(ctx, { started_on: `${ctx.year}-06-10`, completed_on: `${ctx.year}-06-01` })),
    duplicate('goal_id'),
    bad('challenges_done above challenges_total', (ctx) => goal(ctx, { challenges_total: 10, challenges_done: 12 })),
    bad('member_id not in members.csv', (ctx) => goal(ctx, { member_id: ctx.ids.unknownMemberIdOf(ctx.file) })),
    bad('challenges_total not a whole number', (ctx) => goal(ctx, { challenges_total: '12.5', challenges_done: 10 })),
    bad('impossible date (started_on 30 Feb)', (ctx) => goal(ctx, { started_on: `${ctx.year}-02-30` })),
    bad('missing started_on', (ctx) => goal(ctx, { started_on: null })),
  ],
  'bonus_opening_balances.csv': [
    bad('negative points', (ctx) => balance(ctx, { points: -250 })),
    duplicate('member_id, year'),
    bad('member_id not in members.csv', (ctx) => balance(ctx, { member_id: ctx.ids.unknownMemberIdOf(ctx.file), year: ctx.year })),
    bad('points with decimals', (ctx) => balance(ctx, { year: ctx.year - 5, points: '1250.50' })),
    bad('year not YYYY', (ctx) => balance(ctx, { year: String(ctx.year % 100) })),
    bad('member_id with a wrong check digit', (ctx) => balance(ctx, { member_id: withWrongCheckDigit(lastMember(ctx)), year: ctx.year })),
  ],
  'bonus_payout_requests.csv': [
    bad('unknown kind', (ctx) => payout(ctx, { kind: 'voucher' })),
    duplicate('payout_id'),
    bad('negative points', (ctx) => payout(ctx, { points: -500 })),
    bad('plus without receipt_id', (ctx) => plusRequest(ctx, { receipt_id: null })),
    bad('cost with 3 decimals', (ctx) => plusRequest(ctx, { cost: '45.005' })),
    bad('member_id not in members.csv', (ctx) => payout(ctx, { member_id: ctx.ids.unknownMemberIdOf(ctx.file) })),
    bad('impossible date (requested_on 31 Sep)', (ctx) => payout(ctx, { requested_on: `${ctx.year}-09-31` })),
  ],
};

export const BAD_ROW_MAKERS: Readonly<Record<string, readonly BadRowMaker[]>> = {
  'members.csv': [
    bad('member_id with a wrong check digit', (ctx) => person(ctx, { member_id: withWrongCheckDigit(ctx.ids.unknownMemberId()) })),
    bad('impossible date (birth_date 30 Feb)', (ctx) => person(ctx, { birth_date: '1985-02-30' })),
    bad('missing birth_date', (ctx) => person(ctx, { birth_date: null })),
    bad('member_id not a KVNR (lower-case letter)', (ctx) => person(ctx, { member_id: ctx.ids.unknownMemberId().toLowerCase() })),
    bad('impossible date (died_on 31 Apr)', (ctx) => person(ctx, { died_on: `${ctx.year}-04-31` })),
  ],
  'memberships.csv': [
    bad('unknown kind', (ctx) => row(ctx, { member_id: lastMember(ctx), valid_from: `${ctx.year + 3}-01-01`, kind: 'pflicht' })),
    ...periodMakers({ kind: 'mandatory' }),
    bad('missing valid_from', (ctx) => row(ctx, { member_id: lastMember(ctx), kind: 'mandatory' })),
  ],
  'third_party_periods.csv': periodMakers({}),
  'annual_income.csv': [
    bad('money with 3 decimals', (ctx) => income(ctx, { year: ctx.year - 2, contributory_income: '23456.789' })),
    bad('money with a decimal comma', (ctx) => income(ctx, { year: ctx.year - 3, contributory_income: '23456,78' })),
    bad('member_id not in members.csv', (ctx) => income(ctx, { member_id: ctx.ids.unknownMemberId(), year: ctx.year })),
    duplicate('member_id, year'),
    bad('missing year', (ctx) => income(ctx, {})),
    bad('money with a thousands separator', (ctx) => income(ctx, { year: ctx.year - 4, contributory_income: '31,250.00' })),
  ],
  'tariff_declarations.csv': [
    bad('declared_class 7', (ctx) => declaration(ctx, { kind: 'enrol', received_on: `${ctx.year}-03-10`, declared_class: 7 })),
    bad('unknown kind', (ctx) => declaration(ctx, { kind: 'pause', received_on: `${ctx.year}-04-02` })),
    duplicate('declaration_id'),
    bad('impossible date (received_on 30 Feb)', (ctx) =>
      declaration(ctx, { kind: 'class_change', received_on: `${ctx.year}-02-30`, declared_class: 3 }),
    ),
    bad('member_id not in members.csv', (ctx) =>
      declaration(ctx, {
        member_id: ctx.ids.unknownMemberId(),
        kind: 'enrol',
        received_on: `${ctx.year}-02-10`,
        declared_class: 2,
      }),
    ),
    bad('missing received_on', (ctx) => declaration(ctx, { kind: 'cancel' })),
    bad('missing declared_class for enrol', (ctx) => declaration(ctx, { kind: 'enrol', received_on: `${ctx.year}-05-12` })),
  ],
  'outpatient_treatments.csv': [
    duplicate('claim_id'),
    bad('with_prescription not true/false', (ctx) => claim(ctx, { with_prescription: 'yes' })),
    bad('unknown category', (ctx) => claim(ctx, { category: 'dental' })),
    bad('impossible date (treated_on 30 Feb)', (ctx) => claim(ctx, { treated_on: `${ctx.year}-02-30` })),
    bad('member_id not in members.csv', (ctx) => claim(ctx, { member_id: ctx.ids.unknownMemberId() })),
    bad('missing treated_on', (ctx) => claim(ctx, { treated_on: null })),
    bad('member_id with a wrong check digit', (ctx) => claim(ctx, { member_id: withWrongCheckDigit(lastMember(ctx)) })),
  ],
  'inpatient_stays.csv': [
    bad('discharged_on before admitted_on', (ctx) => claim(ctx, { admitted_on: `${ctx.year}-06-10`, discharged_on: `${ctx.year}-06-02` })),
    duplicate('claim_id'),
    bad('unknown category', (ctx) => claim(ctx, { category: 'outpatient' })),
    bad('member_id not in members.csv', (ctx) => claim(ctx, { member_id: ctx.ids.unknownMemberId() })),
    bad('impossible date (admitted_on 31 Nov)', (ctx) =>
      claim(ctx, { admitted_on: `${ctx.year}-11-31`, discharged_on: `${ctx.year}-12-03` }),
    ),
  ],
  'bonus_participations.csv': periodMakers({}),
  ...BONUS_BAD_ROW_MAKERS,
};
