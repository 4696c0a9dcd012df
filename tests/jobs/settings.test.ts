import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOB_NAMES, loadJobSettings } from '../../domain/job-settings.js';
import { localDate, localStamp } from '../../jobs/dates.js';

const config = JSON.parse(readFileSync(new URL('../../config/app.json', import.meta.url), 'utf8'));

describe('job settings', () => {
  it('defaults come from config/app.json; archive, rejected and reports sit beside the inbox', () => {
    const s = loadJobSettings({});
    expect(s.inbox).toBe(resolve(config.inbox));
    expect(s.archive).toBe(join(resolve(config.inbox), '..', 'archive'));
    expect(s.rejected).toBe(join(resolve(config.inbox), '..', 'rejected'));
    expect(s.reports).toBe(join(resolve(config.inbox), '..', 'reports'));
    expect(s.schedules).toEqual(config.schedules);
    expect(s.timezone).toBe('Europe/Moscow');
    expect(s.keepBackups).toBe(config.keepBackups);
  });

  it('ORIENTIR_INBOX moves the inbox and the folders beside it; ORIENTIR_<JOB>_CRON overrides one schedule', () => {
    const s = loadJobSettings({
      ORIENTIR_INBOX: '/srv/obmen/входящие',
      ORIENTIR_INBOX_CRON: '*/10 * * * * *',
      ORIENTIR_BACKUP_CRON: '0 0 4 * * *',
    });
    expect(s.inbox).toBe('/srv/obmen/входящие');
    expect(s.archive).toBe('/srv/obmen/archive');
    expect(s.rejected).toBe('/srv/obmen/rejected');
    expect(s.reports).toBe('/srv/obmen/reports');
    expect(s.schedules.inbox).toBe('*/10 * * * * *');
    expect(s.schedules.backup).toBe('0 0 4 * * *');
    expect(s.schedules.rebuild).toBe(config.schedules.rebuild);
    expect(Object.keys(s.schedules).sort()).toEqual([...JOB_NAMES].sort());
  });

  it('explicit folder variables win over «beside the inbox»; an empty cron variable is ignored', () => {
    const s = loadJobSettings({
      ORIENTIR_INBOX: '/a/in',
      ORIENTIR_ARCHIVE: '/b/arch',
      ORIENTIR_REJECTED: '/c/rej',
      ORIENTIR_REPORTS: '/d/rep',
      ORIENTIR_BACKUPS: '/e/bk',
      ORIENTIR_KEEP_BACKUPS: '3',
      ORIENTIR_REPORTS_CRON: '',
    });
    expect([s.archive, s.rejected, s.reports, s.backups, s.keepBackups]).toEqual([
      '/b/arch',
      '/c/rej',
      '/d/rep',
      '/e/bk',
      3,
    ]);
    expect(s.schedules.reports).toBe(config.schedules.reports);
  });

  it("a store other than the default one gets its own folders beside it; the default store keeps config/app.json's", () => {
    const work = loadJobSettings({}, '/srv/orientir/work.duckdb');
    expect([work.inbox, work.archive, work.rejected, work.reports, work.backups]).toEqual(
      ['inbox', 'archive', 'rejected', 'reports', 'backups'].map((f) => `/srv/orientir/work-${f}`),
    );
    const demo = loadJobSettings({}, '/srv/orientir/demo.duckdb');
    expect(demo.inbox).not.toBe(work.inbox);
    expect(demo.backups).not.toBe(work.backups);
    expect(loadJobSettings({}, 'data/orientir.duckdb')).toEqual(loadJobSettings({}));
    expect(
      loadJobSettings({ ORIENTIR_INBOX: '/a/in', ORIENTIR_BACKUPS: '/e/bk' }, '/srv/orientir/work.duckdb'),
    ).toMatchObject({ inbox: '/a/in', archive: '/a/archive', backups: '/e/bk' });
  });

  it('a bad ORIENTIR_KEEP_BACKUPS is refused with a Russian message instead of keeping all or none', () => {
    for (const v of ['0', '-2', 'семь', '2.5'])
      expect(() => loadJobSettings({ ORIENTIR_KEEP_BACKUPS: v })).toThrow(/резервных копий/);
  });

  it('dates are taken in the committee time zone, not UTC', () => {
    const lateUtc = new Date('2026-03-01T22:30:00Z'); // 01:30 on 2 March in Moscow
    expect(localDate(lateUtc, 'Europe/Moscow')).toBe('2026-03-02');
    expect(localDate(lateUtc, 'UTC')).toBe('2026-03-01');
    expect(localStamp(lateUtc, 'Europe/Moscow')).toBe('2026-03-02-01-30-00');
  });
});
