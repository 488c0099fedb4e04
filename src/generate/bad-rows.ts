/**
 * Broken rows as real extracts contain them, derived from a file's spec (the import's own):
 * for each typed column the ways a value of its type goes wrong (an impossible date, a decimal
 * comma, a wrong check digit, an unknown enum value …), a missing required value, a stray quote,
 * a wrong field count, an unknown member or employer (files with a reference) and a repeated key.
 * Each is the file's last good row with one thing broken, so the import must reject exactly it.
 */
import type { ColumnSpec, FileSpec, ValueType } from '../import/file-specs.ts';
import { unknownEmployerId, unknownMemberId } from './ids.ts';
import type { Rng } from './random.ts';

export type Field = string | null;

export interface BadRowKind {
  /** what is wrong, e.g. `impossible date (birth_date)`: no value of the row */
  what: string;
  /** the bad row's fields from the last good row's (in the spec's column order) */
  make(last: readonly Field[], rng: Rng, year: number): Field[];
}

/** Wrong values of each type as `what=value`; none for free text. */
const WRONG_VALUES: { [K in ValueType['kind']]: (type: Extract<ValueType, { kind: K }>, year: number) => string[] } = {
  kvnr: () => ['wrong check digit=X110411674', 'not a KVNR (lower-case letter)=x110411675'],
  betriebsnummer: () => ['wrong check digit=09912341', 'not 8 digits=9912342'],
  date: (_, year) => [`impossible date=${year}-02-30`, `date in German format=15.04.${year}`],
  month: (_, year) => [`month 13=${year}-13`],
  money: (type) => [
    '3 decimals=23456.789',
    'decimal comma=23456,78',
    'thousands separator=31,250.00',
    'not a number=n/a',
    ...(type.nonNegative ? ['negative=-100.00'] : []),
  ],
  decimal: () => ['decimal comma=45,5', '3 decimals=312.456', 'negative=-30'],
  year: (_, year) => [`year not YYYY=${year % 100}`],
  int: (type) => [`out of range=${type.max + 1}`, 'not a whole number=12.5', `below the minimum=${type.min - 1}`],
  bool: () => ['not true/false=yes'],
  enum: () => ['unknown value=other'],
  text: () => [],
  iban: () => ['wrong IBAN check digits=DE03120300000000202051', 'IBAN with spaces=DE02 1203 0000 0000 2020 51'],
  bic: () => ['BIC of 9 characters=BYLADEM10'],
  country: () => ['country name=Deutschland', 'not an ISO 3166 code=XX'],
  'sepa-text': () => ['nothing left after conversion=€€€', `too long after conversion=${'Ä'.repeat(40)}`],
};

const wrongValues = (type: ValueType, year: number): string[] =>
  (WRONG_VALUES[type.kind] as (type: ValueType, year: number) => string[])(type, year);

const replaced = (last: readonly Field[], i: number, value: Field) => last.map((v, k) => (k === i ? value : v));

/** Every kind of bad row of a file, in a fixed order. */
export function badRowKinds(spec: FileSpec): BadRowKind[] {
  const kinds: BadRowKind[] = [];
  const { columns } = spec;
  const typed = columns.map((c, i) => [c, i] as const).filter(([c]) => c.type.kind !== 'text');
  for (const [column, i] of typed) {
    wrongValues(column.type, 0).forEach((wrong, j) => {
      const what = `${wrong.slice(0, wrong.indexOf('='))} (${column.name})`;
      const value = (year: number) => wrongValues(column.type, year)[j]!.split('=').slice(1).join('=');
      kinds.push({ what, make: (last, _rng, year) => replaced(last, i, value(year)) });
    });
  }
  const required = columns.map((c, i) => [c, i] as const).filter(([c]) => c.required);
  for (const [column, i] of required) kinds.push({ what: `missing ${column.name}`, make: (last) => replaced(last, i, null) });
  const [quoted, q] = typed[0] as readonly [ColumnSpec, number];
  kinds.push({
    what: `stray quote (${quoted.name})`,
    make: (last) => replaced(last, q, `${(last[q] ?? '').slice(0, 3)}"${(last[q] ?? '').slice(3)}`),
  });
  kinds.push({ what: 'a field missing', make: (last) => last.slice(0, -1) });
  kinds.push({ what: `duplicate key (${spec.key.join(', ')})`, make: (last) => [...last] });
  const ref = spec.ref;
  if (ref) {
    const i = columns.findIndex((c) => c.name === ref.column);
    const unknown = ref.key === 'member_id' ? unknownMemberId : unknownEmployerId;
    kinds.push({ what: `${ref.column} not in ${ref.file}`, make: (last, rng) => replaced(last, i, unknown(rng.int(0, 99_999_999))) });
  }
  return kinds;
}

/** Good rows per bad row: at most 0.2 % of a file is bad (the import fails a file above 1 %). */
export const GOOD_ROWS_PER_BAD_ROW = 500;
