// A large file through the whole loader: a 200 000-row «сводная ведомость итоговых отметок» in CP1251 (the
// format journals export as CSV). Asserts that it loads completely; memory and time are printed, not asserted.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../../ingest/formats/index.js';
import { ingestFile } from '../../../ingest/load.js';
import { closeStore, openStore, type Store } from '../../../store/db.js';
import { one } from './store-state.js';

const SUBJECTS = [
  'Русский язык',
  'Литература',
  'Алгебра',
  'Геометрия',
  'Вероятность и статистика',
  'Информатика',
  'История',
  'Обществознание',
  'География',
  'Биология',
  'Физика',
  'Химия',
  'Иностранный язык (английский)',
  'Физическая культура',
  'Музыка',
  'Изобразительное искусство',
  'Труд (технология)',
  'ОБЗР',
  'Родной язык',
  'Астрономия',
];
const PERIODS = ['1 четверть', '2 четверть', '3 четверть', '4 четверть', 'Год'];
const PUPILS = 2000; // × 20 subjects × 5 periods = 200 000 rows

function vedomost(): Buffer {
  const parts: Buffer[] = [iconv.encode('Код ОО;Учебный год;Класс;Ученик;Предмет;Период;Отметка\r\n', 'win1251')];
  for (let p = 0; p < PUPILS; p++) {
    const cls = `${1 + (p % 11)}${'АБВГ'[p % 4]}`;
    const lines: string[] = [];
    SUBJECTS.forEach((s, si) =>
      PERIODS.forEach((per, pi) =>
        lines.push(`${9901 + (p % 7)};2024/2025;${cls};Ученикова Анна ${p};${s};${per};${2 + ((p + si + pi) % 4)}`),
      ),
    );
    parts.push(iconv.encode(lines.join('\r\n') + '\r\n', 'win1251'));
  }
  return Buffer.concat(parts);
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

describe('a 200 000-row journal ведомость in CP1251', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(':memory:');
  });
  afterAll(async () => closeStore(store));

  it('loads completely', async () => {
    const bytes = vedomost();
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let progressCalls = 0;
    const t0 = performance.now();
    const r = await ingestFile(store, FORMATS, {
      bytes,
      fileName: 'ведомость итоговых отметок 2024-25.csv',
      channel: 'cli',
      onProgress: () => {
        progressCalls++;
      },
    });
    const ms = performance.now() - t0;
    const peak = process.resourceUsage().maxRSS * 1024;
    console.log(
      `[large] ${(bytes.length / 1e6).toFixed(1)} MB CP1251, ${r.rowsLoaded} rows: ${(ms / 1000).toFixed(1)} s; RSS before ${mb(rssBefore)} MB, after ${mb(process.memoryUsage().rss)} MB, peak ${mb(peak)} MB (+${mb(peak - rssBefore)} MB)`,
    );
    expect([r.status, r.format, r.rowsLoaded, r.rowsRejected, r.rowsRead], r.message).toEqual([
      'loaded',
      'journal-vedomost',
      200_000,
      0,
      200_000,
    ]);
    expect(
      Number(await one(store, 'SELECT count(*) FROM journal_marks WHERE upload_id = $id', { id: r.uploadId! })),
    ).toBe(200_000);
    expect(Number(await one(store, 'SELECT count(DISTINCT pupil_key) FROM journal_marks'))).toBe(PUPILS);
    expect(
      await one(
        store,
        `SELECT count(*) FROM journal_marks WHERE subject = 'Изобразительное искусство' AND period_kind = 'год'`,
      ),
    ).toBe(PUPILS);
    expect(progressCalls).toBeGreaterThan(100);
  });
});
