/** Texts in the SEPA character set, identifiers, remittance texts and IBAN masking (payments-and-ledger.md § 2.6–2.8, 2.12). */
import { describe, expect, it } from 'vitest';
import { maskIban } from '../../../src/payments/iban-mask.ts';
import { checkSepaId, endToEndId, msgId, pmtInfId } from '../../../src/payments/ids.ts';
import { remittanceText } from '../../../src/payments/remittance.ts';
import { isSepaText, sepaTextProblem, toSepaText } from '../../../src/payments/sepa-text.ts';

describe('SEPA character set', () => {
  it('transliterates umlauts and ß, & → +, drops accents, removes the rest and collapses spaces', () => {
    expect(toSepaText('Jürgen Größe-Öztürk')).toBe('Juergen Groesse-Oeztuerk');
    expect(toSepaText('ÄRZTE ÜBER ÖL')).toBe('AeRZTE UeBER OeL');
    expect(toSepaText('Müller & Söhne GmbH')).toBe('Mueller + Soehne GmbH');
    expect(toSepaText('René Françoise Núñez')).toBe('Rene Francoise Nunez');
    expect(toSepaText('Straße 5 ½ – Hinterhaus')).toBe('Strasse 5 Hinterhaus');
    expect(toSepaText('  a\t\tb  \n c ')).toBe('a b c');
    expect(toSepaText('Łódź Øresund')).toBe('odz resund'); // letters without decomposition are removed
    expect(toSepaText('Ä'.normalize('NFD'))).toBe('Ae'); // a decomposed umlaut is an umlaut
    expect(toSepaText("O'Neil (Jr.), 1/2 ? : +")).toBe("O'Neil (Jr.), 1/2 ? : +");
    expect(toSepaText('€@#*_"')).toBe('');
  });

  it('knows the set and measures limits after conversion, naming the limit, never the text', () => {
    expect(isSepaText("Az09/-?:().,'+ ")).toBe(true);
    expect(isSepaText('Müller')).toBe(false);
    expect(isSepaText('a_b')).toBe(false);
    expect(sepaTextProblem('ä'.repeat(35), 70)).toBeNull(); // 70 after conversion
    expect(sepaTextProblem('ä'.repeat(36), 70)).toMatch(/^TEXT_TOO_LONG: longer than 70 characters/);
    expect(sepaTextProblem('€€', 70)).toMatch(/^TEXT_EMPTY_AFTER_CONVERSION/);
    expect(sepaTextProblem('Schmidt', 70)).toBeNull();
    expect(sepaTextProblem('ä'.repeat(36), 70)).not.toContain('ae');
  });
});

describe('identifiers', () => {
  it('are the spec’s: EndToEndId T2028-41-0000001, MsgId AOKP-T2028-41-1, PmtInfId with the execution date', () => {
    expect(endToEndId('tariff-settlement', 2028, 41, 1)).toBe('T2028-41-0000001');
    expect(endToEndId('bonus-crediting', 2028, 7, 123)).toBe('B2028-7-0000123');
    expect(endToEndId('levy', 2025, 1234567, 9_999_999)).toBe('L2025-1234567-9999999');
    expect(endToEndId('nordost-bonus-plan', 2025, 12, 4)).toBe('N2025-12-0000004');
    expect(msgId('tariff-settlement', 2028, 41, 1)).toBe('AOKP-T2028-41-1');
    expect(msgId('tariff-settlement', 2028, 41, 2)).toBe('AOKP-T2028-41-2');
    // AOK Nordost's files carry the fund's own prefix (reading taken where the spec is silent)
    expect(msgId('nordost-bonus-plan', 2025, 7, 1)).toBe('AOKN-N2025-7-1');
    expect(pmtInfId('AOKP-T2028-41-1', '2029-07-02')).toBe('AOKP-T2028-41-1-20290702');
  });

  it('stay within 35 characters of the set, without a leading / or //, else refuse', () => {
    expect(endToEndId('levy', 2025, Number.MAX_SAFE_INTEGER, 9_999_999).length).toBeLessThanOrEqual(35);
    expect(() => endToEndId('levy', 2025, 1, 0)).toThrow(RangeError);
    expect(() => endToEndId('levy', 2025, 1, 10_000_000)).toThrow(RangeError);
    expect(() => msgId('levy', 2025, 0, 1)).toThrow(RangeError);
    expect(() => msgId('levy', 2025, 1.5, 1)).toThrow(RangeError);
    expect(() => checkSepaId('/AOKP')).toThrow(/starts with \//);
    expect(() => checkSepaId('A//B')).toThrow(/\/\//);
    expect(() => checkSepaId('A_B')).toThrow(/character set/);
    expect(() => checkSepaId('A B')).toThrow(/character set/);
    expect(() => checkSepaId('X'.repeat(36))).toThrow(/35/);
    expect(checkSepaId('X'.repeat(35))).toHaveLength(35);
  });
});

describe('remittance texts', () => {
  it('are the spec’s German texts with the reference, no KVNR, name or health detail', () => {
    expect(remittanceText({ kind: 'tariff', year: 2028 }, 'T2028-41-0000001')).toBe('AOK PLUS aktiv 2028 Auszahlung Ref. T2028-41-0000001');
    expect(remittanceText({ kind: 'bonus' }, 'B2028-7-0000003')).toBe('AOK PLUS Bonusprogramm Auszahlung Ref. B2028-7-0000003');
    expect(remittanceText({ kind: 'bonus_plan', year: 2025 }, 'N2025-12-0000004')).toBe(
      'AOK Nordost Bonus Plan 2025 Auszahlung Ref. N2025-12-0000004',
    );
    expect(remittanceText({ kind: 'levy', procedure: 'U2', claimId: 'C-2025/17' }, 'L2025-3-0000009')).toBe(
      'AOK PLUS Erstattung U2 Antrag C-2025/17 Ref. L2025-3-0000009',
    );
    // an `_` of the employer's claim id is outside the set and removed (§ 2.6)
    const levy = remittanceText({ kind: 'levy', procedure: 'U1', claimId: 'AAG_000001_01' }, 'L2025-3-0000001');
    expect(levy).toBe('AOK PLUS Erstattung U1 Antrag AAG00000101 Ref. L2025-3-0000001');
    for (const text of [levy, remittanceText({ kind: 'bonus' }, 'B2028-7-0000003')]) {
      expect(isSepaText(text)).toBe(true);
      expect(text.length).toBeLessThanOrEqual(140);
      expect(text).not.toMatch(/Mutterschaft|[A-Z][0-9]{9}/);
    }
  });
});

describe('IBAN masking', () => {
  it('shows country, check digits and the last four characters only', () => {
    expect(maskIban('DE02120300000000202051')).toBe('DE02…2051');
    expect(maskIban('de02 1203 0000 0000 2020 51')).toBe('DE02…2051');
    expect(maskIban('NO9386011117947')).toBe('NO93…7947');
    expect(maskIban('DE02')).toBe('…');
  });
});
