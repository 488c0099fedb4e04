/**
 * The XSD validation (payments-and-ledger.md § 2.10): a hand-written valid pain.001.001.09 file
 * passes the ISO schema and GBIC_5; broken ones are refused by the schema that forbids them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeXsdErrors, validateAgainst, validatePain001 } from '../../../src/payments/xsd-validate.ts';

const valid = readFileSync(new URL('../../fixtures/payments/pain.001.001.09.valid.xml', import.meta.url), 'utf8');

describe('pain.001.001.09 XSD validation (xmllint-wasm)', () => {
  it('accepts the hand-written file of the worked example against both schemas', async () => {
    expect(await validateAgainst(valid, 'iso')).toEqual([]);
    expect(await validateAgainst(valid, 'gbic5')).toEqual([]);
    expect(await validatePain001(valid)).toEqual([]);
  });

  it('refuses an element out of schema order in both schemas, with its line', async () => {
    const broken = valid.replace(
      '<NbOfTxs>2</NbOfTxs>\n      <CtrlSum>354.17</CtrlSum>\n      <InitgPty>',
      '<CtrlSum>354.17</CtrlSum>\n      <NbOfTxs>2</NbOfTxs>\n      <InitgPty>',
    );
    expect(broken).not.toBe(valid);
    const problems = await validatePain001(broken);
    expect(problems.map((p) => p.schema)).toEqual(['iso', 'gbic5']);
    expect(problems.every((p) => p.line === 7)).toBe(true);
    expect(describeXsdErrors(problems)).toBe('ISO 20022: 1 error(s) (lines 7); GBIC_5: 1 error(s) (lines 7)');
  });

  it('refuses what only GBIC_5 forbids (a currency other than EUR), and a document that is not XML', async () => {
    const usd = valid.replace('<InstdAmt Ccy="EUR">125.00</InstdAmt>', '<InstdAmt Ccy="USD">125.00</InstdAmt>');
    expect(await validateAgainst(usd, 'iso')).toEqual([]);
    const gbic = await validateAgainst(usd, 'gbic5');
    expect(gbic.length).toBeGreaterThan(0);
    expect(describeXsdErrors(gbic)).toMatch(/^GBIC_5: \d+ error\(s\)/);
    // a truncated file (a write broken off) is never valid
    const truncated = await validatePain001(valid.slice(0, valid.length / 2));
    expect(truncated.map((p) => p.schema)).toEqual(['iso', 'gbic5']);
    expect(describeXsdErrors(truncated)).toMatch(/^ISO 20022: 1 error\(s\); GBIC_5: 1 error\(s\)$/);
  });

  it('keeps values out of the summary meant for messages and logs', async () => {
    const broken = valid.replace('<IBAN>DE02100500000054540402</IBAN>', '<IBAN>de02 1005 0000 5454 0402</IBAN>');
    const problems = await validatePain001(broken);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => p.message.includes('de02'))).toBe(true); // xmllint quotes the value …
    expect(describeXsdErrors(problems)).not.toContain('de02'); // … the summary never does
  });
});
