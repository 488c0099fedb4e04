/**
 * The worked example of payments-and-ledger.md § 5 as the writers' inputs: run 41 of
 * tariff-settlement 2028, released Friday 2029-06-22 14:03:07; rows 1 and 2 transferred, row 3 a
 * Klärfall (no bank account) paid by `pay` on 2029-07-10 in file 2, row 4 a receivable. Names,
 * IBANs and addresses are invented test data (the IBANs pass the ISO 13616 check).
 */
import { remittanceText } from '../../../src/payments/remittance.ts';
import type { CreditTransfer, CreditTransferFile, DebtorAccount } from '../../../src/payments/types.ts';

export const FUND: DebtorAccount = {
  ledger: 'KV',
  name: 'AOK PLUS',
  iban: 'DE02120300000000202051',
  bic: 'BYLADEM1001',
  address: { street: 'Sternplatz', buildingNumber: '7', postcode: '01067', town: 'Dresden', country: 'DE' },
};

export function transfer(n: number, amount: string, overrides: Partial<CreditTransfer> = {}): CreditTransfer {
  const e2e = `T2028-41-${String(n).padStart(7, '0')}`;
  return {
    endToEndId: e2e,
    amount,
    executionDate: '2029-07-02',
    ledger: 'KV',
    debtorIban: FUND.iban,
    creditorName: 'Bernd Schaefer',
    creditorIban: 'DE02300209000106531065',
    creditorAddress: null,
    remittance: remittanceText({ kind: 'tariff', year: 2028 }, e2e),
    ...overrides,
  };
}

/** File 1 of the release: rows 1 and 2 (row 3 is a Klärfall, row 4 a receivable). */
export function releaseFile(): CreditTransferFile {
  return {
    msgId: 'AOKP-T2028-41-1',
    createdAt: '2029-06-22T14:03:07+02:00',
    initiatingParty: 'AOK PLUS',
    debtors: [FUND],
    // given out of order on purpose: the writer sorts by EndToEndId
    transfers: [
      transfer(2, '125.00'),
      transfer(1, '229.17', {
        creditorName: 'Anna Mueller',
        creditorIban: 'DE02100500000054540402',
        creditorAddress: { street: 'Hauptstrasse', buildingNumber: '12a', postcode: '04109', town: 'Leipzig', country: 'DE' },
      }),
    ],
  };
}

/** File 2, written by `pay 41` on Tuesday 2029-07-10 once row 3's account arrived. */
export function payFile(): CreditTransferFile {
  return {
    msgId: 'AOKP-T2028-41-2',
    createdAt: '2029-07-10T09:30:00+02:00',
    initiatingParty: 'AOK PLUS',
    debtors: [FUND],
    transfers: [
      transfer(3, '150.00', { executionDate: '2029-07-10', creditorName: 'Clara Weiss', creditorIban: 'DE02500105170137075030' }),
    ],
  };
}
