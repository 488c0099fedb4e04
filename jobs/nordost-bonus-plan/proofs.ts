/**
 * Health bonus proofs (rules-nordost-bonus-plan.md, "Health bonus proofs"): the proofs performed
 * in Y, each checked in order — the first failing rule gives the reason:
 *  1. received by the deadline (31 March Y+1)          → else LATE_SUBMISSION
 *  2. performed on a participation day                 → else OUTSIDE_PARTICIPATION
 *  3. one accepted per member and year: the earliest performed_on, then the lowest proof_id,
 *     among those passing 1 and 2                      → else FREQUENCY_LIMIT
 * The pipeline does not re-check the prevention set's list (Decision: the fund confirmed it).
 */
import { parts, type IsoDate } from '../../src/dates.ts';
import type { HealthProof, ProofDecision } from './types.ts';

export function decideProofs(
  memberId: string,
  proofs: readonly HealthProof[],
  year: number,
  deadline: IsoDate,
  isParticipationDay: (date: IsoDate) => boolean,
): ProofDecision[] {
  const ofYear = proofs
    .filter((p) => parts(p.performedOn).year === year)
    .sort((a, b) =>
      a.performedOn !== b.performedOn
        ? a.performedOn < b.performedOn
          ? -1
          : 1
        : a.proofId < b.proofId
          ? -1
          : a.proofId > b.proofId
            ? 1
            : 0,
    );
  let accepted = false;
  const decisions = ofYear.map((p): ProofDecision => {
    const base = { proofId: p.proofId, memberId, year, path: p.path, performedOn: p.performedOn, receivedOn: p.receivedOn };
    if (p.receivedOn > deadline) return { ...base, decision: 'rejected', reason: 'LATE_SUBMISSION' };
    if (!isParticipationDay(p.performedOn)) return { ...base, decision: 'rejected', reason: 'OUTSIDE_PARTICIPATION' };
    if (accepted) return { ...base, decision: 'rejected', reason: 'FREQUENCY_LIMIT' };
    accepted = true;
    return { ...base, decision: 'accepted', reason: null };
  });
  return decisions.sort((a, b) => (a.proofId < b.proofId ? -1 : a.proofId > b.proofId ? 1 : 0));
}
