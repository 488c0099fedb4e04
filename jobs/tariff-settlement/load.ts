/**
 * Loads the facts of one chunk (a key range of members) from the import batches the run
 * recorded: one query per input file, each an index range scan, grouped per member in memory.
 * Claims are read for the settlement year only; declarations in full (the timeline needs them).
 * Outpatient treatments only with a prescription: without one a treatment is never an event.
 */
import { sql, type Kysely } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { DB } from '../../src/db/schema.ts';
import { groupBy } from '../../src/collections.ts';
import { mapWithTurns } from '../../src/runs/cooperative.ts';
import { EXCLUDED_CLAIM_CATEGORIES } from './decisions.ts';
import type {
  ClaimCategory,
  Declaration,
  DeclarationKind,
  InpatientStay,
  MemberFacts,
  Membership,
  MembershipKind,
  OutpatientTreatment,
  TariffClass,
} from './types.ts';

export interface ChunkRange {
  inputs: Record<string, number>;
  firstKey: string;
  lastKey: string;
  year: number;
}

type Tables =
  | 'member'
  | 'membership'
  | 'third_party_period'
  | 'annual_income'
  | 'tariff_declaration'
  | 'outpatient_treatment'
  | 'inpatient_stay'
  | 'bonus_participation';

function inRange<T extends Tables>(db: Kysely<DB>, table: T, batchId: number, range: ChunkRange) {
  return db
    .selectFrom(table as Tables)
    .where('batch_id', '=', batchId)
    .where('member_id', '>=', range.firstKey)
    .where('member_id', '<=', range.lastKey);
}

export async function loadChunkFacts(db: Kysely<DB>, range: ChunkRange): Promise<MemberFacts[]> {
  const b = (file: string) => range.inputs[file]!;
  const yearFrom = isoDate(range.year, 1, 1);
  const yearTo = isoDate(range.year, 12, 31);
  // The small files' rows come back in the facts' own shapes (aliased columns) and go into
  // MemberFacts as they are. The large ones come as one text per member (see the parsers below):
  // a row object per row from the driver, with every column parsed, was a large part of a chunk's
  // load. Their order within a member does not matter: the rules sort what they need sorted.
  const [members, memberships, thirdParty, income, declarations, outpatient, inpatient, bonus] = await Promise.all([
    inRange(db, 'member', b('members.csv'), range).select(['member_id', 'birth_date', 'died_on']).orderBy('member_id').execute(),
    inRange(db, 'membership', b('memberships.csv'), range)
      .select([
        'member_id',
        sql<string>`string_agg(valid_from::text || ' ' || coalesce(valid_to::text, '') || ' ' || kind, ' ')`.as('text'),
      ])
      .groupBy('member_id')
      .execute(),
    inRange(db, 'third_party_period', b('third_party_periods.csv'), range)
      .select(['member_id', 'valid_from as validFrom', 'valid_to as validTo'])
      .orderBy('valid_from')
      .execute(),
    // Not joined to the members: the planner then hashes the whole year's incomes for every chunk.
    inRange(db, 'annual_income', b('annual_income.csv'), range)
      .where('year', '=', range.year)
      .select(['member_id', 'contributory_income as contributoryIncome', 'member_contributions as memberContributions'])
      .execute(),
    inRange(db, 'tariff_declaration', b('tariff_declarations.csv'), range)
      .select([
        'member_id',
        sql<string>`string_agg(declaration_id || ' ' || kind || ' ' || received_on::text || ' ' || coalesce(declared_class::text, ''), ' ')`.as(
          'text',
        ),
      ])
      .groupBy('member_id')
      .execute(),
    // Only treatments with a prescription and of a category that can be an event: the rules drop
    // the others before anything else (events.ts), and they are four in ten of all rows. The rest
    // come as one text per member (see treatmentsOf): the most rows of any input, and a row object
    // per treatment from the driver was a large part of a chunk's load.
    inRange(db, 'outpatient_treatment', b('outpatient_treatments.csv'), range)
      .where('treated_on', '>=', yearFrom)
      .where('treated_on', '<=', yearTo)
      .where('with_prescription', '=', true)
      .where('category', 'not in', [...EXCLUDED_CLAIM_CATEGORIES])
      .select(['member_id', sql<string>`string_agg(claim_id || ' ' || treated_on::text || ' ' || category, ' ')`.as('claims')])
      .groupBy('member_id')
      .execute(),
    inRange(db, 'inpatient_stay', b('inpatient_stays.csv'), range)
      .where('admitted_on', '>=', yearFrom)
      .where('admitted_on', '<=', yearTo)
      .select(['member_id', 'claim_id as claimId', 'admitted_on as admittedOn', 'discharged_on as dischargedOn', 'category'])
      .execute(),
    inRange(db, 'bonus_participation', b('bonus_participations.csv'), range)
      .select(['member_id', 'valid_from as validFrom', 'valid_to as validTo'])
      .orderBy('valid_from')
      .execute(),
  ]);
  const byMember = {
    memberships: new Map(memberships.map((r) => [r.member_id, r.text])),
    thirdParty: groupBy(thirdParty, (r) => r.member_id),
    income: groupBy(income, (r) => r.member_id),
    declarations: new Map(declarations.map((r) => [r.member_id, r.text])),
    outpatient: new Map(outpatient.map((r) => [r.member_id, r.claims])),
    inpatient: groupBy(inpatient as (InpatientStay & { member_id: string })[], (r) => r.member_id),
    bonus: groupBy(bonus, (r) => r.member_id),
  };
  const none = Object.freeze([]) as never[]; // shared by members without rows; frozen: the rules never write their facts
  return mapWithTurns(members, (m): MemberFacts => ({
    memberId: m.member_id,
    birthDate: m.birth_date,
    diedOn: m.died_on,
    memberships: membershipsOf(byMember.memberships.get(m.member_id)) ?? none,
    thirdPartyPeriods: byMember.thirdParty.get(m.member_id) ?? none,
    income: byMember.income.get(m.member_id)?.[0] ?? null,
    declarations: declarationsOf(byMember.declarations.get(m.member_id)) ?? none,
    outpatientTreatments: treatmentsOf(byMember.outpatient.get(m.member_id)) ?? none,
    inpatientStays: byMember.inpatient.get(m.member_id) ?? none,
    bonusParticipations: byMember.bonus.get(m.member_id) ?? none,
  }));
}

// The texts: fields separated by single spaces, `field field … field field …` per row; an empty
// field (two spaces in a row) is a null. Identifiers are letters, digits and `-_./`
// (data-contract.md); dates, kinds, categories and classes have no space either.

/** A member's memberships from `valid_from valid_to kind …`. */
function membershipsOf(text: string | undefined): Membership[] | undefined {
  if (text === undefined) return undefined;
  const f = text.split(' ');
  const out = new Array<Membership>(f.length / 3);
  for (let i = 0, k = 0; i < f.length; i += 3, k++) {
    out[k] = { validFrom: f[i]!, validTo: f[i + 1] || null, kind: f[i + 2] as MembershipKind };
  }
  return out;
}

/** A member's declarations from `declaration_id kind received_on declared_class …`. */
function declarationsOf(text: string | undefined): Declaration[] | undefined {
  if (text === undefined) return undefined;
  const f = text.split(' ');
  const out = new Array<Declaration>(f.length / 4);
  for (let i = 0, k = 0; i < f.length; i += 4, k++) {
    const declared = f[i + 3]!;
    out[k] = {
      declarationId: f[i]!,
      kind: f[i + 1] as DeclarationKind,
      receivedOn: f[i + 2]!,
      declaredClass: declared === '' ? null : (Number(declared) as TariffClass),
    };
  }
  return out;
}

/**
 * A member's treatments from `claim_id treated_on category …`. Which comes first does not matter
 * to the rules either: claim_id is the file's key, a batch holds each claim once.
 */
function treatmentsOf(text: string | undefined): OutpatientTreatment[] | undefined {
  if (text === undefined) return undefined;
  const f = text.split(' ');
  const out = new Array<OutpatientTreatment>(f.length / 3);
  for (let i = 0, k = 0; i < f.length; i += 3, k++) {
    out[k] = { claimId: f[i]!, treatedOn: f[i + 1]!, withPrescription: true, category: f[i + 2] as ClaimCategory };
  }
  return out;
}
