// ВПР works: task lists per subject × КИМ grade, the real primary→mark scale
// from store/seeds, and the per-year choice of works.
import { readFileSync } from 'node:fs';
import { calibrate, type Fit, parseTasks, type Task, thetaForScore, totalMax } from './ability.js';
import { pick, rngFor } from './rng.js';

export interface VprScale {
  mark2_max: number;
  mark3_min: number;
  mark3_max: number;
  mark4_min: number;
  mark4_max: number;
  mark5_min: number;
}

export interface VprWork {
  subject: string;
  grade: number;
  tasks: Task[];
  max: number;
  scale: VprScale;
  fit: Fit;
  /** θ at the «3», «4», «5» boundaries of the expected score. */
  cuts: [number, number, number];
}

const SCALE_FILE = new URL('../store/seeds/vpr_scales_2020-2022.csv', import.meta.url);

// Task lists modelled on real КИМ (labels as in ФИС ОКО protocol headers).
const SEQ = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}:1`).join(' ');
const RUS_HEAD = '1К1:4 1К2:3 1К3:2 2К1:3 2К2:3 2К3:3 2К4:3';
const BIO = '1.1:1 1.2:2 2.1:1 2.2:1 2.3:2 3:2 4:2 5.1:1 5.2:2 6.1:1 6.2:2 7:2 8:2 9:3 10.1:1 10.2:2 10.3:2';
const GEO67 =
  '1.1:2 1.2:1 2.1:2 2.2:1 3.1:1 3.2:2 3.3:2 4.1:1 4.2:2 4.3:3 5.1:2 5.2:2 6.1:1 6.2:2 7:2 8.1:2 8.2:1 9:4 10:4';
const SOC = '1.1:1 1.2:2 2:1 3.1:1 3.2:1 3.3:2 4:2 5:1 6:2 7.1:1 7.2:2 8:3 9:4';
const PHYS = `${SEQ(1, 5)} 6:2 7:2 8:2 9:2 10:3 11:2`;

const TASKS: Record<string, string> = {
  'Математика|4': '1:1 2:1 3:1 4:1 5(1):1 5(2):1 6(1):1 6(2):1 7:1 8:2 9(1):1 9(2):1 10:2 11:2 12(1):1 12(2):2',
  'Математика|5': `${SEQ(1, 10)} 11.1:1 11.2:1 12:2 13:2 14:2 15:2`,
  'Математика|6': `${SEQ(1, 10)} 11(1):1 11(2):1 12:2 13:2 14:2 15:2`,
  'Математика|7': `${SEQ(1, 13)} 14:2 15:2 16:2`,
  'Математика|8': `${SEQ(1, 14)} 15.1:1 15.2:1 16:2 17:2 18:2 19:2 20:1`,
  'Русский язык|4':
    '1К1:4 1К2:3 2:3 3(1):1 3(2):3 4:2 5:2 6:1 7:2 8:2 9:1 10:2 11:1 12(1):1 12(2):2 13(1):1 13(2):2 14:2 15(1):1 15(2):2',
  'Русский язык|5': `${RUS_HEAD} 3:2 4(1):2 4(2):1 5(1):2 5(2):1 6(1):2 6(2):1 7(1):2 7(2):1 8(1):2 8(2):1 9:2 10:2 11:1 12(1):1 12(2):1`,
  'Русский язык|6': `${RUS_HEAD} 3:2 4:2 5:2 6:2 7:2 8:2 9:1 10:2 11:2 12(1):2 12(2):1 13(1):2 13(2):1 14:2 15(1):2 15(2):3`,
  'Русский язык|7': `${RUS_HEAD} 3:2 4:2 5:2 6:2 7:3 8:2 9:3 10:2 11(1):2 11(2):1 12(1):2 12(2):1 13:2`,
  'Русский язык|8': `${RUS_HEAD} 3:2 4:2 5:2 6:2 7:2 8:2 9:3 10:2 11:2 12:2 13(1):2 13(2):1 14:2 15:1 16:3`,
  'Окружающий мир|4':
    '1:2 2:2 3.1:1 3.2:1 3.3:2 4:2 5:2 6.1:1 6.2:2 6.3:2 7:2 8:3 9:3 10.1:1 10.2К1:1 10.2К2:1 10.2К3:1 10.2К4:3',
  'История|5': '1:2 2:1 3:2 4:3 5:1 6:2 7:1 8:3',
  'История|6': '1:2 2:1 3:2 4:1 5:3 6:2 7:1 8:1 9:1 10К1:1 10К2:2 11:3',
  'История|7': '1:2 2:1 3:1 4:1 5:2 6:1 7:2 8:3 9:1 10:1 11:2 12К1:1 12К2:2 13:3',
  'История|8': '1:1 2:2 3:1 4:1 5:2 6:3 7:1 8:2 9:2 10:3 11:1 12К1:1 12К2:2 13:2',
  'Биология|5': BIO,
  'Биология|6': BIO,
  'Биология|7': '1:2 2:1 3:2 4:3 5:2 6:2 7:2 8:2 9:3 10:2 11:2 12:2 13:3',
  'Биология|8': '1.1:1 1.2:2 2:1 3:2 4:2 5:2 6:2 7:3 8:2 9:2 10:3 11:2 12:3 13:3 14:2 15:3',
  'География|6': GEO67,
  'География|7': GEO67,
  'География|8':
    '1.1:1 1.2:2 2.1:1 2.2:2 3.1:1 3.2:2 3.3:2 4.1:1 4.2:2 4.3:2 5:2 6.1:1 6.2:2 7:2 8.1:1 8.2:2 9:2 10.1:1 10.2:2 11:3 12:3 13:3',
  'География|10': `${SEQ(1, 2)} 3:2 ${SEQ(4, 11)} 12:2 ${SEQ(13, 16)} 17К1:2 17К2:1`,
  'Обществознание|6': SOC,
  'Обществознание|7': SOC,
  'Обществознание|8': SOC,
  'Физика|7': PHYS,
  'Физика|8': PHYS,
  'Химия|8':
    '1.1:1 1.2:1 1.3:2 2.1:1 2.2:2 3.1:1 3.2:1 3.3:2 4:2 5.1:2 5.2:1 6:2 7.1:1 7.2:1 7.3:2 8.1:1 8.2:2 9:3 10.1:1 10.2:2 11:3 12.1:1 12.2:1',
};

/** Subject in the dative, as in ФИС ОКО file names. */
export const DATIVE: Record<string, string> = {
  'Русский язык': 'русскому языку',
  Математика: 'математике',
  'Окружающий мир': 'окружающему миру',
  История: 'истории',
  Биология: 'биологии',
  География: 'географии',
  Обществознание: 'обществознанию',
  Физика: 'физике',
  Химия: 'химии',
};

/** Target shares of «2» and of «4»+«5» (КУ) per work, after methodology §8 medians. */
function targets(subject: string, grade: number): [number, number] {
  if (grade === 4)
    return subject === 'Математика' ? [0.04, 0.7] : subject === 'Русский язык' ? [0.06, 0.57] : [0.03, 0.65];
  if (grade === 10) return [0.05, 0.6];
  if (subject === 'Математика') return grade === 5 ? [0.12, 0.44] : [0.15, 0.34];
  if (subject === 'Русский язык') return grade === 8 ? [0.1, 0.6] : [0.14, 0.37];
  return [0.13, 0.4];
}

function loadScales(): Map<string, VprScale> {
  const lines = readFileSync(SCALE_FILE, 'utf8').trim().split(/\r?\n/);
  const out = new Map<string, VprScale>();
  for (const line of lines.slice(1)) {
    const [subject, grade, ...v] = line.split(',');
    const n = v.map(Number);
    out.set(`${subject}|${grade}`, {
      mark2_max: n[0] ?? 0,
      mark3_min: n[1] ?? 0,
      mark3_max: n[2] ?? 0,
      mark4_min: n[3] ?? 0,
      mark4_max: n[4] ?? 0,
      mark5_min: n[5] ?? 0,
    });
  }
  return out;
}

let catalog: Map<string, VprWork> | null = null;

/** All works that have both a task list and a real scale. */
export function vprCatalog(): Map<string, VprWork> {
  if (catalog) return catalog;
  const scales = loadScales();
  catalog = new Map();
  for (const [key, spec] of Object.entries(TASKS)) {
    const scale = scales.get(key);
    if (!scale) continue;
    const [subject, g] = key.split('|') as [string, string];
    const grade = Number(g);
    const [p2, ku] = targets(subject, grade);
    // Narrow the difficulty spread until «5» is reachable for a few per cent of pupils.
    let tasks: Task[] = [],
      fit: Fit = { k: 1, offset: 0 },
      cuts: [number, number, number] = [0, 0, 0];
    for (const spread of [1.2, 0.9, 0.6, 0.3, 0]) {
      tasks = parseTasks(spec, key, spread);
      fit = calibrate(tasks, scale.mark3_min, p2, scale.mark4_min, ku);
      cuts = [
        thetaForScore(tasks, fit, scale.mark3_min - 0.5),
        thetaForScore(tasks, fit, scale.mark4_min - 0.5),
        thetaForScore(tasks, fit, scale.mark5_min - 0.5),
      ];
      if (cuts[2] <= 2.2) break;
    }
    const max = totalMax(tasks);
    if (max < scale.mark5_min) throw new Error(`ВПР ${key}: max ${max} < mark5_min ${scale.mark5_min}`);
    catalog.set(key, { subject, grade, tasks, max, scale, fit, cuts });
  }
  return catalog;
}

export function vprMark(w: VprWork, score: number): 2 | 3 | 4 | 5 {
  if (score >= w.scale.mark5_min) return 5;
  if (score >= w.scale.mark4_min) return 4;
  if (score >= w.scale.mark3_min) return 3;
  return 2;
}

const HUMANITIES = ['История', 'Обществознание'];
const SCIENCES = ['Биология', 'География', 'Физика', 'Химия'];

/** Works written in the spring of one school year (the whole municipality writes the same set). */
export function worksForYear(seed: number, spring: number): VprWork[] {
  const cat = vprCatalog();
  const get = (s: string, g: number) => cat.get(`${s}|${g}`);
  const out: VprWork[] = [];
  const push = (w: VprWork | undefined) => {
    if (w) out.push(w);
  };
  for (const s of ['Русский язык', 'Математика', 'Окружающий мир']) push(get(s, 4));
  for (let g = 5; g <= 8; g++) {
    const r = rngFor(seed, 'vpr-subjects', spring, g);
    push(get('Русский язык', g));
    push(get('Математика', g));
    const hum = HUMANITIES.filter((s) => get(s, g));
    const sci = SCIENCES.filter((s) => get(s, g));
    if (hum.length) push(get(pick(r, hum), g));
    if (sci.length) push(get(pick(r, sci), g));
  }
  push(get('География', 10));
  return out;
}
