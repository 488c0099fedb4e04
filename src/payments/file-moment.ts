/**
 * CreDtTm (payments-and-ledger.md § 2.9): the moment a file is made, as the fund's wall clock
 * shows it, with its offset: `2029-06-22T14:03:07+02:00` (Europe/Berlin, summer time). Pure: the
 * instant is passed in.
 */
const BERLIN = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function berlinParts(instant: Date): { date: string; time: string; asUtcMs: number } {
  const p = Object.fromEntries(BERLIN.formatToParts(instant).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  const time = `${p.hour}:${p.minute}:${p.second}`;
  return { date, time, asUtcMs: Date.parse(`${date}T${time}Z`) };
}

/** `YYYY-MM-DDThh:mm:ss±hh:mm` in Europe/Berlin, whole seconds. */
export function berlinDateTime(instant: Date): string {
  const whole = new Date(Math.floor(instant.getTime() / 1000) * 1000);
  const { date, time, asUtcMs } = berlinParts(whole);
  const offsetMinutes = Math.round((asUtcMs - whole.getTime()) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${date}T${time}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The instant on `day` at the Berlin wall-clock time of `now`: the moment of a file made while
 * YEAREND_TODAY sets the pipeline's day (tests, a rerun), so CreDtTm's date is the file's date.
 * Equals `now` when `day` is today in Berlin.
 */
export function momentOnDay(day: string, now: Date): Date {
  const { date, time, asUtcMs } = berlinParts(now);
  if (date === day) return now;
  const wall = Date.parse(`${day}T${time}Z`);
  // the offset on `day` may differ from today's (summer time): take the offset at the guess
  let guess = wall - (asUtcMs - Math.floor(now.getTime() / 1000) * 1000);
  guess = wall - (berlinParts(new Date(guess)).asUtcMs - guess);
  return new Date(guess);
}
