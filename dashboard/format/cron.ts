// A node-cron schedule (6 fields: seconds minutes hours day month weekday) in words, for the «Задания» page.
// The usual patterns get a phrase; anything else is shown as it is written in config/app.json.
const WEEKDAYS = [
  'по воскресеньям',
  'по понедельникам',
  'по вторникам',
  'по средам',
  'по четвергам',
  'по пятницам',
  'по субботам',
  'по воскресеньям',
];
const at = (h: string, m: string) => `${h.padStart(2, '0')}:${m.padStart(2, '0')}`;
const minutes = (n: number) =>
  n % 10 === 1 && n % 100 !== 11
    ? 'минуту'
    : [2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100)
      ? 'минуты'
      : 'минут';

export function describeCron(expr: string): string | null {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 6 || f[0] !== '0') return null;
  const [, mi, h, dom, mon, dow] = f as [string, string, string, string, string, string];
  const num = /^\d+$/;
  if (dom !== '*' || mon !== '*') return null;
  const every = /^\*\/(\d+)$/.exec(mi);
  if (every && h === '*' && dow === '*') return `каждые ${every[1]} ${minutes(Number(every[1]))}`;
  if (!num.test(mi) || !num.test(h)) return null;
  if (dow === '*') return `ежедневно в ${at(h, mi)}`;
  if (num.test(dow) && Number(dow) <= 7) return `${WEEKDAYS[Number(dow)]} в ${at(h, mi)}`;
  return null;
}
