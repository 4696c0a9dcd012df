import { describe, expect, it } from 'vitest';
import { canonicalSubject, SUBJECTS, unknownSubject } from '../../ingest/subjects.js';

describe('canonicalSubject', () => {
  it.each([
    ['Математика (профиль)', 'Математика (профиль)'],
    ['2 - Математика профильного уровня', 'Математика (профиль)'],
    ['математика (база)', 'Математика (база)'],
    ['Математика базового уровня', 'Математика (база)'],
    ['Литературное чтение', 'Литературное чтение'],
    ['Литература', 'Литература'],
    ['Родной язык (русский)', 'Родной язык'],
    ['по русскому языку', 'Русский язык'],
    ['русский', 'Русский язык'],
    ['по окружающему миру', 'Окружающий мир'],
    ['ИКТ', 'Информатика'],
    ['по географии', 'География'],
    ['Французский язык', 'Французский язык'],
  ])('%s → %s', (caption, expected) => expect(canonicalSubject(caption)).toBe(expected));
  it('does not mistake words containing a stem for a subject', () => {
    expect(canonicalSubject('диктант')).toBeNull();
    expect(canonicalSubject('Разговоры о важном')).toBeNull();
  });
});

describe('unknownSubject', () => {
  it('names the subject as written and lists every known one', () => {
    const m = unknownSubject(' Астрономия\n10 класс ');
    expect(
      m.startsWith(
        'предмет «Астрономия 10 класс» не распознан — Ориентир знает предметы «Русский язык», «Математика», ',
      ),
    ).toBe(true);
    for (const s of SUBJECTS) expect(m).toContain(`«${s}»`);
  });
});
