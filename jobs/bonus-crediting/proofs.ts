/**
 * § 19a Abs. 2, 3, 6, 8, 9: the proofs of year Y (rules-19a-bonus.md, "Which proofs count for Y").
 * Checks 2–6 judge each proof alone; checks 7 (special rules: U1–U3 set, dental half-years) and
 * 8 (frequency) judge the proofs of one code together, only among those that passed 1–6 (1–7).
 * The first failing check is the reason. Proofs of other years are never items; earlier ones only
 * complete the U1–U3 set.
 */
import { ageOn, parts, type IsoDate } from '../../src/dates.ts';
import type { MemberCalendar } from './calendar.ts';
import {
  compareProofs,
  frequencyReason,
  halfYear,
  HALF_YEAR_CODE,
  measureRule,
  proofDeadline,
  sameDateAsPrevious,
  yearBounds,
} from './decisions.ts';
import type { BonusFacts, BonusParams, BonusReason, ItemDecision, Proof, Section } from './types.ts';

export interface ProofVerdict {
  proof: Proof;
  points: number;
  decision: ItemDecision;
  reason: BonusReason | null;
  /** section of the credited points (null when nothing is credited) */
  section: Section | null;
}

type Screen = (p: Proof) => BonusReason | null;

/** Checks 2–6 (check 1, the year, is the caller's). */
function screen(deadline: IsoDate, calendar: MemberCalendar, params: BonusParams): Screen {
  return (p) => {
    if (p.receivedOn > deadline) return 'LATE_SUBMISSION';
    if (!calendar.isInsured(p.performedOn)) return 'NOT_INSURED';
    if (calendar.isTariffDay(p.performedOn)) return 'TARIFF_18A_OVERLAP';
    if (measureRule(params, p.measureCode) === null) return 'NOT_BONIFIABLE';
    // Abs. 8: the exclusion bars the app channel only; paper proofs still count.
    if (p.channel === 'app' && calendar.isExcluded(p.performedOn)) return 'EXCLUDED_APP_CHANNEL';
    return null;
  };
}

/**
 * The U1–U3 set as of this run: the earliest proof of each set code, of Y or an earlier year,
 * that passes checks 2–6 against this run's deadline. `completer` is the latest of the three,
 * null while a code is missing.
 */
function u1u3Set(
  sortedUpToY: readonly Proof[],
  setCodes: ReadonlySet<string>,
  pass: Screen,
): { used: Set<Proof>; completer: Proof | null } {
  const byCode = new Map<string, Proof>();
  for (const p of sortedUpToY) {
    if (setCodes.has(p.measureCode) && !byCode.has(p.measureCode) && pass(p) === null) byCode.set(p.measureCode, p);
  }
  const used = new Set(byCode.values());
  if (setCodes.size === 0 || byCode.size < setCodes.size) return { used, completer: null };
  return { used, completer: [...used].sort(compareProofs).at(-1)! };
}

/** The proofs of one code in Y that passed checks 1–6, with their verdicts for checks 7 and 8. */
interface CodeGroup {
  ordered: Proof[];
  verdicts: Map<Proof, ProofVerdict>;
}

function credit(g: CodeGroup, p: Proof, points: number, section: Section): void {
  g.verdicts.set(p, { proof: p, points, decision: 'credited', reason: null, section });
}
function merge(g: CodeGroup, p: Proof): void {
  g.verdicts.set(p, { proof: p, points: 0, decision: 'merged', reason: null, section: null });
}
function reject(g: CodeGroup, p: Proof, reason: BonusReason): void {
  g.verdicts.set(p, { proof: p, points: 0, decision: 'rejected', reason, section: null });
}

/** Check 8 for whatever check 7 left undecided: DUPLICATE on an earlier proof's date, else FREQUENCY_LIMIT. */
function limitTheRest(g: CodeGroup): void {
  g.ordered.forEach((p, i) => {
    if (!g.verdicts.has(p)) reject(g, p, frequencyReason(g.ordered, i));
  });
}

/** The U1–U3 codes of a points table, computed once per parameter set rather than once per person. */
const setCodesCache = new WeakMap<BonusParams['pointsTable'], ReadonlySet<string>>();
function setCodesOf(params: BonusParams): ReadonlySet<string> {
  let codes = setCodesCache.get(params.pointsTable);
  if (codes === undefined) {
    codes = new Set(
      Object.entries(params.pointsTable)
        .filter(([, r]) => r.frequency === 'set_u1_u3')
        .map(([code]) => code),
    );
    setCodesCache.set(params.pointsTable, codes);
  }
  return codes;
}

export function judgeProofs(facts: BonusFacts, year: number, calendar: MemberCalendar, params: BonusParams): ProofVerdict[] {
  if (facts.proofs.length === 0) return [];
  const { first, last } = yearBounds(year);
  const pass = screen(proofDeadline(year, params), calendar, params);
  // filter() already copies: the facts' list is never sorted in place.
  const sorted = facts.proofs.filter((p) => p.performedOn <= last).sort(compareProofs);
  const ofYear = sorted.filter((p) => p.performedOn >= first);

  const verdicts = new Map<Proof, ProofVerdict>();
  const groups = new Map<string, CodeGroup>();
  for (const p of ofYear) {
    const reason = pass(p);
    if (reason !== null) {
      verdicts.set(p, { proof: p, points: 0, decision: 'rejected', reason, section: null });
      continue;
    }
    const g = groups.get(p.measureCode) ?? { ordered: [], verdicts };
    g.ordered.push(p);
    groups.set(p.measureCode, g);
  }

  const set = u1u3Set(sorted, setCodesOf(params), pass);

  for (const [code, g] of groups) {
    // Passed check 5, so the rule exists.
    const rule = measureRule(params, code)!;
    if (rule.frequency === 'set_u1_u3') {
      judgeSetCode(g, set, year, params.u1U3SetPoints, rule.section);
    } else if (code === HALF_YEAR_CODE && ageOn(facts.birthDate, g.ordered[0]!.performedOn) < params.dentalHalfYearsBelowAge) {
      judgeHalfYears(g, rule.points, rule.section);
    } else if (rule.frequency === 'per_proof') {
      // One credit per measure: the first proof of each date.
      g.ordered.forEach((p, i) => {
        if (!sameDateAsPrevious(g.ordered, i)) credit(g, p, rule.points, rule.section);
      });
      limitTheRest(g);
    } else {
      credit(g, g.ordered[0]!, rule.points, rule.section);
      limitTheRest(g);
    }
  }
  return ofYear.map((p) => verdicts.get(p)!);
}

/**
 * U1–U3: incomplete → every set proof of Y is INCOMPLETE_SET (check 7 comes before 8, so this
 * includes proofs that would be duplicates). Complete with the latest exam in Y → the completer
 * is credited the set's points, the other used proofs of Y are merged. Complete in an earlier
 * year → nothing of Y is used: check 8 rejects them all.
 */
function judgeSetCode(g: CodeGroup, set: ReturnType<typeof u1u3Set>, year: number, setPoints: number, section: Section): void {
  if (set.completer === null) {
    for (const p of g.ordered) reject(g, p, 'INCOMPLETE_SET');
    return;
  }
  if (parts(set.completer.performedOn).year === year) {
    for (const p of g.ordered) {
      if (p === set.completer) credit(g, p, setPoints, section);
      else if (set.used.has(p)) merge(g, p);
    }
  }
  limitTheRest(g);
}

/**
 * DENTAL_CHECKUP under 18: the earliest check-up of each half-year form the set; the later of the
 * two (the July–December one) is credited, the other merged; with a half-year missing all are
 * INCOMPLETE_SET.
 */
function judgeHalfYears(g: CodeGroup, points: number, section: Section): void {
  const firstHalf = g.ordered.find((p) => halfYear(p.performedOn) === 1);
  const secondHalf = g.ordered.find((p) => halfYear(p.performedOn) === 2);
  if (firstHalf === undefined || secondHalf === undefined) {
    for (const p of g.ordered) reject(g, p, 'INCOMPLETE_SET');
    return;
  }
  merge(g, firstHalf);
  credit(g, secondHalf, points, section);
  limitTheRest(g);
}
