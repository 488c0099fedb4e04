/**
 * The remittance text (one `Ustrd`, ≤ 140 characters; payments-and-ledger.md § 2.8), German:
 *   tariff  `AOK PLUS aktiv <Y> Auszahlung Ref. <E2E>`
 *   bonus   `AOK PLUS Bonusprogramm Auszahlung Ref. <E2E>`
 *   levy    `AOK PLUS Erstattung U1|U2 Antrag <claim_id> Ref. <E2E>`
 *   bonus_plan `AOK Nordost Bonus Plan <Y> Auszahlung Ref. <E2E>` (the AOK Nordost job; that fund's
 *           own debtor account and MsgId prefix are an open question of issue 14)
 * Decision (§ 2.8): no KVNR, no name, no health detail (no PLUS service, no "Mutterschaft"): the
 * text reaches both banks and anyone who reads the statement; the reference finds the item.
 *
 * The claim id is the employer's own identifier (data-contract.md: A–Z a–z 0–9 - _ . /); it is
 * converted like every text (§ 2.6), so an `_` is removed — the literal reading of "other
 * characters removed"; the EndToEndId beside it identifies the item unambiguously anyway.
 */
import { toSepaText } from './sepa-text.ts';

export type RemittanceSubject =
  | { kind: 'tariff'; year: number }
  | { kind: 'bonus' }
  | { kind: 'levy'; procedure: 'U1' | 'U2'; claimId: string }
  | { kind: 'bonus_plan'; year: number };

export const MAX_REMITTANCE = 140;

export function remittanceText(subject: RemittanceSubject, endToEndId: string): string {
  const ref = `Ref. ${endToEndId}`;
  let text: string;
  switch (subject.kind) {
    case 'tariff':
      text = `AOK PLUS aktiv ${subject.year} Auszahlung ${ref}`;
      break;
    case 'bonus':
      text = `AOK PLUS Bonusprogramm Auszahlung ${ref}`;
      break;
    case 'levy':
      text = `AOK PLUS Erstattung ${subject.procedure} Antrag ${subject.claimId} ${ref}`;
      break;
    case 'bonus_plan':
      text = `AOK Nordost Bonus Plan ${subject.year} Auszahlung ${ref}`;
      break;
  }
  const converted = toSepaText(text);
  // ids are ≤ 35 each, so the text stays far below 140; the guard keeps a future change honest
  if (converted.length > MAX_REMITTANCE) throw new RangeError(`remittance text longer than ${MAX_REMITTANCE} characters`);
  return converted;
}
