// «Уровень × динамика» 5×5 grid (after the California School Dashboard): the level of ИОР in the year against its
// change from the previous year; each cell's colour combines both, and shows how many schools fall in it.
import * as Plot from '@observablehq/plot';
import { fmtNum, fmtSigned } from '../format/numbers.js';
import { GRID_COLOR_NAMES, GRID_COLORS } from './palette.js';

export const LEVELS = ['очень низкий', 'низкий', 'средний', 'высокий', 'очень высокий'] as const;
export const CHANGES = [
  'значительно снизился',
  'снизился',
  'без существенных изменений',
  'вырос',
  'значительно вырос',
] as const;
/** ИОР (0–1) boundaries between levels; a value on a boundary belongs to the upper level. */
export const LEVEL_CUTS = [0.2, 0.4, 0.6, 0.8] as const;
/** Change of ИОР from the previous year: boundaries between change levels. */
export const CHANGE_CUTS = [-0.1, -0.03, 0.03, 0.1] as const;
/** Colour index (0 красный … 4 синий) by [level][change]. */
export const GRID_MATRIX = [
  [0, 0, 0, 1, 2],
  [0, 1, 1, 2, 2],
  [1, 1, 2, 3, 3],
  [1, 2, 3, 3, 4],
  [2, 3, 4, 4, 4],
] as const;

const band = (v: number, cuts: readonly number[]) => cuts.filter((c) => v >= c - 1e-12).length;
export const levelIndex = (ior: number): number => band(ior, LEVEL_CUTS);
export const changeIndex = (change: number): number => band(change, CHANGE_CUTS);

export interface GridSchool {
  name: string;
  ior: number | null;
  ior_change: number | null;
}
export interface GridCell {
  level: string;
  change: string;
  color: string;
  colorName: string;
  count: number;
  names: string[];
}

export function gridCells(schools: GridSchool[]): GridCell[] {
  const cells: GridCell[] = [];
  for (let l = 0; l < 5; l++)
    for (let c = 0; c < 5; c++) {
      const k = GRID_MATRIX[l]![c]!;
      cells.push({
        level: LEVELS[l]!,
        change: CHANGES[c]!,
        color: GRID_COLORS[k]!,
        colorName: GRID_COLOR_NAMES[k]!,
        count: 0,
        names: [],
      });
    }
  for (const s of schools) {
    if (s.ior === null || s.ior_change === null) continue;
    const cell = cells[levelIndex(s.ior) * 5 + changeIndex(s.ior_change)]!;
    cell.count++;
    cell.names.push(`${s.name} (ИОР ${fmtNum(s.ior)}, изменение ${fmtSigned(s.ior_change)})`);
  }
  return cells;
}

export function statusGridOptions(schools: GridSchool[], o: { width?: number } = {}): Plot.PlotOptions {
  const cells = gridCells(schools);
  return {
    width: o.width ?? 620,
    height: 300,
    marginLeft: 110,
    marginBottom: 50,
    padding: 0.06,
    x: {
      domain: [...CHANGES],
      label: 'динамика ИОР к прошлому году',
      tickFormat: (d: string) => d.replace('без существенных изменений', 'без изменений'),
    },
    y: { domain: [...LEVELS].reverse(), label: 'уровень ИОР' },
    color: { type: 'identity' },
    marks: [
      Plot.cell(cells, {
        x: 'change',
        y: 'level',
        fill: 'color',
        tip: true,
        title: (c: GridCell) =>
          `Уровень: ${c.level}; динамика: ${c.change} (${c.colorName})\nОО: ${c.count}${c.names.length ? '\n' + c.names.join('\n') : ''}`,
      }),
      Plot.text(cells, {
        x: 'change',
        y: 'level',
        text: (c: GridCell) => (c.count ? String(c.count) : ''),
        fontSize: 14,
        fontWeight: 'bold',
        pointerEvents: 'none',
      }),
    ],
  };
}
