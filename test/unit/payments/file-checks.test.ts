/**
 * The own checks of a credit-transfer file (payments-and-ledger.md § 2.10): the worked example's
 * files pass the model checks, the byte checks and both XSDs; each deliberately broken file is
 * refused by the own checks — several of them are files the ISO schema accepts, which is why the
 * own checks exist. Problem texts never carry a name, an IBAN or an amount.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_NON_BUSINESS_DAYS, parseNonBusinessDays } from '../../../src/payments/calendar.ts';
import {
  assertValidCreditTransferFile,
  checkCreditTransferBytes,
  checkCreditTransferFile,
  PaymentFileError,
  validateCreditTransferBytes,
  type FileCheckOptions,
} from '../../../src/payments/file-checks.ts';
import { writeCreditTransferFile } from '../../../src/payments/pain001.ts';
import type { CreditTransfer, CreditTransferFile } from '../../../src/payments/types.ts';
import { validateAgainst } from '../../../src/payments/xsd-validate.ts';
import { FUND, payFile, releaseFile } from './worked-example.ts';

const options: FileCheckOptions = {
  calendar: parseNonBusinessDays(DEFAULT_NON_BUSINESS_DAYS),
  eeaCountries: 'AT,BE,BG,CY,CZ,DE,DK,EE,ES,FI,FR,GR,HR,HU,IE,IS,IT,LI,LT,LU,LV,MT,NL,NO,PL,PT,RO,SE,SI,SK'.split(','),
  requirePayeeAddress: 'eea',
  sepaCountries:
    'AD,AL,AT,BE,BG,CH,CY,CZ,DE,DK,EE,ES,FI,FR,GB,GI,GR,HR,HU,IE,IS,IT,LI,LT,LU,LV,MC,MD,ME,MK,MT,NL,NO,PL,PT,RO,SE,SI,SK,SM,VA'.split(','),
};

const SECRETS = [
  'Anna',
  'Mueller',
  'Schaefer',
  'DE02100500000054540402',
  'DE02300209000106531065',
  'Hauptstrasse',
  'Leipzig',
  '229.17',
  '125.00',
];

function withTransfer(overrides: Partial<CreditTransfer>): CreditTransferFile {
  const file = releaseFile();
  return { ...file, transfers: [{ ...file.transfers[1]!, ...overrides }, file.transfers[0]!] };
}

function expectNoSecrets(problems: readonly string[]): void {
  for (const p of problems) for (const s of SECRETS) expect(p).not.toContain(s);
}

describe('own checks on the model', () => {
  it('pass the worked example’s files 1 and 2', async () => {
    for (const file of [releaseFile(), payFile()]) {
      expect(checkCreditTransferFile(file, options)).toEqual([]);
      const xml = writeCreditTransferFile(file);
      expect(checkCreditTransferBytes(xml)).toEqual([]);
      expect(await validateCreditTransferBytes(xml)).toEqual([]);
      await assertValidCreditTransferFile(file, xml, options);
    }
  });

  it('refuse an address without town, a 71-character name, 1.005 EUR and a non-SEPA character in an id, naming the EndToEndId and the rule', () => {
    const address = { street: 'Hauptstrasse', buildingNumber: '12a', postcode: '04109', town: '', country: 'DE' };
    const cases: [Partial<CreditTransfer>, string][] = [
      [{ creditorAddress: address }, 'T2028-41-0000001: ADDRESS_INCOMPLETE: creditor address without town'],
      [
        { creditorAddress: { ...address, town: 'Leipzig', country: '' } },
        'T2028-41-0000001: ADDRESS_INCOMPLETE: creditor address without an ISO 3166 country code',
      ],
      [
        { creditorAddress: { ...address, town: 'Leipzig', postcode: null } },
        'T2028-41-0000001: ADDRESS_POSTCODE: creditor address in DE without a 5-digit postcode',
      ],
      [{ creditorName: 'A'.repeat(71) }, 'T2028-41-0000001: TEXT_TOO_LONG: creditor name longer than 70 characters'],
      [{ creditorName: '' }, 'T2028-41-0000001: TEXT_EMPTY: creditor name empty'],
      [{ creditorName: 'Anna  Mueller' }, 'T2028-41-0000001: TEXT_NOT_CONVERTED: creditor name has leading, trailing or repeated spaces'],
      [{ creditorName: 'Anna Müller' }, 'T2028-41-0000001: TEXT_CHARACTERS: creditor name outside the SEPA character set'],
      [{ amount: '1.005' }, 'T2028-41-0000001: AMOUNT_FORMAT: amount not a decimal with at most two fraction digits'],
      [{ amount: '0.00' }, 'T2028-41-0000001: AMOUNT_RANGE: amount outside 0.01 - 999,999,999.99 EUR'],
      [{ amount: '1000000000.00' }, 'T2028-41-0000001: AMOUNT_RANGE: amount outside 0.01 - 999,999,999.99 EUR'],
      [{ endToEndId: 'T2028-41-000000_1' }, 'transaction #1: ID_CHARACTERS: identifier outside the SEPA character set'],
      [{ endToEndId: '/T2028-41-0000001' }, 'transaction #1: ID_SLASH: identifier starts with / or holds //'],
      [{ endToEndId: 'T2028//41' }, 'transaction #1: ID_SLASH: identifier starts with / or holds //'],
      [{ endToEndId: 'T'.repeat(36) }, 'transaction #1: ID_LENGTH: identifier empty or longer than 35 characters'],
      [{ endToEndId: 'T2028-41-0000002' }, 'T2028-41-0000002: E2E_DUPLICATE: EndToEndId used twice in the file'],
      [{ creditorIban: 'DE02100500000054540403' }, 'T2028-41-0000001: IBAN_INVALID: creditor IBAN fails the IBAN check'],
      [{ creditorIban: 'de02100500000054540402' }, 'T2028-41-0000001: IBAN_INVALID: creditor IBAN fails the IBAN check'],
      [{ executionDate: '2029-06-30' }, 'T2028-41-0000001: EXECUTION_DATE_NOT_BUSINESS_DAY: execution date not a bank business day'],
      [{ executionDate: '2029-12-24' }, 'T2028-41-0000001: EXECUTION_DATE_NOT_BUSINESS_DAY: execution date not a bank business day'],
      [{ executionDate: '2029-06-21' }, 'T2028-41-0000001: EXECUTION_DATE_BEFORE_FILE: execution date before the file date'],
      [{ remittance: 'A'.repeat(141) }, 'T2028-41-0000001: TEXT_TOO_LONG: remittance (Ustrd) longer than 140 characters'],
      // a second Ustrd cannot be injected through the text: the line break and < are outside the set
      [{ remittance: 'Ref. 1\nRef. 2' }, 'T2028-41-0000001: TEXT_CHARACTERS: remittance (Ustrd) outside the SEPA character set'],
      [{ remittance: 'a</Ustrd><Ustrd>b' }, 'T2028-41-0000001: TEXT_CHARACTERS: remittance (Ustrd) outside the SEPA character set'],
      [
        { debtorIban: 'DE02700100800030876808' },
        "T2028-41-0000001: DEBTOR_MISSING: no debtor account for ledger KV with the transfer's debtor IBAN",
      ],
    ];
    for (const [overrides, problem] of cases) {
      const problems = checkCreditTransferFile(withTransfer(overrides), options);
      expect(problems, problem).toContain(problem);
      expectNoSecrets(problems);
    }
  });

  it('require the payee’s address outside the EEA (or always, by parameter) and a debtor for every ledger used', () => {
    const swiss = withTransfer({ creditorIban: 'CH5604835012345678009', creditorAddress: null });
    expect(checkCreditTransferFile(swiss, options)).toEqual([
      'T2028-41-0000001: ADDRESS_MISSING: creditor address required (account outside eea_countries or require_payee_address always)',
    ]);
    const withAddress = withTransfer({
      creditorIban: 'CH5604835012345678009',
      creditorAddress: { street: 'Bahnhofstrasse', buildingNumber: '1', postcode: '8001', town: 'Zuerich', country: 'CH' },
    });
    expect(checkCreditTransferFile(withAddress, options)).toEqual([]);
    expect(checkCreditTransferFile(releaseFile(), { ...options, requirePayeeAddress: 'always' })).toEqual([
      'T2028-41-0000002: ADDRESS_MISSING: creditor address required (account outside eea_countries or require_payee_address always)',
    ]);
    expect(
      checkCreditTransferFile(withTransfer({ creditorIban: 'AL35202111090000000001234567' }), { ...options, sepaCountries: ['DE'] }),
    ).toContain('T2028-41-0000001: IBAN_NOT_SEPA: creditor IBAN country not in sepa_countries');
    const u1 = withTransfer({ ledger: 'U1' });
    expect(checkCreditTransferFile(u1, options)).toContain(
      "T2028-41-0000001: DEBTOR_MISSING: no debtor account for ledger U1 with the transfer's debtor IBAN",
    );
    expect(checkCreditTransferFile({ ...releaseFile(), debtors: [{ ...FUND, bic: 'COBADEFFXXX1' }] }, options)).toContain(
      'debtor KV: BIC_INVALID: debtor BIC not 8 or 11 characters of the BIC format',
    );
    expect(checkCreditTransferFile({ ...releaseFile(), debtors: [{ ...FUND, bic: 'BYLAATM1001' }] }, options)).toContain(
      "debtor KV: BIC_COUNTRY: debtor BIC's country is not the IBAN's",
    );
    expect(checkCreditTransferFile({ ...releaseFile(), msgId: 'AOKP_T2028' }, options)).toContain(
      'MsgId: ID_CHARACTERS: identifier outside the SEPA character set',
    );
    expect(checkCreditTransferFile({ ...releaseFile(), createdAt: '2029-06-22 14:03' }, options)).toContain(
      'CreDtTm: CREATED_AT_FORMAT: not an ISO date-time with offset',
    );
    expect(checkCreditTransferFile({ ...releaseFile(), transfers: [] }, options)).toEqual([
      'GrpHdr: NO_TRANSACTIONS: a file needs at least one transaction',
    ]);
    expect(checkCreditTransferFile(releaseFile(), { ...options, maxTransactions: 1 })).toEqual([
      'GrpHdr: TOO_MANY_TRANSACTIONS: more than max_transactions_per_file (1)',
    ]);
  });
});

describe('own checks on the bytes (what the ISO schema lets pass)', () => {
  const good = writeCreditTransferFile(releaseFile());
  const broken = (from: string, to: string) => {
    expect(good).toContain(from);
    return good.replace(from, to);
  };

  it('refuse a wrong CtrlSum, a wrong NbOfTxs, two Ustrd, 1.005 EUR, a 71-character name, AdrLine and a non-SEPA character in an id', async () => {
    const cases: [string, string][] = [
      [
        broken('<CtrlSum>354.17</CtrlSum>\n      <InitgPty>', '<CtrlSum>354.18</CtrlSum>\n      <InitgPty>'),
        'GrpHdr: CTRL_SUM: GrpHdr CtrlSum is not the sum of the transactions',
      ],
      [
        broken('<CtrlSum>354.17</CtrlSum>\n      <PmtTpInf>', '<CtrlSum>354.71</CtrlSum>\n      <PmtTpInf>'),
        'AOKP-T2028-41-1-20290702: CTRL_SUM: PmtInf CtrlSum is not the sum of its transactions',
      ],
      [
        broken(
          '<NbOfTxs>2</NbOfTxs>\n      <CtrlSum>354.17</CtrlSum>\n      <PmtTpInf>',
          '<NbOfTxs>3</NbOfTxs>\n      <CtrlSum>354.17</CtrlSum>\n      <PmtTpInf>',
        ),
        'AOKP-T2028-41-1-20290702: NB_OF_TXS: PmtInf NbOfTxs is not the number of its transactions',
      ],
      [
        broken(
          '<Ustrd>AOK PLUS aktiv 2028 Auszahlung Ref. T2028-41-0000002</Ustrd>',
          '<Ustrd>AOK PLUS aktiv 2028</Ustrd>\n          <Ustrd>Ref. T2028-41-0000002</Ustrd>',
        ),
        'T2028-41-0000002: USTRD_COUNT: 2 Ustrd instead of exactly one',
      ],
      [
        broken('<InstdAmt Ccy="EUR">125.00</InstdAmt>', '<InstdAmt Ccy="EUR">1.005</InstdAmt>'),
        'T2028-41-0000002: AMOUNT_FORMAT: amount not a decimal with at most two fraction digits',
      ],
      [
        broken('<Nm>Bernd Schaefer</Nm>', `<Nm>${'B'.repeat(71)}</Nm>`),
        'T2028-41-0000002: TEXT_TOO_LONG: creditor Nm longer than 70 characters',
      ],
      [
        broken(
          '<StrtNm>Hauptstrasse</StrtNm>\n            <BldgNb>12a</BldgNb>\n            <PstCd>04109</PstCd>\n            <TwnNm>Leipzig</TwnNm>',
          '<AdrLine>Hauptstrasse 12a, 04109 Leipzig</AdrLine>',
        ),
        'file: ADDRESS_UNSTRUCTURED: AdrLine in the file (structured addresses only)',
      ],
      [
        broken('<EndToEndId>T2028-41-0000002</EndToEndId>', '<EndToEndId>T2028-41-000000_2</EndToEndId>'),
        'AOKP-T2028-41-1-20290702 transaction #2: ID_CHARACTERS: identifier outside the SEPA character set',
      ],
      [
        broken('<EndToEndId>T2028-41-0000002</EndToEndId>', '<EndToEndId>T2028-41-0000001</EndToEndId>'),
        'T2028-41-0000001: E2E_DUPLICATE: EndToEndId used twice in the file',
      ],
      [broken('<Nm>Bernd Schaefer</Nm>', '<Nm>Bernd Schäfer</Nm>'), 'T2028-41-0000002: TEXT_CHARACTERS: Nm outside the SEPA character set'],
      [
        broken('<Nm>Bernd Schaefer</Nm>', '<Nm>Bernd &amp; Schaefer</Nm>'),
        'T2028-41-0000002: TEXT_CHARACTERS: Nm outside the SEPA character set',
      ],
      [broken('<Nm>Bernd Schaefer</Nm>', '<Nm>Bernd &#43; Schaefer</Nm>'), ''],
      [
        broken('<Nm>AOK PLUS</Nm>\n      </InitgPty>', `<Nm>${'K'.repeat(71)}</Nm>\n      </InitgPty>`),
        'GrpHdr: TEXT_TOO_LONG: InitgPty Nm longer than 70 characters',
      ],
      [
        broken('<Nm>AOK PLUS</Nm>\n        <PstlAdr>', `<Nm>${'K'.repeat(71)}</Nm>\n        <PstlAdr>`),
        'AOKP-T2028-41-1-20290702: TEXT_TOO_LONG: debtor Nm longer than 70 characters',
      ],
      [
        broken('<PmtInfId>AOKP-T2028-41-1-20290702</PmtInfId>', '<PmtInfId>AOKP-T2028-41-1//20290702</PmtInfId>'),
        'PmtInf #1: ID_SLASH: identifier starts with / or holds //',
      ],
      ['\ufeff' + good, 'file: BOM: starts with a byte-order mark'],
      [good.replace(/\n/g, '\r\n'), 'file: LINE_ENDS: carriage return in the file (only \\n)'],
      [broken('<CstmrCdtTrfInitn>', '<CstmrCdtTrfInitn>\n    <!-- note -->'), 'file: COMMENT: comment in the file'],
    ];
    for (const [xml, problem] of cases) {
      const problems = checkCreditTransferBytes(xml);
      if (problem === '')
        expect(problems).toEqual([]); // &#43; is a + : in the set
      else expect(problems, problem).toContain(problem);
      expectNoSecrets(problems);
    }
    // the point of the own checks: the ISO schema accepts these
    for (const [xml] of cases.slice(0, 4)) expect(await validateAgainst(xml, 'iso')).toEqual([]);
    expect(await validateAgainst(cases[4]![0], 'iso')).toEqual([]); // 1.005 EUR
    expect(await validateAgainst(broken('<Nm>Bernd Schaefer</Nm>', `<Nm>${'B'.repeat(100)}</Nm>`), 'iso')).toEqual([]);
  });

  it('run both XSDs besides the own checks, and the error names the rule and the EndToEndId, never a value', async () => {
    // a currency other than EUR: the own checks find no EUR amount, GBIC_5 refuses the currency
    const usd = broken('<InstdAmt Ccy="EUR">125.00</InstdAmt>', '<InstdAmt Ccy="USD">125.00</InstdAmt>');
    const problems = await validateCreditTransferBytes(usd);
    expect(problems).toContain('T2028-41-0000002: AMOUNT_MISSING: no InstdAmt in EUR');
    expect(problems.at(-1)).toMatch(/^XSD: GBIC_5: \d+ error\(s\) \(lines \d+/);
    const file = withTransfer({ creditorName: 'A'.repeat(71) });
    const error = await assertValidCreditTransferFile(file, writeCreditTransferFile(file), options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PaymentFileError);
    expect((error as PaymentFileError).message).toMatch(
      /^credit-transfer file AOKP-T2028-41-1 refused, \d+ problem\(s\): T2028-41-0000001: TEXT_TOO_LONG/,
    );
    expect((error as PaymentFileError).message).toContain('XSD: GBIC_5');
    expect((error as PaymentFileError).message).not.toContain('AAAA');
    expectNoSecrets((error as PaymentFileError).problems);
  });
});
