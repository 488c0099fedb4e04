import { describe, expect, it } from 'vitest';
import { dispositionSentences, groupedEur, moneyLines, paymentSentences } from '../../src/cli/money-lines.ts';

describe('money on the terminal', () => {
  it('groups thousands without touching the exact decimal text', () => {
    expect(groupedEur('0.00')).toBe('0.00 EUR');
    expect(groupedEur('504.17')).toBe('504.17 EUR');
    expect(groupedEur('1234567.8')).toBe('1,234,567.80 EUR');
    expect(groupedEur('-1000.05')).toBe('-1,000.05 EUR');
    expect(groupedEur('123456789012.34')).toBe('123,456,789,012.34 EUR');
  });

  it('reads a payment list as sentences: who pays whom, how much, for what', () => {
    expect(
      paymentSentences([
        { direction: 'payout', category: 'tariff', count: 3, amount: '504.17' },
        { direction: 'receivable', category: 'tariff', count: 1, amount: '120.00' },
        { direction: 'payout', category: 'reimbursement', count: 2, amount: '10500.00' },
      ]),
    ).toEqual([
      'payment list: the fund pays 504.17 EUR to 3 members (§ 18a payouts)',
      'payment list: the fund collects 120.00 EUR from 1 member (§ 18a receivables)',
      'payment list: the fund pays 10,500.00 EUR to 2 employers (U1/U2 reimbursements)',
    ]);
    expect(paymentSentences([])).toEqual(['payment list: nothing to pay or collect']);
  });

  it('lists a run’s money totals with their counts', () => {
    expect(
      moneyLines([
        { label: 'payouts', count: 3, eur: '504.17' },
        { label: 'U1 levies (computed)', count: null, eur: '1500000.00' },
      ]),
    ).toEqual(['money: payouts 504.17 EUR (3)', 'money: U1 levies (computed) 1,500,000.00 EUR']);
  });
});

describe('what became of the payment list at release', () => {
  it('names the file, the payment Klärfälle with their reasons and the way out, and the receivables', () => {
    expect(
      dispositionSentences(41, [
        { kind: 'KLAERFALL', reason: 'NO_BANK_ACCOUNT', count: 1, amount: '150.00', firstExecution: null },
        { kind: 'RECEIVABLE', reason: null, count: 1, amount: '120.00', firstExecution: null },
        { kind: 'TRANSFER', reason: null, count: 2, amount: '354.17', firstExecution: '2029-07-02' },
      ]),
    ).toEqual([
      'payment file: 2 credit transfers, 354.17 EUR, executed from 2029-07-02',
      'payment Klärfälle: 1 payouts, 150.00 EUR, not transferred (no bank account 1): `yearend pay 41 --by NAME` once the data has arrived, or `yearend decide 41 <key> reject`',
      'receivables: 1, 120.00 EUR to receivables management',
    ]);
    expect(dispositionSentences(7, [])).toEqual([]);
  });
});
