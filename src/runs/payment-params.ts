/**
 * The payment parameters in force on a file's day (payments-and-ledger.md § 1–§ 4; migrations
 * 0013 and 0014): the calendar, the address rule, the fund's debtor account per ledger, the ledger
 * accounts and the file size. A parameter missing on that day stops the release (a systemic error,
 * the transaction rolls back): money is never moved with a guessed account.
 */
import type { Kysely } from 'kysely';
import type { IsoDate } from '../dates.ts';
import type { DB } from '../db/schema.ts';
import { fundsInForce, type Fund } from '../funds.ts';
import { parseNonBusinessDays } from '../payments/calendar.ts';
import type { PaymentParameters } from '../payments/dispositions.ts';
import type { DebtorAccount, Ledger } from '../payments/types.ts';

/** The spec's symbolic account names (§ 4); parameter `account_<name>` holds finance's account. */
export const LEDGER_ACCOUNT_NAMES = [
  'AUFW_WT18A',
  'AUFW_BONUS',
  'AUFW_ERST_U1',
  'AUFW_ERST_U2',
  'VERB_VERS',
  'VERB_AG_U1',
  'VERB_AG_U2',
  'FORD_VERS',
  'ZV_AUSGANG',
] as const;
export type LedgerAccountName = (typeof LEDGER_ACCOUNT_NAMES)[number];

export interface PaymentFileParameters extends PaymentParameters {
  initiatingParty: string;
  /** parameter `sepa_countries` on the file's day: the own checks refuse a creditor IBAN outside it */
  sepaCountries: ReadonlySet<string>;
  maxTransactionsPerFile: number;
  debtors: Readonly<Record<Ledger, DebtorAccount>>;
  accounts: Readonly<Record<LedgerAccountName, string>>;
}

export class PaymentParameterError extends Error {}

const LEDGERS: readonly Ledger[] = ['KV', 'U1', 'U2'];
const DEBTOR_FIELDS = ['name', 'iban', 'bic', 'street', 'building_number', 'postcode', 'town', 'country'] as const;

/**
 * The run's fund's rows and the federal ones (migration 0015: the SEPA and EEA lists and the bank
 * calendar are no fund's law; the debtor accounts, ledger accounts and the address rule are the
 * fund's). A name in force twice (a fund's row beside a federal one) is refused like a missing one.
 */
export async function loadPaymentParameters(db: Kysely<DB>, fund: Fund, day: IsoDate): Promise<PaymentFileParameters> {
  const rows = await db
    .selectFrom('param_value')
    .select(['name', 'value'])
    .where('fund', 'in', fundsInForce(fund))
    .where('valid_from', '<=', day)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]))
    .execute();
  const twice = [...new Set(rows.map((r) => r.name).filter((n, i, all) => all.indexOf(n) !== i))];
  if (twice.length > 0)
    throw new PaymentParameterError(`parameters of ${fund} in force twice on ${day}: ${twice.join(', ')} (param_value)`);
  const values = new Map(rows.map((r) => [r.name, r.value]));
  const missing: string[] = [];
  const get = (name: string): string => {
    const v = values.get(name);
    if (v === undefined || v.trim() === '') {
      missing.push(name);
      return '';
    }
    return v.trim();
  };
  const list = (name: string) =>
    new Set(
      get(name)
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    );
  const require = get('require_payee_address');
  const debtors = Object.fromEntries(
    LEDGERS.map((ledger) => {
      const f = Object.fromEntries(DEBTOR_FIELDS.map((field) => [field, get(`debtor_${ledger}_${field}`)])) as Record<
        (typeof DEBTOR_FIELDS)[number],
        string
      >;
      const account: DebtorAccount = {
        ledger,
        name: f.name,
        iban: f.iban,
        bic: f.bic,
        address: { street: f.street, buildingNumber: f.building_number, postcode: f.postcode, town: f.town, country: f.country },
      };
      return [ledger, account];
    }),
  ) as Record<Ledger, DebtorAccount>;
  const accounts = Object.fromEntries(LEDGER_ACCOUNT_NAMES.map((n) => [n, get(`account_${n}`)])) as Record<LedgerAccountName, string>;
  const maxText = get('max_transactions_per_file');
  const params: PaymentFileParameters = {
    calendar: parseNonBusinessDays(get('non_business_days')),
    eeaCountries: list('eea_countries'),
    sepaCountries: list('sepa_countries'),
    requirePayeeAddress: require === 'always' ? 'always' : 'eea',
    initiatingParty: get('payment_initiating_party'),
    maxTransactionsPerFile: Number(maxText),
    debtors,
    accounts,
  };
  if (missing.length > 0)
    throw new PaymentParameterError(`payment parameters of ${fund} not in force on ${day}: ${missing.join(', ')} (param_value)`);
  if (require !== 'always' && require !== 'eea') throw new PaymentParameterError(`parameter require_payee_address must be eea or always`);
  if (!Number.isSafeInteger(params.maxTransactionsPerFile) || params.maxTransactionsPerFile < 1)
    throw new PaymentParameterError('parameter max_transactions_per_file must be a whole number ≥ 1');
  return params;
}
