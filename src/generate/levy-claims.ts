/**
 * reimbursement_claims.csv of one employer: continued pay in sickness (mostly short, some exactly
 * 42 days, some longer: held), rehabilitation (short and over six weeks), maternity subsidy
 * (14 weeks, 18 for premature or multiple births) and employment bans with the employer's
 * contribution shares. Claims come from whoever works there (a few for people insured elsewhere,
 * a few U1 claims of employers not in U1, exempt ones' too); a few overlap an earlier claim of the same kind, a few start
 * after the employment ended, a few belong to December Y−1.
 */
import type { ClaimKind, LevyEmployee, LevyEmployer, LevyYear, Segment } from './levy-model.ts';
import { centsToMoney, iso } from './model.ts';
import type { Row } from './output.ts';
import type { Rng } from './random.ts';

const CLAIM_KINDS: readonly ClaimKind[] = ['u1_sickness', 'u1_rehab', 'u2_maternity_subsidy', 'u2_employment_ban'];
/** Claims per eligible employee and year. */
const CLAIMS_PER_EMPLOYEE = 0.23;

function sicknessDays(rng: Rng): number {
  const r = rng.next();
  if (r < 0.02) return 42;
  if (r < 0.08) return rng.int(43, 70); // beyond six weeks: held
  return Math.min(42, 1 + Math.floor(rng.logNormal(7, 0.8)));
}

function daysOf(rng: Rng, kind: ClaimKind): number {
  switch (kind) {
    case 'u1_sickness':
      return sicknessDays(rng);
    case 'u1_rehab':
      return rng.chance(0.6) ? rng.pick([14, 21, 21, 28, 35, 42]) : rng.int(43, 90);
    case 'u2_maternity_subsidy':
      return rng.weighted([98, 126, rng.int(56, 97)], [0.8, 0.15, 0.05]);
    case 'u2_employment_ban':
      return rng.chance(0.7) ? rng.int(14, 60) : rng.int(61, 120);
  }
}

/** Cents for `days` of a monthly pay, with a little variation (overtime averages, bonuses). */
function payFor(rng: Rng, monthly: number, days: number): number {
  return Math.round((monthly * days * rng.int(95, 110)) / 3000);
}

function claimOf(rng: Rng, e: LevyEmployee, s: Segment, kind: ClaimKind, from: number, days: number): Row | null {
  const row = (continuedPay: number, contributions: number | null = null): Row => ({
    employee_id: e.id,
    kind,
    period_from: iso(from),
    period_to: iso(from + days - 1),
    continued_pay: centsToMoney(continuedPay),
    employer_contributions: contributions === null ? null : centsToMoney(contributions),
  });
  switch (kind) {
    case 'u1_sickness':
    case 'u1_rehab':
      return row(payFor(rng, s.monthlyCents, days));
    case 'u2_maternity_subsidy': {
      // subsidy = net daily pay (≈ 65 % of gross) minus the fund's 13 euros, per day
      const daily = Math.round((s.monthlyCents * 65) / 3000) - 1300;
      return daily <= 0 ? null : row(daily * days);
    }
    case 'u2_employment_ban': {
      const continuedPay = payFor(rng, s.monthlyCents, days);
      return row(continuedPay, Math.round((continuedPay * rng.int(195, 215)) / 1000));
    }
  }
}

export function generateClaims(rng: Rng, employer: LevyEmployer, y: LevyYear): Row[] {
  const candidates: [LevyEmployee, Segment, number, number][] = [];
  for (const e of employer.employees) {
    if (e.short) continue;
    for (const s of e.segments) {
      if (s.category === 'minijob' || s.category === 'parental_leave' || s.monthlyCents === 0) continue;
      const lo = Math.max(s.from, y.yStart);
      const hi = Math.min(s.to ?? y.yEnd, y.yEnd);
      if (hi >= lo) candidates.push([e, s, lo, hi]);
    }
  }
  const claims: Row[] = [];
  if (candidates.length === 0) return claims;
  for (let k = rng.poisson(CLAIMS_PER_EMPLOYEE * candidates.length); k > 0; k--) {
    const [e, s, lo, hi] = rng.pick(candidates);
    const kind = rng.weighted(CLAIM_KINDS, [0.83, 0.09, 0.05, 0.03]);
    // employers that know they are not in U1 rarely claim U1; claims go to the employee's own fund
    if (kind.startsWith('u1') && !employer.declaresU1 && rng.chance(0.95)) continue;
    if (!s.insured && rng.chance(0.8)) continue;
    let from = rng.int(lo, hi);
    const r = rng.next();
    if (r < 0.01 && s.to !== null && s.to + 10 <= y.yEnd)
      from = s.to + rng.int(1, 10); // after the employment ended
    else if (r < 0.02 && lo === y.yStart) from = y.yStart - rng.int(1, 25); // a claim of December Y−1
    const days = daysOf(rng, kind);
    const claim = claimOf(rng, e, s, kind, from, days);
    if (!claim) continue;
    claims.push(claim);
    if (rng.chance(0.04)) {
      // the same absence claimed again, overlapping (OVERLAP)
      const again = claimOf(rng, e, s, kind, from + rng.int(0, days - 1), rng.int(1, 20));
      if (again) claims.push(again);
    }
  }
  return claims;
}
