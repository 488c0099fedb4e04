/**
 * The pain.001.001.09 writer (payments-and-ledger.md § 2.5, § 2.9) on the worked example of § 5:
 * the exact bytes of the hand-written fixture, both XSDs accept every file written here, the same
 * input gives the same bytes, PmtInf grouping and ids, and the split into files of at most N.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { msgId } from '../../../src/payments/ids.ts';
import {
  buildCreditTransferFiles,
  formatAmount,
  paymentInstructions,
  splitIntoFiles,
  writeCreditTransferFile,
} from '../../../src/payments/pain001.ts';
import type { CreditTransferFile, DebtorAccount } from '../../../src/payments/types.ts';
import { validatePain001 } from '../../../src/payments/xsd-validate.ts';
import { FUND, payFile, releaseFile, transfer } from './worked-example.ts';

const fixture = readFileSync(new URL('../../fixtures/payments/pain.001.001.09.valid.xml', import.meta.url), 'utf8');

const U1: DebtorAccount = { ...FUND, ledger: 'U1', name: 'AOK PLUS U1', iban: 'DE02100100100006820101' };
const U2: DebtorAccount = { ...FUND, ledger: 'U2', name: 'AOK PLUS U2', iban: 'DE02100500000024290661' };

function levyFile(): CreditTransferFile {
  const t = (n: number, ledger: 'U1' | 'U2', date: string) =>
    transfer(n, '10.00', {
      endToEndId: `L2028-5-${String(n).padStart(7, '0')}`,
      ledger,
      debtorIban: ledger === 'U1' ? U1.iban : U2.iban,
      executionDate: date,
    });
  return {
    msgId: 'AOKP-L2028-5-1',
    createdAt: '2029-03-02T08:00:00+01:00',
    initiatingParty: 'AOK PLUS',
    debtors: [U2, U1],
    transfers: [t(4, 'U2', '2029-03-05'), t(1, 'U1', '2029-03-05'), t(2, 'U1', '2029-03-06'), t(3, 'U2', '2029-03-05')],
  };
}

describe('pain.001.001.09 writer', () => {
  it('writes the worked example’s file 1 byte for byte as the hand-written fixture: NbOfTxs 2, CtrlSum 354.17, one PmtInf of 2 July', async () => {
    const xml = writeCreditTransferFile(releaseFile());
    expect(xml).toBe(fixture);
    expect(xml.charCodeAt(0)).toBe('<'.charCodeAt(0)); // no BOM
    expect(xml).not.toMatch(/\r|<!--|schemaLocation|AdrLine/);
    expect(xml.match(/<PmtInfId>[^<]*<\/PmtInfId>/g)).toEqual(['<PmtInfId>AOKP-T2028-41-1-20290702</PmtInfId>']);
    expect(xml.match(/<NbOfTxs>\d+<\/NbOfTxs>/g)).toEqual(['<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>2</NbOfTxs>']);
    expect(xml.match(/<CtrlSum>[^<]*<\/CtrlSum>/g)).toEqual(['<CtrlSum>354.17</CtrlSum>', '<CtrlSum>354.17</CtrlSum>']);
    expect(xml).toContain('<ReqdExctnDt>\n        <Dt>2029-07-02</Dt>');
    expect(await validatePain001(xml)).toEqual([]);
  });

  it('writes file 2 of `pay 41`: AOKP-T2028-41-2, 10 July, one transaction of 150.00', async () => {
    const xml = writeCreditTransferFile(payFile());
    expect(xml).toContain('<MsgId>AOKP-T2028-41-2</MsgId>');
    expect(xml).toContain('<PmtInfId>AOKP-T2028-41-2-20290710</PmtInfId>');
    expect(xml).toContain('<Dt>2029-07-10</Dt>');
    expect(xml.match(/<CtrlSum>150.00<\/CtrlSum>/g)).toHaveLength(2);
    expect(xml.match(/<NbOfTxs>1<\/NbOfTxs>/g)).toHaveLength(2);
    expect(xml).toContain('<EndToEndId>T2028-41-0000003</EndToEndId>');
    expect(await validatePain001(xml)).toEqual([]);
  });

  it('gives the same bytes for the same rows in any order', () => {
    const file = releaseFile();
    const again = { ...file, transfers: [...file.transfers].reverse() };
    expect(writeCreditTransferFile(again)).toBe(writeCreditTransferFile(file));
    expect(writeCreditTransferFile(file)).toBe(writeCreditTransferFile(releaseFile()));
  });

  it('groups by (date, debtor IBAN, ledger), suffixes the ledger only where a date has several PmtInf, and the XSDs accept it', async () => {
    const file = levyFile();
    const groups = paymentInstructions(file);
    expect(groups.map((g) => [g.pmtInfId, g.transfers.map((t) => t.endToEndId), g.ctrlSum])).toEqual([
      // 2029-03-05: U1's IBAN DE021001… sorts before U2's DE021005…
      ['AOKP-L2028-5-1-20290305-U1', ['L2028-5-0000001'], '10.00'],
      ['AOKP-L2028-5-1-20290305-U2', ['L2028-5-0000003', 'L2028-5-0000004'], '20.00'],
      ['AOKP-L2028-5-1-20290306', ['L2028-5-0000002'], '10.00'],
    ]);
    const xml = writeCreditTransferFile(file);
    expect(xml.match(/<Nm>AOK PLUS U[12]<\/Nm>/g)).toEqual(['<Nm>AOK PLUS U1</Nm>', '<Nm>AOK PLUS U2</Nm>', '<Nm>AOK PLUS U1</Nm>']);
    expect(xml).toContain('<CtrlSum>40.00</CtrlSum>\n      <InitgPty>');
    expect(await validatePain001(xml)).toEqual([]);
  });

  it('refuses a suffixed PmtInfId longer than 35 characters', () => {
    const file = levyFile();
    expect(() => paymentInstructions({ ...file, msgId: 'AOKP-L2028-1234567890123-1' })).toThrow(/longer than 35/);
    expect(paymentInstructions({ ...file, msgId: 'AOKP-L2028-1234567890-1' }).map((p) => p.pmtInfId.length)).toEqual([35, 35, 32]);
  });

  it('numbers two accounts of one ledger on one day by IBAN order', () => {
    const other: DebtorAccount = { ...U1, iban: 'DE02700100800030876808' };
    const file = levyFile();
    const groups = paymentInstructions({
      ...file,
      debtors: [...file.debtors, other],
      transfers: [
        ...file.transfers,
        transfer(9, '1.00', { endToEndId: 'L2028-5-0000009', ledger: 'U1', debtorIban: other.iban, executionDate: '2029-03-05' }),
      ],
    });
    expect(groups.map((g) => g.pmtInfId)).toEqual([
      'AOKP-L2028-5-1-20290305-U1-1',
      'AOKP-L2028-5-1-20290305-U2',
      'AOKP-L2028-5-1-20290305-U1-2',
      'AOKP-L2028-5-1-20290306',
    ]);
  });

  it('escapes XML, omits empty address parts and normalises amounts to two digits, refusing what it would round', () => {
    const xml = writeCreditTransferFile({
      ...releaseFile(),
      transfers: [
        transfer(1, '7.5', {
          creditorName: 'A & B <C>',
          creditorAddress: { street: '', buildingNumber: null, postcode: '', town: 'Wien', country: 'AT' },
        }),
      ],
    });
    expect(xml).toContain('<Nm>A &amp; B &lt;C&gt;</Nm>');
    expect(xml).toContain('<PstlAdr>\n            <TwnNm>Wien</TwnNm>\n            <Ctry>AT</Ctry>\n          </PstlAdr>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">7.50</InstdAmt>');
    expect(formatAmount('999999999.99')).toBe('999999999.99');
    expect(() => formatAmount('1.005')).toThrow(/at most two fraction digits/);
    expect(() => formatAmount('-1.00')).toThrow(RangeError);
    expect(() => formatAmount('1e3')).toThrow(RangeError);
    expect(() => writeCreditTransferFile({ ...releaseFile(), transfers: [transfer(1, '1.005')] })).toThrow(/at most two fraction digits/);
    expect(() => writeCreditTransferFile({ ...releaseFile(), debtors: [] })).toThrow(/no debtor account for ledger KV/);
    expect(() => writeCreditTransferFile({ ...releaseFile(), transfers: [] })).toThrow(/at least one transaction/);
  });
});

describe('splitting into files of at most max_transactions_per_file', () => {
  const day = (n: number, date: string) => transfer(n, '1.00', { executionDate: date });
  const ids = (files: ReturnType<typeof splitIntoFiles>) => files.map((f) => f.map((t) => Number(t.endToEndId.slice(-7))));

  it('keeps a PmtInf whole where it fits, cuts only one larger than a file, and keeps the file order', () => {
    const transfers = [
      day(1, '2029-07-02'),
      day(2, '2029-07-02'),
      day(3, '2029-07-03'),
      day(4, '2029-07-03'),
      day(5, '2029-07-03'),
      day(6, '2029-07-04'),
    ];
    expect(ids(splitIntoFiles(transfers, 6))).toEqual([[1, 2, 3, 4, 5, 6]]);
    // 2 July (2) fits, 3 July (3) does not fit beside it: next file; 4 July joins that one
    expect(ids(splitIntoFiles(transfers, 4))).toEqual([
      [1, 2],
      [3, 4, 5, 6],
    ]);
    // 3 July (3) is larger than a file of 2: cut; its rest is joined by 4 July
    expect(ids(splitIntoFiles(transfers, 2))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(ids(splitIntoFiles(transfers, 1))).toEqual([[1], [2], [3], [4], [5], [6]]);
    expect(splitIntoFiles([], 10)).toEqual([]);
    expect(() => splitIntoFiles(transfers, 0)).toThrow(RangeError);
    for (const max of [1, 2, 3, 4, 5, 6]) {
      const files = splitIntoFiles([...transfers].reverse(), max);
      expect(files.every((f) => f.length <= max)).toBe(true);
      expect(files.flat().map((t) => t.endToEndId)).toEqual(transfers.map((t) => t.endToEndId));
    }
  });

  it('numbers the files consecutively, each with its own MsgId and PmtInfIds', () => {
    const transfers = [day(1, '2029-07-02'), day(2, '2029-07-02'), day(3, '2029-07-03')];
    const { createdAt, initiatingParty, debtors } = releaseFile();
    const files = buildCreditTransferFiles(
      transfers,
      { createdAt, initiatingParty, debtors },
      (n) => msgId('tariff-settlement', 2028, 41, n),
      2,
      2,
    );
    expect(files.map((f) => [f.msgId, f.transfers.length, paymentInstructions(f).map((p) => p.pmtInfId)])).toEqual([
      ['AOKP-T2028-41-2', 2, ['AOKP-T2028-41-2-20290702']],
      ['AOKP-T2028-41-3', 1, ['AOKP-T2028-41-3-20290703']],
    ]);
    expect(buildCreditTransferFiles([], { createdAt, initiatingParty, debtors }, (n) => `M-${n}`)).toEqual([]);
  });
});
