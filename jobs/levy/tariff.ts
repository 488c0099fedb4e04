/**
 * § 39 Abs. 2: the U1 tariff of an employer for year Y, as segments from the day each tariff
 * applies (rules-aag-levy.md § 1 and "Tariff").
 */
import { isoDate, type IsoDate } from '../../src/dates.ts';
import {
  DEFAULT_TARIFF,
  NEW_ACCOUNT_TARIFF,
  newAccountElectionDeadline,
  rateChangeElectionDeadline,
  yearElectionDeadline,
} from './decisions.ts';
import { openedIn } from './existence.ts';
import type { Election, Employer, Tariff, TariffReason } from './types.ts';
import { TARIFF_REASONS } from './types.ts';

export interface TariffSegment {
  /** first day the tariff applies; the first segment starts on 1 January of Y */
  from: IsoDate;
  tariff: Tariff;
}

export interface TariffResolution {
  segments: TariffSegment[];
  reasons: TariffReason[];
}

/**
 * Rules, in order: (1) an election received by the end of February of Y; (2) an account opened in
 * Y: an election within six weeks of the opening, else Tarif 65; (3) the tariff of Y−1; (4) Tarif
 * 65, TARIFF_DEFAULTED. Of several elections in time the latest received wins. After a U1 rate
 * change in Y (`rateChanges`, first days of months) an election received by the end of the
 * following month applies from the change. Any other election is ignored: ELECTION_LATE, once.
 */
export function resolveTariff(
  employer: Employer,
  elections: readonly Election[],
  previousTariff: Tariff | null,
  year: number,
  rateChanges: readonly IsoDate[],
): TariffResolution {
  const byReceipt = [...elections].sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0));
  for (let i = 1; i < byReceipt.length; i++) {
    if (byReceipt[i]!.receivedOn === byReceipt[i - 1]!.receivedOn) {
      throw new Error(
        `levy ${year}: employer ${employer.employerId} has two elections received on ${byReceipt[i]!.receivedOn} (an import error)`,
      );
    }
  }

  const newAccount = openedIn(employer, year);
  const inTimeForYear = (e: Election) =>
    e.receivedOn <= yearElectionDeadline(year) || (newAccount && e.receivedOn <= newAccountElectionDeadline(employer.accountOpenedOn));

  const reasons = new Set<TariffReason>();
  const startElection = latest(byReceipt.filter(inTimeForYear));
  let start: Tariff;
  if (startElection) start = startElection.tariff;
  else if (newAccount) start = NEW_ACCOUNT_TARIFF;
  else if (previousTariff !== null) start = previousTariff;
  else {
    start = DEFAULT_TARIFF;
    reasons.add('TARIFF_DEFAULTED');
  }

  // § 39 Abs. 2 Nr. 4: each later election belongs to the earliest change whose window it falls in.
  const byChange = new Map<IsoDate, Election>();
  for (const election of byReceipt) {
    if (inTimeForYear(election)) continue;
    const change = rateChanges.find((c) => election.receivedOn <= rateChangeElectionDeadline(c));
    if (change === undefined) reasons.add('ELECTION_LATE');
    else byChange.set(change, election); // ascending receipt: the latest received stays
  }

  const segments: TariffSegment[] = [{ from: isoDate(year, 1, 1), tariff: start }];
  for (const change of [...byChange.keys()].sort()) {
    const tariff = byChange.get(change)!.tariff;
    if (segments[segments.length - 1]!.tariff !== tariff) segments.push({ from: change, tariff });
  }
  return { segments, reasons: TARIFF_REASONS.filter((r) => reasons.has(r)) };
}

/** The tariff in force on `date` (a day of Y). */
export function tariffOn(segments: readonly TariffSegment[], date: IsoDate): Tariff {
  let tariff = segments[0]!.tariff;
  for (const s of segments) if (s.from <= date) tariff = s.tariff;
  return tariff;
}

/** `2025-01-01:65;2025-07-01:50` */
export function formatSegments(segments: readonly TariffSegment[]): string {
  return segments.map((s) => `${s.from}:${s.tariff}`).join(';');
}

function latest(elections: readonly Election[]): Election | undefined {
  return elections[elections.length - 1];
}
