/**
 * The payees' bank accounts and addresses (payments-and-ledger.md § 1) for the demo and tests.
 * They are written to an output of their own, from streams of their own (`bank_accounts.csv`,
 * `addresses.csv` per person or employer), so adding these files changed no byte of any other.
 *
 * What the demo needs to show (issue 13): most payees have one account (some changed it during
 * the year: two periods, no overlap), a few members have none (Klärfall NO_BANK_ACCOUNT), one
 * member with a tariff has a Swiss IBAN (SEPA, outside the EEA) and no address (Klärfall
 * NO_ADDRESS), and members who died keep their account (a payout to them is PAYEE_DECEASED).
 * Minors' accounts are a parent's (`holder_is_party` false). Names carry umlauts and ß, so the
 * file's conversion to the SEPA character set has something to do.
 */
import { composeIBAN, isValidIBAN } from 'ibantools';
import { addDays, isoDate, type IsoDate } from '../dates.ts';
import type { DatasetOutput } from './output.ts';
import type { Person } from './model.ts';
import { Rng } from './random.ts';

const FIRST_NAMES = ['Anna', 'Jürgen', 'Günther', 'Renée', 'Lena', 'Mehmet', 'Sören', 'Käthe', 'José', 'Maximilian', 'Zoë', 'Björn'];
const SURNAMES = [
  'Müller',
  'Schäfer',
  'Groß',
  'Weiß',
  'Özdemir',
  'Krüger',
  'Hoffmann',
  'Löwe',
  'Schmidt',
  'Bauer-Röder',
  'Nguyen',
  'Fuchs',
];
const FIRM_SUFFIXES = ['GmbH', 'GmbH & Co. KG', 'e.K.', 'AG', 'OHG'];
const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Am Markt', 'Lößnitzgrundstraße', 'Schloßallee', 'Georg-Schwarz-Straße', 'Grüner Weg'];
const TOWNS: readonly [town: string, postcodeFrom: number][] = [
  ['Dresden', 1067],
  ['Leipzig', 4103],
  ['Chemnitz', 9111],
  ['Erfurt', 99084],
  ['Görlitz', 2826],
  ['Plauen', 8523],
];
/** foreign accounts inside the EEA: country, BBAN shape (digits 9, capitals A), a town, its postcode length */
const EEA_ABROAD: readonly [country: string, bban: string, town: string, postcode: number][] = [
  ['AT', '9999999999999999', 'Wien', 4],
  ['NL', 'AAAA9999999999', 'Utrecht', 4],
];

/** Shares of the demo (a few, not many: the Klärfälle must stay readable). */
const NO_ACCOUNT = 0.012;
const TWO_ACCOUNTS = 0.08;
const ABROAD_IN_EEA = 0.02;
const CARETAKER = 0.01;
const NO_ADDRESS = 0.05;

const fill = (rng: Rng, shape: string) =>
  shape.replace(/[9A]/g, (c) => (c === '9' ? String(rng.int(0, 9)) : String.fromCharCode(65 + rng.int(0, 25))));

/** A valid IBAN of the country (the check digits computed; redrawn in the rare case the BBAN has its own check). */
function iban(rng: Rng, country: string, bbanShape: string): string {
  for (;;) {
    const candidate = composeIBAN({ countryCode: country, bban: fill(rng, bbanShape) });
    if (candidate && isValidIBAN(candidate)) return candidate;
  }
}

/** A BIC of the IBAN's country, or none (it is optional for SEPA). */
function bic(rng: Rng, country: string): string | null {
  if (rng.chance(0.5)) return null;
  return `${fill(rng, 'AAAA')}${country}${fill(rng, 'AA')}${rng.chance(0.5) ? 'XXX' : ''}`;
}

const personName = (rng: Rng) => `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`;

function germanAddress(rng: Rng) {
  const [town, from] = rng.pick(TOWNS);
  return {
    street: rng.pick(STREETS),
    building_number: rng.chance(0.9) ? `${rng.int(1, 180)}${rng.chance(0.15) ? 'a' : ''}` : null,
    postcode: String(from + rng.int(0, 40)).padStart(5, '0'),
    town,
    country: 'DE',
  };
}

/** The account periods: one open-ended, or an old one ending on a day of Y or Y+1 and the new one from the next day. */
function periods(rng: Rng, year: number, opened: IsoDate): { valid_from: IsoDate; valid_to: IsoDate | null }[] {
  if (!rng.chance(TWO_ACCOUNTS)) return [{ valid_from: opened, valid_to: null }];
  const change = addDays(isoDate(year, 1, 1), rng.int(0, 700));
  if (change <= opened) return [{ valid_from: opened, valid_to: null }]; // a child born in Y: one account
  return [
    { valid_from: opened, valid_to: change },
    { valid_from: addDays(change, 1), valid_to: null },
  ];
}

export class PaymentFilesWriter {
  /** the one Swiss account without an address is given once per data set */
  private foreignGiven = false;

  constructor(
    private readonly out: DatasetOutput,
    private readonly seed: string,
    private readonly year: number,
  ) {}

  /** A member's account(s) and address; `person` after the tariff part (its tariff spans are known). */
  person(person: Person): void {
    const rng = Rng.derive(this.seed, 'bank_accounts.csv', person.index);
    const addressRng = Rng.derive(this.seed, 'addresses.csv', person.index);
    // the deceased always keep an account: their payouts must show PAYEE_DECEASED, not NO_BANK_ACCOUNT
    if (person.diedOn === null && rng.chance(NO_ACCOUNT)) return;
    const adult = person.age >= 18;
    const member_id = person.memberId;
    const opened = [person.birthDate, isoDate(this.year - rng.int(1, 15), rng.int(1, 12), rng.int(1, 28))].sort()[1]!;
    if (!this.foreignGiven && adult && person.diedOn === null && person.tariffSpans.length > 0) {
      // a Swiss account (SEPA, outside the EEA) and no address: the Klärfall NO_ADDRESS of the demo
      this.foreignGiven = true;
      const holder = personName(rng);
      this.out.row('bank_accounts.csv', {
        member_id,
        iban: iban(rng, 'CH', '99999AAAA99999999'),
        bic: bic(rng, 'CH'),
        account_holder: holder,
        holder_is_party: true,
        valid_from: opened,
      });
      return;
    }
    const holderIsParty = adult && !rng.chance(CARETAKER);
    const abroad = adult && rng.chance(ABROAD_IN_EEA) ? rng.pick(EEA_ABROAD) : null;
    for (const period of periods(rng, this.year, opened)) {
      const country = abroad?.[0] ?? 'DE';
      const account = abroad ? iban(rng, country, abroad[1]) : iban(rng, 'DE', '999999999999999999');
      this.out.row('bank_accounts.csv', {
        member_id,
        iban: account,
        bic: bic(rng, country),
        account_holder: personName(rng),
        holder_is_party: holderIsParty,
        ...period,
      });
    }
    if (addressRng.chance(NO_ADDRESS)) return;
    const address = abroad
      ? {
          street: addressRng.pick(STREETS),
          building_number: String(addressRng.int(1, 90)),
          postcode: String(addressRng.int(1000, 9999)),
          town: abroad[2],
          country: abroad[0],
        }
      : germanAddress(addressRng);
    this.out.row('addresses.csv', { member_id, ...address, valid_from: opened });
  }

  /** A scenario member (src/scenarios): a German account and address, so the worked examples pay. */
  scenarioMember(memberId: string, k: number): void {
    const rng = Rng.derive(this.seed, 'bank_accounts.csv', 'scenario', k);
    const opened = isoDate(this.year - 5, 1, 1);
    this.out.row('bank_accounts.csv', {
      member_id: memberId,
      iban: iban(rng, 'DE', '999999999999999999'),
      bic: bic(rng, 'DE'),
      account_holder: personName(rng),
      holder_is_party: true,
      valid_from: opened,
    });
    this.out.row('addresses.csv', {
      member_id: memberId,
      ...germanAddress(Rng.derive(this.seed, 'addresses.csv', 'scenario', k)),
      valid_from: opened,
    });
  }

  /** An employer's account and address (U1/U2 reimbursements are paid to the employer); `part` tells scenario from random ones. */
  employer(employerId: string, part: 'scenario' | 'random', n: number): void {
    const rng = Rng.derive(this.seed, 'bank_accounts.csv', 'employer', part, n);
    if (rng.chance(NO_ACCOUNT) && part === 'random') return;
    const opened = isoDate(this.year - rng.int(2, 20), rng.int(1, 12), 1);
    const holder = `${rng.pick(SURNAMES)} & ${rng.pick(SURNAMES)} ${rng.pick(FIRM_SUFFIXES)}`;
    this.out.row('bank_accounts.csv', {
      employer_id: employerId,
      iban: iban(rng, 'DE', '999999999999999999'),
      bic: bic(rng, 'DE'),
      account_holder: holder,
      holder_is_party: true,
      valid_from: opened,
    });
    this.out.row('addresses.csv', {
      employer_id: employerId,
      ...germanAddress(Rng.derive(this.seed, 'addresses.csv', 'employer', part, n)),
      valid_from: opened,
    });
  }
}
