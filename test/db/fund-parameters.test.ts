/**
 * Parameters by fund (migration 0015; rules-nordost-bonus-plan.md "Funds"): every parameter row
 * names its fund, '' for federal law; the existing rows are AOK PLUS's except the federal ones;
 * the AOK Nordost bonus-plan rows hold the spec's values; and a job reads its fund's rows and the
 * fund-less ones, never another fund's, even when another fund has a row of the same name or a
 * class table in force for the same year.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBonusParameters } from '../../jobs/bonus-crediting/params.ts';
import { loadLevyParameters } from '../../jobs/levy/params.ts';
import { allJobs } from '../../jobs/registry.ts';
import { loadTariffParameters } from '../../jobs/tariff-settlement/params.ts';
import { FEDERAL_LAW, FUNDS, fundsInForce } from '../../src/funds.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import { scalarsInForce } from '../../src/runs/parameters.ts';
import { parameterFundSection } from '../../reports/parameter-funds.ts';
import { openFresh, skipServices } from '../helpers/services.ts';

const PARAM_TABLES = ['param_value', 'param_tariff_class', 'param_bonus_measure', 'param_levy_rate', 'param_pension_ceiling'] as const;
/** federal law (§ 53 Abs. 8 SGB V) and the EPC/EEA lists and banks' calendar, no fund's law (migration 0015's decision) */
const FUND_LESS_SCALARS = ['eea_countries', 'non_business_days', 'premium_cap_max', 'premium_cap_rate', 'sepa_countries'];
const NORDOST_SCALARS = ['additional_bonus_months', 'health_bonus', 'health_proof_deadline', 'payout_due'];
/** the payment parameters (debtor and ledger accounts, file limits): AOK Nordost's start as placeholders copied from AOK PLUS's (migration 0016) */
const isPaymentParameter = (name: string) =>
  /^(debtor|account)_/.test(name) || ['require_payee_address', 'max_transactions_per_file', 'payment_initiating_party'].includes(name);

describe('funds', () => {
  it('binds every existing job to AOK PLUS, the bonus plan to AOK Nordost, and a job reads its fund and federal law', () => {
    expect(allJobs().map((j) => [j.name, j.fund])).toEqual([
      ['tariff-settlement', 'AOK PLUS'],
      ['bonus-crediting', 'AOK PLUS'],
      ['levy', 'AOK PLUS'],
      ['nordost-bonus-plan', 'AOK Nordost'],
    ]);
    expect(fundsInForce('AOK Nordost')).toEqual(['AOK Nordost', FEDERAL_LAW]);
    expect(FUNDS).toEqual(['AOK PLUS', 'AOK Nordost']);
  });
});

describe.skipIf(skipServices)('parameters by fund on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openFresh>>;
  beforeAll(async () => {
    db = await openFresh('fund_parameters');
  });
  afterAll(async () => db?.drop());
  const q = () => db.database.db;

  it("gives every parameter row a fund: AOK PLUS's, the bonus plan's AOK Nordost, federal law ''", async () => {
    const values = await q().selectFrom('param_value').select(['name', 'fund']).orderBy('name').execute();
    expect(values.filter((v) => v.fund === '').map((v) => v.name)).toEqual(FUND_LESS_SCALARS);
    const nordost = values.filter((v) => v.fund === 'AOK Nordost');
    expect(nordost.filter((v) => !isPaymentParameter(v.name)).map((v) => v.name)).toEqual(NORDOST_SCALARS);
    // every payment parameter of AOK PLUS has AOK Nordost's placeholder
    expect(nordost.filter((v) => isPaymentParameter(v.name)).map((v) => v.name)).toEqual(
      values.filter((v) => v.fund === 'AOK PLUS' && isPaymentParameter(v.name)).map((v) => v.name),
    );
    expect(values.filter((v) => v.fund === 'AOK PLUS').length).toBe(values.length - FUND_LESS_SCALARS.length - nordost.length);
    for (const table of ['param_tariff_class', 'param_bonus_measure', 'param_levy_rate'] as const) {
      const { rows } = await sql<{ fund: string }>`SELECT DISTINCT fund FROM ${sql.table(table)}`.execute(q());
      expect(rows, table).toEqual([{ fund: 'AOK PLUS' }]);
    }
    const { rows } = await sql<{ fund: string }>`SELECT DISTINCT fund FROM param_pension_ceiling`.execute(q());
    expect(rows).toEqual([{ fund: '' }]);
    for (const table of PARAM_TABLES) {
      // the fund is part of each key: NOT NULL, '' for federal law
      await expect(sql`UPDATE ${sql.table(table)} SET fund = NULL`.execute(q()), table).rejects.toThrow(/null value/);
      await expect(sql`UPDATE ${sql.table(table)} SET fund = 'AOK Bayern'`.execute(q()), table).rejects.toThrow(/_fund/);
    }
  });

  it("holds the bonus plan's class table and scalars of AOK Nordost (rules-nordost-bonus-plan.md, Parameters)", async () => {
    const classes = await q()
      .selectFrom('param_bonus_plan_class')
      .select([
        'fund',
        'version',
        'valid_from',
        'valid_to',
        'tariff_class',
        'income_up_to',
        'basic_bonus',
        'additional_bonus',
        'copay_per_visit',
        'copay_per_hospital_day',
        'copay_cap',
      ])
      .orderBy('tariff_class')
      .execute();
    const common = { fund: 'AOK Nordost', version: 'bonus-plan-2024-01-01', valid_from: '2024-01-01', valid_to: null };
    expect(classes).toEqual([
      {
        ...common,
        tariff_class: 1,
        income_up_to: '20000.00',
        basic_bonus: '80.00',
        additional_bonus: '150.00',
        copay_per_visit: '20.00',
        copay_per_hospital_day: '20.00',
        copay_cap: '160.00',
      },
      {
        ...common,
        tariff_class: 2,
        income_up_to: '40000.00',
        basic_bonus: '110.00',
        additional_bonus: '180.00',
        copay_per_visit: '27.50',
        copay_per_hospital_day: '27.50',
        copay_cap: '220.00',
      },
      {
        ...common,
        tariff_class: 3,
        income_up_to: null,
        basic_bonus: '230.00',
        additional_bonus: '300.00',
        copay_per_visit: '57.50',
        copay_per_hospital_day: '57.50',
        copay_cap: '460.00',
      },
    ]);
    const scalars = await q()
      .selectFrom('param_value')
      .select(['name', 'value', 'valid_from'])
      .where('fund', '=', 'AOK Nordost')
      .where('name', 'in', NORDOST_SCALARS)
      .orderBy('name')
      .execute();
    expect(scalars.map((s) => [s.name, s.value, s.valid_from])).toEqual([
      ['additional_bonus_months', '36', '2024-01-01'],
      ['health_bonus', '70.00', '2024-01-01'],
      ['health_proof_deadline', '03-31', '2024-01-01'],
      ['payout_due', '06-30', '2024-01-01'],
    ]);
  });

  it('names on the Parameter sheet the fund of every parameter read, federal law as "alle Kassen (Bundesrecht)"', async () => {
    const section = await parameterFundSection(q(), 'AOK PLUS', 2025, [
      { title: 'Tarifklassen § 18a Abs. 3', table: 'param_tariff_class' },
      { table: 'param_value', names: ['premium_cap_rate', 'premium_cap_max'] },
      { title: 'BBG RV', table: 'param_pension_ceiling' },
    ]);
    expect(section.table!.columns.map((c) => c.header)).toEqual(['Parameter', 'Version', 'gültig ab', 'gültig bis', 'Kasse']);
    expect([...section.table!.rows]).toEqual([
      { parameter: 'Tarifklassen § 18a Abs. 3', version: '18a-2022-04-01', validFrom: '2022-04-01', validTo: null, fund: 'AOK PLUS' },
      {
        parameter: 'premium_cap_max',
        version: 'SGB V § 53 Abs. 8',
        validFrom: '2007-04-01',
        validTo: null,
        fund: 'alle Kassen (Bundesrecht)',
      },
      {
        parameter: 'premium_cap_rate',
        version: 'SGB V § 53 Abs. 8',
        validFrom: '2007-04-01',
        validTo: null,
        fund: 'alle Kassen (Bundesrecht)',
      },
      { parameter: 'BBG RV', version: 'BBG RV 2025', validFrom: null, validTo: null, fund: 'alle Kassen (Bundesrecht)' },
    ]);
    // the Nordost job's view: its class table and scalars, the federal cap, none of AOK PLUS's rows
    const nordost = await parameterFundSection(q(), 'AOK Nordost', 2025, [
      { title: 'Bonusklassen AOK Bonus Plan', table: 'param_bonus_plan_class' },
      { table: 'param_value', names: ['health_bonus', 'premium_cap_max', 'bonus_proof_deadline'] },
      { title: 'Tarifklassen § 18a Abs. 3', table: 'param_tariff_class' },
    ]);
    expect([...nordost.table!.rows].map((r) => [r.parameter, r.fund])).toEqual([
      ['Bonusklassen AOK Bonus Plan', 'AOK Nordost'],
      ['health_bonus', 'AOK Nordost'],
      ['premium_cap_max', 'alle Kassen (Bundesrecht)'],
    ]);
  });

  it("loads a fund's scalars with federal law's (scalarsInForce), and refuses another fund's or a missing one", async () => {
    const names = ['health_bonus', 'health_proof_deadline', 'payout_due', 'additional_bonus_months', 'premium_cap_rate', 'premium_cap_max'];
    const loaded = await scalarsInForce(q(), 'AOK Nordost', names, '2025-01-01', '2025-12-31');
    expect(loaded).toEqual({
      values: {
        health_bonus: '70.00',
        health_proof_deadline: '03-31',
        payout_due: '06-30',
        additional_bonus_months: '36',
        premium_cap_rate: '0.20',
        premium_cap_max: '600.00',
      },
      versions: ['SGB V § 53 Abs. 8', 'bonus-plan-2024'],
    });
    // AOK PLUS's § 19a deadline is no Nordost law; the plan's rows start 2024
    await expect(scalarsInForce(q(), 'AOK Nordost', ['bonus_proof_deadline'], '2025-01-01', '2025-12-31')).rejects.toThrow(
      PermanentRunError,
    );
    await expect(scalarsInForce(q(), 'AOK Nordost', ['health_bonus'], '2023-01-01', '2023-12-31')).rejects.toThrow(/health_bonus/);
    await expect(scalarsInForce(q(), 'AOK PLUS', ['health_bonus'], '2025-01-01', '2025-12-31')).rejects.toThrow(/health_bonus/);
  });

  it("reads a job's own fund and federal law, never another fund's rows of the same name or year", async () => {
    const before = {
      tariff: await loadTariffParameters(q(), 2025),
      bonus: await loadBonusParameters(q(), 2025),
      levy: await loadLevyParameters(q(), 2025),
    };
    // another fund's law with the same names, keys and years as AOK PLUS's
    await sql`INSERT INTO param_value (name, fund, version, valid_from, valid_to, value, source)
              SELECT name, 'AOK Nordost', 'other', valid_from, valid_to, '1', 'test' FROM param_value
               WHERE fund <> 'AOK Nordost' AND name NOT IN (SELECT name FROM param_value WHERE fund = 'AOK Nordost')`.execute(q());
    await sql`INSERT INTO param_tariff_class (fund, version, valid_from, valid_to, tariff_class, income_up_to, premium, outpatient_deductible, inpatient_deductible, yearly_cap, source)
              SELECT 'AOK Nordost', 'other', '2025-01-01', NULL, tariff_class, income_up_to, 1, 1, 1, 1, 'test' FROM param_tariff_class`.execute(
      q(),
    );
    await sql`INSERT INTO param_bonus_measure (fund, version, valid_from, valid_to, measure_code, section, points, frequency, source)
              SELECT 'AOK Nordost', 'other', valid_from, valid_to, measure_code, section, 1, frequency, 'test' FROM param_bonus_measure`.execute(
      q(),
    );
    await sql`INSERT INTO param_levy_rate (name, tariff, fund, version, valid_from, valid_to, rate, source)
              SELECT name, tariff, 'AOK Nordost', 'other', valid_from, valid_to, 0.5, 'test' FROM param_levy_rate`.execute(q());
    await sql`INSERT INTO param_pension_ceiling (year, region, fund, monthly, source)
              SELECT year, region, 'AOK Nordost', 1, 'test' FROM param_pension_ceiling`.execute(q());
    expect(await loadTariffParameters(q(), 2025)).toEqual(before.tariff);
    expect(await loadBonusParameters(q(), 2025)).toEqual(before.bonus);
    expect(await loadLevyParameters(q(), 2025)).toEqual(before.levy);
    // federal law is read by both funds: the § 53 Abs. 8 cap of the tariff job
    expect(before.tariff.params.premiumCapMax).toBe('600.00');
    // a name that is now both Nordost's and federal law is refused, not guessed
    await expect(scalarsInForce(q(), 'AOK Nordost', ['premium_cap_max'], '2025-01-01', '2025-12-31')).rejects.toThrow(/in force twice/);
  });
});
