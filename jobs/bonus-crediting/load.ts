/**
 * Loads the facts of one chunk of members for crediting year Y from the batches the run
 * recorded: one range query per input file, grouped per member; plus what earlier runs decided
 * (carried balances, payouts settled, PLUS receipts used).
 */
import type { Kysely } from 'kysely';
import { isoDate } from '../../src/dates.ts';
import type { JobName } from '../../src/job-names.ts';
import type { DB } from '../../src/db/schema.ts';
import { groupBy } from '../../src/collections.ts';
import { mapWithTurns } from '../../src/runs/cooperative.ts';
import type { DeclarationKind, MembershipKind, TariffClass } from '../tariff-settlement/types.ts';
import { carriedBalances, settledPayoutIds, usedReceipts } from './state.ts';
import type { BonusFacts, PayoutKind, ProofChannel } from './types.ts';

export interface BonusChunkRange {
  /** the run's job: payouts and receipts settled by its earlier years are settled once, ever */
  job: JobName;
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
  | 'tariff_declaration'
  | 'bonus_participation'
  | 'bonus_exclusion'
  | 'bonus_proof'
  | 'bonus_activity'
  | 'bonus_goal'
  | 'bonus_opening_balance'
  | 'bonus_payout_request';

function inRange(db: Kysely<DB>, table: Tables, batchId: number, range: BonusChunkRange) {
  return db
    .selectFrom(table)
    .where('batch_id', '=', batchId)
    .where('member_id', '>=', range.firstKey)
    .where('member_id', '<=', range.lastKey);
}

export type OpeningSource = 'run' | 'file' | 'none';

export interface BonusChunkFacts {
  facts: BonusFacts[];
  /** where each member's opening balance came from: the previous year's run, the file, or none */
  openingSources: Map<string, OpeningSource>;
}

/** The shared empty list of a member without proofs, activities or goals (the rules never change their facts). */
const NONE: readonly never[] = Object.freeze([]);

export async function loadBonusChunk(db: Kysely<DB>, range: BonusChunkRange): Promise<BonusChunkFacts> {
  const b = (file: string) => range.inputs[file]!;
  const yearFrom = isoDate(range.year, 1, 1);
  const yearTo = isoDate(range.year, 12, 31);
  const [members, memberships, thirdParty, declarations, participations, exclusions, proofs, activities, goals, openings, payouts] =
    await Promise.all([
      inRange(db, 'member', b('members.csv'), range).select(['member_id', 'birth_date', 'died_on']).orderBy('member_id').execute(),
      inRange(db, 'membership', b('memberships.csv'), range)
        .select(['member_id', 'valid_from as validFrom', 'valid_to as validTo', 'kind'])
        .$narrowType<{ kind: MembershipKind }>()
        .orderBy('valid_from')
        .execute(),
      inRange(db, 'third_party_period', b('third_party_periods.csv'), range)
        .select(['member_id', 'valid_from as validFrom', 'valid_to as validTo'])
        .orderBy('valid_from')
        .execute(),
      inRange(db, 'tariff_declaration', b('tariff_declarations.csv'), range)
        .select(['member_id', 'declaration_id', 'kind', 'received_on', 'declared_class'])
        .orderBy('received_on')
        .orderBy('declaration_id')
        .execute(),
      inRange(db, 'bonus_participation', b('bonus_participations.csv'), range)
        .select(['member_id', 'valid_from as validFrom', 'valid_to as validTo'])
        .orderBy('valid_from')
        .execute(),
      inRange(db, 'bonus_exclusion', b('bonus_exclusions.csv'), range)
        .select(['member_id', 'valid_from as validFrom', 'valid_to as validTo'])
        .orderBy('valid_from')
        .execute(),
      // Proofs of earlier years too: they complete a U1–U3 set.
      inRange(db, 'bonus_proof', b('bonus_proofs.csv'), range)
        .where('performed_on', '<=', yearTo)
        .select([
          'member_id',
          'proof_id as proofId',
          'measure_code as measureCode',
          'performed_on as performedOn',
          'received_on as receivedOn',
          'channel',
        ])
        .$narrowType<{ channel: ProofChannel }>()
        .orderBy('proof_id')
        .execute(),
      inRange(db, 'bonus_activity', b('bonus_activities.csv'), range)
        .where('activity_on', '>=', yearFrom)
        .where('activity_on', '<=', yearTo)
        .select([
          'member_id',
          'activity_id as activityId',
          'activity_on as activityOn',
          'duration_min as durationMin',
          'kcal',
          'avg_heart_rate as avgHeartRate',
          'steps',
        ])
        .orderBy('activity_id')
        .execute(),
      inRange(db, 'bonus_goal', b('bonus_goals.csv'), range)
        .where('completed_on', '>=', yearFrom)
        .where('completed_on', '<=', yearTo)
        .select([
          'member_id',
          'goal_id as goalId',
          'started_on as startedOn',
          'completed_on as completedOn',
          'challenges_total as challengesTotal',
          'challenges_done as challengesDone',
        ])
        .orderBy('goal_id')
        .execute(),
      inRange(db, 'bonus_opening_balance', b('bonus_opening_balances.csv'), range)
        .where('year', '=', range.year)
        .select(['member_id', 'points'])
        .execute(),
      inRange(db, 'bonus_payout_request', b('bonus_payout_requests.csv'), range)
        .select(['member_id', 'payout_id', 'requested_on', 'kind', 'points', 'receipt_id', 'service_code', 'service_on', 'cost'])
        .orderBy('payout_id')
        .execute(),
    ]);
  const [carried, settled, receipts] = await Promise.all([
    carriedBalances(db, range.stateRunId, range.firstKey, range.lastKey),
    settledPayoutIds(
      db,
      range.job,
      range.year,
      payouts.map((p) => p.payout_id),
    ),
    usedReceipts(
      db,
      range.job,
      range.year,
      payouts.flatMap((p) => (p.receipt_id ? [p.receipt_id] : [])),
    ),
  ]);
  const by = {
    memberships: groupBy(memberships, (r) => r.member_id),
    thirdParty: groupBy(thirdParty, (r) => r.member_id),
    declarations: groupBy(declarations, (r) => r.member_id),
    participations: groupBy(participations, (r) => r.member_id),
    exclusions: groupBy(exclusions, (r) => r.member_id),
    proofs: groupBy(proofs, (r) => r.member_id),
    activities: groupBy(activities, (r) => r.member_id),
    goals: groupBy(goals, (r) => r.member_id),
    openings: groupBy(openings, (r) => r.member_id),
    payouts: groupBy(payouts, (r) => r.member_id),
  };
  const openingSources = new Map<string, OpeningSource>();
  const facts = await mapWithTurns(members, (m): BonusFacts => {
    const id = m.member_id;
    // A carried balance wins over the file; a carried 0 is no balance (a member who left with
    // nothing would otherwise get an empty account every year).
    const fromFile = by.openings.get(id)?.[0]?.points ?? null;
    const openingPoints = carried.has(id) ? carried.get(id)! || null : fromFile;
    openingSources.set(id, openingPoints === null ? 'none' : carried.has(id) ? 'run' : 'file');
    const memberPayouts = by.payouts.get(id) ?? NONE;
    return {
      memberId: id,
      birthDate: m.birth_date,
      diedOn: m.died_on,
      // Periods, proofs, activities and goals are the rows as selected (named as the rules name
      // them; member_id rides along unread): no second object per row — millions in a full run.
      memberships: by.memberships.get(id) ?? NONE,
      thirdPartyPeriods: by.thirdParty.get(id) ?? NONE,
      declarations: (by.declarations.get(id) ?? []).map((r) => ({
        declarationId: r.declaration_id,
        kind: r.kind as DeclarationKind,
        receivedOn: r.received_on,
        declaredClass: r.declared_class as TariffClass | null,
      })),
      participations: by.participations.get(id) ?? NONE,
      exclusions: by.exclusions.get(id) ?? NONE,
      proofs: by.proofs.get(id) ?? NONE,
      activities: by.activities.get(id) ?? NONE,
      goals: by.goals.get(id) ?? NONE,
      openingPoints,
      payoutRequests:
        memberPayouts.length === 0
          ? NONE
          : memberPayouts.map((r) => ({
              payoutId: r.payout_id,
              requestedOn: r.requested_on,
              kind: r.kind as PayoutKind,
              points: r.points,
              receiptId: r.receipt_id,
              serviceCode: r.service_code,
              serviceOn: r.service_on,
              cost: r.cost,
              settledEarlier: settled.has(r.payout_id),
            })),
      usedReceiptIds:
        memberPayouts.length === 0
          ? NONE
          : memberPayouts.flatMap((r) => (r.receipt_id && receipts.has(r.receipt_id) ? [r.receipt_id] : [])),
    };
  });
  return { facts, openingSources };
}
