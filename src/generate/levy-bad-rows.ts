/**
 * Bad rows of the U1/U2 files, placed by the same schedule as the other files' (bad-rows.ts: the
 * b-th bad row after at least 500·b good rows, none in a file under 500 rows). Each breaks
 * exactly one contract rule or repeats the key of the row just written; a changed row moves its
 * key into Y+3 (or another year no good row uses), so it never takes a good row's key. Unknown
 * employers are valid Betriebsnummern outside the data set's range; employers with bad rows are
 * never referenced elsewhere.
 */
import type { BadRowContext, BadRowMaker } from './bad-rows.ts';
import type { CsvValue } from './csv-writer.ts';
import { LEVY_FILES, withWrongEmployerCheckDigit, type LevyIds } from './levy-model.ts';

const bad =
  (what: string, fields: (ctx: BadRowContext) => CsvValue[]): BadRowMaker =>
  (ctx) => ({ fields: fields(ctx), what });

const duplicate = (key: string): BadRowMaker => bad(`duplicate key (${key})`, (ctx) => [...ctx.last]);

/** The last good row with some columns replaced. */
function lastWith(ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>): CsvValue[] {
  return ctx.header.map((column, i) => (column in values ? values[column]! : (ctx.last[i] ?? null)));
}

const lastEmployer = (ctx: BadRowContext) => String(ctx.last[ctx.header.indexOf('employer_id')]);

/** Makers per file; `ids` hands out unknown employers and fresh claim ids. */
export function levyBadRowMakers(ids: LevyIds): Readonly<Record<string, readonly BadRowMaker[]>> {
  const unknown = () => ids.unknownEmployerId();
  const employer = (ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>) =>
    lastWith(ctx, { employer_id: unknown(), closed_on: null, expected_headcount: null, ...values });
  const later = (ctx: BadRowContext, month: number) => `${ctx.year + 3}-${String(month).padStart(2, '0')}`;
  const claim = (ctx: BadRowContext, values: Readonly<Record<string, CsvValue>>) =>
    lastWith(ctx, { claim_id: ids.nextClaimId(), ...values });
  return {
    [LEVY_FILES.employers]: [
      bad('employer_id with a wrong check digit', (ctx) => employer(ctx, { employer_id: withWrongEmployerCheckDigit(unknown()) })),
      bad('closed_on before account_opened_on', (ctx) =>
        employer(ctx, { account_opened_on: `${ctx.year}-06-01`, closed_on: `${ctx.year}-05-31` }),
      ),
      duplicate('employer_id'),
      bad('u1_exempt not true/false', (ctx) => employer(ctx, { u1_exempt: 'ja' })),
    ],
    [LEVY_FILES.elections]: [
      bad('tariff 70', (ctx) => lastWith(ctx, { year: ctx.year + 3, tariff: '70', received_on: `${ctx.year + 3}-01-15` })),
      bad('employer_id not in employers.csv', (ctx) => lastWith(ctx, { employer_id: unknown() })),
      duplicate('employer_id, year, received_on'),
      bad('impossible date (received_on 30 Feb)', (ctx) => lastWith(ctx, { year: ctx.year + 3, received_on: `${ctx.year + 3}-02-30` })),
    ],
    [LEVY_FILES.history]: [
      bad('tariff 70', (ctx) => lastWith(ctx, { year: ctx.year - 3, tariff: '70' })),
      bad('employer_id not in employers.csv', (ctx) => lastWith(ctx, { employer_id: unknown() })),
      duplicate('employer_id, year'),
      bad('participates not true/false', (ctx) => lastWith(ctx, { year: ctx.year - 4, participates: 'yes' })),
    ],
    [LEVY_FILES.employments]: [
      bad('unknown category', (ctx) => lastWith(ctx, { valid_from: `${ctx.year + 3}-01-01`, valid_to: null, category: 'intern' })),
      bad('valid_to before valid_from', (ctx) => lastWith(ctx, { valid_from: `${ctx.year + 3}-06-01`, valid_to: `${ctx.year + 3}-05-31` })),
      bad('employer_id not in employers.csv', (ctx) => lastWith(ctx, { employer_id: unknown() })),
      duplicate('employer_id, employee_id, valid_from'),
      bad('weekly_hours with a decimal comma', (ctx) =>
        lastWith(ctx, { valid_from: `${ctx.year + 3}-02-01`, valid_to: null, weekly_hours: '19,5' }),
      ),
      bad('employer_id with a wrong check digit', (ctx) =>
        lastWith(ctx, { employer_id: withWrongEmployerCheckDigit(lastEmployer(ctx)), valid_from: `${ctx.year + 3}-03-01`, valid_to: null }),
      ),
    ],
    [LEVY_FILES.pay]: [
      bad('month 13', (ctx) => lastWith(ctx, { month: `${ctx.year}-13` })),
      bad('sv_days 31', (ctx) => lastWith(ctx, { month: later(ctx, 1), sv_days: 31 })),
      bad('negative pay_regular', (ctx) => lastWith(ctx, { month: later(ctx, 2), pay_regular: '-100.00' })),
      bad('employer_id not in employers.csv', (ctx) => lastWith(ctx, { employer_id: unknown() })),
      duplicate('employer_id, employee_id, month'),
      bad('pay_one_time with 3 decimals', (ctx) => lastWith(ctx, { month: later(ctx, 3), pay_one_time: '250.005' })),
      bad('employer_id with a wrong check digit', (ctx) =>
        lastWith(ctx, { employer_id: withWrongEmployerCheckDigit(lastEmployer(ctx)), month: later(ctx, 4) }),
      ),
      bad('short_no_efzg not true/false', (ctx) => lastWith(ctx, { month: later(ctx, 5), short_no_efzg: 'nein' })),
    ],
    [LEVY_FILES.declarations]: [
      duplicate('employer_id, month'),
      bad('employer_id not in employers.csv', (ctx) => lastWith(ctx, { employer_id: unknown() })),
      bad('negative declared_u2', (ctx) => lastWith(ctx, { month: later(ctx, 1), declared_u2: '-12.50' })),
      bad('month 13', (ctx) => lastWith(ctx, { month: `${ctx.year}-13` })),
      bad('declared_u2 with a decimal comma', (ctx) => lastWith(ctx, { month: later(ctx, 2), declared_u2: '12,50' })),
    ],
    [LEVY_FILES.claims]: [
      bad('period_to before period_from', (ctx) => claim(ctx, { period_from: `${ctx.year}-06-10`, period_to: `${ctx.year}-06-01` })),
      duplicate('claim_id'),
      bad('unknown kind', (ctx) => claim(ctx, { kind: 'u3_other', employer_contributions: null })),
      bad('employer_id not in employers.csv', (ctx) => claim(ctx, { employer_id: unknown() })),
      bad('negative continued_pay', (ctx) => claim(ctx, { continued_pay: '-500.00' })),
      bad('impossible date (period_from 31 Apr)', (ctx) =>
        claim(ctx, { period_from: `${ctx.year}-04-31`, period_to: `${ctx.year}-05-10` }),
      ),
    ],
  };
}
