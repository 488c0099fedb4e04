/**
 * Ledger postings (payments-and-ledger.md § 4) on the worked example of § 5: 41-001 payouts
 * 504.17 (3, the Klärfall included), 41-002 receivable 120.00, 41-003 transfer 354.17 (2) on the
 * execution date, and 41-004 for file 2 of `pay`; the corrections the example sketches; the check
 * of posting sums against row sums.
 */
import { describe, expect, it } from 'vitest';
import { paymentInstructions } from '../../../src/payments/pain001.ts';
import { releasePostings, transferPostings, type DispositionFact, type LedgerAccounts } from '../../../src/payments/postings.ts';
import { payFile, releaseFile } from './worked-example.ts';

/** The example names accounts by their parameter names; finance sets numbers (second test). */
const NAMES: LedgerAccounts = {
  AUFW_WT18A: 'AUFW_WT18A',
  AUFW_BONUS: 'AUFW_BONUS',
  AUFW_ERST_U1: 'AUFW_ERST_U1',
  AUFW_ERST_U2: 'AUFW_ERST_U2',
  VERB_VERS: 'VERB_VERS',
  VERB_AG_U1: 'VERB_AG_U1',
  VERB_AG_U2: 'VERB_AG_U2',
  FORD_VERS: 'FORD_VERS',
  ZV_AUSGANG: 'ZV_AUSGANG',
};

const PMT_INF = 'AOKP-T2028-41-1-20290702';
const fact = (kind: DispositionFact['kind'], amount: string, more: Partial<DispositionFact> = {}): DispositionFact => ({
  kind,
  ledger: 'KV',
  costObject: 'WT18A',
  amount,
  dueOn: '2029-06-30',
  pmtInfId: kind === 'TRANSFER' ? PMT_INF : null,
  executionDate: kind === 'TRANSFER' ? '2029-07-02' : null,
  ...more,
});

const run41 = { runId: 41, firstNumber: 1, releaseDay: '2029-06-22', reference: 'tariff-settlement_2028_41' };
const example = [
  fact('TRANSFER', '229.17'),
  fact('TRANSFER', '125.00'),
  fact('KLAERFALL', '150.00'),
  fact('RECEIVABLE', '120.00', { dueOn: '2029-07-22' }),
];

const brief = (p: {
  postingId: string;
  postingDate: string;
  debitAccount: string;
  creditAccount: string;
  amount: string;
  count: number;
}) => [p.postingId, p.postingDate, p.debitAccount, p.creditAccount, p.amount, p.count];

describe('ledger postings', () => {
  it('post the worked example: 41-001 payouts 504.17 (3), 41-002 receivable 120.00, 41-003 transfer 354.17 (2) on 2 July', () => {
    const fileSums = paymentInstructions(releaseFile());
    const postings = releasePostings([...example].reverse(), NAMES, run41, { payouts: '504.17', receivables: '120.00' }, fileSums);
    expect(postings.map(brief)).toEqual([
      ['41-001', '2029-06-22', 'AUFW_WT18A', 'VERB_VERS', '504.17', 3],
      ['41-002', '2029-06-22', 'FORD_VERS', 'AUFW_WT18A', '120.00', 1],
      ['41-003', '2029-07-02', 'VERB_VERS', 'ZV_AUSGANG', '354.17', 2],
    ]);
    expect(postings[0]).toMatchObject({
      ledger: 'KV',
      costObject: 'WT18A',
      dueOn: '2029-06-30',
      text: 'Auszahlungen freigegeben',
      reference: 'tariff-settlement_2028_41',
    });
    expect(postings[1]).toMatchObject({ costObject: 'WT18A', dueOn: '2029-07-22', text: 'Forderungen freigegeben' });
    expect(postings[2]).toMatchObject({ ledger: 'KV', costObject: '', dueOn: null, text: 'Überweisung', reference: PMT_INF });
  });

  it('post file 2 of `pay 41` as 41-004 VERB_VERS / ZV_AUSGANG 150.00 on 10 July', () => {
    const file2 = paymentInstructions(payFile());
    const postings = transferPostings(
      [fact('TRANSFER', '150.00', { pmtInfId: file2[0]!.pmtInfId, executionDate: '2029-07-10' })],
      NAMES,
      { runId: 41, firstNumber: 4 },
      file2,
    );
    expect(postings.map(brief)).toEqual([['41-004', '2029-07-10', 'VERB_VERS', 'ZV_AUSGANG', '150.00', 1]]);
    expect(postings[0]!.reference).toBe('AOKP-T2028-41-2-20290710');
    expect(() => transferPostings([fact('KLAERFALL', '1.00')], NAMES, { runId: 41, firstNumber: 4 })).toThrow(/transfers only/);
  });

  it('post the example’s corrections: row 3 lowered by 30.00 reduces the pending payout, row 2 lowered by 25.00 is a receivable', () => {
    const run42 = { ...run41, runId: 42, reference: 'tariff-settlement_2028_42' };
    const pending = releasePostings([fact('REDUCES_PENDING', '30.00')], NAMES, run42, { payouts: '0', receivables: '30.00' });
    expect(pending.map(brief)).toEqual([['42-001', '2029-06-22', 'VERB_VERS', 'AUFW_WT18A', '30.00', 1]]);
    expect(pending[0]).toMatchObject({ text: 'Minderung offener Auszahlungen', dueOn: null, costObject: 'WT18A' });
    const receivable = releasePostings([fact('RECEIVABLE', '25.00')], NAMES, run42, { payouts: '0.00', receivables: '25.00' });
    expect(receivable.map(brief)).toEqual([['42-001', '2029-06-22', 'FORD_VERS', 'AUFW_WT18A', '25.00', 1]]);
  });

  it('book a payout that first reduces an open receivable P&L / FORD_VERS, only the rest as liability and transfer', () => {
    // a payout of 100.00 whose previously is -40.00: 40.00 REDUCES_RECEIVABLE, 60.00 transferred
    const postings = releasePostings([fact('REDUCES_RECEIVABLE', '40.00'), fact('TRANSFER', '60.00')], NAMES, run41, {
      payouts: '100.00',
      receivables: '0.00',
    });
    expect(postings.map(brief)).toEqual([
      ['41-001', '2029-06-22', 'AUFW_WT18A', 'VERB_VERS', '60.00', 1],
      ['41-002', '2029-06-22', 'AUFW_WT18A', 'FORD_VERS', '40.00', 1],
      ['41-003', '2029-07-02', 'VERB_VERS', 'ZV_AUSGANG', '60.00', 1],
    ]);
    expect(postings[1]).toMatchObject({ text: 'Forderungsminderung', dueOn: null });
  });

  it('use the accounts passed in, one posting per cost object and due date, ledgers per § 8 AAG, transfers per PmtInf in file order', () => {
    const accounts: LedgerAccounts = {
      ...NAMES,
      AUFW_BONUS: '5310',
      AUFW_ERST_U1: '7010',
      AUFW_ERST_U2: '7020',
      VERB_VERS: '3310',
      VERB_AG_U1: '3710',
      VERB_AG_U2: '3720',
      ZV_AUSGANG: '1390',
    };
    const bonus = [
      fact('TRANSFER', '50.00', { costObject: 'BONUS_PLUS', pmtInfId: 'AOKP-B2028-7-10-20290402', executionDate: '2029-04-02' }),
      fact('TRANSFER', '30.00', { costObject: 'BONUS_CASH', pmtInfId: 'AOKP-B2028-7-2-20290402', executionDate: '2029-04-02' }),
      fact('TRANSFER', '20.00', {
        costObject: 'BONUS_CASH',
        pmtInfId: 'AOKP-B2028-7-2-20290402',
        executionDate: '2029-04-02',
        dueOn: '2029-04-01',
      }),
    ];
    const postings = releasePostings(
      bonus,
      accounts,
      { runId: 7, firstNumber: 1, releaseDay: '2029-03-28', reference: 'bonus-crediting_2028_7' },
      { payouts: '100.00', receivables: '0.00' },
    );
    expect(
      postings.map((p) => [p.postingId, p.costObject, p.dueOn, p.debitAccount, p.creditAccount, p.amount, p.count, p.reference]),
    ).toEqual([
      ['7-001', 'BONUS_CASH', '2029-04-01', '5310', '3310', '20.00', 1, 'bonus-crediting_2028_7'],
      ['7-002', 'BONUS_CASH', '2029-06-30', '5310', '3310', '30.00', 1, 'bonus-crediting_2028_7'],
      ['7-003', 'BONUS_PLUS', '2029-06-30', '5310', '3310', '50.00', 1, 'bonus-crediting_2028_7'],
      // file 2 before file 10 (numbers compared as numbers); one PmtInf may mix cost objects
      ['7-004', '', null, '3310', '1390', '50.00', 2, 'AOKP-B2028-7-2-20290402'],
      ['7-005', '', null, '3310', '1390', '50.00', 1, 'AOKP-B2028-7-10-20290402'],
    ]);
    const levy = releasePostings(
      [
        fact('KLAERFALL', '10.00', { ledger: 'U2', costObject: 'AAG_U2' }),
        fact('RECEIVABLE', '5.00', { ledger: 'U1', costObject: 'AAG_U1' }),
      ],
      accounts,
      { ...run41, firstNumber: 998 },
      { payouts: '10.00', receivables: '5.00' },
    );
    expect(levy.map((p) => [p.postingId, p.ledger, p.debitAccount, p.creditAccount])).toEqual([
      ['41-998', 'U2', '7020', '3720'],
      ['41-999', 'U1', 'FORD_VERS', '7010'],
    ]);
    expect(transferPostings([], accounts, { runId: 41, firstNumber: 1000 })).toEqual([]);
    expect(transferPostings([fact('TRANSFER', '1.00')], accounts, { runId: 41, firstNumber: 1000 })[0]!.postingId).toBe('41-1000');
  });

  it('refuse postings whose sums differ from the row sums, a PmtInf sum that differs from the file, and facts that cannot be booked', () => {
    expect(() => releasePostings(example, NAMES, run41, { payouts: '504.18', receivables: '120.00' })).toThrow(
      'postings: payouts (released and reducing receivables) booked 504.17, rows sum to 504.18',
    );
    expect(() => releasePostings(example, NAMES, run41, { payouts: '504.17', receivables: '0.00' })).toThrow(
      /receivables .* booked 120.00, rows sum to 0.00/,
    );
    expect(() =>
      releasePostings(example, NAMES, run41, { payouts: '504.17', receivables: '120.00' }, [{ pmtInfId: PMT_INF, ctrlSum: '354.18' }]),
    ).toThrow(/do not match the PmtInf sums/);
    expect(() => releasePostings([fact('TRANSFER', '1.005')], NAMES, run41, { payouts: '1.005', receivables: '0' })).toThrow(RangeError);
    expect(() => releasePostings([fact('KLAERFALL', '0.00')], NAMES, run41, { payouts: '0', receivables: '0' })).toThrow(/positive/);
    expect(() => releasePostings([fact('KLAERFALL', '1.00', { ledger: 'U1' })], NAMES, run41, { payouts: '1', receivables: '0' })).toThrow(
      /WT18A is not booked in ledger U1/,
    );
    expect(() => releasePostings([fact('TRANSFER', '1.00', { pmtInfId: null })], NAMES, run41, { payouts: '1', receivables: '0' })).toThrow(
      /without PmtInfId/,
    );
    expect(() => transferPostings([fact('TRANSFER', '1.00')], NAMES, { runId: 41, firstNumber: 0 })).toThrow(RangeError);
  });
});
