/**
 * The dispositions of payment-list rows (payments-and-ledger.md § 2.1–2.4, § 4): the worked
 * example's rows (§ 5), the reductions of § 2.2, the Klärfälle of § 2.3 and the address rule.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_NON_BUSINESS_DAYS, parseNonBusinessDays } from '../../../src/payments/calendar.ts';
import {
  dispositionsOf,
  ledgerOf,
  remittanceOf,
  type BankAccountFact,
  type DispositionInput,
  type PaymentListRow,
} from '../../../src/payments/dispositions.ts';

const params = {
  calendar: parseNonBusinessDays(DEFAULT_NON_BUSINESS_DAYS),
  eeaCountries: new Set(['DE', 'AT', 'FR', 'NO']),
  requirePayeeAddress: 'eea' as const,
};
const DE_ACCOUNT: BankAccountFact = {
  iban: 'DE02120300000000202051',
  accountHolder: 'Jürgen Müller',
  holderIsParty: true,
  validFrom: '2020-01-01',
  validTo: null,
};
const CH_ACCOUNT: BankAccountFact = { ...DE_ACCOUNT, iban: 'CH5604835012345678009' };
const ADDRESS = {
  street: 'Hauptstraße',
  buildingNumber: '1',
  postcode: '8001',
  town: 'Zürich',
  country: 'CH',
  validFrom: '2020-01-01',
  validTo: null,
};

function row(overrides: Partial<PaymentListRow>): PaymentListRow {
  return {
    category: 'tariff',
    itemKey: 'A123456780',
    memberId: 'A123456780',
    employerId: null,
    detail: null,
    direction: 'payout',
    amount: '229.17',
    dueOn: '2029-06-30',
    previously: '0.00',
    ...overrides,
  };
}

function input(overrides: Partial<DispositionInput>): DispositionInput {
  return {
    job: 'tariff-settlement',
    year: 2028,
    runId: 41,
    n: 1,
    row: row({}),
    fileDate: '2029-06-22',
    diedOn: null,
    bankAccounts: [DE_ACCOUNT],
    addresses: [],
    pending: [],
    params,
    ...overrides,
  };
}

describe('dispositions of the worked example (§ 5)', () => {
  it('a payout with a valid account is transferred on the first business day after Saturday 30 June', () => {
    const [d, ...more] = dispositionsOf(input({}));
    expect(more).toEqual([]);
    expect(d).toMatchObject({
      part: 1,
      kind: 'TRANSFER',
      amount: '229.17',
      executionDate: '2029-07-02',
      endToEndId: 'T2028-41-0000001',
      ledger: 'KV',
      costObject: 'WT18A',
      bank: { iban: DE_ACCOUNT.iban, creditorName: 'Jürgen Müller', address: null },
    });
  });

  it('a payout without a bank account is a Klärfall NO_BANK_ACCOUNT, keeping its reference', () => {
    const [d] = dispositionsOf(input({ n: 3, bankAccounts: [], row: row({ amount: '150.00' }) }));
    expect(d).toMatchObject({ kind: 'KLAERFALL', reason: 'NO_BANK_ACCOUNT', amount: '150.00', endToEndId: 'T2028-41-0000003', bank: null });
  });

  it('a receivable goes to receivables management, due as listed, without execution date', () => {
    const [d] = dispositionsOf(input({ n: 4, row: row({ direction: 'receivable', amount: '120.00', dueOn: '2029-07-22' }) }));
    expect(d).toMatchObject({ kind: 'RECEIVABLE', amount: '120.00', dueOn: '2029-07-22', executionDate: null });
  });
});

describe('same item, several releases (§ 2.2)', () => {
  it('a payout after a receivable first reduces that receivable, only the rest is transferred', () => {
    const ds = dispositionsOf(input({ row: row({ amount: '100.00', previously: '-40.00' }) }));
    expect(ds.map((d) => [d.part, d.kind, d.amount])).toEqual([
      [1, 'REDUCES_RECEIVABLE', '40.00'],
      [2, 'TRANSFER', '60.00'],
    ]);
  });

  it('a payout smaller than the receivable only reduces it', () => {
    const ds = dispositionsOf(input({ row: row({ amount: '25.00', previously: '-40.00' }) }));
    expect(ds.map((d) => [d.kind, d.amount])).toEqual([['REDUCES_RECEIVABLE', '25.00']]);
  });

  it('a receivable reduces pending payouts latest first, the rest goes to receivables', () => {
    const ds = dispositionsOf(
      input({
        row: row({ direction: 'receivable', amount: '50.00', previously: '150.00' }),
        pending: [
          { runId: 41, open: '150.00' },
          { runId: 43, open: '20.00' },
        ],
      }),
    );
    expect(ds.map((d) => [d.kind, d.amount, d.reducesRunId])).toEqual([
      ['REDUCES_PENDING', '20.00', 43],
      ['REDUCES_PENDING', '30.00', 41],
    ]);
  });

  it('the worked example: lowering the unpaid row 3 by 30.00 is no receivable', () => {
    const ds = dispositionsOf(
      input({ row: row({ direction: 'receivable', amount: '30.00', previously: '150.00' }), pending: [{ runId: 41, open: '150.00' }] }),
    );
    expect(ds.map((d) => [d.kind, d.amount])).toEqual([['REDUCES_PENDING', '30.00']]);
  });

  it('with nothing pending a receivable is a receivable', () => {
    const ds = dispositionsOf(input({ row: row({ direction: 'receivable', amount: '25.00', previously: '125.00' }) }));
    expect(ds.map((d) => [d.kind, d.amount])).toEqual([['RECEIVABLE', '25.00']]);
  });
});

describe('Klärfälle (§ 2.3)', () => {
  it('a payee who died on or before the execution date', () => {
    expect(dispositionsOf(input({ diedOn: '2029-07-02' }))[0]).toMatchObject({ kind: 'KLAERFALL', reason: 'PAYEE_DECEASED' });
    expect(dispositionsOf(input({ diedOn: '2029-07-03' }))[0]!.kind).toBe('TRANSFER');
  });

  it('the account must be valid on the execution date, not on the release day', () => {
    const ended = { ...DE_ACCOUNT, validTo: '2029-07-01' };
    expect(dispositionsOf(input({ bankAccounts: [ended] }))[0]).toMatchObject({ kind: 'KLAERFALL', reason: 'NO_BANK_ACCOUNT' });
    const starting = { ...DE_ACCOUNT, validFrom: '2029-07-02' };
    expect(dispositionsOf(input({ bankAccounts: [starting] }))[0]!.kind).toBe('TRANSFER');
  });

  it('outside the EEA the holder-party address is required', () => {
    expect(dispositionsOf(input({ bankAccounts: [CH_ACCOUNT] }))[0]).toMatchObject({ kind: 'KLAERFALL', reason: 'NO_ADDRESS' });
    const [paid] = dispositionsOf(input({ bankAccounts: [CH_ACCOUNT], addresses: [ADDRESS] }));
    expect(paid).toMatchObject({ kind: 'TRANSFER', bank: { address: { town: 'Zürich', country: 'CH' } } });
    // a Betreuer's account: the member's address is not the holder's
    const thirdParty = { ...CH_ACCOUNT, holderIsParty: false };
    expect(dispositionsOf(input({ bankAccounts: [thirdParty], addresses: [ADDRESS] }))[0]!.reason).toBe('NO_ADDRESS');
  });

  it('inside the EEA no address is required unless the parameter says always', () => {
    expect(dispositionsOf(input({}))[0]!.kind).toBe('TRANSFER');
    const always = { ...params, requirePayeeAddress: 'always' as const };
    expect(dispositionsOf(input({ params: always }))[0]!.reason).toBe('NO_ADDRESS');
    const known = { ...ADDRESS, country: 'DE', postcode: '01067', town: 'Dresden' };
    expect(dispositionsOf(input({ params: always, addresses: [known] }))[0]!.bank!.address!.town).toBe('Dresden');
  });
});

describe('ledger, cost object and remittance (§ 4, § 2.8)', () => {
  it('maps categories and details', () => {
    expect(ledgerOf('tariff', null)).toEqual({ ledger: 'KV', costObject: 'WT18A' });
    expect(ledgerOf('bonus_payout', 'cash')).toEqual({ ledger: 'KV', costObject: 'BONUS_CASH' });
    expect(ledgerOf('bonus_payout', 'plus')).toEqual({ ledger: 'KV', costObject: 'BONUS_PLUS' });
    expect(ledgerOf('reimbursement', 'u1_sickness')).toEqual({ ledger: 'U1', costObject: 'AAG_U1' });
    expect(ledgerOf('reimbursement', 'u2_employment_ban')).toEqual({ ledger: 'U2', costObject: 'AAG_U2' });
    expect(() => ledgerOf('bonus_payout', null)).toThrow(/payout kind/);
  });

  it('writes the remittance texts without personal detail', () => {
    expect(remittanceOf('tariff', 2028, 'A123456780', 'KV', 'T2028-41-0000001')).toBe(
      'AOK PLUS aktiv 2028 Auszahlung Ref. T2028-41-0000001',
    );
    expect(remittanceOf('reimbursement', 2028, 'C-17', 'U2', 'L2028-7-0000002')).toBe(
      'AOK PLUS Erstattung U2 Antrag C-17 Ref. L2028-7-0000002',
    );
  });
});
