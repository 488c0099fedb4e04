/**
 * bank_accounts.csv and addresses.csv (payments-and-ledger.md § 1) imported into PostgreSQL: valid
 * rows load; every rejection reason is recorded with file, line and column and never with the
 * IBAN, holder or address it refused; overlapping periods of one party are refused; the IBAN's
 * country is checked against parameter `sepa_countries`, not a list in code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeIBAN } from 'ibantools';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { betriebsnummer, kvnr } from '../../src/generate/ids.ts';
import { importFolder } from '../../src/import/import-folder.ts';
import { openFresh, skipServices } from '../helpers/services.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-payment-inputs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const M1 = kvnr('A', 10000001);
const M2 = kvnr('A', 10000002);
const M3 = kvnr('A', 10000003);
const M4 = kvnr('A', 10000004);
const UNKNOWN_MEMBER = kvnr('Z', 1);
const E1 = betriebsnummer(1234567);
const UNKNOWN_EMPLOYER = betriebsnummer(9000001);
const iban = (country: string, bban: string) => composeIBAN({ countryCode: country, bban })!;
const DE1 = iban('DE', '370400440532013000');
const DE2 = iban('DE', '500105175407324931');
const AT1 = iban('AT', '1904300234573201');
const CH1 = iban('CH', '00762011623852957');
const AL1 = iban('AL', '212110090000000235698741'); // SEPA by the EPC list; ibantools' isSEPACountry says no
const TR1 = iban('TR', '0006100519786457841326'); // a valid IBAN outside SEPA
const LONG_HOLDER = 'Ä'.repeat(36); // 36 characters delivered, 72 after conversion

function write(dir: string, file: string, lines: string[]): void {
  fs.writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
}

const options = (folder: string, out: string) => ({ folder, importedBy: 'test', outputDir: path.join(tmp, out), maxRejectRate: 1 });

describe.skipIf(skipServices)('payment inputs on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  beforeAll(async () => {
    db = await openFresh('payment_inputs');
    const base = path.join(tmp, 'base');
    fs.mkdirSync(base);
    write(base, 'members.csv', ['member_id,birth_date,died_on', ...[M1, M2, M3, M4].map((m) => `${m},1970-01-01,`)]);
    write(base, 'employers.csv', [
      'employer_id,name,account_opened_on,closed_on,u1_exempt,aag_exempt,expected_headcount',
      `${E1},Muster GmbH,2000-01-01,,false,false,`,
    ]);
    // a folder without the new files imports exactly as before
    const result = await importFolder(db.database, options(base, 'out-base'));
    expect(result.files.map((f) => [f.file, f.status, f.loaded, f.rejected])).toEqual([
      ['members.csv', 'loaded', 4, 0],
      ['employers.csv', 'loaded', 1, 0],
    ]);
  });
  afterAll(async () => db?.drop());

  async function rejections(batchId: number) {
    return db.database.db
      .selectFrom('import_rejection')
      .select(['file_name', 'line', 'column_name', 'value', 'reason'])
      .where('batch_id', '=', batchId)
      .orderBy('file_name')
      .orderBy('line')
      .orderBy('column_name')
      .execute();
  }

  it('loads valid accounts of members and employers and rejects each broken row with its reason, never its value', async () => {
    const dir = path.join(tmp, 'accounts');
    fs.mkdirSync(dir);
    const header = 'member_id,employer_id,iban,bic,account_holder,holder_is_party,valid_from,valid_to';
    write(dir, 'bank_accounts.csv', [
      header,
      `${M1},,${DE1},COBADEFFXXX,Jürgen Groß,true,2020-01-01,2028-06-30`, // 2 valid
      `${M1},,${DE2},,Jürgen Groß,true,2028-07-01,`, // 3 valid: adjacent, no overlap
      `${M2},,${CH1},,Renée Dupont,true,2021-01-01,`, // 4 valid: SEPA outside the EEA
      `,${E1},${AT1},BKAUATWW,Muster GmbH & Co. KG,true,2019-01-01,`, // 5 valid: an employer
      `${M3},,${AL1},,Arben Hoxha,false,2024-01-01,`, // 6 valid: AL by the parameter
      `${M4},,${DE1.slice(0, -1)}${(Number(DE1.slice(-1)) + 1) % 10},,Anna Schmidt,true,2020-01-01,`, // 7 IBAN check
      `${M4},,${DE1.slice(0, 4)} ${DE1.slice(4)},,Anna Schmidt,true,2020-01-01,`, // 8 not electronic form
      `${M4},,${TR1},,Anna Schmidt,true,2020-01-01,`, // 9 not SEPA (refused before it could take line 18's key)
      `${M4},,${DE2},COBADEF,Anna Schmidt,true,2020-01-01,`, // 10 BIC shape
      `${M4},,${DE2},BKAUATWW,Anna Schmidt,true,2020-01-01,`, // 11 BIC of another country
      `${M4},,${DE2},,€€€,true,2020-01-01,`, // 12 holder empty after conversion
      `${M4},,${DE2},,${LONG_HOLDER},true,2020-01-01,`, // 13 holder too long after conversion
      `${M4},${E1},${DE2},,Anna Schmidt,true,2020-01-01,`, // 14 two parties
      `,,${DE2},,Anna Schmidt,true,2020-01-01,`, // 15 no party
      `${UNKNOWN_MEMBER},,${DE2},,Anna Schmidt,true,2020-01-01,`, // 16 unknown member
      `,${UNKNOWN_EMPLOYER},${DE2},,Anna Schmidt,true,2020-01-01,`, // 17 unknown employer
      `${M4},,${DE2},,Anna Schmidt,true,2020-01-01,2020-12-31`, // 18 overlaps 19
      `${M4},,${DE1},,Anna Schmidt,true,2020-06-01,`, // 19 overlaps 18
      `${M4},,${DE1},,Anna Schmidt,true,2021-03-01,2020-12-31`, // 20 ends before it starts
    ]);
    const result = await importFolder(db.database, options(dir, 'out-accounts'));
    const outcome = result.files.find((f) => f.file === 'bank_accounts.csv')!;
    expect([outcome.rows, outcome.loaded, outcome.rejected]).toEqual([19, 5, 14]);
    const loaded = await db.database.db
      .selectFrom('bank_account')
      .select(['line', 'member_id', 'employer_id', 'iban', 'bic', 'account_holder', 'holder_is_party', 'valid_from', 'valid_to'])
      .where('batch_id', '=', result.batchId!)
      .orderBy('line')
      .execute();
    expect(loaded.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    // kept as delivered: the conversion happens when the file is written
    expect(loaded[0]).toMatchObject({ member_id: M1, employer_id: null, iban: DE1, bic: 'COBADEFFXXX', account_holder: 'Jürgen Groß' });
    expect(loaded[0]!.valid_to).toBe('2028-06-30');
    expect(loaded[3]).toMatchObject({ member_id: null, employer_id: E1, account_holder: 'Muster GmbH & Co. KG' });
    expect(loaded[4]).toMatchObject({ member_id: M3, holder_is_party: false });

    const rows = await rejections(result.batchId!);
    expect(rows.map((r) => [r.line, r.column_name, r.reason.split(':')[0]])).toEqual([
      [7, 'iban', 'IBAN_INVALID'],
      [8, 'iban', 'IBAN_INVALID'],
      [9, 'iban', 'IBAN_NOT_SEPA'],
      [10, 'bic', 'BIC_INVALID'],
      [11, 'bic', 'BIC_INVALID'],
      [12, 'account_holder', 'TEXT_EMPTY_AFTER_CONVERSION'],
      [13, 'account_holder', 'TEXT_TOO_LONG'],
      [14, 'member_id', 'PARTY_INVALID'],
      [15, 'member_id', 'PARTY_INVALID'],
      [16, 'member_id', 'unknown member (not in members.csv)'],
      [17, 'employer_id', 'unknown employer (not in employers.csv)'],
      [18, 'valid_from', 'PERIOD_OVERLAP'],
      [19, 'valid_from', 'PERIOD_OVERLAP'],
      [20, 'valid_to', 'interval ends before it starts'],
    ]);
    expect(rows.every((r) => r.file_name === 'bank_accounts.csv')).toBe(true);
    expect(rows.find((r) => r.line === 13)!.reason).toBe(
      'TEXT_TOO_LONG: longer than 70 characters after conversion to the SEPA character set',
    );
    // no IBAN, holder or address value in a rejection: not in the table, the report or the summary
    const secrets = [DE1, DE2, TR1, DE1.slice(4), 'Anna Schmidt', 'Schmidt', LONG_HOLDER, '€€€'];
    for (const r of rows.filter((r) => ['iban', 'account_holder'].includes(r.column_name))) expect(r.value).toBeNull();
    const report = fs.readFileSync(result.rejectionReport!, 'utf8');
    const summary = JSON.stringify(result.rejectionCounts);
    for (const secret of secrets) {
      expect(report).not.toContain(secret);
      expect(summary).not.toContain(secret);
    }
  });

  it('refuses overlapping address periods, checks lengths after conversion, the country and the German postcode', async () => {
    const dir = path.join(tmp, 'addresses');
    fs.mkdirSync(dir);
    write(dir, 'addresses.csv', [
      'member_id,employer_id,street,building_number,postcode,town,country,valid_from,valid_to',
      `${M1},,Lößnitzgrundstraße,12a,01445,Radebeul,DE,2020-01-01,2024-12-31`, // 2 valid
      `${M1},,Hauptstraße,,04109,Leipzig,DE,2025-01-01,`, // 3 valid, building number optional
      `,${E1},Ringstraße,5,1010,Wien,AT,2019-01-01,`, // 4 valid abroad: no 5-digit rule
      `${M2},,Hauptstraße,1,0410,Leipzig,DE,2020-01-01,`, // 5 German postcode of 4 digits
      `${M2},,Hauptstraße,1,,Leipzig,DE,2020-01-01,`, // 6 German address without postcode
      `${M3},,Hauptstraße,1,04109,Leipzig,Deutschland,2020-01-01,`, // 7 country not ISO 3166
      `${M3},,Hauptstraße,1,04109,${'Ü'.repeat(18)},DE,2020-01-01,`, // 8 town: 36 after conversion
      `${M3},,${'ß'.repeat(36)},1,04109,Leipzig,DE,2020-01-01,`, // 9 street: 72 after conversion
      `${M3},,Hauptstraße,${'1'.repeat(17)},04109,Leipzig,DE,2020-01-01,`, // 10 building number: 17
      `${M4},,Hauptstraße,1,04109,Leipzig,DE,2020-01-01,`, // 11 open, overlaps 12
      `${M4},,Bahnhofstraße,2,04109,Leipzig,DE,2022-01-01,2022-12-31`, // 12 inside 11
    ]);
    const result = await importFolder(db.database, options(dir, 'out-addresses'));
    const rows = await rejections(result.batchId!);
    expect(rows.map((r) => [r.line, r.column_name, r.reason.split(':')[0]])).toEqual([
      [5, 'postcode', 'POSTCODE_INVALID'],
      [6, 'postcode', 'POSTCODE_INVALID'],
      [7, 'country', 'COUNTRY_INVALID'],
      [8, 'town', 'TEXT_TOO_LONG'],
      [9, 'street', 'TEXT_TOO_LONG'],
      [10, 'building_number', 'TEXT_TOO_LONG'],
      [11, 'valid_from', 'PERIOD_OVERLAP'],
      [12, 'valid_from', 'PERIOD_OVERLAP'],
    ]);
    expect(
      rows.filter((r) => ['postcode', 'town', 'street', 'building_number'].includes(r.column_name)).every((r) => r.value === null),
    ).toBe(true);
    const loaded = await db.database.db
      .selectFrom('address')
      .select(['line', 'street', 'building_number'])
      .where('batch_id', '=', result.batchId!)
      .orderBy('line')
      .execute();
    expect(loaded).toEqual([
      { line: 2, street: 'Lößnitzgrundstraße', building_number: '12a' },
      { line: 3, street: 'Hauptstraße', building_number: null },
      { line: 4, street: 'Ringstraße', building_number: '5' },
    ]);
  });

  it('takes the SEPA countries from the parameter: without AL in force, an Albanian IBAN is refused', async () => {
    await sql`UPDATE param_value SET value = replace(value, 'AL,', '') WHERE name = 'sepa_countries'`.execute(db.database.db);
    const dir = path.join(tmp, 'albania');
    fs.mkdirSync(dir);
    write(dir, 'bank_accounts.csv', [
      'member_id,employer_id,iban,bic,account_holder,holder_is_party,valid_from,valid_to',
      `${M3},,${AL1},,Arben Hoxha,false,2024-01-01,`,
      `${M1},,${DE1},,Jürgen Groß,true,2020-01-01,`,
    ]);
    const result = await importFolder(db.database, { ...options(dir, 'out-albania'), allowShrink: ['bank_accounts.csv'] });
    expect((await rejections(result.batchId!)).map((r) => [r.line, r.reason.split(':')[0]])).toEqual([[2, 'IBAN_NOT_SEPA']]);
  });
});
