// ВПР cell values (ingest/formats/fisoko/cells.ts): task scores and marks, input → output, digit text and numbers
// (answered before any normalisation) alike with the spellings the exports use.
import { describe, expect, it } from 'vitest';
import { markValue, taskScore } from '../../../ingest/formats/fisoko/cells.js';

describe('taskScore', () => {
  it.each([
    ['1', 1],
    ['0', 0],
    ['12', 12],
    [2, 2],
    [0, 0],
    [' 3 ', 3],
    ['3,0', 3],
    ['Х', null],
    ['x', null],
    ['не пройд.', null],
    ['—', null],
    ['', null],
    [null, null],
    [undefined, null],
  ] as const)('%j → %j', (cell, want) => {
    expect(taskScore(cell as never)).toEqual(want);
  });

  it.each([['-1'], [-1], [1.5], ['1,5'], ['два']] as const)('%j is not a task score', (cell) => {
    expect(taskScore(cell as never)).toEqual({ bad: expect.any(String) });
  });
});

describe('markValue', () => {
  it.each([
    ['2', 2],
    ['5', 5],
    [4, 4],
    [' 3', 3],
    ['нет отметки', null],
    ['нет', null],
    ['н/а', null],
    ['', null],
    [null, null],
  ] as const)('%j → %j', (cell, want) => {
    expect(markValue(cell as never)).toEqual(want);
  });

  it.each([['1'], ['6'], [6], [1], [3.5], ['отлично']] as const)('%j is not a mark', (cell) => {
    expect(markValue(cell as never)).toEqual({ bad: expect.any(String) });
  });
});
