// Calendar dates in the committee's time zone (config timezone, Europe/Moscow), not in UTC: a file that arrives
// at 01:00 Moscow time belongs to that Moscow day, whatever the server's own zone is.
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(now: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(now);
  const get = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value ?? NaN);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' in the given zone. */
export function localDate(now: Date, timeZone: string): string {
  const p = localParts(now, timeZone);
  return `${p.year}-${p2(p.month)}-${p2(p.day)}`;
}

/** 'YYYY-MM-DD-HH-MM-SS' in the given zone (sortable, safe in file names). */
export function localStamp(now: Date, timeZone: string): string {
  const p = localParts(now, timeZone);
  return `${p.year}-${p2(p.month)}-${p2(p.day)}-${p2(p.hour)}-${p2(p.minute)}-${p2(p.second)}`;
}
