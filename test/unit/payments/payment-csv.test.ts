/**
 * The release's CSV files beside the XML (payments-and-ledger.md § 2.1, § 2.12, § 4) on the worked
 * example of § 5: exact bytes, the documented orders, IBANs only masked, and the same quoting as
 * every other export (the local csvField equals src/import/csv-source.ts's).
 */
import { describe, expect, it } from 'vitest';
import { csvField as importCsvField } from '../../../src/import/csv-source.ts';
import { paymentInstructions } from '../../../src/payments/pain001.ts';
import {
  csvField,
  postingRecords,
  renderPostingsCsv,
  renderReceivablesCsv,
  renderTransfersCsv,
  type ReceivableRow,
  type TransferRow,
} from '../../../src/payments/payment-csv.ts';
import { releasePostings, transferPostings, type LedgerAccounts } from '../../../src/payments/postings.ts';
import { payFile, releaseFile } from './worked-example.ts';

const ACCOUNTS: LedgerAccounts = {
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

const FILE_1 = 'tariff-settlement_2028_41_sct_1.xml';
const key = (member: string) => ({ category: 'WT18A', itemKey: `${member}:2028`, memberId: member, employerId: null });

const transfers: TransferRow[] = [
  {
    ...key('X110411675'),
    disposition: 'RECEIVABLE',
    amount: '120.00',
    endToEndId: null,
    file: null,
    pmtInfId: null,
    executionDate: null,
    reason: null,
    iban: null,
  },
  {
    ...key('C300000023'),
    disposition: 'KLAERFALL',
    amount: '150.00',
    endToEndId: 'T2028-41-0000003',
    file: null,
    pmtInfId: null,
    executionDate: null,
    reason: 'NO_BANK_ACCOUNT',
    iban: null,
  },
  {
    ...key('B200000018'),
    disposition: 'TRANSFER',
    amount: '125',
    endToEndId: 'T2028-41-0000002',
    file: FILE_1,
    pmtInfId: 'AOKP-T2028-41-1-20290702',
    executionDate: '2029-07-02',
    reason: null,
    iban: 'DE02300209000106531065',
  },
  {
    ...key('A123456780'),
    disposition: 'TRANSFER',
    amount: '229.17',
    endToEndId: 'T2028-41-0000001',
    file: FILE_1,
    pmtInfId: 'AOKP-T2028-41-1-20290702',
    executionDate: '2029-07-02',
    reason: null,
    iban: 'DE02100500000054540402',
  },
];

describe('payment CSV files', () => {
  it('write _transfers.csv of the worked example: one row per disposition by key, IBANs masked', () => {
    const csv = renderTransfersCsv(transfers);
    expect(csv).toBe(
      [
        'category,item_key,member_id,employer_id,disposition,amount,end_to_end_id,file,pmt_inf_id,execution_date,reason,iban_masked',
        `WT18A,A123456780:2028,A123456780,,TRANSFER,229.17,T2028-41-0000001,${FILE_1},AOKP-T2028-41-1-20290702,2029-07-02,,DE02…0402`,
        `WT18A,B200000018:2028,B200000018,,TRANSFER,125.00,T2028-41-0000002,${FILE_1},AOKP-T2028-41-1-20290702,2029-07-02,,DE02…1065`,
        'WT18A,C300000023:2028,C300000023,,KLAERFALL,150.00,T2028-41-0000003,,,,NO_BANK_ACCOUNT,',
        'WT18A,X110411675:2028,X110411675,,RECEIVABLE,120.00,,,,,,',
        '',
      ].join('\n'),
    );
    expect(csv).not.toMatch(/DE02100500000054540402|DE02300209000106531065/);
    expect(renderTransfersCsv([...transfers].reverse())).toBe(csv);
  });

  it('order a row’s dispositions and a Klärfall paid later by file (file 10 after file 2)', () => {
    const base = transfers[3]!;
    const rows: TransferRow[] = [
      { ...base, file: 'x_sct_10.xml', endToEndId: 'T2028-41-0000010' },
      {
        ...base,
        disposition: 'REDUCES_RECEIVABLE',
        file: null,
        endToEndId: null,
        pmtInfId: null,
        executionDate: null,
        iban: null,
        amount: '1.00',
      },
      { ...base, file: 'x_sct_2.xml' },
    ];
    const lines = renderTransfersCsv(rows).split('\n');
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(4, 8).join(','))).toEqual([
      'REDUCES_RECEIVABLE,1.00,,',
      'TRANSFER,229.17,T2028-41-0000001,x_sct_2.xml',
      'TRANSFER,229.17,T2028-41-0000010,x_sct_10.xml',
    ]);
  });

  it('write _receivables.csv: claims and reductions by key, claim first', () => {
    const rows: ReceivableRow[] = [
      { ...key('X110411675'), kind: 'claim', amount: '120.00', dueOn: '2029-07-22', reference: 'T2028-41-0000004' },
      {
        category: 'U1',
        itemKey: 'E1, "Nord"',
        memberId: null,
        employerId: '12345678',
        kind: 'reduction',
        amount: '40.5',
        dueOn: null,
        reference: 'L2028-5-0000001',
      },
      {
        category: 'U1',
        itemKey: 'E1, "Nord"',
        memberId: null,
        employerId: '12345678',
        kind: 'claim',
        amount: '5.00',
        dueOn: '2029-03-01',
        reference: 'L2028-5-0000001',
      },
    ];
    expect(renderReceivablesCsv(rows)).toBe(
      [
        'category,item_key,member_id,employer_id,kind,amount,due_on,reference',
        'U1,"E1, ""Nord""",,12345678,claim,5.00,2029-03-01,L2028-5-0000001',
        'U1,"E1, ""Nord""",,12345678,reduction,40.50,,L2028-5-0000001',
        'WT18A,X110411675:2028,X110411675,,claim,120.00,2029-07-22,T2028-41-0000004',
        '',
      ].join('\n'),
    );
  });

  it('write _postings.csv of the worked example, release and `pay` together in posting order', () => {
    const release = releasePostings(
      [
        {
          kind: 'TRANSFER',
          ledger: 'KV',
          costObject: 'WT18A',
          amount: '229.17',
          dueOn: '2029-06-30',
          pmtInfId: 'AOKP-T2028-41-1-20290702',
          executionDate: '2029-07-02',
        },
        {
          kind: 'TRANSFER',
          ledger: 'KV',
          costObject: 'WT18A',
          amount: '125.00',
          dueOn: '2029-06-30',
          pmtInfId: 'AOKP-T2028-41-1-20290702',
          executionDate: '2029-07-02',
        },
        {
          kind: 'KLAERFALL',
          ledger: 'KV',
          costObject: 'WT18A',
          amount: '150.00',
          dueOn: '2029-06-30',
          pmtInfId: null,
          executionDate: null,
        },
        {
          kind: 'RECEIVABLE',
          ledger: 'KV',
          costObject: 'WT18A',
          amount: '120.00',
          dueOn: '2029-07-22',
          pmtInfId: null,
          executionDate: null,
        },
      ],
      ACCOUNTS,
      { runId: 41, firstNumber: 1, releaseDay: '2029-06-22', reference: 'tariff-settlement_2028_41' },
      { payouts: '504.17', receivables: '120.00' },
      paymentInstructions(releaseFile()),
    );
    const pay = transferPostings(
      [
        {
          kind: 'TRANSFER',
          ledger: 'KV',
          costObject: 'WT18A',
          amount: '150.00',
          dueOn: '2029-06-30',
          pmtInfId: 'AOKP-T2028-41-2-20290710',
          executionDate: '2029-07-10',
        },
      ],
      ACCOUNTS,
      { runId: 41, firstNumber: release.length + 1 },
      paymentInstructions(payFile()),
    );
    const csv = renderPostingsCsv([...pay, ...release]);
    expect(csv).toBe(
      [
        'posting_id,posting_date,ledger,debit_account,credit_account,amount,cost_object,due_on,count,text,reference',
        '41-001,2029-06-22,KV,AUFW_WT18A,VERB_VERS,504.17,WT18A,2029-06-30,3,Auszahlungen freigegeben,tariff-settlement_2028_41',
        '41-002,2029-06-22,KV,FORD_VERS,AUFW_WT18A,120.00,WT18A,2029-07-22,1,Forderungen freigegeben,tariff-settlement_2028_41',
        '41-003,2029-07-02,KV,VERB_VERS,ZV_AUSGANG,354.17,,,2,Überweisung,AOKP-T2028-41-1-20290702',
        '41-004,2029-07-10,KV,VERB_VERS,ZV_AUSGANG,150.00,,,1,Überweisung,AOKP-T2028-41-2-20290710',
        '',
      ].join('\n'),
    );
    const ids = ['41-1000', '41-999', '41-010', '41-002'].map((postingId) => ({ ...release[0]!, postingId }));
    expect(postingRecords(ids).map((r) => r[0])).toEqual(['41-002', '41-010', '41-999', '41-1000']);
  });

  it('quote fields exactly as every other export does', () => {
    for (const v of [null, '', 'a', 'a,b', 'a"b', 'a\nb', 'a\rb', ' x ', 0, 12.5, 'Überweisung'])
      expect(csvField(v)).toBe(importCsvField(v));
  });
});
