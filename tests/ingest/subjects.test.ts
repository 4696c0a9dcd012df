import { describe, expect, it } from 'vitest';
import { canonicalSubject } from '../../ingest/subjects.js';

describe('canonicalSubject', () => {
  it.each([
    ['Математика (профиль)', 'Математика (профиль)'], ['2 - Математика профильного уровня', 'Математика (профиль)'],
    ['математика (база)', 'Математика (база)'], ['Математика базового уровня', 'Математика (база)'],
    ['Литературное чтение', 'Литературное чтение'], ['Литература', 'Литература'], ['Родной язык (русский)', 'Родной язык'],
    ['по русскому языку', 'Русский язык'], ['русский', 'Русский язык'], ['по окружающему миру', 'Окружающий мир'],
    ['ИКТ', 'Информатика'], ['по географии', 'География'], ['Французский язык', 'Французский язык'],
  ])('%s → %s', (caption, expected) => expect(canonicalSubject(caption)).toBe(expected));
  it('does not mistake words containing a stem for a subject', () => {
    expect(canonicalSubject('диктант')).toBeNull();
    expect(canonicalSubject('Разговоры о важном')).toBeNull();
  });
});
