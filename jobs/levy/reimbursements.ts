/**
 * Satzung § 39: the reimbursements (Erstattungen) of the claims of Y — those with period_from in
 * Y (rules-aag-levy.md § 4 and "Claims"). One decision and at most one reason per claim.
 */
import { daysInclusive, overlaps, parts } from '../../src/dates.ts';
import { Decimal, ZERO, formatMoney, minDecimal, roundCents } from '../../src/money.ts';
import { SIX_WEEKS_DAYS, isU1Claim } from './decisions.ts';
import { employmentOn } from './employment.ts';
import { formatRate, u1ReimbursementRate, u2ReimbursementRate, type LevyYear } from './rates.ts';
import { tariffOn, type TariffSegment } from './tariff.ts';
import type { ClaimDecision, ClaimReason, Employer, Employment, ReimbursementClaim, ReimbursementRow, Tariff } from './types.ts';

const THIRTY = new Decimal(30);

export interface ClaimsInput {
  employer: Employer;
  claims: readonly ReimbursementClaim[];
  employmentsByEmployee: Map<string, Employment[]>;
  /** null for exempt employers (no tariff) */
  segments: TariffSegment[] | null;
  /** U1 participation in Y (null: unknown) */
  participates: boolean | null;
}

export interface ClaimsResult {
  rows: ReimbursementRow[];
  u1Approved: Decimal;
  u2Approved: Decimal;
  u1ApprovedByTariff: Record<Tariff, Decimal>;
}

interface Computed {
  days: number;
  eligible: Decimal;
  /** exact capped pay (U1: min(pay, BBG / 30 × days), never rounded) */
  capped: Decimal;
  rate: Decimal;
  reimbursement: Decimal;
  /** U1: the tariff in force on period_from */
  tariff: Tariff | null;
}

export function reimburse(input: ClaimsInput, y: LevyYear): ClaimsResult {
  const result: ClaimsResult = { rows: [], u1Approved: ZERO, u2Approved: ZERO, u1ApprovedByTariff: { '50': ZERO, '65': ZERO } };
  const approved: ReimbursementClaim[] = [];
  // Claims are taken in claim_id order (byte order: ids are ASCII) so OVERLAP is reproducible.
  const claims = input.claims
    .filter((c) => parts(c.periodFrom).year === y.year)
    .sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0));

  for (const claim of claims) {
    const amounts = compute(claim, input.segments, y);
    const [decision, reason] = decide(claim, amounts, input, approved);
    const rejected = decision === 'rejected';
    result.rows.push({
      claimId: claim.claimId,
      employerId: input.employer.employerId,
      kind: claim.kind,
      days: amounts.days,
      eligiblePay: formatMoney(amounts.eligible),
      cappedPay: rejected ? formatMoney(ZERO) : formatMoney(amounts.capped),
      rate: rejected ? null : formatRate(amounts.rate),
      reimbursement: rejected ? formatMoney(ZERO) : formatMoney(amounts.reimbursement),
      decision,
      reason,
    });
    if (decision !== 'approved') continue;
    approved.push(claim);
    if (isU1Claim(claim.kind)) {
      result.u1Approved = result.u1Approved.plus(amounts.reimbursement);
      const tariff = amounts.tariff!;
      result.u1ApprovedByTariff[tariff] = result.u1ApprovedByTariff[tariff].plus(amounts.reimbursement);
    } else {
      result.u2Approved = result.u2Approved.plus(amounts.reimbursement);
    }
  }
  return result;
}

/**
 * Checks in order: NOT_INSURED_WITH_FUND (employment in force on period_from), held
 * HISTORY_MISSING (U1, participation in Y unknown), NOT_IN_U1 / NOT_IN_U2, OVERLAP (same
 * employee and kind as an approved claim), held EXCEEDS_SIX_WEEKS (U1 only).
 */
function decide(
  claim: ReimbursementClaim,
  amounts: Computed,
  input: ClaimsInput,
  approved: readonly ReimbursementClaim[],
): [ClaimDecision, ClaimReason | null] {
  const u1 = isU1Claim(claim.kind);
  const employment = employmentOn(input.employmentsByEmployee.get(claim.employeeId), claim.periodFrom);
  if (!employment || !employment.insuredWithFund) return ['rejected', 'NOT_INSURED_WITH_FUND'];
  if (u1 && input.participates === null) return ['held', 'HISTORY_MISSING'];
  if (u1 && input.participates === false) return ['rejected', 'NOT_IN_U1'];
  if (!u1 && input.employer.aagExempt) return ['rejected', 'NOT_IN_U2'];
  const period = { from: claim.periodFrom, to: claim.periodTo };
  if (
    approved.some(
      (a) => a.employeeId === claim.employeeId && a.kind === claim.kind && overlaps(period, { from: a.periodFrom, to: a.periodTo }),
    )
  ) {
    return ['rejected', 'OVERLAP'];
  }
  if (u1 && amounts.days > SIX_WEEKS_DAYS) return ['held', 'EXCEEDS_SIX_WEEKS'];
  return ['approved', null];
}

function compute(claim: ReimbursementClaim, segments: TariffSegment[] | null, y: LevyYear): Computed {
  const days = daysInclusive(claim.periodFrom, claim.periodTo);
  const continued = new Decimal(claim.continuedPay);
  if (!isU1Claim(claim.kind)) {
    // § 39 Abs. 3: 100 %, no ceiling; an employment ban also reimburses the employer's contributions.
    const eligible = claim.kind === 'u2_employment_ban' ? continued.plus(claim.employerContributions ?? 0) : continued;
    const rate = u2ReimbursementRate(y, claim.periodFrom);
    return { days, eligible, capped: eligible, rate, reimbursement: roundCents(eligible.times(rate)), tariff: null };
  }
  // § 39 Abs. 1: pay capped at the BBG of period_from's month per calendar day; compare 30 × pay
  // with BBG × days and divide once, with the rate, before the one rounding.
  const capped30 = minDecimal(continued.times(THIRTY), y.ceiling.times(days));
  // Exempt employers have no tariff; their U1 claims are rejected (NOT_IN_U1), the rate unused.
  const tariff = segments === null ? null : tariffOn(segments, claim.periodFrom);
  const rate = tariff === null ? ZERO : u1ReimbursementRate(y, tariff, claim.periodFrom);
  return {
    days,
    eligible: continued,
    capped: capped30.dividedBy(THIRTY),
    rate,
    reimbursement: roundCents(capped30.times(rate).dividedBy(THIRTY)),
    tariff,
  };
}
