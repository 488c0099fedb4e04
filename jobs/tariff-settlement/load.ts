/**
 * Loads the facts of one chunk (a key range of members) from the import batches the run
 * recorded: one query per input file, each an index range scan, grouped per member in memory.
 * Claims are read for the settlement year only; declarations in full (the timeline needs them).
 */
import type { Kysely } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { DB } from '../../src/db/schema.ts';
import { groupBy } from '../../src/collections.ts';
import { mapWithTurns } from '../../src/runs/cooperative.ts';
import type { ClaimCategory, DeclarationKind, MemberFacts, MembershipKind, TariffClass } from './types.ts';

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
  const [members, memberships, thirdParty, income, declarations, outpatient, inpatient, bonus] = await Promise.all([
    inRange(db, 'member', b('members.csv'), range).select(['member_id', 'birth_date', 'died_on']).orderBy('member_id').execute(),
    inRange(db, 'membership', b('memberships.csv'), range)
      .select(['member_id', 'valid_from', 'valid_to', 'kind'])
      .orderBy('valid_from')
      .execute(),
    inRange(db, 'third_party_period', b('third_party_periods.csv'), range)
      .select(['member_id', 'valid_from', 'valid_to'])
      .orderBy('valid_from')
      .execute(),
    inRange(db, 'annual_income', b('annual_income.csv'), range)
      .where('year', '=', range.year)
      .select(['member_id', 'contributory_income', 'member_contributions'])
      .execute(),
    inRange(db, 'tariff_declaration', b('tariff_declarations.csv'), range)
      .select(['member_id', 'declaration_id', 'kind', 'received_on', 'declared_class'])
      .orderBy('received_on')
      .orderBy('declaration_id')
      .execute(),
    inRange(db, 'outpatient_treatment', b('outpatient_treatments.csv'), range)
      .where('treated_on', '>=', yearFrom)
      .where('treated_on', '<=', yearTo)
      .select(['member_id', 'claim_id', 'treated_on', 'with_prescription', 'category'])
      .orderBy('claim_id')
      .execute(),
    inRange(db, 'inpatient_stay', b('inpatient_stays.csv'), range)
      .where('admitted_on', '>=', yearFrom)
      .where('admitted_on', '<=', yearTo)
      .select(['member_id', 'claim_id', 'admitted_on', 'discharged_on', 'category'])
      .orderBy('claim_id')
      .execute(),
    inRange(db, 'bonus_participation', b('bonus_participations.csv'), range)
      .select(['member_id', 'valid_from', 'valid_to'])
      .orderBy('valid_from')
      .execute(),
  ]);
  const byMember = {
    memberships: groupBy(memberships, (r) => r.member_id),
    thirdParty: groupBy(thirdParty, (r) => r.member_id),
    income: groupBy(income, (r) => r.member_id),
    declarations: groupBy(declarations, (r) => r.member_id),
    outpatient: groupBy(outpatient, (r) => r.member_id),
    inpatient: groupBy(inpatient, (r) => r.member_id),
    bonus: groupBy(bonus, (r) => r.member_id),
  };
  return mapWithTurns(members, (m): MemberFacts => {
    const incomeRow = byMember.income.get(m.member_id)?.[0];
    return {
      memberId: m.member_id,
      birthDate: m.birth_date,
      diedOn: m.died_on,
      memberships: (byMember.memberships.get(m.member_id) ?? []).map((r) => ({
        validFrom: r.valid_from,
        validTo: r.valid_to,
        kind: r.kind as MembershipKind,
      })),
      thirdPartyPeriods: (byMember.thirdParty.get(m.member_id) ?? []).map((r) => ({ validFrom: r.valid_from, validTo: r.valid_to })),
      income: incomeRow ? { contributoryIncome: incomeRow.contributory_income, memberContributions: incomeRow.member_contributions } : null,
      declarations: (byMember.declarations.get(m.member_id) ?? []).map((r) => ({
        declarationId: r.declaration_id,
        kind: r.kind as DeclarationKind,
        receivedOn: r.received_on,
        declaredClass: r.declared_class as TariffClass | null,
      })),
      outpatientTreatments: (byMember.outpatient.get(m.member_id) ?? []).map((r) => ({
        claimId: r.claim_id,
        treatedOn: r.treated_on,
        withPrescription: r.with_prescription,
        category: r.category as ClaimCategory,
      })),
      inpatientStays: (byMember.inpatient.get(m.member_id) ?? []).map((r) => ({
        claimId: r.claim_id,
        admittedOn: r.admitted_on,
        dischargedOn: r.discharged_on,
        category: r.category as ClaimCategory,
      })),
      bonusParticipations: (byMember.bonus.get(m.member_id) ?? []).map((r) => ({ validFrom: r.valid_from, validTo: r.valid_to })),
    };
  });
}
