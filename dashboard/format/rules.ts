// The Russian names of the rules behind the school flags (mart_flags.rule_id), and where the methodology page explains
// each. The rule codes (SHNOR-LOW-2of3, OBJ-F2) are keys of the data, not words for a methodist or a school head: pages
// show the name and keep the code in a tooltip only. Pure: used by pages and the print справка.

export interface RuleInfo {
  title: string;
  anchor: string;
}

const RULES: Record<string, RuleInfo> = {
  'SHNOR-LOW-2of3': {
    title: 'ШНОР: «низкие» результаты в нескольких годах из последних (зона внимания)',
    anchor: 'shnor',
  },
  'SHNOR-LOW-1': { title: 'ШНОР: один «низкий» год (сигнал)', anchor: 'shnor' },
  'OBJ-F2': { title: 'объективность: отметки за ВПР ниже журнальных чаще ожидаемого', anchor: 'objectivity-journal' },
  'OBJ-A3': { title: 'скопление первичных баллов у порогов отметок', anchor: 'bunching' },
  'OBJ-A2': { title: 'инверсия трудности заданий ВПР', anchor: 'task-inversion' },
  'OBJ-COHORT-DKU': {
    title: 'объективность: разрыв КУ на ВПР и ОГЭ одной когорты больше муниципального',
    anchor: 'cohort',
  },
  'TREND-UP': { title: 'положительная динамика ИОР', anchor: 'improving' },
  'CTX-RESILIENT': { title: 'резильентная школа: сложные условия, результаты не ниже средних', anchor: 'resilient' },
  'CTX-SHNSU': { title: 'ШНСУ: школа, работающая в сложных социальных условиях', anchor: 'shnsu' },
};

/** The rule's Russian name and methodology anchor; a code this version does not know reads as a generic name. */
export function ruleInfo(id: string): RuleInfo {
  return RULES[id] ?? { title: 'правило методики Ориентира', anchor: 'marks' };
}
