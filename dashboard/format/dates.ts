// Russian dates with month names: «5 марта 2025 г., 14:03».
import { APP_TIMEZONE } from '../../domain/timezone.js';

const LOCAL = new Intl.DateTimeFormat('en-GB', {
  timeZone: APP_TIMEZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});
const MONTHS = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

/** Accepts 'YYYY-MM-DD[ T]HH:MM[:SS…]' as DuckDB prints timestamps, or a Date. */
export function fmtDateTime(v: string | Date | null | undefined, withTime = true): string {
  if (v === null || v === undefined || v === '') return '—';
  let y: number,
    mo: number,
    d: number,
    h = 0,
    mi = 0;
  if (v instanceof Date) {
    // A moment: shown on the committee's clock, not the server's (stored timestamps are already in that zone).
    const part = (t: string) => Number(LOCAL.formatToParts(v).find((p) => p.type === t)?.value);
    y = part('year');
    mo = part('month');
    d = part('day');
    h = part('hour') % 24;
    mi = part('minute');
  } else {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(v);
    if (!m) return v;
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
    if (m[4]) {
      h = Number(m[4]);
      mi = Number(m[5]);
    }
  }
  const date = `${d} ${MONTHS[mo - 1]} ${y} г.`;
  return withTime ? `${date}, ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}` : date;
}

export const fmtDate = (v: string | Date | null | undefined): string => fmtDateTime(v, false);

/** Duration between two DuckDB timestamps in Russian: «2 мин 5 с». */
export function fmtDuration(from: string | null, to: string | null): string {
  if (!from || !to) return '—';
  const ms = Date.parse(to.replace(' ', 'T') + 'Z') - Date.parse(from.replace(' ', 'T') + 'Z');
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} с`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} мин ${s % 60} с` : `${Math.floor(m / 60)} ч ${m % 60} мин`;
}

/**
 * Timestamps written into stored messages as DuckDB prints them («уже загружен ранее (загрузка № 7, …, 2025-03-05 14:03)»)
 * → «5 марта 2025 г., 14:03»; a bare date → «5 марта 2025 г.». Dates inside file names («отчёт-2025-03-05.xlsx») stay.
 */
export function datesInText(text: string): string {
  return text.replace(
    /(?<=^|[\s(,«])(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?)?(?=$|[\s),;»]|\.(?:\s|$))/g,
    (all: string, y: string, mo: string, d: string, t: string | undefined, at: number) => {
      if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return all;
      const out = fmtDateTime(`${y}-${mo}-${d}${t ? ` ${t}` : ''}`, !!t);
      return text[at + all.length] === '.' && out.endsWith('.') ? out.slice(0, -1) : out; // «… 2024 г.» ends the sentence
    },
  );
}
