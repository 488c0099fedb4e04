/**
 * The IBAN as `_transfers.csv` shows it (payments-and-ledger.md § 2.12): country, check digits and
 * the last four characters, `DE02…2051`. Enough to tell accounts apart on a call with the bank,
 * not enough to pay into one. IBANs never reach logs at all.
 */
export function maskIban(iban: string): string {
  const electronic = iban.replace(/\s+/g, '').toUpperCase();
  // a string too short to mask meaningfully is masked whole rather than shown
  if (electronic.length < 12) return '…';
  return `${electronic.slice(0, 4)}…${electronic.slice(-4)}`;
}
