// Schedules and times on the «Задания» page in words a methodist reads.
import { describe, expect, it } from 'vitest';
import { describeCron } from '../../dashboard/format/cron.js';
import { fmtDateTime } from '../../dashboard/format/dates.js';

describe('schedules in words', () => {
  it('names the usual patterns and leaves the rest as written', () => {
    expect(describeCron('0 */5 * * * *')).toBe('каждые 5 минут');
    expect(describeCron('0 */1 * * * *')).toBe('каждые 1 минуту');
    expect(describeCron('0 */2 * * * *')).toBe('каждые 2 минуты');
    expect(describeCron('0 30 2 * * *')).toBe('ежедневно в 02:30');
    expect(describeCron('0 0 7 * * 1')).toBe('по понедельникам в 07:00');
    expect(describeCron('0 0 7 * * 0')).toBe('по воскресеньям в 07:00');
    expect(describeCron('*/1 * * * * *')).toBeNull();
    expect(describeCron('0 0 7 1 * *')).toBeNull();
    expect(describeCron('0 0 7 * * 1-5')).toBeNull();
  });

  it('a moment is shown on the committee clock (Europe/Moscow), not the server clock', () => {
    expect(fmtDateTime(new Date('2026-03-02T21:02:41Z'))).toBe('3 марта 2026 г., 00:02');
    // A stored timestamp is already in the committee's zone and is shown as it is.
    expect(fmtDateTime('2026-03-03 00:02:41.123')).toBe('3 марта 2026 г., 00:02');
  });
});
