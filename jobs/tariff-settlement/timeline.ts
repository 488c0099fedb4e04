/**
 * § 18a Abs. 2: a member's tariff participations, derived from the declarations, the own
 * membership periods, the third-party periods and the date of death (rules-18a-tariff.md,
 * "Participation timeline"). Pure: the same facts always give the same timeline.
 *
 * Declarations are taken in order of received_on, then declaration_id. A participation "runs"
 * from the receipt of its accepted enrolment until its end (inclusive), so a class change or
 * cancel received before the start day applies to it.
 *
 * The rules of participation are § 18a's; the AOK Nordost bonus plan declares its participation
 * "as § 18a" (rules-nordost-bonus-plan.md) and derives its timeline here from its own declarations.
 * `C` is only the type of the declared class (1–6 here, 1–3 there): the timeline never judges a
 * class, it carries it (the import checks the range).
 */
import {
  addDays,
  clip,
  endOrNull,
  inRanges,
  maxDate,
  minDate,
  normalize,
  OPEN_END,
  rangeOf,
  subtract,
  type DateRange,
  type IsoDate,
  type Validity,
} from '../../src/dates.ts';
import { bindingEnd, effectiveFrom, hardshipCancelEnd, isInterruption, ordinaryCancelEnd } from './decisions.ts';
import type { Declaration, DeclarationException, Membership, TariffClass } from './types.ts';

/** What the timeline needs; MemberFacts fits it, and so do other jobs' member records. */
export interface TimelineInput<C extends number = TariffClass> {
  diedOn: IsoDate | null;
  memberships: readonly Membership[];
  thirdPartyPeriods: readonly Validity[];
  declarations: readonly Declaration<C>[];
}

export interface ClassEntry<C extends number = TariffClass> {
  /** first day the class is in force (never before the participation start) */
  from: IsoDate;
  tariffClass: C;
}

export interface Participation<C extends number = TariffClass> {
  enrolDeclarationId: string;
  /** start and end, inclusive; `to === OPEN_END` while nothing ends it */
  range: DateRange;
  bindingEnd: IsoDate;
  /** ascending by `from`; the first entry starts on the participation start */
  classes: ClassEntry<C>[];
  /** days on which the tariff rests (third parties bear the contributions, membership interrupted) */
  resting: DateRange[];
  /** participation days: `range` minus `resting` */
  days: DateRange[];
}

export interface TimelineException extends DeclarationException {
  receivedOn: IsoDate;
}

export interface Timeline<C extends number = TariffClass> {
  /** in order of start; they never overlap */
  participations: Participation<C>[];
  exceptions: TimelineException[];
}

/**
 * A run of own (mandatory or voluntary) membership periods in which no gap is longer than an
 * interruption. A participation ends with its block; the gaps inside it are resting days.
 */
interface MembershipBlock {
  range: DateRange;
  gaps: DateRange[];
}

/** Own membership periods, joined where they touch, cut off at death (death ends membership that day). */
function ownPeriods(memberships: readonly Membership[], diedOn: IsoDate | null): DateRange[] {
  // Family insurance is not membership (§ 18a Abs. 2 Satz 1: "Mitglieder").
  const own = memberships.filter((m) => m.kind !== 'family').map(rangeOf);
  return normalize(diedOn === null ? own : clip(own, { from: '0000-01-01', to: diedOn }));
}

function membershipBlocks(periods: readonly DateRange[]): MembershipBlock[] {
  const blocks: MembershipBlock[] = [];
  for (const p of periods) {
    const block = blocks[blocks.length - 1];
    // Normalized periods are disjoint and not adjacent, so a previous block never ends OPEN_END.
    if (block && isInterruption(block.range.to, p.from)) {
      block.gaps.push({ from: addDays(block.range.to, 1), to: addDays(p.from, -1) });
      block.range.to = p.to;
    } else {
      blocks.push({ range: { ...p }, gaps: [] });
    }
  }
  return blocks;
}

/** Start of an enrolment: the first of the month after receipt if an own membership covers it, else the next own period's start. */
function enrolStart(receivedOn: IsoDate, periods: readonly DateRange[]): IsoDate | null {
  const first = effectiveFrom(receivedOn);
  for (const p of periods) {
    if (p.from <= first && first <= p.to) return first;
    if (p.from > first) return p.from;
  }
  return null;
}

interface Draft<C extends number> {
  enrolDeclarationId: string;
  start: IsoDate;
  block: MembershipBlock;
  /** end by cancellation(s); the earlier end holds */
  cancelEnd: IsoDate;
  classes: ClassEntry<C>[];
}

function draftEnd<C extends number>(d: Draft<C>): IsoDate {
  return minDate(d.block.range.to, d.cancelEnd);
}

function requireClass<C extends number>(d: Declaration<C>): C {
  if (d.declaredClass === null) {
    throw new Error(`§ 18a declaration ${d.declarationId} (${d.kind}) carries no declared class`);
  }
  return d.declaredClass;
}

export function compareDeclarations(a: Declaration<number>, b: Declaration<number>): number {
  if (a.receivedOn !== b.receivedOn) return a.receivedOn < b.receivedOn ? -1 : 1;
  return a.declarationId < b.declarationId ? -1 : a.declarationId > b.declarationId ? 1 : 0;
}

/** The member's participations and the declaration-level exceptions of all years. */
export function deriveTimeline<C extends number = TariffClass>(input: TimelineInput<C>): Timeline<C> {
  const periods = ownPeriods(input.memberships, input.diedOn);
  const blocks = membershipBlocks(periods);
  const thirdParty = normalize(input.thirdPartyPeriods.map(rangeOf));
  const drafts: Draft<C>[] = [];
  const exceptions: TimelineException[] = [];
  let current: Draft<C> | null = null;

  for (const d of [...input.declarations].sort(compareDeclarations)) {
    const r = d.receivedOn;
    if (current && r > draftEnd(current)) current = null;
    const reject = (code: DeclarationException['code']) => exceptions.push({ declarationId: d.declarationId, code, receivedOn: r });

    switch (d.kind) {
      case 'enrol': {
        const tariffClass = requireClass(d);
        if (current) {
          reject('DECLARATION_OUT_OF_ORDER');
          break;
        }
        const start = enrolStart(r, periods);
        if (start === null) {
          reject('NOT_A_MEMBER');
          break;
        }
        // § 53 Abs. 8 Satz 6 SGB V: judged on the day participation would start.
        if (inRanges(thirdParty, start)) {
          reject('THIRD_PARTY_AT_ENROLMENT');
          break;
        }
        const block = blocks.find((b) => b.range.from <= start && start <= b.range.to)!;
        current = { enrolDeclarationId: d.declarationId, start, block, cancelEnd: OPEN_END, classes: [{ from: start, tariffClass }] };
        drafts.push(current);
        break;
      }
      case 'class_change': {
        const tariffClass = requireClass(d);
        if (!current) {
          reject('DECLARATION_OUT_OF_ORDER');
          break;
        }
        // Received before the start day: in force from the start. Effective dates never decrease
        // (declarations come in order of receipt), so `classes` stays sorted; a later entry with
        // the same `from` supersedes the earlier one.
        current.classes.push({ from: maxDate(effectiveFrom(r), current.start), tariffClass });
        break;
      }
      case 'cancel':
        if (!current) {
          reject('DECLARATION_OUT_OF_ORDER');
          break;
        }
        current.cancelEnd = minDate(current.cancelEnd, ordinaryCancelEnd(r, current.start));
        break;
      case 'hardship_cancel':
        if (!current) {
          reject('DECLARATION_OUT_OF_ORDER');
          break;
        }
        if (r < current.start) {
          // Received before the start day: no participation at all.
          drafts.splice(drafts.indexOf(current), 1);
          current = null;
        } else {
          current.cancelEnd = minDate(current.cancelEnd, hardshipCancelEnd(r));
        }
        break;
    }
  }

  return { participations: drafts.map((d) => finish(d, thirdParty)), exceptions };
}

function finish<C extends number>(d: Draft<C>, thirdParty: readonly DateRange[]): Participation<C> {
  const range = { from: d.start, to: draftEnd(d) };
  const resting = normalize([...clip(thirdParty, range), ...clip(d.block.gaps, range)]);
  const classes = d.classes.filter((c, i) => d.classes[i + 1]?.from !== c.from);
  return {
    enrolDeclarationId: d.enrolDeclarationId,
    range,
    bindingEnd: bindingEnd(d.start),
    classes,
    resting,
    days: subtract([range], resting),
  };
}

/** Declared class in force on `date` (a day of the participation). */
export function classOn<C extends number>(p: Participation<C>, date: IsoDate): C {
  let found = p.classes[0]!.tariffClass;
  for (const c of p.classes) {
    if (c.from > date) break;
    found = c.tariffClass;
  }
  return found;
}

export interface TariffParticipationDays {
  /** participation days as sorted, disjoint inclusive ranges in the contract's shape (`to: null` = open-ended) */
  intervals: { from: IsoDate; to: IsoDate | null }[];
  /** true if `date` is a § 18a participation day (enrolled, a member, tariff not resting); O(log n) */
  isParticipationDay(date: IsoDate): boolean;
}

/**
 * For other jobs (e.g. § 19a, which cannot be combined with § 18a): which days are § 18a
 * participation days. Resting days are not. Declaration exceptions are ignored here; the § 18a
 * job reports them.
 */
export function tariffParticipationDays(input: TimelineInput): TariffParticipationDays {
  const ranges = normalize(deriveTimeline(input).participations.flatMap((p) => p.days));
  return {
    intervals: ranges.map((r) => ({ from: r.from, to: endOrNull(r) })),
    isParticipationDay: (date) => inRanges(ranges, date),
  };
}
