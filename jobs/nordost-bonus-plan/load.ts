/**
 * Loads the facts of one chunk (a key range of members) from the import batches the run
 * recorded, one range query per input, grouped per member in memory: declarations in full (the
 * timeline needs them), visits of Y, stays overlapping Y (a stay admitted in Y−1 has days in Y),
 * proofs performed in Y, history rows of Y−1, and the state run's rows.
 */
import type { Kysely } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { DB } from '../../src/db/schema.ts';
import { groupBy } from '../../src/collections.ts';
import { mapWithTurns } from '../../src/runs/cooperative.ts';
import type { ClaimCategory, DeclarationKind, MembershipKind } from '../tariff-settlement/types.ts';
import { previousRunRows } from './state.ts';
import type { NordostClass, NordostFacts, ProofPath } from './types.ts';

export interface NordostChunkRange {
  inputs: Record<string, number>;
  firstKey: string;
  lastKey: string;
  year: number;
  stateRunId: number | null;
}

type Tables =
  | 'member'
  | 'membership'
  | 'third_party_period'
  | 'annual_income'
  | 'bonus_plan_declaration'
  | 'outpatient_treatment'
  | 'inpatient_stay'
  | 'bonus_plan_health_proof'
  | 'bonus_plan_history';

function inRange<T extends Tables>(db: Kysely<DB>, table: T, batchId: number, range: NordostChunkRange) {
  return db
    .selectFrom(table as Tables)
    .where('batch_id', '=', batchId)
    .where('member_id', '>=', range.firstKey)
    .where('member_id', '<=', range.lastKey);
}

export async function loadNordostChunk(db: Kysely<DB>, range: NordostChunkRange): Promise<NordostFacts[]> {
  const b = (file: string) => range.inputs[file]!;
  const yearFrom = isoDate(range.year, 1, 1);
  const yearTo = isoDate(range.year, 12, 31);
  const [members, memberships, thirdParty, income, declarations, outpatient, inpatient, proofs, history, previous] = await Promise.all([
    inRange(db, 'member', b('members.csv'), range).select(['member_id', 'died_on']).orderBy('member_id').execute(),
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
    inRange(db, 'bonus_plan_declaration', b('bonus_plan_declarations.csv'), range)
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
      .where('admitted_on', '<=', yearTo)
      .where('discharged_on', '>=', yearFrom)
      .select(['member_id', 'claim_id', 'admitted_on', 'discharged_on', 'category'])
      .orderBy('claim_id')
      .execute(),
    inRange(db, 'bonus_plan_health_proof', b('bonus_plan_health_proofs.csv'), range)
      .where('performed_on', '>=', yearFrom)
      .where('performed_on', '<=', yearTo)
      .select(['member_id', 'proof_id', 'path', 'performed_on', 'received_on'])
      .orderBy('proof_id')
      .execute(),
    inRange(db, 'bonus_plan_history', b('bonus_plan_history.csv'), range)
      .where('year', '=', range.year - 1)
      .select(['member_id', 'year', 'participation_start', 'claim_free_months'])
      .execute(),
    previousRunRows(db, range.stateRunId, range.firstKey, range.lastKey),
  ]);
  const byMember = {
    memberships: groupBy(memberships, (r) => r.member_id),
    thirdParty: groupBy(thirdParty, (r) => r.member_id),
    income: groupBy(income, (r) => r.member_id),
    declarations: groupBy(declarations, (r) => r.member_id),
    outpatient: groupBy(outpatient, (r) => r.member_id),
    inpatient: groupBy(inpatient, (r) => r.member_id),
    proofs: groupBy(proofs, (r) => r.member_id),
    history: groupBy(history, (r) => r.member_id),
  };
  return mapWithTurns(members, (m): NordostFacts => {
    const incomeRow = byMember.income.get(m.member_id)?.[0];
    return {
      memberId: m.member_id,
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
        declaredClass: r.declared_class as NordostClass | null,
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
      proofs: (byMember.proofs.get(m.member_id) ?? []).map((r) => ({
        proofId: r.proof_id,
        path: r.path as ProofPath,
        performedOn: r.performed_on,
        receivedOn: r.received_on,
      })),
      previousRun: previous.get(m.member_id) ?? null,
      history: (byMember.history.get(m.member_id) ?? []).map((r) => ({
        year: r.year,
        participationStart: r.participation_start,
        claimFreeMonths: r.claim_free_months,
      })),
    };
  });
}
