/**
 * A file of max_transactions_per_file (100,000) transactions (payments-and-ledger.md § 2.5,
 * § 2.10): written, the own checks on model and bytes, and both XSDs accept it. No timing
 * assertion; the timeout guards against a hang only (test/helpers/time.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_NON_BUSINESS_DAYS, parseNonBusinessDays } from '../../../src/payments/calendar.ts';
import { checkCreditTransferBytes, checkCreditTransferFile } from '../../../src/payments/file-checks.ts';
import { MAX_TRANSACTIONS_PER_FILE, splitIntoFiles, writeCreditTransferFile } from '../../../src/payments/pain001.ts';
import type { CreditTransfer, CreditTransferFile } from '../../../src/payments/types.ts';
import { validateAgainst } from '../../../src/payments/xsd-validate.ts';
import { allow } from '../../helpers/time.ts';
import { releaseFile, transfer } from './worked-example.ts';

/** Valid German IBANs of invented account numbers (check digits computed, ISO 13616). */
function iban(n: number): string {
  const bban = `10050000${String(n).padStart(10, '0')}`;
  const digits = `${bban}131400`; // D = 13, E = 14, check digits 00
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97;
  return `DE${String(98 - rest).padStart(2, '0')}${bban}`;
}

function transfers(count: number): CreditTransfer[] {
  const out: CreditTransfer[] = [];
  for (let n = 1; n <= count; n++) {
    out.push(
      transfer(n, `${(n % 9973) + 1}.${String(n % 100).padStart(2, '0')}`, {
        creditorName: `Versicherte Person ${n}`,
        creditorIban: iban(n),
        executionDate: n % 3 === 0 ? '2029-07-03' : '2029-07-02',
        creditorAddress:
          n % 2 === 0
            ? { street: 'Hauptstrasse', buildingNumber: String(n % 200), postcode: '04109', town: 'Leipzig', country: 'DE' }
            : null,
      }),
    );
  }
  return out;
}

describe('a file of 100,000 transactions', () => {
  it(
    'is written in one file, passes the own checks on model and bytes, and both XSDs accept it',
    async () => {
      const all = transfers(MAX_TRANSACTIONS_PER_FILE);
      expect(splitIntoFiles(all).map((f) => f.length)).toEqual([MAX_TRANSACTIONS_PER_FILE]);
      const file: CreditTransferFile = { ...releaseFile(), transfers: all };
      const options = {
        calendar: parseNonBusinessDays(DEFAULT_NON_BUSINESS_DAYS),
        eeaCountries: ['DE'],
        requirePayeeAddress: 'eea' as const,
      };
      expect(checkCreditTransferFile(file, options)).toEqual([]);
      const xml = writeCreditTransferFile(file);
      expect(xml.match(/<PmtInfId>/g)).toHaveLength(2);
      expect(xml).toContain(`<NbOfTxs>${MAX_TRANSACTIONS_PER_FILE}</NbOfTxs>`);
      expect(checkCreditTransferBytes(xml)).toEqual([]);
      expect(await validateAgainst(xml, 'iso')).toEqual([]);
      expect(await validateAgainst(xml, 'gbic5')).toEqual([]);
      // one more transaction makes a second file
      expect(
        splitIntoFiles([...all, transfer(MAX_TRANSACTIONS_PER_FILE + 1, '1.00', { creditorIban: iban(0) })]).map((f) => f.length),
      ).toEqual([66_668, 33_333]);
    },
    allow(180_000),
  );
});
