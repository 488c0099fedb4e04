/**
 * U1 participation (AAG § 3, Satzung § 38; rules-aag-levy.md § 2): Y's own participation as
 * determined a year earlier, and the decision for Y+1 from Y's monthly headcounts.
 */
import { FULL_YEAR_MIN_SMALL_MONTHS, partYearParticipates } from './decisions.ts';
import { existedAllYear, existedInYear, openedIn } from './existence.ts';
import { formatHeadcount, isSmallMonth, monthlyHeadcountQuarters } from './headcount.ts';
import type { Employer, Employment, LevyHistory, LevyParams, U1DeterminationRow } from './types.ts';

const noHeadcounts = (): null[] => Array.from({ length: 12 }, () => null);

export function isExemptFromU1(employer: Employer): boolean {
  return employer.u1Exempt || employer.aagExempt;
}

/** U1 participation in Y: false for exempt employers, else the history's answer (null: unknown). */
export function participatesInYear(employer: Employer, history: LevyHistory): boolean | null {
  return isExemptFromU1(employer) ? false : history.participates;
}

/** Y's row: read, not decided (basis `history` or `exempt`; months and headcounts empty). */
export function currentYearRow(employer: Employer, history: LevyHistory, year: number): U1DeterminationRow {
  const exempt = isExemptFromU1(employer);
  const participates = participatesInYear(employer, history);
  return {
    employerId: employer.employerId,
    year,
    monthsConsidered: null,
    monthsAtMost30: null,
    participates,
    basis: exempt ? 'exempt' : 'history',
    headcounts: noHeadcounts(),
    reasons: participates === null ? ['HISTORY_MISSING'] : [],
  };
}

/**
 * Y+1's row, decided from Y, or null for an employer that neither existed in Y nor is founded
 * in Y+1. Exempt and founded rows carry no months or headcounts (their decision uses none).
 */
export function nextYearRow(
  employer: Employer,
  employments: readonly Employment[],
  year: number,
  params: LevyParams,
): U1DeterminationRow | null {
  const base = {
    employerId: employer.employerId,
    year: year + 1,
    monthsConsidered: null,
    monthsAtMost30: null,
    headcounts: noHeadcounts(),
  };
  const founded = openedIn(employer, year + 1);
  if (!founded && !existedInYear(employer, year)) return null;
  if (isExemptFromU1(employer)) return { ...base, participates: false, basis: 'exempt', reasons: [] };
  if (founded) {
    if (employer.expectedHeadcount === null)
      return { ...base, participates: null, basis: 'founded', reasons: ['EXPECTED_HEADCOUNT_MISSING'] };
    return { ...base, participates: employer.expectedHeadcount <= params.headcountLimit, basis: 'founded', reasons: [] };
  }

  const quarters = monthlyHeadcountQuarters(employer, employments, year);
  const considered = quarters.filter((q): q is number => q !== null);
  const small = considered.filter((q) => isSmallMonth(q, params.headcountLimit)).length;
  const fullYear = existedAllYear(employer, year);
  return {
    employerId: employer.employerId,
    year: year + 1,
    monthsConsidered: considered.length,
    monthsAtMost30: small,
    participates: fullYear ? small >= FULL_YEAR_MIN_SMALL_MONTHS : partYearParticipates(small, considered.length),
    basis: fullYear ? 'full_year' : 'part_year',
    headcounts: quarters.map((q) => (q === null ? null : formatHeadcount(q))),
    reasons: [],
  };
}
