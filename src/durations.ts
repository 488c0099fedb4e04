/** Retention periods (`yearend purge --older-than 90d|18m|2y`), parsed without the database code. */
export interface Duration {
  amount: number;
  unit: 'd' | 'm' | 'y';
}

/** `90d`, `18m`, `2y`: days, calendar months, calendar years; null for anything else. */
export function parseDuration(text: string): Duration | null {
  const m = /^([1-9][0-9]{0,3})([dmy])$/.exec(text.trim());
  return m ? { amount: Number(m[1]), unit: m[2] as Duration['unit'] } : null;
}
